"""The account page: who you are, your e-mail address, and your personal API tokens (made,
listed, revoked)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from improvement.access import person_of
from improvement.models import ApiToken
from improvement.oidc.views import end_session_url, provider_session
from improvement.people.forms import AccountEmailForm
from improvement.roles import role_names


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example “Power BI monthly dashboard”. You can revoke it at any time.",
        error_messages={"required": "Say what the token is for"},
    )


# The page shows a new token once: no browser or proxy may keep a copy of it.
@never_cache
@require_http_methods(["GET", "POST"])
def account(request):
    action = request.POST.get("action") if request.method == "POST" else None
    form = ApiTokenForm(request.POST if request.method == "POST" and action != "email" else None)
    email_form = AccountEmailForm(request.POST if action == "email" else None, user=request.user)
    person = person_of(request.user)
    secret = None
    if action == "email" and email_form.is_valid():
        set_email(request.user, person, email_form.cleaned_data["email"])
        messages.success(request, f"Your e-mail address is now {request.user.email}.")
        return redirect("account")
    if request.method == "POST" and action != "email" and form.is_valid():
        _, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "improvement/account.html",
        {
            "form": form,
            "email_form": email_form,
            "person": person,
            "secret": secret,
            "tokens": request.user.api_tokens.all(),
            "roles": sorted(role_names(request.user)),
            "may_change_password": request.user.has_usable_password()
            and settings.LOCAL_LOGIN != "off",
        },
    )


@transaction.atomic
def set_email(user, person, email: str) -> None:
    """The account's address, and its person's with it: reminders go to the one, invitations
    and resets to the other, and they must not drift apart."""
    user.email = email
    user.save(update_fields=["email"])
    if person is not None and person.email != email:
        person.email = email
        person._change_reason = "Changed by the account holder"
        person.save(update_fields=["email"])


@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked__isnull=True)
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    messages.success(request, f"The token “{token.name}” is revoked and no longer works.")
    return redirect("account")


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """Signing out is a POST (a link must not sign anyone out); a GET asks to confirm. Someone
    who signed in through their organisation's provider is signed out there too, where it
    offers an end-session endpoint: otherwise the next "Sign in with" would need no password."""
    if request.method == "POST":
        provider_key, id_token = provider_session(request)
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect(end_session_url(request, provider_key, id_token) or "login")
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "registration/logout_confirm.html")
