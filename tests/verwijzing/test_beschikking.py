"""The beschikking: who decides, the horen gate, vaststellen with its toewijzingen, and the PDF with
the legal checklist of docs/bronnen.md, beschikking (rendered for toekenning and afwijzing × Jeugd/Wmo × two
gemeenten and read back as text)."""

import hashlib
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from accounts.models import Rol
from organisaties.factories import gemeente
from tests.conftest import jaren_geleden, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.beschikking.pdf import CHECKLIST, render
from verwijzing.beschikking.services import (
    bekendmaking_vastleggen,
    beschikking_opstellen,
    beschikking_vaststellen,
    bezwaar_tot,
)
from verwijzing.factories import aanvraag_dossier
from verwijzing.models import Beschikking, Dossier, RenderStatus, Status, Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


def _jeugdige(gem):
    from inwoners.factories import inwoner_in

    return inwoner_in(gem, geboortedatum=jaren_geleden(9, VANDAAG))


def _mensen(gem):
    consulent = maak_gebruiker(Rol.CONSULENT, [gem], domein_jeugd=True, domein_wmo=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [gem])
    return consulent, backoffice


def _vastgesteld(gem, domein, soort, capture):
    consulent, backoffice = _mensen(gem)
    producten = ("45L12",) if domein == "jeugd" else ("01B04",)
    inwoner = _jeugdige(gem) if domein == "jeugd" else None
    dossier = aanvraag_dossier(
        gemeente=gem,
        consulent=consulent,
        domein=domein,
        producten=producten,
        **({"inwoner": inwoner} if inwoner else {}),
    )
    beslisser = backoffice if domein == "jeugd" else consulent
    toegekend = list(dossier.indicaties.all()) if soort == "toekenning" else []
    b = beschikking_opstellen(
        door=beslisser,
        dossier=dossier,
        soort=soort,
        toegekend=toegekend,
        motivering="De hulp sluit aan bij de hulpvraag." if soort == "toekenning" else "Het netwerk kan dit dragen.",
        horen_op=VANDAAG if soort == "afwijzing" else None,
        zienswijze="De inwoner vindt de hulp nodig." if soort == "afwijzing" else "",
    )
    with capture(execute=True):
        beschikking_vaststellen(door=beslisser, beschikking=b)
    return Beschikking.objects.select_related("dossier__gemeente").get(pk=b.pk)


