"""The beschikking letter addresses its readers properly: a salutation from geslacht and naamgebruik (not
"Beste Wilhelmina Johanna Peeters"), signed on behalf of the college by name and function (not "backoffice"),
and the last day to object written out."""

import io
from datetime import date

import pytest
from django.utils import formats, translation
from django.utils import timezone as tz
from pypdf import PdfReader

from accounts.models import Gebruiker, Rol
from inwoners.aanhef import aanhef, aanspreking
from inwoners.factories import RelatieFactory, inwoner_in
from tests.conftest import jaren_geleden, maak_gebruiker
from verwijzing.beschikking.beslistermijn import bezwaar_tot
from verwijzing.beschikking.pdf import bijzin
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import aanvraag_dossier
from verwijzing.leefzorgplan.tekenaars import wie_tekent
from verwijzing.models import Beschikking


@pytest.mark.parametrize(
    ("persoon", "verwacht"),
    [
        ({"geslacht": "1", "voornamen": "Jan", "geslachtsnaam": "Peeters"}, "heer Peeters"),
        ({"geslacht": "2", "voornamen": "Wilhelmina Johanna", "geslachtsnaam": "Peeters"}, "mevrouw Peeters"),
        # naamgebruik (COD700): 1 eigen (E), 2 partner (P), 3 partner-eigen (V), 4 eigen-partner (N)
        (
            {"geslacht": "2", "geslachtsnaam": "Janssen", "partnernaam": "Peeters", "naamgebruik": "1"},
            "mevrouw Janssen",
        ),
        (
            {"geslacht": "2", "geslachtsnaam": "Janssen", "partnernaam": "Peeters", "naamgebruik": "2"},
            "mevrouw Peeters",
        ),
        (
            {"geslacht": "2", "geslachtsnaam": "Janssen", "partnernaam": "Peeters", "naamgebruik": "3"},
            "mevrouw Peeters-Janssen",
        ),
        (
            {"geslacht": "2", "geslachtsnaam": "Janssen", "partnernaam": "Peeters", "naamgebruik": "4"},
            "mevrouw Janssen-Peeters",
        ),
        # A voorvoegsel that opens the name gets a capital; one after the initials or a hyphen does not.
        ({"geslacht": "1", "voorvoegsel": "van der", "geslachtsnaam": "Mast"}, "heer Van der Mast"),
        (
            {
                "geslacht": "2",
                "geslachtsnaam": "Peeters",
                "partner_voorvoegsel": "van",
                "partnernaam": "Dijk",
                "naamgebruik": "4",
            },
            "mevrouw Peeters-van Dijk",
        ),
        # Unknown or other geslacht: no title is guessed, the initials go before the name.
        ({"geslacht": "0", "voornamen": "Wilhelmina Johanna", "geslachtsnaam": "Peeters"}, "W.J. Peeters"),
        ({"geslacht": "", "voornamen": "Puk", "voorvoegsel": "van der", "geslachtsnaam": "Mast"}, "P. van der Mast"),
        ({"geslacht": "", "organisatie": "Stichting Jeugdbescherming Limburg"}, "heer, mevrouw"),
    ],
)
def test_the_salutation_follows_geslacht_and_naamgebruik(persoon, verwacht):
    assert aanspreking(**persoon) == verwacht


def test_several_addressees_share_one_salutation():
    class P:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    ouders = [P(geslacht="1", geslachtsnaam="Peeters"), P(geslacht="2", geslachtsnaam="Janssen")]
    assert aanhef(ouders) == "Geachte heer Peeters en mevrouw Janssen"


def _tekst(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _brief(door, dossier, django_capture_on_commit_callbacks) -> tuple[str, Beschikking]:
    b = beschikking_opstellen(
        door=door, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="Past."
    )
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=door, beschikking=b)
    b = Beschikking.objects.get(pk=b.pk)
    return _tekst(bytes(b.pdf)), b


def _lang(dag: date) -> str:
    with translation.override("nl"):
        return formats.date_format(dag, "j F Y")


@pytest.mark.django_db
def test_a_wmo_letter_greets_mevrouw_by_her_name_in_use_and_is_signed_by_name_and_function(
    venlo, django_capture_on_commit_callbacks
):
    consulent = maak_gebruiker(
        Rol.CONSULENT, [venlo], domein_wmo=True, first_name="Puk", last_name="van der Mast", functie="consulent Wmo"
    )
    inwoner = inwoner_in(
        venlo,
        voornamen="Wilhelmina Johanna",
        geslachtsnaam="Janssen",
        partnernaam="Peeters",
        naamgebruik="3",
        geslacht="2",
    )
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, domein="wmo", producten=("01B04",), inwoner=inwoner)
    tekst, b = _brief(consulent, dossier, django_capture_on_commit_callbacks)
    assert "Geachte mevrouw Peeters-Janssen," in tekst and "Beste" not in tekst
    assert "Namens het college van burgemeester en wethouders van Venlo, Puk van der Mast consulent Wmo" in tekst
    dagtekening = tz.localtime(b.vastgesteld_op).date()
    assert f"uiterlijk op {_lang(bezwaar_tot(dagtekening))}" in tekst


