"""The beslistermijn with opschorting (Awb 4:15) and verlenging (Awb 4:14): docs/bronnen.md
(termijnen) and docs/keuzes.md (termijnen tellen). Table-driven; each row names its source."""

from datetime import date, timedelta

import pytest
import time_machine

from accounts.models import Rol
from tests.conftest import maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.beschikking.beslistermijn import beslistermijn
from verwijzing.beschikking.termijn import beslistermijn_opschorten, beslistermijn_verlengen, opschorting_beeindigen
from verwijzing.factories import aanvraag_dossier
from verwijzing.models import Dossier, Termijnmededeling

pytestmark = pytest.mark.django_db


def _dossier(venlo, domein, aanvraag):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    d = aanvraag_dossier(
        gemeente=venlo, consulent=consulent, domein=domein, producten=("45L12",) if domein == "jeugd" else ("01B04",)
    )
    Dossier.objects.filter(pk=d.pk).update(aanvraag_op=aanvraag)
    return Dossier.objects.get(pk=d.pk)


def _m(dossier, soort, vanaf, tot=None, grond="4:15-1a"):
    return Termijnmededeling(
        dossier=dossier,
        soort=soort,
        grond=grond if soort == "opschorting" else "",
        vanaf=vanaf,
        tot=tot,
        medegedeeld_op=vanaf,
        reden="r",
        door=dossier.consulent,
    )


@pytest.mark.parametrize(
    ("domein", "aanvraag", "mededelingen", "uiterlijk", "bron"),
    [
        ("jeugd", date(2026, 1, 12), [], date(2026, 3, 9), "Awb 4:13 lid 1: 8 weken"),
        ("wmo", date(2026, 1, 12), [], date(2026, 1, 26), "Wmo 2015 art. 2.3.5: 2 weken"),
        (
            "jeugd",
            date(2026, 3, 10),
            [],
            date(2026, 5, 6),
            "8 weken end on 5 mei (Bevrijdingsdag) → 6 mei (Atw art. 1)",
        ),
        (
            "wmo",
            date(2026, 1, 12),
            [("opschorting", date(2026, 1, 14), date(2026, 1, 20))],
            date(2026, 2, 2),
            "Awb 4:15: 7 days opgeschort move the end by 7 days",
        ),
        (
            "wmo",
            date(2026, 1, 12),
            [("opschorting", date(2026, 1, 14), None)],
            None,
            "Awb 4:15: while an opschorting runs the clock stands still",
        ),
        (
            "jeugd",
            date(2026, 1, 12),
            [("verlenging", date(2026, 3, 9), date(2026, 4, 6))],
            date(2026, 4, 6),
            "Awb 4:14 lid 3: the verlenging names the new date",
        ),
        (
            "wmo",
            date(2026, 1, 12),
            [
                ("opschorting", date(2026, 1, 13), date(2026, 1, 14)),
                ("verlenging", date(2026, 1, 28), date(2026, 2, 9)),
            ],
            date(2026, 2, 11),
            "both: the new date plus the days opgeschort",
        ),
    ],
)
def test_beslistermijn(domein, aanvraag, mededelingen, uiterlijk, bron, venlo):
    dossier = _dossier(venlo, domein, aanvraag)
    termijn = beslistermijn(dossier, mededelingen=[_m(dossier, *m) for m in mededelingen], vandaag=aanvraag)
    assert termijn.uiterlijk == uiterlijk, bron


@time_machine.travel(date(2026, 1, 19), tick=False)
def test_opschorten_hervatten_and_verlengen_move_the_stored_deadline(venlo):
    dossier = _dossier(venlo, "wmo", date(2026, 1, 12))
    svc_kw = dict(door=dossier.consulent, dossier=dossier)
    from verwijzing.beschikking.beslistermijn import werk_bij

    werk_bij(dossier)
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk == date(2026, 1, 26)
    beslistermijn_opschorten(
        **svc_kw,
        grond="4:15-1a",
        vanaf=date(2026, 1, 15),
        reden="Aanvulling gevraagd",
        medegedeeld_op=date(2026, 1, 15),
    )
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk is None  # opgeschort: no deadline
    with pytest.raises(Geweigerd, match="al een opschorting"):
        beslistermijn_opschorten(
            **svc_kw, grond="4:15-1a", vanaf=date(2026, 1, 16), reden="x", medegedeeld_op=date(2026, 1, 16)
        )
    with pytest.raises(Geweigerd, match="opgeschort"):
        beslistermijn_verlengen(**svc_kw, tot=date(2026, 3, 1), reden="x", medegedeeld_op=date(2026, 1, 19))
    opschorting_beeindigen(**svc_kw, tot=date(2026, 1, 18))
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk == date(2026, 1, 26) + timedelta(days=4)
    beslistermijn_verlengen(
        **svc_kw, tot=date(2026, 2, 13), reden="Advies arts nodig", medegedeeld_op=date(2026, 1, 19)
    )
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk == date(2026, 2, 13) + timedelta(days=4)


@time_machine.travel(date(2026, 2, 10), tick=False)
def test_a_verlenging_after_the_term_ended_is_refused(venlo):
    """Awb 4:14 lid 1/3: the notice must be sent before the term ends."""
    dossier = _dossier(venlo, "wmo", date(2026, 1, 12))  # ends 26-01-2026
    with pytest.raises(Geweigerd, match="vóór het einde van de termijn"):
        beslistermijn_verlengen(
            door=dossier.consulent, dossier=dossier, tot=date(2026, 3, 1), reden="x", medegedeeld_op=date(2026, 2, 10)
        )
    beslistermijn_verlengen(
        door=dossier.consulent, dossier=dossier, tot=date(2026, 3, 1), reden="x", medegedeeld_op=date(2026, 1, 20)
    )


def test_only_the_consulent_of_the_dossier_or_the_beslisser_moves_the_term(venlo):
    dossier = _dossier(venlo, "jeugd", date.today())
    ander = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    with pytest.raises(Geweigerd, match="Alleen de consulent"):
        beslistermijn_opschorten(
            door=ander, dossier=dossier, grond="4:15-2a", vanaf=date.today(), reden="x", medegedeeld_op=date.today()
        )
