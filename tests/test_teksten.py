"""What a user reads on the screens: no internal names, rule versions or development notes, and no answer
chosen for the user (the workplace walk's finding 5, "texts that mislead or leak internals")."""

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import Rol
from inwoners.factories import KERNEN, inwoner_in
from organisaties.models import Gemeente
from portaal.forms import BlauwDeelForm
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_the_rules_verdict_shows_no_rule_set_version():
    resultaat = SimpleNamespace(uitkomst="toegestaan", regelset_versie=217, bevindingen=[])
    tekst = render_to_string("verwijzing/_bevindingen.html", {"resultaat": resultaat})
    assert "toegestaan" in tekst and "217" not in tekst and "versie" not in tekst


def test_the_matrix_page_carries_no_development_note(venlo):
    tekst = ingelogde_client(maak_gebruiker(Rol.BEHEER, [venlo])).get("/regie/matrix/").content.decode()
    assert "tekstextractie" not in tekst and "hoe zeker die is" in tekst


def test_the_cockpit_button_names_the_work_not_the_folder(venlo):
    tekst = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [venlo])).get("/berichten/").content.decode()
    assert "Nieuwe berichten ophalen" in tekst and "map in/" not in tekst


@pytest.mark.parametrize(
    ("gegevens", "fout"),
    [
        ({}, "Kies ja of nee."),  # nothing chosen is not "passend"
        ({"passend": "ja"}, None),
        ({"passend": "nee"}, None),
    ],
)
def test_the_matching_answer_is_never_preselected(gegevens, fout):
    onbeantwoord = BlauwDeelForm()
    assert '<option value="" selected>' in str(onbeantwoord["passend"])
    form = BlauwDeelForm(data=gegevens)
    form.is_valid()
    assert (fout in form.errors.get("passend", [])) if fout else "passend" not in form.errors


def test_a_field_required_by_another_answer_says_when_and_not_niet_verplicht():
    """ "Verwachte startdatum (niet verplicht)" was answered by "Geef de verwachte startdatum."."""
    html = BlauwDeelForm().as_div()
    for label, wanneer in (
        ("Verwachte startdatum", "Verplicht als de hulp passend is."),
        ("Reden als de hulp niet passend is", "Verplicht als de hulp niet passend is."),
    ):
        assert f"{label} <span" not in html and wanneer in html
    assert "(niet verplicht)" in html  # a truly optional field still says so


