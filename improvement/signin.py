"""Signing in and resetting a password, against guessing from one address.

django-axes locks one user name at one address after five failures. That alone lets one
address try a few passwords on every account (password spraying), so an address whose failures
name SIGN_IN_ADDRESS_LIMIT different users is locked for every user name. Password reset
e-mails are sent after the answer has gone (so its timing does not tell who has an account) and
are throttled per address and per e-mail address.
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

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
