"""Settings for Improvement Tracker, read from the environment.

DJANGO_DEBUG (default false), DJANGO_SECRET_KEY (required unless DEBUG), DJANGO_ALLOWED_HOSTS
(comma-separated), DATABASE_URL (default: the SQLite file db.sqlite3), DJANGO_HTTPS (true behind
HTTPS: secure cookies, HSTS, redirect), DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_SECURE_PROXY_SSL_HEADER,
EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS),
DEFAULT_FROM_EMAIL, SITE_URL (the address links in e-mails point to), DJANGO_SESSION_COOKIE_AGE
(seconds of inactivity before signing out), DJANGO_TRUSTED_PROXIES (the addresses of the proxies
in front of the app, whose X-Forwarded-For is believed), OIDC_PROVIDERS and the OIDC_* and
DJANGO_LOCAL_LOGIN variables of signing in with the organisation's accounts
(improvement/oidc/config.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from improvement.env import env_bool, env_int, env_list, env_networks
from improvement.oidc import config as oidc_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

_secret = os.environ.get("DJANGO_SECRET_KEY", "")
if not _secret:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string), or DJANGO_DEBUG=true for development."
        )
    _secret = "django-insecure-development-only-key-never-use-in-production-0123456789"
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, on a site that only administrators may enter (improvement.admin_site).
    "improvement.admin_apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "improvement",
    "recommendations",
    "indicators",
    "risks",
    "improvement.reports",
    "improvement.tasks",
    "publishing",
    "django_tasks_db",
]

# Long work (a report's PDF, issuing it, large imports, reminders) runs off the request in
# `python manage.py db_worker` processes, queued in the project's own database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running task touches its row this often; one silent for TASK_STALE_SECONDS had its worker
# killed or lost, and is shown as failed so that it can be started again.
TASK_HEARTBEAT_SECONDS = env_int("TASK_HEARTBEAT_SECONDS", 5)
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 60)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "improvement.sessions.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under /api/: tokens, the rate limit, read-only methods and JSON errors (before CSRF and
    # the log-in redirect, which an API client must never meet).
    "improvement.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a log-in unless its view says otherwise (log-in itself, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session begun at an identity provider goes back to it once a working day.
    "improvement.oidc.middleware.ProviderSessionMiddleware",
    # Records the signed-in user on history rows made by admin edits.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "improvement.urls"
WSGI_APPLICATION = "improvement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "improvement.context_processors.roles",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# An empty DATABASE_URL means the default, as an unset one does.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query once its estimated cost passes jit_above_cost; the
    # portfolio's and dashboards' queries over a large history cross it and then spent 560 ms
    # compiling on every request to save a few ms of execution. Off for the app's connections.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A worker writes beside the web server: in WAL mode readers never wait for it, and a
    # writer takes the lock when its transaction starts (IMMEDIATE) and waits up to 20 s for it
    # instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The OpenID Connect backend answers only the callback from an identity provider (it ignores a
# user name and password); then django-axes refuses a locked-out user and address before any
# password is checked; then the password itself, for those DJANGO_LOCAL_LOGIN still allows.
AUTHENTICATION_BACKENDS = [
    "improvement.oidc.backend.OIDCBackend",
    "improvement.signin.SignInBackend",
    "improvement.signin.LocalPasswordBackend",
]
# Five failures lock that user name *from that address* for 15 minutes. Locking the user name
# alone would let anyone lock a director out by mistyping on purpose; locking the address alone
# would lock a whole council office that shares one.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "improvement.sessions.client_ip"
# X-Forwarded-For is believed only from these addresses or networks (the proxy in front of the
# app); from anyone else it is invented, and REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
if os.environ.get("DJANGO_PROXY_COUNT"):
    raise ImproperlyConfigured(
        "DJANGO_PROXY_COUNT is replaced by DJANGO_TRUSTED_PROXIES: list the proxies' addresses "
        "(comma-separated, e.g. 10.0.0.5 or 10.0.0.0/24), so that X-Forwarded-For is believed "
        "only from them."
    )
# Password spraying: this many different user names failing from one address within
# AXES_COOLOFF_TIME lock that address for every user name.
SIGN_IN_ADDRESS_LIMIT = env_int("DJANGO_SIGN_IN_ADDRESS_LIMIT", 10)

# Signing in with the council's own accounts (improvement/oidc/config.py names every variable).
OIDC_PROVIDERS = oidc_config.providers_from_env()
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "").strip() or "roles"
OIDC_ROLE_MAP = oidc_config.role_map_from_env()
OIDC_ORGANISATION_DOMAINS = oidc_config.domain_map_from_env()
# all: everyone may use a password; admins: only administrators (break-glass accounts, for
# when the identity provider is down); off: nobody.
LOCAL_LOGIN = oidc_config.local_login_from_env(OIDC_PROVIDERS)
# mozilla-django-oidc's own settings: PKCE (S256) and a nonce on every sign-in, the ID token
# kept in the session for the provider's sign-out, one callback address for every provider.
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# After this long, someone signed in through a provider goes back to it (a leaver disabled
# there loses access then, however busy they keep their session here).
OIDC_SESSION_MAX_SECONDS = env_int("OIDC_SESSION_MAX_SECONDS", 8 * 60 * 60)
# How long a provider's published endpoints and keys are kept before being asked again.
OIDC_DISCOVERY_SECONDS = env_int("OIDC_DISCOVERY_SECONDS", 3600)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# en-GB formats: "30 Jun 2006".
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DJANGO_TABLES2_TEMPLATE = "components/table.html"

MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"


# Security headers that cost nothing anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, images and fonts come only from this site: no inline script, no inline
# style, nothing from elsewhere. A page that needs an inline script gets {{ csp_nonce }}.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Signing out sends the browser on to each identity provider's end-session page.
    "form-action": [CSP.SELF, *oidc_config.origins(OIDC_PROVIDERS)],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
# Signed out after this many seconds without a request (a sliding window, see
# improvement.sessions): the data is about vulnerable children, and shared office PCs are common.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 30 * 60)
# How often, at most, a session's expiry is pushed back: saving on every request would cost
# one UPDATE per page.
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
# Password reset links work for an hour; each address and each e-mail address may ask for a
# few an hour (counted in the default cache, like PUBLIC_RATE_LIMIT).
PASSWORD_RESET_TIMEOUT = 60 * 60
PASSWORD_RESET_RATE_PER_ADDRESS = os.environ.get("PASSWORD_RESET_RATE_PER_ADDRESS", "10/h")
PASSWORD_RESET_RATE_PER_EMAIL = os.environ.get("PASSWORD_RESET_RATE_PER_EMAIL", "3/h")
# An invitation to choose a password waits in an inbox longer than a reset link: 7 days.
INVITATION_TIMEOUT = env_int("DJANGO_INVITATION_DAYS", 7) * 24 * 60 * 60

if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if env_bool("DJANGO_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# E-mail (reminders), through Django 6.1's MAILERS: SMTP to EMAIL_HOST (default localhost:25);
# in development with no EMAIL_HOST, mail is printed to the console instead.
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587 if os.environ.get("EMAIL_HOST") else 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Improvement Tracker <noreply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's own loggers print to this one handler only: left to propagate, each of their
    # lines (runserver's "Watching for file changes", a request's error) came out twice.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Computed plan figures and page fragments (improvement/figures.py) and the public pages live in
# the default cache: this process's memory unless DJANGO_REDIS_URL names a Redis server that
# several app servers share (Django's own RedisCache; `pip install redis`).
if os.environ.get("DJANGO_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A plan's cached figures are found by its version, so they never go stale; this only bounds
# how long an unused entry takes room.
FIGURES_CACHE_SECONDS = env_int("DJANGO_FIGURES_CACHE_SECONDS", 3600)

# Public pages (publishing): at most this many requests per address, e.g. "120/m". The counts
# and the rendered pages live in the default cache (per process unless CACHES names a shared
# one, such as Redis, for a deployment of several servers). django_ratelimit is used as a
# library, not an installed app: its system check would refuse the per-process default cache,
# which is right for a single server and harmless for several (see README).
PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "120/m")

# Spreadsheet imports: an upload of at most IMPORT_MAX_BYTES; a workbook whose parts unpack to
# more than IMPORT_MAX_MEMBER_BYTES each (a zip bomb) is refused by the sizes its directory
# declares, before anything is unpacked; a sheet of more than IMPORT_MAX_ROWS rows is refused
# as soon as it is seen to have them. Every refusal names its limit.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_MEMBER_BYTES = env_int("IMPORT_MAX_MEMBER_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
# A confirmed import of more rows than this (all sheets together) is done by the task worker,
# the page showing its progress; a smaller one in the request, as before.
IMPORT_TASK_ROWS = env_int("IMPORT_TASK_ROWS", 2_000)

# The API: at most this many requests per token (or per signed-in user) in each window, e.g.
# "300/m"; then 429 with Retry-After. Counted in the default cache, as PUBLIC_RATE_LIMIT is.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/m")