@pytest.mark.django_db
def test_a_letter_for_a_child_greets_the_parents_who_signed_and_never_names_the_role(
    venlo, django_capture_on_commit_callbacks
):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo], first_name="Puk", last_name="van der Mast")
    kind = inwoner_in(venlo, geboortedatum=jaren_geleden(8, date.today()), geslachtsnaam="Peeters")
    vader = RelatieFactory(inwoner=kind, gezaghebbend=True, geslacht="1", voornamen="Jan", geslachtsnaam="Peeters")
    ouder = RelatieFactory(
        inwoner=kind, gezaghebbend=True, geslacht="", voornamen="Wil Jo", voorvoegsel="van", geslachtsnaam="Dijk"
    )
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("45L12",), inwoner=kind)
    # The factory signs as the rule says: both gezaghebbenden, the child not.
    assert {(o.rol, o.relatie_id) for o in dossier.ondertekeningen.all()} == {
        ("gezaghebbende", vader.pk),
        ("gezaghebbende", ouder.pk),
    }
    tekst, _b = _brief(backoffice, dossier, django_capture_on_commit_callbacks)
    assert "Geachte heer Peeters en W.J. van Dijk," in tekst
    assert "Puk van der Mast medewerker Toegang" in tekst and "backoffice" not in tekst.lower()


def test_the_demo_gives_every_signing_role_a_function_title():
    from demo.gegevens import FUNCTIE, ROLLEN

    assert {prefix for prefix, rol, *_ in ROLLEN if rol in (Rol.CONSULENT, Rol.BACKOFFICE)} <= set(FUNCTIE)
    assert Gebruiker(rol=Rol.BACKOFFICE).functietitel == "medewerker Toegang"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dagtekening", "uiterlijk", "bron"),
    [
        (date(2026, 3, 2), date(2026, 4, 13), "Awb 6:7, 6:8 lid 1: six weeks from the day after bekendmaking"),
        (date(2026, 3, 24), date(2026, 5, 6), "ends on 5 mei (Bevrijdingsdag, Atw art. 3 lid 1) → 6 mei"),
        (date(2026, 11, 13), date(2026, 12, 28), "ends on Eerste Kerstdag; Tweede Kerstdag is Saturday (Atw art. 1)"),
        (date(2026, 3, 7), date(2026, 4, 20), "a letter dated on a Saturday ends on a Saturday → Monday (Atw art. 1)"),
    ],
)
def test_the_letter_counts_the_bezwaartermijn_from_its_dagtekening(dagtekening, uiterlijk, bron):
    assert bezwaar_tot(dagtekening) == uiterlijk, bron


@pytest.mark.django_db
def test_recording_the_bekendmaking_says_until_when_the_bezwaartermijn_runs(venlo, django_capture_on_commit_callbacks):
    """ "De bezwaartermijn loopt." gave no date: the message names the last day (dd-mm-jjjj)."""
    from tests.conftest import ingelogde_client
    from verwijzing.factories import toekenning_vaststellen

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    kind = inwoner_in(venlo, geboortedatum=jaren_geleden(9, date.today()))
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, inwoner=kind)
    with django_capture_on_commit_callbacks(execute=True):
        toekenning_vaststellen(dossier=dossier, door=backoffice)
    b = Beschikking.objects.get(dossier=dossier)
    verzonden = date.today()
    antwoord = ingelogde_client(backoffice).post(
        f"/dossiers/{dossier.public_id}/beschikking/{b.public_id}/bekendmaking/",
        {
            "bekendmaking-geadresseerden": "Ouders",
            "bekendmaking-kanaal": "post",
            "bekendmaking-verzonden_op": verzonden.isoformat(),
        },
        follow=True,
    )
    assert f"de bezwaartermijn loopt tot en met {bezwaar_tot(verzonden):%d-%m-%Y}." in antwoord.content.decode()


