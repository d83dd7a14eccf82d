"""Building the demo data set. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import factory.random
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from faker import Faker

from accounts.factories import GebruikerFactory, gehasht
from accounts.models import Gebruiker, Lidmaatschap, Rol
from accounts.services import activeringslink_versturen
from inwoners.bsn import nde_bsn
from inwoners.codes import Geslacht, SoortRelatie
from inwoners.factories import AdresFactory, InwonerFactory, RelatieFactory
from inwoners.models import Betrokkenheid, Inwoner, Toegangsgrond
from organisaties.models import Aanbieder, AanbiederType, Gemeente
from producten.models import Contract, Perceel, Product
from verwijzing.factories import DOEL, DossierFactory, aanvraag_dossier
from verwijzing.models import Status

from .verzoeken import maak_verzoeken
from .werk import COLLEGA, maak_werk

DEMO_WACHTWOORD = "Toegang-demo-2026"
INWONERS_PER_GEMEENTE = 50
ZAAD = 20261125

# Ten fictitious aanbieders: (naam, AGB, jeugd-type, wmo-type, product codes, alleen gemeenten)
AANBIEDERS = [
    (
        "Jeugdhulp Maasland",
        "98100001",
        "regulier",
        None,
        ["45L11", "45L12", "45L13", "45L14", "45L15", "45L22", "45L23"],
        None,
    ),
    ("Kindertherapie De Linde", "98100002", "micro", None, ["45L61", "45L11", "45L12"], ["0889", "0907", "1507"]),
    ("GGZ Noord-Limburg Jeugd", "98100003", "regulier", None, ["54L01", "54L02", "54L03", "54L04", "54L05"], None),
    ("Pleegzorg Limburg", "98100004", "regulier", None, ["44A07", "44A90", "44A91", "44A92", "44A93"], None),
    ("Dagbehandeling Peel en Maas", "98100005", "micro", None, ["41L11", "41L12", "41L21", "41L22"], ["1894", "1507"]),
    ("Dyslexiezorg Venlo", "98100006", "regulier", None, ["54L50", "54L51"], None),
    ("Wmo Begeleiding Regio", "98100007", None, "strategisch_regionaal", ["02A02", "07A02", "10B01", "10B02"], None),
    ("Thuishulp Venray", "98100008", None, "basis_lokaal", ["01B04"], ["0984", "1507"]),
    (
        "Zorgboerderij De Maashoeve",
        "98100009",
        "micro",
        "basis_lokaal",
        ["41L21", "41L24", "07A02", "10A06"],
        ["0907", "0893"],
    ),
    (
        "Huishoudelijke Hulp Noord-Limburg",
        "98100010",
        None,
        "strategisch_regionaal",
        ["01B04", "08V02", "08V03", "04A01"],
        None,
    ),
]

ROLLEN = [
    ("consulent.jeugd", Rol.CONSULENT, True, False),
    ("consulent.wmo", Rol.CONSULENT, False, True),
    ("backoffice", Rol.BACKOFFICE, False, False),
    ("regie", Rol.REGIE, False, False),
    ("beheer", Rol.BEHEER, False, False),
]


# The function title under a letter's signature.
FUNCTIE = {
    "consulent.jeugd": "consulent Jeugd",
    "consulent.wmo": "consulent Wmo",
    "backoffice": "teamleider Toegang",
    "regie": "beleidsadviseur Sociaal Domein",
    "beheer": "functioneel beheerder",
}


@dataclass
class Account:
    gebruikersnaam: str
    rol: str
    waar: str


def _beheer_groep() -> Group:
    return Group.objects.get(name="Functioneel beheer")


def _accounts() -> list[Account]:
    lijst = []
    groep = _beheer_groep()
    for g in Gemeente.objects.order_by("naam"):
        for prefix, rol, jeugd, wmo in ROLLEN:
            naam = f"{prefix}.{g.slug}"
            lijst.append(Account(naam, str(Rol(rol).label), g.naam))
            if Gebruiker.objects.filter(username=naam).exists():
                continue
            gebruiker = GebruikerFactory(
                username=naam,
                rol=rol,
                domein_jeugd=jeugd,
                domein_wmo=wmo,
                functie=FUNCTIE.get(prefix, ""),
                password=gehasht(DEMO_WACHTWOORD),
                is_staff=rol == Rol.BEHEER,
                gemeenten=[g],
            )
            if rol == Rol.BEHEER:
                gebruiker.groups.add(groep)
            if rol == Rol.BACKOFFICE:
                Lidmaatschap.objects.filter(gebruiker=gebruiker).update(mag_hardheidsclausule_goedkeuren=True)
    # A second Jeugd consulent in Venlo: the team view and cover during leave have a colleague to show.
    venlo = Gemeente.objects.get(cbs_code="0983")
    lijst.append(Account(COLLEGA, str(Rol.CONSULENT.label), venlo.naam))
    if not Gebruiker.objects.filter(username=COLLEGA).exists():
        GebruikerFactory(
            username=COLLEGA,
            rol=Rol.CONSULENT,
            domein_jeugd=True,
            password=gehasht(DEMO_WACHTWOORD),
            gemeenten=[venlo],
        )
    # One regional applicatiebeheerder: all rights in the beheer screens, always with two-factor
    # authentication, also in the demo: its activation link (to link an authenticator app) is in the mail folder.
    lijst.append(
        Account("applicatiebeheer", str(Rol.APPLICATIEBEHEER.label), "regio; eerst activeren met de link in de mail")
    )
    if not Gebruiker.objects.filter(username="applicatiebeheer").exists():
        applicatiebeheerder = GebruikerFactory(
            username="applicatiebeheer",
            rol=Rol.APPLICATIEBEHEER,
            domein_jeugd=False,
            is_staff=True,
            is_superuser=True,
            password=gehasht(DEMO_WACHTWOORD),
        )
        activeringslink_versturen(door=None, gebruiker=applicatiebeheerder, basis_url=settings.TOEGANG_BASIS_URL)
    for aanbieder in Aanbieder.objects.filter(agb_code__startswith="981").order_by("agb_code"):
        naam = f"aanbieder.{aanbieder.agb_code}"
        lijst.append(Account(naam, str(Rol.AANBIEDER.label), aanbieder.naam))
        if not Gebruiker.objects.filter(username=naam).exists():
            GebruikerFactory(
                username=naam,
                rol=Rol.AANBIEDER,
                aanbieder=aanbieder,
                domein_jeugd=False,
                password=gehasht(DEMO_WACHTWOORD),
            )
    return lijst


def _aanbieders() -> None:
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    producten = {p.code: p for p in Product.objects.all()}
    start = datetime.date(2022, 1, 1)
    for naam, agb, jeugd_type, wmo_type, codes, alleen in AANBIEDERS:
        aanbieder, nieuw = Aanbieder.objects.get_or_create(
            agb_code=agb,
            defaults={
                "naam": naam,
                "kvk_nummer": f"7{agb[1:]}",
                "contactpunt_naam": "Contactpunt Toegang",
                "contactpunt_email": f"toegang@{agb}.example",
                "contactpunt_telefoon": "0773000000",
            },
        )
        if not nieuw:
            continue
        if jeugd_type:
            AanbiederType.objects.create(aanbieder=aanbieder, domein="jeugd", type=jeugd_type, geldig_vanaf=start)
        if wmo_type:
            AanbiederType.objects.create(aanbieder=aanbieder, domein="wmo", type=wmo_type, geldig_vanaf=start)
        for cbs, gemeente in sorted(gemeenten.items()):
            if alleen and cbs not in alleen:
                continue
            for code in codes:
                product = producten[code]
                perceel = _perceel(product, cbs, lokaal=bool(alleen))
                if perceel:
                    Contract.objects.create(
                        aanbieder=aanbieder, gemeente=gemeente, product=product, perceel=perceel, geldig_vanaf=start
                    )


def _perceel(product: Product, cbs: str, *, lokaal: bool) -> str | None:
    """Venlo uses only the regionaal perceel; vaktherapie is only lokaal (Handboek verwijzers jeugdhulp §2.3 (r.
    3644–3660))."""
    gebruikt_lokaal = cbs != "0983"
    if product.perceel == Perceel.LOKAAL:
        return Perceel.LOKAAL if gebruikt_lokaal else None
    if product.perceel == Perceel.BEIDE and lokaal and gebruikt_lokaal:
        return Perceel.LOKAAL
    return Perceel.REGIONAAL


def _inwoners() -> None:
    vandaag = datetime.date.today()
    for index, g in enumerate(Gemeente.objects.order_by("cbs_code")):
        for i in range(INWONERS_PER_GEMEENTE):
            volgnummer = index * INWONERS_PER_GEMEENTE + i
            # Every third inwoner is a jeugdige, with two parents holding gezag.
            jeugd = i % 3 == 0
            leeftijd = 3 + i % 15 if jeugd else 19 + (i * 7) % 70
            # An e-mail address and (the factory's) mobile number: the signing link and code need both.
            inwoner = InwonerFactory(
                bsn=_bsn(volgnummer),
                geboortedatum=vandaag.replace(year=vandaag.year - leeftijd) - datetime.timedelta(days=i % 300),
                email=f"inwoner{volgnummer}@demo.example",
            )
            AdresFactory(inwoner=inwoner, gemeente=g)
            if jeugd:
                for soort_geslacht, geslacht, voornaam in (
                    ("Moeder", Geslacht.VROUW, "first_name_female"),
                    ("Vader", Geslacht.MAN, "first_name_male"),
                ):
                    # Mother and father as such: the letters to them say "mevrouw" and "heer".
                    RelatieFactory(
                        inwoner=inwoner,
                        soort=SoortRelatie.OUDER,
                        geslacht=geslacht,
                        voornamen=factory.Faker(voornaam, locale="nl_NL"),
                        gezaghebbend=True,
                        wettelijk_vertegenwoordiger=True,
                        contactpersoon=soort_geslacht == "Moeder",
                        email=f"{soort_geslacht.lower()}{volgnummer}@demo.example",
                    )
            elif i % 4 == 1:
                RelatieFactory(inwoner=inwoner, soort=SoortRelatie.KIND, contactpersoon=True, geboortedatum=None)
            if i % 10 == 0:
                # Registered by the consulent of the inwoner's domain: he (only he) sees the inwoner
                # before any dossier, so each consulent has someone to start a melding for.
                consulent = Gebruiker.objects.get(username=f"consulent.{'jeugd' if jeugd else 'wmo'}.{g.slug}")
                Betrokkenheid.objects.create(inwoner=inwoner, gemeente=g, reden="geregistreerd", door=consulent)
                Toegangsgrond.objects.create(inwoner=inwoner, gebruiker=consulent, gemeente=g, reden="geregistreerd")
            if i % 7 == 0:
                _dossier(inwoner, g, jeugd=jeugd, volgnummer=i)


def _dossier(inwoner, gemeente, *, jeugd: bool, volgnummer: int) -> None:
    """A few open dossiers per gemeente, so every werkvoorraad has work on it."""
    domein = "jeugd" if jeugd else "wmo"
    consulent = Gebruiker.objects.get(username=f"consulent.{domein}.{gemeente.slug}")
    meldingsdatum = datetime.date.today() - datetime.timedelta(days=5 + volgnummer)
    if volgnummer % 21 == 0:  # some aanvragen waiting for a beschikking: the backoffice's werkvoorraad
        code = "45L12" if jeugd else "01B04"
        contract = Contract.objects.filter(product__code=code, gemeente=gemeente).order_by("id").first()
        if contract:
            aanvraag_dossier(
                gemeente=gemeente,
                consulent=consulent,
                domein=domein,
                producten=(code,),
                aanbieder=contract.aanbieder,
                inwoner=inwoner,
                doel=DOEL[domein],
                meldingsdatum=meldingsdatum,
            )
            return
    status = Status.MELDING if volgnummer % 2 else Status.ONDERZOEK
    DossierFactory(
        inwoner=inwoner,
        gemeente=gemeente,
        domein=domein,
        consulent=consulent,
        status=status,
        meldingsdatum=meldingsdatum,
    )


def _bsn(volgnummer: int) -> str:
    return nde_bsn(volgnummer)


def _instellingen() -> None:
    """Venray shows the per-gemeente setting: its Jeugd consulenten handle verzoeken om toewijzing (315)
    themselves; the other gemeenten keep them at the backoffice (the handbook's default)."""
    Gemeente.objects.filter(cbs_code="0984").update(verzoek_jeugd_door=Rol.CONSULENT)


@transaction.atomic
def maak_demo_gegevens() -> list[Account]:
    factory.random.reseed_random(ZAAD)
    Faker.seed(ZAAD)
    _instellingen()
    _aanbieders()
    accounts = _accounts()
    if not Inwoner.objects.exists():
        _inwoners()
        maak_werk()
    maak_verzoeken()
    return accounts