def _tekst(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


# Per checklist element: what its presence looks like in the text, per case. Source: docs/bronnen.md, beschikking.
def _bewijs(element, b) -> list[str]:
    d, g = b.dossier, b.dossier.gemeente
    ind = d.indicaties.select_related("product", "aanbieder").first()
    wmo = d.domein == "wmo"
    return {
        "BK-01": [f"college van burgemeester en wethouders van {g.naam}", "namens het college"],
        "BK-02": [d.inwoner.volledige_naam],
        "BK-03": ["Datum"],
        "BK-04": ["hebben wij uw aanvraag ontvangen", "Onderwerp"],
        "BK-05": ["Ons besluit", ind.product.code],
        "BK-06": [
            "artikel 2.3.5 van de Wet maatschappelijke ondersteuning 2015"
            if wmo
            else "artikel 2.3, eerste lid van de Jeugdwet"
        ],
        "BK-07": ["Waarom wij zo besluiten", b.motivering],
        "BK-08": ["binnen zes weken", f"college van burgemeester en wethouders van {g.naam}, {g.postadres}"],
        "BK-09": ["voorlopige voorziening", "rechtbank Limburg"],
        "BK-T1": [ind.product.code, ind.product.naam.split()[0], "Toegekend"],
        "BK-T2": ["Wat de hulp moet opleveren", "Rust in huis"],
        "BK-T3": [ind.ingangsdatum.strftime("%d-%m-%Y"), ind.einddatum.strftime("%d-%m-%Y")],
        "BK-T4": ["Zorg in natura"],
        "BK-T5": [ind.aanbieder.naam],
        "BK-T8": ["eigen bijdrage", "CAK"],
        "BK-T9": ["geen eigen bijdrage"],
        "BK-T10": ["Geef wijzigingen", "evaluatie"],
        "BK-A1": ["Afgewezen", "wij wijzen uw aanvraag af"],
        "BK-A2": ["Wat wij hebben onderzocht", "Eigen kracht", "mantelzorg", "Voorliggende en algemene voorzieningen"],
        "BK-A3": ["Wat wij hebben onderzocht", "Opgroei- en opvoedingsproblemen", "probleemoplossend vermogen"],
        "BK-A4": ["Uw zienswijze", "hebben wij u gevraagd"],
        "BK-A6": ["binnen zes weken"],
    }[element.id]


def _geldt(element, soort, domein) -> bool:
    letters = element.geldt
    wet_ok = ("W" in letters or "J" in letters) is False or (("W" if domein == "wmo" else "J") in letters)
    besluit_ok = ("T" in letters and soort == "toekenning") or ("A" in letters and soort == "afwijzing")
    return wet_ok and besluit_ok


@pytest.mark.parametrize("soort", ["toekenning", "afwijzing"])
@pytest.mark.parametrize("domein", ["jeugd", "wmo"])
@pytest.mark.parametrize("cbs", ["0983", "0889"], ids=["Venlo", "Beesel"])
def test_the_pdf_carries_every_element_of_the_checklist(soort, domein, cbs, django_capture_on_commit_callbacks):
    """docs/bronnen.md, beschikking: each element in scope appears in the letter's text."""
    b = _vastgesteld(gemeente(cbs), domein, soort, django_capture_on_commit_callbacks)
    assert b.render_status == RenderStatus.KLAAR
    pdf = bytes(b.pdf)
    assert b.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    tekst = _tekst(pdf)
    getoetst = 0
    for element in CHECKLIST:
        if element.buiten_scope or not _geldt(element, soort, domein):
            continue
        for stuk in _bewijs(element, b):
            assert stuk.lower() in tekst.lower(), f"{element.id} ({element.element}): '{stuk}' ontbreekt"
        getoetst += 1
    assert getoetst >= 12
    if domein == "jeugd":
        assert "CAK" not in tekst
    if soort == "afwijzing":
        assert "Toegekend" not in tekst


def test_every_checklist_element_is_placed_in_the_template_or_marked_out_of_scope():
    """docs/bronnen.md, beschikking: BK-01…BK-10, BK-T1…BK-T10, BK-A1…BK-A7, each once."""
    ids = [e.id for e in CHECKLIST]
    verwacht = (
        [f"BK-{i:02d}" for i in range(1, 11)] + [f"BK-T{i}" for i in range(1, 11)] + [f"BK-A{i}" for i in range(1, 8)]
    )
    assert sorted(ids) == sorted(verwacht)
    from django.template.loader import get_template

    bron = get_template("verwijzing/beschikking/beschikking-v1.html").template.source
    for e in CHECKLIST:
        assert bool(e.blok) != bool(e.buiten_scope), e.id
        if e.blok:
            assert f'id="{e.blok}"' in bron, f"{e.id}: blok {e.blok} niet in het sjabloon"


def test_two_renders_are_byte_identical_and_the_pdf_is_pdf_ua_in_dutch(django_capture_on_commit_callbacks):
    b = _vastgesteld(gemeente("0983"), "jeugd", "toekenning", django_capture_on_commit_callbacks)
    een, twee = render(b), render(b)
    assert een == twee == bytes(b.pdf)
    lezer = PdfReader(io.BytesIO(een))
    root = lezer.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged PDF, required by PDF/UA-1
    assert "/StructTreeRoot" in root
    assert b"pdfuaid" in bytes(root["/Metadata"].get_object().get_data())
    assert lezer.metadata.title.startswith("Beschikking toekenning Jeugd")


def test_the_toekenning_makes_toewijzingen_klaar_voor_verzending_at_the_moment_of_the_decision(
    django_capture_on_commit_callbacks,
):
    b = _vastgesteld(gemeente("0983"), "jeugd", "toekenning", django_capture_on_commit_callbacks)
    (t,) = Toewijzing.objects.filter(beschikking=b)
    assert t.status == "klaar_voor_verzending"
    assert t.toewijzingsmoment == b.vastgesteld_op  # IV013
    assert b.dossier.status == Status.TOEGEKEND
    assert Dossier.objects.get(pk=b.dossier_id).uiterlijk is None


def test_an_afwijzing_ends_the_dossier_and_makes_no_toewijzing(django_capture_on_commit_callbacks):
    b = _vastgesteld(gemeente("0889"), "wmo", "afwijzing", django_capture_on_commit_callbacks)
    assert Dossier.objects.get(pk=b.dossier_id).status == Status.AFGEWEZEN
    assert not Toewijzing.objects.filter(beschikking=b).exists()


@pytest.mark.parametrize(
    ("domein", "wie", "mag"),
    [
        (
            "jeugd",
            "backoffice",
            True,
        ),  # Handboek Maatwerkdiensten Wmo §2 (r. 120–121): backoffice beschikt Jeugd
        ("jeugd", "consulent", False),
        ("wmo", "consulent", True),  # Handboek Maatwerkdiensten Wmo §2 (r. 120–121): de consulent beschikt Wmo
        ("wmo", "backoffice", False),
    ],
)
def test_who_decides_follows_the_gemeente_setting(domein, wie, mag, venlo):
    consulent, backoffice = _mensen(venlo)
    dossier = aanvraag_dossier(
        gemeente=venlo, consulent=consulent, domein=domein, producten=("45L12",) if domein == "jeugd" else ("01B04",)
    )
    door = backoffice if wie == "backoffice" else consulent
    kwargs = dict(
        door=door, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="Passend."
    )
    if mag:
        beschikking_opstellen(**kwargs)
    else:
        with pytest.raises(Geweigerd, match="niet beschikken"):
            beschikking_opstellen(**kwargs)


def test_the_setting_per_gemeente_moves_the_wmo_beschikking_to_the_backoffice(venlo):
    venlo.beschikking_wmo_door = Rol.BACKOFFICE
    venlo.save()
    consulent, backoffice = _mensen(venlo)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, domein="wmo", producten=("01B04",))
    beschikking_opstellen(
        door=backoffice,
        dossier=dossier,
        soort="toekenning",
        toegekend=list(dossier.indicaties.all()),
        motivering="Passend.",
    )
    with pytest.raises(Geweigerd):
        beschikking_opstellen(
            door=consulent,
            dossier=dossier,
            soort="toekenning",
            toegekend=list(dossier.indicaties.all()),
            motivering="x",
        )


