"""/health: is the database reachable, and Redis (when this installation uses it)?"""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from .routes import route


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "onbereikbaar"


def _redis() -> str:
    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return "niet gebruikt"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "ok"
    except redis.RedisError:
        return "onbereikbaar"


@route(scope="publiek", audit="geen")
def health(request):
    checks = {"database": _database(), "redis": _redis()}
    gezond = all(v in {"ok", "niet gebruikt"} for v in checks.values())
    return JsonResponse({"status": "ok" if gezond else "storing", **checks}, status=200 if gezond else 503)
