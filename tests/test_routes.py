"""Every route declares its scope and its audit behaviour, or stands on the allowlist with a reason.

A new route without either fails here. Routes that show personal data must write a read event:
each is requested with an object in scope, and the audit trail must grow by the right event.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from inwoners.models import Inwoner
from tests.conftest import ingelogde_client
from toegang.routes import route_info
from verwijzing.factories import DossierFactory
from verwijzing.models import Status

# Routes outside the declaration mechanism, each with the reason it is safe.
ALLOWLIST = {
    "admin": "Django admin (/beheer/): staff with model permissions (functioneel beheer); no client-data "
    "model is registered there (asserted below) and it is outside the axe gate.",
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace, p


ROUTES = list(_walk(get_resolver().url_patterns))


def _naam(namespace, pattern):
    return f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")


@pytest.mark.parametrize(("pad", "namespace", "pattern"), ROUTES, ids=[r[0] or "/" for r in ROUTES])
def test_every_route_declares_scope_and_audit(pad, namespace, pattern):
    if namespace in ALLOWLIST:
        return
    info = route_info(pattern.callback)
    assert info is not None, (
        f"Route {pad!r} ({_naam(namespace, pattern)}) declares no scope/audit: decorate the view with "
        "toegang.routes.route(scope=..., audit=...) or add it to ALLOWLIST with a reason."
    )
    if info.persoonsgegevens:
        assert info.audit in {"lezen", "zoeken", "wijzigen"}, f"{pad}: personal data without an audit event"


def test_no_client_data_model_in_the_admin():
    registered = {m._meta.app_label for m in admin.site._registry}
    assert "inwoners" not in registered


# Routes that show personal data, with how to request them for an inwoner (and dossier) in scope.
# route name -> (method, kwargs-builder, data-builder, expected audit actie); builders get (inwoner, dossier)
PERSOONSGEGEVENS = {
    "inwoners:detail": ("get", lambda i, d: {"public_id": i.public_id}, None, Actie.LEZEN),
    "inwoners:zoeken": ("post", lambda i, d: {}, lambda i, d: {"bsn": i.bsn}, Actie.ZOEKEN),
    "inwoner-detail": ("get", lambda i, d: {"public_id": i.public_id}, None, Actie.LEZEN),
    "inwoner-list": ("get", lambda i, d: {}, None, Actie.LEZEN),
    "inwoner-zoeken": ("post", lambda i, d: {}, lambda i, d: {"bsn": i.bsn}, Actie.ZOEKEN),
    "verwijzing:werkvoorraad": ("get", lambda i, d: {}, None, Actie.LEZEN),
    "verwijzing:dossiers-zoeken": ("post", lambda i, d: {}, lambda i, d: {"q": i.bsn}, Actie.ZOEKEN),
    "verwijzing:dossier": ("get", lambda i, d: {"public_id": d.public_id}, None, Actie.LEZEN),
    "verwijzing:behandelaar-wijzigen": ("get", lambda i, d: {"public_id": d.public_id}, None, Actie.LEZEN),
    "verwijzing:onderzoek": ("get", lambda i, d: {"public_id": d.public_id}, None, Actie.LEZEN),
    "verwijzing:melding": ("get", lambda i, d: {"public_id": i.public_id}, None, Actie.LEZEN),
    "verwijzing:melding-voorstel": (
        "post",
        lambda i, d: {"public_id": i.public_id},
        lambda i, d: {"domein": "jeugd"},
        Actie.LEZEN,
    ),
    "verwijzing:indicatie": ("get", lambda i, d: {"public_id": d.public_id}, None, Actie.LEZEN),
    "verwijzing:indicatie-toetsen": ("post", lambda i, d: {"public_id": d.public_id}, lambda i, d: {}, Actie.LEZEN),
    "portaal:verzoeken": None,  # aanbieder role: tests/verwijzing/test_matching.py asserts its read event
    "portaal:verzoek": None,  # same
    "verwijzing:matchingsverzoek-sturen": None,  # POST-only: tests/verwijzing/test_matching.py
    # Need an indicatie (and a niet passend): tests/verwijzing/test_rematching.py asserts each route's audit event.
    "verwijzing:matching": None,
    "verwijzing:indicatie-wijzigen": None,
    "verwijzing:matchingsverzoek-opnieuw": None,
    "verwijzing:matchingsbesluit-nemen": None,
    "verwijzing:indicatie-intrekken": None,
    "verwijzing:leefzorgplan": ("get", lambda i, d: {"public_id": d.public_id}, None, Actie.LEZEN),
    "verwijzing:leefzorgplan-starten": None,  # POST-only: tests/verwijzing/test_leefzorgplan.py
    "verwijzing:ter-ondertekening-aanbieden": None,  # POST-only: tests/verwijzing/test_ondertekening.py
    "ondertekenen": None,  # token + code, no login: tests/verwijzing/test_ondertekening.py asserts the read event
    # POST-only state changes, each audited in its own tests:
    "inwoners:buiten-scope": None,  # tests/inwoners/test_zoeken_en_registreren.py
    "inwoners:nieuw": None,  # an empty form; its POST is audited (same file)
    # Empty forms; each POST is audited: tests/inwoners/test_relaties.py
    "inwoners:inwoner-wijzigen": None,
    "inwoners:relatie-toevoegen": None,
    "inwoners:relatie-wijzigen": None,
    "inwoners:relatie-beeindigen": None,
    "inwoners:berichtenverkeer": None,  # OP003: tests/berichten/test_op003.py asserts the audit of its POST
    "verwijzing:onderzoek-starten": None,  # tests/verwijzing/test_dossier.py
    "verwijzing:dossier-afsluiten": None,  # tests/verwijzing/test_dossier.py
    # After the aanvraag: each needs a beschikking or toewijzing; tests/verwijzing/test_beschikking_schermen.py
    # asserts the read event of the GET routes and the audit of every POST.
    "verwijzing:leefzorgplan-pdf": None,  # needs a version: tests/verwijzing/test_leefzorgplan.py
    "verwijzing:getekend-exemplaar-registreren": None,
    "verwijzing:beslistermijn-opschorten": None,
    "verwijzing:opschorting-beeindigen": None,
    "verwijzing:beslistermijn-verlengen": None,
    "verwijzing:beschikking": None,
    "verwijzing:beschikking-vaststellen": None,
    "verwijzing:beschikking-status": None,
    "verwijzing:beschikking-pdf": None,
    "verwijzing:bekendmaking-vastleggen": None,
    "verwijzing:toewijzing": None,
    "verwijzing:toewijzing-oprekken": None,
    "verwijzing:garantiefase-toewijzen": None,
    "verwijzing:omvang-wijzigen": None,
    "verwijzing:toewijzing-intrekken": None,
    "verwijzing:toewijzing-verwijderen": None,
    "verwijzing:herindicatie-starten": None,
    # Backoffice only: tests/berichten/test_cockpit.py asserts the read events and the audited actions.
    "berichten:lijst": None,
    "berichten:detail": None,
    "berichten:bericht-afhandelen": None,
    "berichten:bericht-uploaden": None,
    # Who handles 315s (backoffice, or consulenten where configured): tests/berichten/test_verzoektaken.py
    # asserts the read events of the list and the page and the audit of every answer.
    "berichten:verzoeken": None,
    "berichten:verzoek": None,
    "berichten:toewijzingsverzoek-beantwoorden": None,
    "berichten:wijzigingsverzoek-beantwoorden": None,  # tests/berichten/test_wijzigingsverzoeken.py
    # OP003: the letter (read event) and the start/stop entered by hand: tests/berichten/test_op003.py
    "berichten:op003-brief": None,
    "berichten:op003-vastleggen": None,
    "berichten:berichten-ophalen": None,  # tests/berichten/test_cockpit.py  # tests/berichten/test_verzoeken.py
    "berichten-list": None,  # POST /api/v1/berichten (create only): tests/berichten/test_cockpit.py
}


def _lees_routes():
    for pad, namespace, pattern in ROUTES:
        info = route_info(pattern.callback)
        if info and info.persoonsgegevens and not pad.endswith(r"\.(?P<format>[a-z0-9]+)/?$"):
            yield _naam(namespace, pattern)


@pytest.mark.django_db
@pytest.mark.parametrize("naam", sorted(set(_lees_routes())))
def test_routes_with_personal_data_write_their_audit_event(naam, consulent, venlo):
    assert naam in PERSOONSGEGEVENS, f"{naam} shows personal data: add it to PERSOONSGEGEVENS with a sample request"
    spec = PERSOONSGEGEVENS[naam]
    if spec is None:
        return
    methode, kwargs, data, actie = spec
    inwoner = inwoner_in(venlo)
    dossier = DossierFactory(inwoner=inwoner, gemeente=venlo, consulent=consulent, status=Status.ONDERZOEK)
    client = ingelogde_client(consulent)
    voor = AuditEvent.objects.filter(actie=actie).count()
    url = reverse(naam, kwargs=kwargs(inwoner, dossier))
    response = getattr(client, methode)(url, data(inwoner, dossier) if data else None)
    assert response.status_code == 200, response.content[:500]
    assert AuditEvent.objects.filter(actie=actie).count() == voor + 1


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["inwoners:detail", "inwoner-detail"])
def test_out_of_scope_is_404_and_the_attempt_is_audited(naam, consulent, beesel):
    elders = inwoner_in(beesel)
    client = ingelogde_client(consulent)
    response = client.get(reverse(naam, kwargs={"public_id": elders.public_id}))
    assert response.status_code == 404
    event = AuditEvent.objects.get(actie=Actie.GEWEIGERD)
    assert event.object_id == str(elders.pk) and event.gebruiker_id == consulent.pk
    assert not AuditEvent.objects.filter(actie=Actie.LEZEN, object_id=str(elders.pk)).exists()
    assert Inwoner.objects.visible_to(consulent).filter(pk=elders.pk).count() == 0
