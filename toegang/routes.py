"""Every route declares its scope and its audit behaviour.

`tests/test_routes.py` walks the URLconf and the API router: a route without a declaration (and not
on the allowlist there, with a reason) fails the suite, and a route that shows personal data must
write a read event.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RouteInfo:
    # publiek: no login. ingelogd: any logged-in user, no personal data. catalogus: product data only.
    # inwoner: personal data through Inwoner.objects.visible_to(user). beheer: functioneel beheer.
    scope: str
    # geen: no personal data is shown or changed. lezen / zoeken / wijzigen: writes that audit event.
    audit: str
    persoonsgegevens: bool = False


# ondertekenlink: no login; a one-time link plus a separately sent code authorise one signature.
SCOPES = {"publiek", "ingelogd", "catalogus", "inwoner", "beheer", "regie", "ondertekenlink"}
AUDITS = {"geen", "lezen", "zoeken", "wijzigen"}


def route(*, scope: str, audit: str):
    if scope not in SCOPES or audit not in AUDITS:
        raise ValueError(f"Unknown scope/audit: {scope}/{audit}")
    info = RouteInfo(scope=scope, audit=audit, persoonsgegevens=scope in {"inwoner", "ondertekenlink"})

    def decorate(view):
        view.toegang_route = info
        return view

    return decorate


def route_info(callback) -> RouteInfo | None:
    for candidate in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        info = getattr(candidate, "toegang_route", None)
        if info is not None:
            return info
    return None
