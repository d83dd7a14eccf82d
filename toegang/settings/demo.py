"""Demo and development: SQLite, Celery tasks in process, berichten to a local folder."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_bool

TOEGANG_OMGEVING = "demo"
# SQLite cannot enforce "nulls not distinct" on the tariff key; PostgreSQL (test, production) does.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W047"]
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("TOEGANG_SQLITE", str(BASE_DIR / "var" / "demo.sqlite3")),
        "OPTIONS": {"timeout": 20},
    }
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"

# The demo may switch 2FA off; the login page says so.
TOEGANG_2FA_VERPLICHT = env_bool("TOEGANG_2FA_VERPLICHT", False)

# The demo has no Redis; /health reports it as not configured rather than down.
REDIS_URL = None
# Sessions and the logged-in user are cached (accounts/cache.py): the demo's gunicorn workers share files, so
# a logout or a changed membership reaches every worker at once. ./bin/demo empties the folder at each start.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("TOEGANG_CACHEMAP", str(BASE_DIR / "var" / "cache")),
    }
}

# Serve static files straight from the app folders (no collectstatic step in the demo).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Mail goes to files in var/mail/ (./bin/demo names the folder).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("TOEGANG_MAILMAP", str(BASE_DIR / "var" / "mail"))
TOEGANG_BASIS_URL = env("TOEGANG_BASIS_URL", "http://127.0.0.1:8000")
# SMS (the signing code) goes to files in var/sms/ (./bin/demo names the folder).
TOEGANG_SMS_GATEWAY = "verwijzing.leefzorgplan.verzenders.MapGateway"
TOEGANG_SMSMAP = Path(env("TOEGANG_SMSMAP", str(BASE_DIR / "var" / "sms")))

TOEGANG_VIRUSSCAN = env("TOEGANG_VIRUSSCAN", "eicar")
