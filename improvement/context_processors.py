from django.utils.functional import SimpleLazyObject

from improvement.roles import role_names


def roles(request):
    """The signed-in user's roles, for the header; queried only if a template shows them."""
    user = getattr(request, "user", None)
    return {
        "user_roles": SimpleLazyObject(lambda: sorted(role_names(user)) if user else []),
    }