@pytest.mark.django_db
def test_a_letter_for_a_child_signed_on_paper_greets_the_gezaghebbenden_not_the_child(
    venlo, django_capture_on_commit_callbacks
):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    kind = inwoner_in(venlo, geboortedatum=jaren_geleden(8, date.today()), voornamen="Tim", geslachtsnaam="Peeters")
    RelatieFactory(inwoner=kind, gezaghebbend=True, geslacht="1", voornamen="Jan", geslachtsnaam="Peeters")
    RelatieFactory(inwoner=kind, gezaghebbend=True, geslacht="2", voornamen="Els", geslachtsnaam="Janssen")
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("45L12",), inwoner=kind)
    dossier.ondertekeningen.update(vervallen=True)  # signed on paper: no digital signature counts
    tekst, _b = _brief(backoffice, dossier, django_capture_on_commit_callbacks)
    assert "Geachte heer Peeters en mevrouw Janssen," in tekst
    assert "Jan Peeters" in tekst and "Els Janssen" in tekst


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("domein", "leeftijd", "rollen"),
    [
        ("jeugd", 3, ["gezaghebbende", "gezaghebbende"]),
        ("jeugd", 13, ["gezaghebbende", "gezaghebbende", "jeugdige"]),
        ("jeugd", 17, ["jeugdige"]),
        ("wmo", 70, ["inwoner"]),
    ],
)
def test_a_signed_dossier_from_the_factory_is_signed_by_whom_wie_tekent_names(venlo, domein, leeftijd, rollen):
    """A 3-year-old "(inwoner): getekend" contradicted the app's own rule: the factory (and so the demo) signs
    as `wie_tekent` says, giving a child under 16 parents with gezag when it has none."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    inwoner = inwoner_in(venlo, geboortedatum=jaren_geleden(leeftijd, date.today()))
    product = "45L12" if domein == "jeugd" else "01B04"
    dossier = aanvraag_dossier(
        gemeente=venlo, consulent=consulent, domein=domein, producten=(product,), inwoner=inwoner
    )
    getekend = sorted((o.rol, o.relatie_id, o.naam) for o in dossier.ondertekeningen.filter(getekend_op__isnull=False))
    verwacht = sorted((t.rol, t.relatie_id, t.naam) for t in wie_tekent(dossier, date.today()))
    assert getekend == verwacht and [rol for rol, *_ in getekend] == rollen


@pytest.mark.django_db
def test_a_childs_beschikking_is_addressed_to_the_parents_with_the_postcode_written_out(
    venlo, django_capture_on_commit_callbacks
):
    """The letter for a 3-year-old went to the child: now to the gezaghebbenden, saying whom it is about;
    the stored postcode 5911CM shows as 5911 CM."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    kind = inwoner_in(venlo, geboortedatum=jaren_geleden(3, date.today()), voornamen="Casper", geslachtsnaam="Roukes")
    kind.adressen.update(postcode="5911CM")
    RelatieFactory(inwoner=kind, gezaghebbend=True, geslacht="2", voornamen="Anna", geslachtsnaam="Roukes")
    RelatieFactory(inwoner=kind, gezaghebbend=True, geslacht="1", voornamen="Bert", geslachtsnaam="Roukes")
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("45L12",), inwoner=kind)
    tekst, _b = _brief(backoffice, dossier, django_capture_on_commit_callbacks)
    assert "Aan de ouder(s)/gezaghebbende(n) van Casper Roukes" in tekst
    assert "Anna Roukes" in tekst and "Bert Roukes" in tekst
    assert "Geachte mevrouw Roukes en heer Roukes," in tekst
    assert "5911 CM" in tekst and "5911CM" not in tekst


@pytest.mark.parametrize(
    ("reden", "bijzin_"),
    [
        ("De aanvrager heeft zelf om afwijzing gevraagd.", "de aanvrager heeft zelf om afwijzing gevraagd."),
        ("het besluit berust op uw eigen gegevens", "het besluit berust op uw eigen gegevens."),
        ("CJG-cursus is al gevolgd.", "CJG-cursus is al gevolgd."),
        ("", ""),
    ],
)
def test_the_reason_for_not_hearing_reads_as_a_clause_after_omdat(reden, bijzin_):
    assert bijzin(reden) == bijzin_


@pytest.mark.django_db
def test_the_afwijzing_letter_reads_well_after_omdat(venlo, django_capture_on_commit_callbacks):
    """ "Wij hebben u niet apart gehoord, omdat De aanvrager ..." had a capital in the middle of a sentence."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, domein="wmo", producten=("01B04",))
    b = beschikking_opstellen(
        door=consulent,
        dossier=dossier,
        soort="afwijzing",
        toegekend=[],
        motivering="Een algemene voorziening is toereikend.",
        horen_niet_nodig="De aanvrager heeft zelf om afwijzing gevraagd.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=consulent, beschikking=b)
    tekst = _tekst(bytes(Beschikking.objects.get(pk=b.pk).pdf))
    assert "omdat de aanvrager heeft zelf om afwijzing gevraagd." in tekst
