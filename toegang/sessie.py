"""Sessions end after SESSION_COOKIE_AGE without activity (15 minutes). Django moves that moment on by saving
the session with every request (SESSION_SAVE_EVERY_REQUEST): a database write on every page. This
middleware saves an unchanged session at most once per VERVERS_SECONDEN, so the idle timeout holds to within
a minute and a page read writes nothing (bench/README.md, "Belastingstest")."""

import logging
import time

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.middleware import SessionMiddleware

logger = logging.getLogger(__name__)

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


class SessionStore(cached_db.SessionStore):
    """Django's cached_db sessions (SESSION_ENGINE "toegang.sessie"): read from the cache, written to the
    database and the cache. A page whose cache fails reads and writes the database alone, where Django's
    would fail the page on putting a session read from the database back into the cache. A logout whose
    cache cannot be emptied still fails, as Django's does: the session must not live on in the cache."""

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=s.expire_date))
        except Exception:
            logger.warning("Sessiecache niet schrijfbaar; de database bedient de sessie", exc_info=True)
        return data
