"""Signing in with the council's own accounts over OpenID Connect (Entra ID, Google, Okta,
Keycloak), on mozilla-django-oidc: config (the environment), discovery (each provider's
published endpoints), accounts (who a signed-in person is: user, person, organisation, roles),
backend (token exchange and verification) and views (sign-in, callback, sign-out)."""