def test_the_inwoner_page_shows_the_geboortedatum_as_dd_mm_jjjj(venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    inwoner = inwoner_in(venlo, geboortedatum=date(2015, 3, 7))
    DossierFactory(gemeente=venlo, consulent=consulent, domein="jeugd", inwoner=inwoner)  # in the consulent's scope
    tekst = ingelogde_client(consulent).get(f"/inwoners/{inwoner.public_id}/").content.decode()
    assert "07-03-2015" in tekst and "7 maart 2015" not in tekst


KALE_BERGEN = re.compile(r"\bBergen\b(?! \(L\.\))")


def test_bergen_is_called_bergen_l_everywhere_the_user_sees_it(venlo):
    """One name for the gemeente: the official "Bergen (L.)", never a bare "Bergen" (the footer said one,
    the gemeente list the other)."""
    bergen = Gemeente.objects.get(cbs_code="0893")
    assert bergen.naam == "Bergen (L.)" and not KALE_BERGEN.search(bergen.postadres)
    assert KERNEN["0893"][0] == "Bergen (L.)"  # the demo's addresses
    opmerkingen = Product.objects.filter(opmerking__contains="Bergen").values_list("opmerking", flat=True)
    assert opmerkingen and not [o for o in opmerkingen if KALE_BERGEN.search(o)]  # shown on the product page
    sjablonen = [
        p for p in (Path(settings.BASE_DIR) / "templates").rglob("*.html") if KALE_BERGEN.search(p.read_text())
    ]
    assert sjablonen == []
    consulent = maak_gebruiker(Rol.CONSULENT, [bergen], domein_jeugd=True)
    inwoner = inwoner_in(bergen, voor=consulent)
    client = ingelogde_client(consulent)
    for url in ("/", "/start/", f"/inwoners/{inwoner.public_id}/", f"/dossiers/melding/{inwoner.public_id}/"):
        antwoord = client.get(url, follow=True)
        assert not KALE_BERGEN.search(antwoord.content.decode()), url


def test_no_bericht_status_shows_a_rule_code():
    """ "Wacht op de retour van het vorige bericht (OP080)": the code is for developers, not for the screen."""
    from berichten.models import BerichtStatus

    assert [label for label in BerichtStatus.labels if re.search(r"\b(?:OP|IV|CS|TR)\d{3}", str(label))] == []
    assert BerichtStatus.WACHT.label == "Wacht op de retour van het vorige bericht"


@pytest.mark.parametrize(
    ("bron", "gezien"),
    [
        ("Handboek verwijzers jeugdhulp §2.9 (r. 4152–4376)", "Handboek verwijzers jeugdhulp §2.9"),
        ("Handboek verwijzers jeugdhulp §3.3.2 (r. 7222)", "Handboek verwijzers jeugdhulp §3.3.2"),
        (
            "Handboek verwijzers jeugdhulp §1.1.2.2, r. 1720–1728, §1.1.7.3 r. 2802–2808",
            "Handboek verwijzers jeugdhulp §1.1.2.2, §1.1.7.3",
        ),
        ("Handboek verwijzers jeugdhulp §3.4.2, r. 8895–8903, r. 8951–8958", "Handboek verwijzers jeugdhulp §3.4.2"),
        (
            "iJw/iWmo 3.2 bedrijfsregel OP271; Handboek Maatwerkdiensten Wmo §2 (r. 157)",
            "iJw/iWmo 3.2 bedrijfsregel OP271; Handboek Maatwerkdiensten Wmo §2",
        ),
        ("Awb 4:13", "Awb 4:13"),
        ("", ""),
    ],
)
def test_users_see_a_source_as_document_and_paragraph(bron, gezien):
    """The line references stay in the rules data (and on the beheer screens); users read document and §."""
    from toegang.bronnen import bron_voor_gebruiker

    assert bron_voor_gebruiker(bron) == gezien


def test_the_rules_verdict_shows_no_rule_id_or_line_reference():
    from regie.bevinding import Bevinding

    bevinding = Bevinding(
        regel="MATRIX-P1-P1",
        uitkomst="niet_toegestaan",
        uitleg="Twee keer Perspectief 1 mag niet.",
        bron="Stapelingsmatrix; Handboek verwijzers jeugdhulp §2.9 (r. 4152–4376)",
    )
    resultaat = SimpleNamespace(uitkomst="niet_toegestaan", bevindingen=[bevinding])
    tekst = render_to_string("verwijzing/_bevindingen.html", {"resultaat": resultaat})
    assert "Handboek verwijzers jeugdhulp §2.9" in tekst
    assert "MATRIX-P1-P1" not in tekst and "r. 4152" not in tekst


def test_the_product_page_shows_sources_without_line_references(venlo):
    client = ingelogde_client(maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True))
    geraakt = 0
    for product in Product.objects.exclude(bron="")[:40]:
        tekst = client.get(f"/producten/{product.code}/").content.decode()
        gevonden = re.search(r".{80}\br\. ?\d.{20}", tekst, re.S)
        assert not gevonden, (product.code, gevonden and gevonden.group(0))
        geraakt += "§" in tekst
    assert geraakt


def test_the_onderzoek_form_says_which_fields_afronden_needs_instead_of_niet_verplicht():
    """A concept may be half-filled, afronden needs every part but the advies van externen."""
    from verwijzing.forms.onderzoek import OnderzoekForm
    from verwijzing.models import Onderzoek

    html = str(OnderzoekForm())
    assert html.count("(niet verplicht)") == 1  # only the advies van externen
    assert html.count("Nodig om het onderzoek af te ronden.") == len(Onderzoek.VERPLICHT)


@pytest.mark.django_db
def test_the_beschikking_form_says_when_its_conditional_fields_are_needed(venlo):
    """The toegekende producten (a gedeeltelijke toekenning) and horen (an afwijzing, Awb 4:7) are required by the
    besluit chosen, which the service enforces: never labelled "(niet verplicht)"."""
    from verwijzing.forms.beschikking import BeschikkingForm

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    html = str(BeschikkingForm(dossier=DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo))))
    assert "(niet verplicht)" not in html
    assert (
        "Nodig bij een gedeeltelijke toekenning" in html and html.count("Bij (gedeeltelijke) afwijzing, Awb 4:7.") == 2
    )
