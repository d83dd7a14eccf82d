"""The production settings pass Django's deployment checks and send the security headers."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMMY_ENV = {
    "DJANGO_SETTINGS_MODULE": "toegang.settings.production",
    "DJANGO_SECRET_KEY": "x" * 64 + "-dummy-for-check-only-0123456789abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "toegang.example.nl",
    "POSTGRES_DB": "toegang",
    "POSTGRES_USER": "toegang",
    "POSTGRES_PASSWORD": "dummy",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _run(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "DJANGO_"))} | DUMMY_ENV
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


HEADERS_SCRIPT = """
import django, json
django.setup()
from django.test import Client
r = Client().get("/inloggen/", secure=True, HTTP_HOST="toegang.example.nl")
print(json.dumps({"status": r.status_code, **{k: v for k, v in r.headers.items()}}))
"""


def test_production_sends_security_headers():
    result = _run("-c", HEADERS_SCRIPT)
    assert result.returncode == 0, result.stderr
    import json

    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert "Secure" in headers.get("Set-Cookie", "Secure")


CACHE_SCRIPT = """
import django, json, sys
django.setup()
from django.conf import settings
from django.core.cache import cache
if sys.argv[1] == "zet":
    cache.set("gedeeld", "ja", 60)
print(json.dumps({"backend": settings.CACHES["default"]["BACKEND"], "engine": settings.SESSION_ENGINE,
                  "waarde": cache.get("gedeeld") if sys.argv[1] == "lees" else None}))
"""


def test_the_web_workers_share_one_cache(tmp_path):
    """Sessions and the logged-in user are cached (accounts/cache.py): a logout or a changed membership must reach
    every gunicorn worker, so production keeps the cache in Redis and the demo (two workers) in a shared folder —
    never a worker's own memory."""
    import json

    productie = json.loads(_run("-c", CACHE_SCRIPT, "toon").stdout)
    assert productie["backend"] == "django.core.cache.backends.redis.RedisCache"
    assert productie["engine"] == "toegang.sessie"
    demo_env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "DJANGO_", "TOEGANG_"))} | {
        "DJANGO_SETTINGS_MODULE": "toegang.settings.demo",
        "TOEGANG_CACHEMAP": str(tmp_path / "cache"),
        "TOEGANG_SQLITE": str(tmp_path / "demo.sqlite3"),
    }

    def demo(stap):
        uit = subprocess.run(
            [sys.executable, "-c", CACHE_SCRIPT, stap], cwd=ROOT, env=demo_env, capture_output=True, text=True
        )
        assert uit.returncode == 0, uit.stderr
        return json.loads(uit.stdout)

    assert demo("zet")["engine"] == "toegang.sessie"
    assert demo("lees")["waarde"] == "ja"  # another process reads what the first one stored