@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({"soort": "afwijzing", "toegekend": [], "motivering": "Netwerk."}, "Hoor de aanvrager"),  # Awb 4:7
        (
            {
                "soort": "afwijzing",
                "toegekend": [],
                "motivering": "Netwerk.",
                "horen_op": VANDAAG + timedelta(days=1),
                "zienswijze": "x",
            },
            "toekomst",
        ),
        ({"soort": "toekenning", "toegekend": "alle", "motivering": "  "}, "Motiveer"),  # Awb 3:46
        ({"soort": "toekenning", "toegekend": [], "motivering": "x"}, "alle aangevraagde"),
        (
            {"soort": "gedeeltelijk", "toegekend": "alle", "motivering": "x", "horen_niet_nodig": "eigen gegevens"},
            "deel van de producten",
        ),
        ({"soort": "afwijzing", "toegekend": "alle", "motivering": "x", "horen_niet_nodig": "y"}, "kent niets toe"),
    ],
)
def test_bad_beschikkingen_are_refused_with_a_reason_and_nothing_is_saved(gegevens, fout, venlo):
    consulent, backoffice = _mensen(venlo)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("45L12", "54L01"))
    if gegevens["toegekend"] == "alle":
        gegevens = {**gegevens, "toegekend": list(dossier.indicaties.all())}
    with pytest.raises(Geweigerd, match=fout):
        beschikking_opstellen(door=backoffice, dossier=dossier, **gegevens)
    assert not Beschikking.objects.filter(dossier=dossier).exists()


