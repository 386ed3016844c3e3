"""Django's admin app on our own site (improvement.admin_site): administrators only.

Its own module, not improvement/apps.py, whose single AppConfig Django picks by itself."""

from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    default_site = "improvement.admin_site.TrackerAdminSite"
