"""Signing in and resetting a password, against guessing from one address.

django-axes locks one user name at one address after five failures. That alone lets one
address try a few passwords on every account (password spraying), so an address whose failures
name SIGN_IN_ADDRESS_LIMIT different users is locked for every user name. Password reset
e-mails are sent after the answer has gone (so its timing does not tell who has an account) and
are throttled per address and per e-mail address.
"""

import functools
import logging

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from improvement.roles import is_administrator
from improvement.sessions import client_ip

logger = logging.getLogger(__name__)


def users_tried_from(address: str | None) -> int:
    """How many different user names have failed to sign in from the address lately."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
        .values("username")
        .distinct()
        .count()
    )


class SignInBackend(AxesStandaloneBackend):
    """django-axes' check, plus a lock on an address that has tried too many user names."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            address = getattr(request, "axes_ip_address", None) or client_ip(request)
            if users_tried_from(address) >= settings.SIGN_IN_ADDRESS_LIMIT:
                # The flag makes axes' middleware answer with the lock-out page (429).
                request.axes_locked_out = True
                request.sign_in_address_locked = True
                raise AxesBackendPermissionDenied("Too many user names tried from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)


def may_use_password(user, policy: str) -> bool:
    """DJANGO_LOCAL_LOGIN: all, admins (break-glass administrators only) or off."""
    if policy == "all":
        return True
    return policy == "admins" and is_administrator(user)


class LocalPasswordBackend(ModelBackend):
    """Django's password check, for those DJANGO_LOCAL_LOGIN still lets use one.

    Anyone else is answered as a wrong password is (and counted by django-axes as one), so
    the answer never tells whether a password was right. Sessions it began end at the next
    request once passwords are switched off for that user.
    """

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_use_password(user, settings.LOCAL_LOGIN)


class SignInView(auth_views.LoginView):
    """The one sign-in page: a button for each identity provider, and the password form
    where DJANGO_LOCAL_LOGIN keeps one."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if settings.LOCAL_LOGIN == "off":
            # Refused unread: an unbound form, so no password is ever checked.
            form = self.get_form_class()(request=request)
            return self.render_to_response(self.get_context_data(form=form), status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "providers": list(settings.OIDC_PROVIDERS.values()),
            "local_login": settings.LOCAL_LOGIN,
        }


def local_passwords_only(view):
    """Password reset and change exist only while someone may still sign in with one."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.LOCAL_LOGIN == "off":
            raise Http404("Passwords are switched off: sign in with your organisation's account")
        return view(request, *args, **kwargs)

    return wrapped


def reset_throttled(request, email: str) -> bool:
    """True when this address, or this e-mail address, has asked for too many reset links."""
    by_address = is_ratelimited(
        request,
        group="password-reset-address",
        key=lambda group, request: client_ip(request) or "",
        rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
        increment=True,
    )
    by_email = is_ratelimited(
        request,
        group="password-reset-email",
        key=lambda group, request: email.strip().lower(),
        rate=settings.PASSWORD_RESET_RATE_PER_EMAIL,
        increment=True,
    )
    return by_address or by_email


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with the e-mail sent once the answer has gone, and a throttle."""

    def form_valid(self, form):
        if reset_throttled(self.request, form.cleaned_data["email"]):
            response = HttpResponse(
                render_to_string(
                    "registration/password_reset_throttled.html", request=self.request
                ),
                status=429,
            )
            response["Retry-After"] = "3600"
            return response
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        response = super(auth_views.PasswordResetView, self).form_valid(form)
        # Looking the address up and sending the e-mail take time only when it has an account;
        # done when the response is closed (after the WSGI server has sent it), that time is
        # no longer part of the answer.
        response._resource_closers.append(lambda: _send_reset(form, options))
        return response


def _send_reset(form, options) -> None:
    # Django swallows what a closer raises; a reset that could not be sent must reach the log.
    try:
        form.save(**options)
    except Exception:
        logger.exception("The password reset e-mail could not be sent")
