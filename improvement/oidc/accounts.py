"""Who a person signing in with their organisation's account is: their user, their person (a
lead in the plans), their organisation and their roles, from the provider's claims."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from improvement.models import Organisation, Person
from improvement.oidc.config import Provider
from improvement.roles import ADMINISTRATOR, ROLES


class SignInRefused(Exception):
    """The provider vouched for someone this app will not sign in; the message says why."""


def is_true(value) -> bool:
    # Some providers send email_verified as the string "true".
    return value is True or str(value).strip().lower() == "true"


def verified_email(claims: dict, provider: Provider) -> str:
    """The e-mail address the provider vouches for, in lower case."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise SignInRefused(
            f"{provider.name} did not give your e-mail address. Ask your IT service desk to "
            "release the email claim to Improvement Tracker."
        )
    if not (provider.trust_email or is_true(claims.get("email_verified"))):
        raise SignInRefused(f"{provider.name} has not verified your e-mail address {email}.")
    return email


def roles_from_claims(claims: dict, claim: str, role_map: dict[str, str]) -> set[str]:
    """The roles the claim grants: each value (a list, or one string) the map names."""
    values = claims.get(claim) or []
    if isinstance(values, str):
        values = [values]
    return {role_map[value] for value in values if isinstance(value, str) and value in role_map}


def organisation_name(email: str, provider: Provider, domains: dict[str, str]) -> str:
    """The e-mail's domain when it is mapped (a partner on the council's tenant), else the
    provider's own organisation; "" when neither says."""
    domain = email.rpartition("@")[2]
    return domains.get(domain, provider.organisation)


def display_name(claims: dict, email: str) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(
            str(claims.get(part) or "").strip() for part in ("given_name", "family_name")
        ).strip()
    return name or email


@transaction.atomic
def sign_in(claims: dict, provider: Provider, *, role_claim, role_map, domains):
    """The user for these verified claims: found by e-mail (the user's, or their person's),
    else made; their person, organisation and roles brought up to date with the claims."""
    email = verified_email(claims, provider)
    user = find_user(email)
    if user is not None and not user.is_active:
        # Disabled here is disabled: the provider cannot turn an account back on.
        raise SignInRefused("Your Improvement Tracker account is disabled.")
    if user is None:
        user = create_user(email)
    user.email = email
    user.first_name = str(claims.get("given_name") or "")[:150]
    user.last_name = str(claims.get("family_name") or "")[:150]
    roles = roles_from_claims(claims, role_claim, role_map)
    # The provider decides the roles: one it no longer grants is taken away.
    user.is_staff = user.is_superuser = ADMINISTRATOR in roles
    user.save()
    set_roles(user, roles)
    link_person(
        user, email, display_name(claims, email), organisation_name(email, provider, domains)
    )
    return user


def find_user(email: str):
    User = get_user_model()
    users = list(User.objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise SignInRefused(
            f"Two Improvement Tracker accounts have the address {email}: ask an administrator "
            "to remove one."
        )
    if users:
        return users[0]
    person = (
        Person.objects.filter(email__iexact=email, user__isnull=False)
        .select_related("user")
        .first()
    )
    return person.user if person else None


def create_user(email: str):
    User = get_user_model()
    username, n = email[:150], 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{email[:140]}-{n}"
    user = User(username=username, email=email)
    # Signing in here is through the provider only: no password to guess or reset.
    user.set_unusable_password()
    user.save()
    return user


def set_roles(user, roles: set[str]) -> None:
    wanted = {Group.objects.get_or_create(name=role)[0] for role in roles}
    held = set(user.groups.filter(name__in=ROLES))
    user.groups.remove(*(held - wanted))
    user.groups.add(*(wanted - held))


def link_person(user, email: str, name: str, organisation: str) -> Person:
    """The user's person: theirs already, else the one of that e-mail (a lead named in the
    plans before they first signed in), else a new one."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = (
            Person.objects.filter(email__iexact=email, user__isnull=True).order_by("pk").first()
        )
    if person is None:
        person = Person(name=name)
    person.user = user
    person.email = email
    if organisation:
        person.organisation, _ = Organisation.objects.get_or_create(name=organisation)
    person.save()
    return person
