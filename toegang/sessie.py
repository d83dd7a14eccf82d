"""Sessions end after SESSION_COOKIE_AGE without activity (15 minutes). Django moves that moment on by saving
the session with every request (SESSION_SAVE_EVERY_REQUEST): a database write on every page. This
middleware saves an unchanged session at most once per VERVERS_SECONDEN, so the idle timeout holds to within
a minute and a page read writes nothing (bench/README.md, "Belastingstest")."""

import time

from django.contrib.sessions.middleware import SessionMiddleware

VERVERS_SECONDEN = 60
VERVERST = "_toegang_ververst"  # when the session's expiry last moved on (epoch seconds)


def stempelen(request) -> None:
    """At the login: the session starts its minute now (accounts.signals), so the first page writes nothing."""
    sessie = getattr(request, "session", None)
    if sessie is not None:
        sessie[VERVERST] = int(time.time())


class SessieMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        sessie = getattr(request, "session", None)
        if sessie is not None and sessie.accessed and not sessie.is_empty():
            nu = int(time.time())
            if sessie.modified or nu - sessie.get(VERVERST, 0) >= VERVERS_SECONDEN:
                sessie[VERVERST] = nu  # marks it modified: Django saves it and moves the expiry on
        return super().process_response(request, response)