def test_a_gedeeltelijke_toekenning_grants_part_after_horen_without_hearing_when_not_needed(
    venlo, django_capture_on_commit_callbacks
):
    consulent, backoffice = _mensen(venlo)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("45L12", "54L01"))
    eerste = dossier.indicaties.order_by("id").first()
    b = beschikking_opstellen(
        door=backoffice,
        dossier=dossier,
        soort="gedeeltelijk",
        toegekend=[eerste],
        motivering="Alleen de ambulante hulp is nodig.",
        horen_niet_nodig="de afwijzing steunt alleen op wat de ouders zelf vertelden.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=backoffice, beschikking=b)
    assert list(Toewijzing.objects.filter(dossier=dossier).values_list("indicatie_id", flat=True)) == [eerste.pk]
    tekst = _tekst(bytes(Beschikking.objects.get(pk=b.pk).pdf))
    assert "gedeeltelijk toe" in tekst and "Afgewezen" in tekst and "Toegekend" in tekst


def test_an_aanbieder_that_declined_gets_no_beschikking(venlo):
    from verwijzing.models import Matchingsverzoek

    consulent, backoffice = _mensen(venlo)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent)
    indicatie = dossier.indicaties.get()
    indicatie.bevindingen = [{"regel": "MATCHING", "uitkomst": "toegestaan", "extra": {"matchingsgesprek": True}}]
    indicatie.save()
    Matchingsverzoek.objects.create(
        dossier=dossier,
        indicatie=indicatie,
        product=indicatie.product,
        aanbieder=indicatie.aanbieder,
        verzonden_op=VANDAAG,
        verzonden_door=consulent,
        status="niet_passend",
        reden_niet_passend="Geen plek",
    )
    with pytest.raises(Geweigerd, match="niet als passend"):
        beschikking_opstellen(
            door=backoffice, dossier=dossier, soort="toekenning", toegekend=[indicatie], motivering="x"
        )


def test_a_pgb_is_granted_without_a_toewijzing_op043(venlo, django_capture_on_commit_callbacks):
    consulent, backoffice = _mensen(venlo)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent)
    dossier.indicaties.update(bekostiging="pgb")
    b = beschikking_opstellen(
        door=backoffice,
        dossier=dossier,
        soort="toekenning",
        toegekend=list(dossier.indicaties.all()),
        motivering="Pgb past.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=backoffice, beschikking=b)
    assert not Toewijzing.objects.filter(dossier=dossier).exists()
    assert "Persoonsgebonden budget" in _tekst(bytes(Beschikking.objects.get(pk=b.pk).pdf))


def test_bekendmaking_needs_the_pdf_and_a_plausible_verzenddatum(venlo, django_capture_on_commit_callbacks):
    """Awb 3:41 and 6:8 (BK-02, BK-03): addressees, channel and verzenddatum; bezwaar runs from it."""
    b = _vastgesteld(venlo, "jeugd", "toekenning", django_capture_on_commit_callbacks)
    backoffice = b.vastgesteld_door
    with pytest.raises(Geweigerd, match="toekomst"):
        bekendmaking_vastleggen(
            door=backoffice,
            beschikking=b,
            geadresseerden="Ouders",
            kanaal="post",
            verzonden_op=VANDAAG + timedelta(days=1),
        )
    with pytest.raises(Geweigerd, match="geadresseerde"):
        bekendmaking_vastleggen(door=backoffice, beschikking=b, geadresseerden=" ", kanaal="post", verzonden_op=VANDAAG)
    bekendmaking_vastleggen(
        door=backoffice, beschikking=b, geadresseerden="Ouders", kanaal="post", verzonden_op=VANDAAG
    )
    b.refresh_from_db()
    assert (b.status, b.verzonden_op) == ("bekendgemaakt", VANDAAG)
    with pytest.raises(Geweigerd, match="nog niet verzonden"):
        bekendmaking_vastleggen(
            door=backoffice, beschikking=b, geadresseerden="Ouders", kanaal="post", verzonden_op=VANDAAG
        )


@pytest.mark.parametrize(
    ("verzonden", "uiterlijk", "bron"),
    [
        (date(2026, 3, 2), date(2026, 4, 13), "Awb 6:7/6:8: zes weken vanaf de dag na verzending"),
        (date(2026, 3, 31), date(2026, 5, 12), "six weeks end on 12 May (a Tuesday): no shift"),
        (date(2026, 11, 14), date(2026, 12, 28), "ends on Saturday 26 December → Monday 28 December (Atw)"),
    ],
)
def test_bezwaartermijn(verzonden, uiterlijk, bron):
    assert bezwaar_tot(verzonden) == uiterlijk, bron
