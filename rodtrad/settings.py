"""The one settings module. Everything that differs between machines comes from the environment.

See docs/operations.md for the variables. Production is the default: DEBUG is off unless asked for,
and then SECRET_KEY must be given and HTTPS-only cookies and redirects are on.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from rodtrad.common.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env.str("RODTRAD_VAR_DIR") or PROJECT_DIR / "var")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"
# Earlier secret keys, comma-separated, while rotating SECRET_KEY (docs/security.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS hardening is on unless the deployment explicitly serves plain HTTP (development, tests).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
# A browser session left idle this many seconds is logged out (rodtrad.accounts.middleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_COOKIE_SAMESITE = "Lax"
# Two-step verification (TOTP) is asked of those who must have it (rodtrad.accounts.two_factor).
TWO_FACTOR_ENFORCED = env.bool("TWO_FACTOR_ENFORCED", default=not DEBUG)
# Opening tenders, revealing prices, signing the award decision and exporting the archive need a
# login (or a confirmation of the password and code) at most this many seconds old.
REAUTHENTICATION_MAX_AGE = env.int("REAUTHENTICATION_MAX_AGE", 10 * 60, minimum=60)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "rodtrad.common.views.csrf_failure"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

INSTALLED_APPS = [
    "rodtrad.accounts",
    "rodtrad.audit",
    "rodtrad.qualitymodels",
    "rodtrad.assessments",
    "rodtrad.procurements",
    "rodtrad.tenders",
    "rodtrad.evaluations",
    "rodtrad.award",
    "rodtrad.contracts",
    "rodtrad.followup",
    "rodtrad.indicators",
    "rodtrad.partnership",
    "rodtrad.improvements",
    "rodtrad.archive",
    "rodtrad.ocds",
    "rodtrad.notifications",
    "rodtrad.api",
    "rodtrad.common",
    "rodtrad.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rodtrad.common.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rodtrad.accounts.middleware.IdleTimeoutMiddleware",
    "rodtrad.accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "rodtrad.accounts.middleware.TwoFactorMiddleware",
    "rodtrad.accounts.middleware.ReauthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rodtrad.urls"
WSGI_APPLICATION = "rodtrad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rodtrad.accounts.context_processors.actor",
                "rodtrad.notifications.context_processors.unread",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    }
]
FORM_RENDERER = "rodtrad.common.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'rodtrad.sqlite3'}",
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, which keeps the audit hash chain linear.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    # Tests use a file too (not an in-memory database): the browser tests' live server then
    # answers concurrent requests on connections of its own, as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer at all (not even "refused") fails the request within this
    # many seconds, so clients get the 503 page instead of a hanging worker. With
    # DATABASE_CONN_MAX_AGE > 0 the health check above drops a broken persistent connection and
    # the next request reconnects by itself.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", 5, minimum=1
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600, minimum=300)
INVITATION_MAX_AGE = env.int("INVITATION_MAX_AGE", 14 * 24 * 3600, minimum=300)

# Failed logins: locked per account and, separately, per client address.
# The cache holds only counters that may be lost (the rate limits of common.ratelimit). Local
# memory counts per process; "database" shares the counts between every process and server of
# one installation (run `rodtrad createcachetable` once; docs/operations.md, "Scaling out").
CACHES = {
    "default": {
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "rodtrad_cache",
        },
    }[env.choice("CACHE_BACKEND", ("local", "database"), "local")]
}

# Rate limits (rodtrad.common.ratelimit; shared between processes with CACHE_BACKEND=database).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10, minimum=1)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3, minimum=1)
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", 600, minimum=1)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# The login form posts the e-mail address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rodtrad.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", 0, minimum=0)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE") or "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("RODTRAD_PRIVATE_FILES") or VAR_DIR / "private")
# Tender contents are sealed with a per-procurement key wrapped with this key (32 bytes,
# url-safe base64; `python -c "import secrets; print(secrets.token_urlsafe(32))"`).
# Without it a key is derived from SECRET_KEY (and one from each of SECRET_KEY_FALLBACKS).
TENDER_KEY = env.str("RODTRAD_TENDER_KEY") or ""
# Server keys used before a rotation, comma-separated: unwrapping also tries them until
# `rodtrad rotate-tender-key` has re-wrapped every data key with TENDER_KEY (docs/security.md).
TENDER_KEYS_PREVIOUS = env.list("RODTRAD_TENDER_KEYS_PREVIOUS", [])
TENDER_FILE_MAX_BYTES = env.int("TENDER_FILE_MAX_MB", 20, minimum=1) * 1024 * 1024
TENDER_TOTAL_MAX_BYTES = env.int("TENDER_TOTAL_MAX_MB", 100, minimum=1) * 1024 * 1024
RODTRAD_BAROMETER_MIN_GROUP = env.int("RODTRAD_BAROMETER_MIN_GROUP", 3, minimum=2)
# The OCDS export identifies each procurement as "<prefix>-<procurement id>" (the ocid). Register
# your own prefix with the Open Contracting Partnership before publishing the data anywhere; the
# default is a placeholder in the ocid format.
RODTRAD_OCID_PREFIX = env.str("RODTRAD_OCID_PREFIX", "ocds-r0dtrd") or "ocds-r0dtrd"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: SMTP in production, printed to the console with DEBUG. EMAIL_BACKEND may name another
# backend class (dotted path); the SMTP options apply only to SMTP.
_EMAIL_BACKEND = env.str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
_SMTP_OPTIONS = {
    "host": env.str("EMAIL_HOST") or "localhost",
    "port": env.int("EMAIL_PORT", 25, minimum=1),
    "username": env.str("EMAIL_HOST_USER") or "",
    "password": env.str("EMAIL_HOST_PASSWORD") or "",
    "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
    "timeout": env.int("EMAIL_TIMEOUT", 20, minimum=1),
}
if _SMTP_OPTIONS["use_tls"] and _SMTP_OPTIONS["use_ssl"]:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL") or "rodtrad <noreply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address users are sent to in e-mails (invitations, resets); no trailing slash.
SITE_URL = (env.str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
# Where vulnerabilities are reported (/.well-known/security.txt, RFC 9116): a mailto: or https: URI.
SECURITY_CONTACT = env.str("SECURITY_CONTACT") or "mailto:security@localhost"

TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[env.choice("TASKS_BACKEND", ("database", "immediate"), "database")]
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL") or "WARNING"},
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
