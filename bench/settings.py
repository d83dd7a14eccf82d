"""Settings for serving a generated bench database (gunicorn under `python -m bench.locust`).

The test settings (local PostgreSQL and Redis, DEBUG off) pointed at the bench database, with what
production does for speed: persistent database connections (CONN_MAX_AGE 60, as
toegang/settings/production.py). Two-factor authentication is off, the way toegang/settings/demo.py
switches it off (TOEGANG_2FA_VERPLICHT; the login page says so): the bench users have no TOTP device.
Never for anything but a throwaway toegang_bench* database.
"""

from toegang.settings.test import *  # noqa: F403
from toegang.settings.test import DATABASES, env

TOEGANG_OMGEVING = "bench"
DATABASES = {
    "default": {
        **DATABASES["default"],
        "NAME": env("BENCH_DATABASE", "toegang_bench"),
        "CONN_MAX_AGE": 60,
    }
}
TOEGANG_2FA_VERPLICHT = False
# As production: one cache in Redis for the gunicorn workers (its own database number, not the tests').
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
        "KEY_PREFIX": "toegang-bench",
    }
}
