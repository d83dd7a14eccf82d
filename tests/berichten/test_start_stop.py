"""Start (305) and stop (307) of care as the aanbieder sends them, each StartProduct and StopProduct kept as
received and the toewijzing's start and stop derived from them: corrections (status 3) and withdrawals, alone
and together in one message, through the real intake (the folder and the API), checking the toewijzing and
the retour (iStandaarden iJw 3.2: OP033, IV008, TR063, TR071, TR074, TR326, TR382, TR413-TR415, OP377-OP379)."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from accounts.models import Rol
from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht
from berichten.retouren import alle_codes
from istandaard.xml import lees, naar_dict, naar_xml
from organisaties.factories import gemeente
from tests.berichten.hulp import _client, _kop, _toekenning
from tests.berichten.test_quarantaine import _api
from tests.conftest import maak_gebruiker
from verwijzing.models import Toewijzing, ZorgStart, ZorgStop

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)
B1, E1, B2, E2, E3 = (VANDAAG - n * D for n in (60, 45, 30, 20, 10))


def start(begin, status="1"):
    return ("start", {"Begindatum": begin, "StatusAanlevering": status})


def stop(begin, eind, reden="31", status="1"):
    return ("stop", {"Begindatum": begin, "RedenBeeindiging": reden, "Einddatum": eind, "StatusAanlevering": status})


def _bericht(t, regels, identificatie: str) -> bytes:
    """A 305 (starts) or 307 (stops) on toewijzing t with these lines, in this order."""
    soort = {s for s, _p in regels}
    assert len(soort) == 1
    producten = [{"ToewijzingNummer": t.nummer, **p} for _s, p in regels]
    nummer, groep, naam = (
        ("305", "StartProducten", "StartProduct") if "start" in soort else ("307", "StopProducten", "StopProduct")
    )
    code = {("jeugd", "305"): "438", ("jeugd", "307"): "440", ("wmo", "305"): "418", ("wmo", "307"): "420"}
    kop = _kop(code[t.domein, nummer], t, identificatie=identificatie) | {"Ontvanger": t.gemeente.cbs_code}
    client = {**_client(t), groep: {naam: producten}}
    return naar_xml(t.domein, nummer, {"Header": kop, "Client": client})


def _ontvang(kanaal: str, t, xml: bytes, identificatie: str, settings) -> Bericht:
    if kanaal == "map":
        from berichten.tasks import berichten_ophalen

        map_in = Path(settings.TOEGANG_BERICHTEN_MAP) / "in"
        map_in.mkdir(parents=True, exist_ok=True)
        (map_in / f"{identificatie}.xml").write_bytes(xml)
        assert berichten_ophalen() == 1
    else:
        r = _api(maak_gebruiker(Rol.BACKOFFICE, [gemeente(t.gemeente.cbs_code)])).post(
            "/api/v1/berichten", xml, content_type="application/xml"
        )
        assert r.status_code == 202, r.content
    return Bericht.objects.get(richting="in", identificatie=identificatie)


def _retourcodes(heen: Bericht) -> list[str]:
    retour = Bericht.objects.get(retour_van=heen)
    return alle_codes(naar_dict(lees(bytes(retour.xml)))[2])


def _stand(t):
    t = Toewijzing.objects.get(pk=t.pk)
    return (t.gestart_op, t.gestopt_op, t.reden_beeindiging, t.status)


GESTART_B1 = (B1, None, "", "gestart")
GESTOPT_E1 = (B1, E1, "31", "gestopt")


# (earlier messages, each accepted; the message under test; its codes per line, None: accepted; the toewijzing after)
GEVALLEN = {
    # OP033/IV008: a 307 with status 3 withdraws the stop; it is not a new stop
    "OP033-307-status-3-trekt-de-stop-in": (
        [[start(B1)], [stop(B1, E1)]],
        [stop(B1, E1, status="3")],
        None,
        GESTART_B1,
    ),
    "OP033-305-status-3-trekt-de-start-in": ([[start(B1)]], [start(B1, "3")], None, (None, None, "", "verzonden")),
    # IV008: a corrected key element (Begindatum) in the same message, withdrawal processed first
    "IV008-305-intrekken-en-nieuwe-start-in-een-bericht": (
        [[start(B1)]],
        [start(B1, "3"), start(B2)],
        None,
        (B2, None, "", "gestart"),
    ),
    "IV008-305-nieuwe-start-voor-de-intrekking-in-het-bericht": (
        [[start(B1)]],
        [start(B2), start(B1, "3")],
        None,
        (B2, None, "", "gestart"),
    ),
    # IV008/TR101: the logical key (ToewijzingNummer, Product, Begindatum) once per message: a correction outside
    # the key (a new Einddatum) is a withdrawal and a new line in separate messages; together the message is refused
    "IV008-TR101-307-nieuwe-einddatum-met-de-intrekking-in-een-bericht": (
        [[start(B1)], [stop(B1, E1)]],
        [stop(B1, E2), stop(B1, E1, status="3")],
        ["0001", "0001"],
        GESTOPT_E1,
    ),
    "IV008-307-nieuwe-einddatum-na-de-intrekking-in-een-apart-bericht": (
        [[start(B1)], [stop(B1, E1)], [stop(B1, E1, status="3")]],
        [stop(B1, E2)],
        None,
        (B1, E2, "31", "gestopt"),
    ),
    "IV008-TR101-305-zelfde-sleutel-intrekken-en-nieuw-in-een-bericht": (
        [[start(B1)]],
        [start(B1, "3"), start(B1)],
        ["0001", "0001"],
        GESTART_B1,
    ),
    "IV008-TR101-307-zelfde-sleutel-intrekken-en-nieuw-in-een-bericht": (
        [[start(B1)], [stop(B1, E1)]],
        [stop(B1, E1, status="3"), stop(B1, E1)],
        ["0001", "0001"],
        GESTOPT_E1,
    ),
    "IV008-305-correctie-buiten-de-sleutel-in-een-apart-bericht": (
        [[start(B1)], [start(B1, "3")]],
        [start(B1)],
        None,
        GESTART_B1,
    ),
    # TR063: a withdrawal needs an actual line with the same logical key
    "TR063-305-begindatum-zonder-start": ([[start(B1)]], [start(B2, "3")], ["9063"], GESTART_B1),
    "TR063-305-al-ingetrokken": (
        [[start(B1)], [start(B1, "3")]],
        [start(B1, "3")],
        ["9063"],
        (None, None, "", "verzonden"),
    ),
    "TR063-307-einddatum-zonder-stop": (
        [[start(B1)], [stop(B1, E1)]],
        [stop(B1, E2, status="3")],
        ["9063"],
        GESTOPT_E1,
    ),
    "TR063-307-reden-zonder-stop": ([[start(B1)], [stop(B1, E1)]], [stop(B1, E1, "02", "3")], ["9063"], GESTOPT_E1),
    "TR063-307-zonder-enige-stop": ([[start(B1)]], [stop(B1, E1, status="3")], ["9063"], GESTART_B1),
    # TR071: a start with a stop cannot be withdrawn
    "TR071-305-start-met-stop": ([[start(B1)], [stop(B1, E1)]], [start(B1, "3")], ["9071"], GESTOPT_E1),
    # TR074: against every recorded start, not only the latest
    "TR074-305-eerdere-start-niet-de-laatste": (
        [[start(B1)], [stop(B1, E1, "20")], [start(B2)], [stop(B2, E3)]],
        [start(B1)],
        ["9074"],
        (B2, E3, "31", "gestopt"),
    ),
    "TR101-305-zelfde-start-twee-keer-in-een-bericht": (
        [],
        [start(B1), start(B1)],
        ["0001", "0001"],
        (None, None, "", "klaar_voor_verzending"),
    ),
    "TR074-307-zelfde-stop-opnieuw": (
        [[start(B1)], [stop(B1, E1, "20")]],
        [stop(B1, E1, "20")],
        ["9074"],
        (B1, E1, "20", "gestopt"),
    ),
    # TR326: a new start only after the actual one stopped
    "TR326-305-start-niet-gestopt": ([[start(B1)]], [start(B2)], ["9326"], GESTART_B1),
    # TR382: a stop of an actual start
    "TR382-307-begindatum-zonder-start": ([[start(B1)]], [stop(B2, E2)], ["9069"], GESTART_B1),
    # TR415 / OP377: one definitive stop per start; a definitive stop may follow a temporary one
    "TR415-OP377-307-tweede-definitieve-stop": ([[start(B1)], [stop(B1, E1)]], [stop(B1, E2)], ["9415"], GESTOPT_E1),
    "TR415-OP377-definitief-na-tijdelijk": (
        [[start(B1)], [stop(B1, E1, "20")]],
        [stop(B1, E2)],
        None,
        (B1, E2, "31", "gestopt"),
    ),
    # OP377 with TR101: a temporary and a definitive stop of one start share the logical key, so they come in two
    # messages (TR415-OP377-definitief-na-tijdelijk); in one they are refused
    "OP377-TR101-tijdelijk-en-definitief-in-een-bericht": (
        [[start(B1)]],
        [stop(B1, E1, "20"), stop(B1, E1)],
        ["0001", "0001"],
        GESTART_B1,
    ),
    # TR413 / OP378: after a temporary stop without a new start only a definitive stop
    "TR413-OP378-tweede-tijdelijke-stop": (
        [[start(B1)], [stop(B1, E1, "20")]],
        [stop(B1, E2, "20")],
        ["9413"],
        (B1, E1, "20", "gestopt"),
    ),
    # TR414: a later stop of the same start ends no earlier
    "TR414-OP377-307-definitief-voor-de-tijdelijke": (
        [[start(B1)], [stop(B1, E2, "20")]],
        [stop(B1, E1)],
        ["9414"],
        (B1, E2, "20", "gestopt"),
    ),
    "TR414-307-definitief-na-de-tijdelijke": (
        [[start(B1)], [stop(B1, E2, "20")]],
        [stop(B1, E3)],
        None,
        (B1, E3, "31", "gestopt"),
    ),
    # OP379: after a (temporary or definitive) stop a new start may follow
    "OP379-nieuwe-start-na-tijdelijke-stop": (
        [[start(B1)], [stop(B1, E1, "20")]],
        [start(B2)],
        None,
        (B2, None, "", "gestart"),
    ),
    "OP379-nieuwe-start-na-definitieve-stop": (
        [[start(B1)], [stop(B1, E1)]],
        [start(B2)],
        None,
        (B2, None, "", "gestart"),
    ),
    "OP379-stop-intrekken-na-nieuwe-start-laat-de-nieuwe-start": (
        [[start(B1)], [stop(B1, E1, "20")], [start(B2)]],
        [stop(B1, E1, "20", "3")],
        None,
        (B2, None, "", "gestart"),
    ),
}


@pytest.fixture
def toewijzing(request, tmp_path, settings, django_capture_on_commit_callbacks):
    """A toewijzing sent to its aanbieder: Jeugd 45L12 in Venlo, or Wmo 01B04 in 0889."""
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    if request.param == "jeugd":
        dossier, _b = _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    else:
        dossier, _b = _toekenning(
            gemeente("0889"), django_capture_on_commit_callbacks, domein="wmo", producten=("01B04",)
        )
    return Toewijzing.objects.select_related("aanbieder", "inwoner", "gemeente").get(dossier=dossier)


@pytest.mark.parametrize(
    ("kanaal", "toewijzing"), [("map", "jeugd"), ("api", "jeugd"), ("api", "wmo")], indirect=["toewijzing"]
)
@pytest.mark.parametrize(("voor", "regels", "codes", "na"), list(GEVALLEN.values()), ids=list(GEVALLEN))
def test_start_en_stop_door_de_echte_intake(toewijzing, settings, kanaal, voor, regels, codes, na):
    t = toewijzing
    for i, eerder in enumerate(voor):
        ontvangen = bericht_ontvangen(_bericht(t, eerder, f"V{i}"), kanaal="map")
        assert ontvangen.status == "verwerkt", (i, ontvangen.fouten)
    heen = _ontvang(kanaal, t, _bericht(t, regels, "T1"), "T1", settings)
    retour = _retourcodes(heen)
    if codes is None:
        assert heen.status == "verwerkt", heen.fouten
        assert retour == []  # IV028: accepted, the header only
    else:
        assert heen.status == "afgekeurd"
        assert [f["retourcode"] for f in heen.fouten] == [c for c in codes if c != "0200"]
        assert {c for c in retour if c != "0200"} == {c for c in codes if c != "0200"}  # a 0001 once in the header
    assert _stand(t) == na


def test_elke_regel_blijft_bewaard_zoals_ontvangen_met_zijn_bericht(toegewezen):
    """IV008/OP033: the withdrawn start stays, pointing to the line that withdrew it; each line keeps its message."""
    t = toegewezen
    eerste = bericht_ontvangen(_bericht(t, [start(B1)], "R1"), kanaal="map")
    correctie = bericht_ontvangen(_bericht(t, [start(B1, "3"), start(B2)], "R2"), kanaal="map")
    tijdelijk = bericht_ontvangen(_bericht(t, [stop(B2, E2, "20")], "R3"), kanaal="map")
    stopbericht = bericht_ontvangen(_bericht(t, [stop(B2, E3)], "R5"), kanaal="map")  # TR101: its own message
    intrekking = bericht_ontvangen(_bericht(t, [stop(B2, E3, status="3")], "R4"), kanaal="map")
    starts = list(ZorgStart.objects.filter(toewijzing=t).values_list("begindatum", "status_aanlevering", "bericht"))
    assert starts == [(B1, "1", eerste.pk), (B1, "3", correctie.pk), (B2, "1", correctie.pk)]
    ingetrokken = ZorgStart.objects.get(begindatum=B1, status_aanlevering="1")
    assert ingetrokken.ingetrokken_door == ZorgStart.objects.get(status_aanlevering="3")
    stops = ZorgStop.objects.filter(toewijzing=t)
    assert [(s.einddatum, s.reden_beeindiging, s.status_aanlevering, s.bericht_id) for s in stops] == [
        (E2, "20", "1", tijdelijk.pk),
        (E3, "31", "1", stopbericht.pk),
        (E3, "31", "3", intrekking.pk),
    ]
    assert stops.get(einddatum=E3, status_aanlevering="1").ingetrokken_door.bericht == intrekking
    assert _stand(t) == (B2, E2, "20", "gestopt")  # the definitive stop withdrawn: the temporary one is actual
    assert Toewijzing.objects.get(pk=t.pk).status_tekst == "Zorg tijdelijk gestopt"  # OP379: a start may follow


def test_de_migratie_neemt_de_start_en_stop_van_vandaag_over(toegewezen):
    """Migration 0020: a toewijzing's single gestart_op/gestopt_op become one start and one stop record, with the
    305/307 that reported them; deriving from the records gives the same state."""
    import importlib

    from django.apps import apps

    from verwijzing.toewijzing import _stand_bijwerken

    t = toegewezen
    Toewijzing.objects.filter(pk=t.pk).update(gestart_op=B1, gestopt_op=E1, reden_beeindiging="02", status="gestopt")
    migratie = importlib.import_module("verwijzing.migrations.0018_start_stop_regels")
    migratie.overnemen(apps, None)
    assert list(ZorgStart.objects.values_list("begindatum", "status_aanlevering")) == [(B1, "1")]
    assert list(ZorgStop.objects.values_list("begindatum", "reden_beeindiging", "einddatum")) == [(B1, "02", E1)]
    _stand_bijwerken(Toewijzing.objects.get(pk=t.pk))
    assert _stand(t) == (B1, E1, "02", "gestopt")


def test_de_toewijzingspagina_toont_elke_start_en_stop_zoals_ontvangen(toegewezen):
    """The backoffice sees what the aanbieder sent, the withdrawn line marked, next to the derived status."""
    from tests.conftest import ingelogde_client

    t = toegewezen
    bericht_ontvangen(_bericht(t, [start(B1)], "P1"), kanaal="map")
    bericht_ontvangen(_bericht(t, [start(B1, "3"), start(B2)], "P2"), kanaal="map")
    bericht_ontvangen(_bericht(t, [stop(B2, E2, "20")], "P3"), kanaal="map")
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    html = kantoor.get(f"/dossiers/{t.dossier.public_id}/toewijzing/{t.public_id}/").content.decode()
    assert "Zorg tijdelijk gestopt, gestart op " + f"{B2:%d-%m-%Y}, gestopt op {E2:%d-%m-%Y}" in html
    assert html.count("later verwijderd") == 1 and html.count("verwijdert de eerdere melding") == 1
    assert "JW305 P2" in html and "JW307 P3" in html and "tijdelijk (20)" in html
