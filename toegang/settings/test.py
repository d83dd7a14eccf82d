"""Tests: real PostgreSQL and Redis on localhost, 2FA on, as in production."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

TOEGANG_OMGEVING = "test"
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env("POSTGRES_DB", "toegang"),
        "USER": env("POSTGRES_USER", "toegang"),
        "PASSWORD": env("POSTGRES_PASSWORD", "toegang"),
        "HOST": env("POSTGRES_HOST", "127.0.0.1"),
        "PORT": env("POSTGRES_PORT", "5432"),
    }
}
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A fresh folder per test process: BerichtIdentificaties restart with every test database, and the folder
# transport never overwrites a file with the same name and other content (it raises and retries).
TOEGANG_BERICHTEN_MAP = Path(tempfile.mkdtemp(prefix="toegang-test-berichten-"))
WHITENOISE_USE_FINDERS = True
# SMS (the signing code) to files in a folder of the test process's own; mail uses pytest-django's locmem.
TOEGANG_SMS_GATEWAY = "verwijzing.leefzorgplan.verzenders.MapGateway"
TOEGANG_SMSMAP = Path(tempfile.mkdtemp(prefix="toegang-test-sms-"))
# The audit chain's heads go to a fresh temporary folder per test process, never into the tree.
TOEGANG_AUDIT_KOPPEN = Path(tempfile.mkdtemp(prefix="toegang-test-audit-")) / "koppen.log"
