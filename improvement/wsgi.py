import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement.settings")
application = get_wsgi_application()

# Import every view now, as each app server process starts, rather than in its first request:
# that request (a probe's /healthz, say) otherwise waited 0.9 s while the views loaded.
get_resolver().url_patterns  # noqa: B018
