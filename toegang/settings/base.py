"""Settings shared by every environment. Environment modules override what differs."""

import os
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "simple_history",
    # Toegang's own rooms; see each app's docstring for why it exists.
    "toegang",  # the project: base template tags and static files
    "audit",
    "organisaties",
    "accounts",
    "inwoners",
    "producten",
    "regie",
    "verwijzing",
    "berichten",
    "portaal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "toegang.sessie.SessieMiddleware",  # Django's, saving an unchanged session once a minute
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.cache.AuthenticationMiddleware",  # Django's, with the user and memberships cached
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "audit.middleware.AuditContextMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toegang.urls"
WSGI_APPLICATION = "toegang.wsgi.application"

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
                "toegang.context_processors.toegang",
            ],
        },
    },
]
FORM_RENDERER = "toegang.forms.NLDSRenderer"

AUTH_USER_MODEL = "accounts.Gebruiker"
AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Where links in mail point to (https://toegang.example.nl); empty: the address of the request that sends it.
TOEGANG_BASIS_URL = env("TOEGANG_BASIS_URL", "")
# A one-time link to set one's own password (beheer sends it; nobody types another's password).
PASSWORD_RESET_TIMEOUT = 24 * 3600
# Outgoing mail: SMTP from the environment in production; the demo writes files (settings/demo.py). It carries
# what no other channel can: activation links, and OP090x2 (a message no retour answers is reported to the
# aanbieder's contactpunt Toegang).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Toegang Noord-Limburg <noreply@toegang.example>")
# Outgoing SMS (the signing code): a gateway class by dotted path (verwijzing/leefzorgplan/verzenders.py).
# Production: an HTTP POST with a bearer token to TOEGANG_SMS_URL; the demo and the tests write files to
# TOEGANG_SMSMAP.
TOEGANG_SMS_GATEWAY = env("TOEGANG_SMS_GATEWAY", "verwijzing.leefzorgplan.verzenders.HttpGateway")
TOEGANG_SMS_URL = env("TOEGANG_SMS_URL", "")
TOEGANG_SMS_TOKEN = env("TOEGANG_SMS_TOKEN", "")
TOEGANG_SMS_AFZENDER = env("TOEGANG_SMS_AFZENDER", "Gemeente")
TOEGANG_SMSMAP = Path(env("TOEGANG_SMSMAP", str(BASE_DIR / "var" / "sms")))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor authentication: every role completes TOTP in production and tests.
TOEGANG_2FA_VERPLICHT = True
OTP_TOTP_ISSUER = "Toegang Noord-Limburg"

# Lockout: 5 failed logins lock the account for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lock the account, not the address: a team behind one municipal NAT address must not lock each
# other out. Hence axes.W006 is silenced on purpose.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the fifth failure; attempts during the lock do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/geblokkeerd.html"
AXES_VERBOSE = False  # axes would otherwise log usernames

# Sessions end after 15 minutes without a request.
# Read from the cache, written to both: a page read asks the database nothing for its session.
SESSION_ENGINE = "toegang.sessie"  # Django's cached_db, serving a page when the cache fails
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = False  # toegang.sessie moves the idle timeout on, once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The logged-in user and his memberships are cached (accounts/cache.py). In one process (demo, tests) the
# process's own memory serves; production and the bench share Redis between the gunicorn workers.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
# Beat: outgoing berichten stuck in "klaar" (a lost task) are queued again; the audit chain is sealed
# every minute and its head written outside the database daily (audit.keten).
CELERY_BEAT_SCHEDULE = {
    "berichten-achterstallig": {"task": "berichten.tasks.verstuur_achterstallige", "schedule": 300.0},
    "berichten-ophalen": {"task": "berichten.tasks.berichten_ophalen", "schedule": 60.0},
    "audit-verzegel": {"task": "audit.tasks.verzegel", "schedule": 60.0},
    "audit-kop": {"task": "audit.tasks.schrijf_kop", "schedule": crontab(hour=3, minute=15)},
}

# The audit chain's heads, one line each, appended daily: a path outside the database (its own volume,
# better still a mount the database host cannot write) and also logged on "toegang.audit.kop" so the
# log shipper carries them elsewhere. `manage.py audit verifieer` checks the chain against them.
TOEGANG_AUDIT_KOPPEN = Path(env("TOEGANG_AUDIT_KOPPEN", str(BASE_DIR / "var" / "audit" / "koppen.log")))
# HMAC key for the head lines: an application secret the database role cannot read. Empty: unsigned.
TOEGANG_AUDIT_SLEUTEL = env("TOEGANG_AUDIT_SLEUTEL", "")
# Seconds before a gap in the event ids counts as a rolled-back sequence value rather than a transaction
# still in flight (the sealer waits for it until then). Longer than any transaction that audits.
TOEGANG_AUDIT_GAT_WACHTTIJD = int(env("TOEGANG_AUDIT_GAT_WACHTTIJD", "600"))

# Where berichten are written in the demo and tests (the folder transport).
# Virus scanner for uploads: "clamd://host:port" (ClamAV's INSTREAM protocol). Empty: uploads stay
# "ongescand" and are never used. The demo sets "eicar" (an in-process check for the EICAR test
# signature only, so the demo flow can be followed without ClamAV; never in production).
TOEGANG_VIRUSSCAN = env("TOEGANG_VIRUSSCAN", "")
TOEGANG_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# The beschikking template version written on every beschikking (a new template is a new version;
# issued beschikkingen keep rendering with the one they were made with).
TOEGANG_BESCHIKKING_SJABLOON = "beschikking-v1"
# iJw/iWmo 3.2: the XsdVersie written in every message (IV034). The iJw/iWmo 3.2 XSDs of Zorginstituut Nederland: the
# iWmo 3.2 schemas and all sample messages say 1.0.0, the iJw set found says 0.1.0 (a concept numbering);
# choice: 1.0.0 for both, to be checked against the official download before go-live.
TOEGANG_XSD_VERSIE = env("TOEGANG_XSD_VERSIE", "1.0.0")
# Transport: "map" (folder uit/ and in/; demo, tests, the GGk portal by hand) or "https" (push/pull with
# mutual TLS to TOEGANG_BERICHTEN_HTTPS_URL with the CA, certificate and key files named below).
TOEGANG_BERICHTEN_TRANSPORT = env("TOEGANG_BERICHTEN_TRANSPORT", "map")
TOEGANG_BERICHTEN_HTTPS = {
    "url": env("TOEGANG_BERICHTEN_HTTPS_URL", ""),
    "ca": env("TOEGANG_BERICHTEN_HTTPS_CA", ""),
    "cert": env("TOEGANG_BERICHTEN_HTTPS_CERT", ""),
    "key": env("TOEGANG_BERICHTEN_HTTPS_KEY", ""),
    # The AGB code the counterparty's certificate is bound to, where the endpoint is one aanbieder's own;
    # every message fetched must then name it as its sender. Empty for a hub that relays many aanbieders.
    "agb": env("TOEGANG_BERICHTEN_HTTPS_AGB", ""),
}
TOEGANG_BERICHTEN_FSYNC = env("TOEGANG_BERICHTEN_FSYNC", "1") != "0"
# Seconds a bericht may stay klaar or verzenden before the beat sweep queues it again (the fault test shortens it).
TOEGANG_BERICHTEN_ACHTERSTALLIG_NA = int(env("TOEGANG_BERICHTEN_ACHTERSTALLIG_NA", "300"))
# The longest wait between two tries of one message (exponential backoff from 30 s). A message being
# retried is left to its own chain: the sweep takes it over only once no retry can still be pending.
TOEGANG_BERICHTEN_BACKOFF_MAX = int(env("TOEGANG_BERICHTEN_BACKOFF_MAX", "3600"))
TOEGANG_BERICHTEN_MAP = Path(env("TOEGANG_BERICHTEN_MAP", str(BASE_DIR / "var" / "berichten")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.permissions.TweeFactorGeverifieerd",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Toegang API",
    "DESCRIPTION": "API van Toegang Noord-Limburg (gemeentelijke toegang Jeugd en Wmo).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Content-Security-Policy: no inline scripts anywhere; the gemeente theme is a CSS file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logging: no personal data. Request lines carry only the path, and no route puts a BSN in a path.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # its INFO lines are per render step
        "fontTools": {"level": "WARNING"},
        "toegang.audit.kop": {"level": "INFO"},  # the chain head, to be shipped outside the database
    },
}

TOEGANG_OMGEVING = "onbekend"
