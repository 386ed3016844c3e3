"""The four roles, as Django groups, and what each may do."""

OFFICER = "Officer"
DIRECTOR = "Director"
CLERK = "Clerk"
ADMINISTRATOR = "Administrator"
ROLES = (OFFICER, DIRECTOR, CLERK, ADMINISTRATOR)


def role_names(user) -> set[str]:
    """The roles a user holds. A superuser is an Administrator whatever their groups.

    Read once per user object (so once per request): the header and every permission check
    ask, and the answer cannot change within a request.
    """
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        names = {group.name for group in user.groups.all()} & set(ROLES)
        if user.is_superuser:
            names.add(ADMINISTRATOR)
        user._role_names = frozenset(names)
    return set(user._role_names)


def is_administrator(user) -> bool:
    return ADMINISTRATOR in role_names(user)
