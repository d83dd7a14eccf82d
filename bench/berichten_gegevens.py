"""The data the message-pipeline bench (`bench.berichten_doorvoer`) measures with: new clients with their
toewijzingen, made through the app's services up to the toewijzing, so every 301 is one production could send.

- Each client has a BRP address in one of the seven gemeenten in turn (Beesel, Bergen, Gennep, Horst aan de
  Maas, Peel en Maas, Venlo, Venray); the dossier opens in the gemeente the woonplaatsbeginsel gives for that
  address (`dossier_openen` refuses any other), so the toewijzing and its 301 carry the client's gemeente
  (iStandaarden iJw/iWmo 3.2 IV046; Wmo: the gemeente where the client is ingezetene).
- Ages fit the domain: Jeugd 0-16 years today, so under 18 on every day of the half-year toewijzing, with two
  parents holding gezag (`relatie_toevoegen`); Wmo 18-90.
- Every product goes to an aanbieder contracted for it in that gemeente on the ingangsdatum
  (`producten.selectors.leverbare_aanbieders`), 1-3 different products per client (never one twice: TR302).
- Through the services (about 100 queries per toewijzing: 48-75 ms): `inwoner_registreren`, `relatie_toevoegen`,
  `dossier_openen`, `indicatie_voorstellen` (all rules of the rules module; a product they refuse beside the
  client's others is left out, as a consulent would) and `create_toewijzing` (number, omvang, audit). Set
  directly, for speed and because they are not what is measured: the dossier's steps between melding and
  indicatie and between indicatie and toekenning (onderzoek, leefzorgplan, signing) and the vastgestelde
  beschikking (no PDF, no toewijzing signal: the bench sends the messages itself).
- A database the bench already filled is refused before anything changes (`al_gevuld`: its inwoners in its
  own BSN range, or its dossiers): a second run would stack toewijzingen on those of the first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import count
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from accounts.models import Gebruiker, Rol
from inwoners.bsn import geldige_bsns
from inwoners.codes import SoortRelatie
from inwoners.factories import KERNEN, LETTERS
from inwoners.models import Inwoner
from inwoners.services import inwoner_registreren, relatie_toevoegen
from organisaties.models import Aanbieder, Gemeente
from producten.models import Product
from producten.selectors import leverbare_aanbieders
from toegang.fouten import Geweigerd
from verwijzing.indicatie import indicatie_voorstellen
from verwijzing.melding import dossier_openen, woonplaats_voorstel
from verwijzing.models import Beschikking, Dossier, Status
from verwijzing.toewijzing import create_toewijzing

PRODUCTEN = {"jeugd": ("45L12", "54L01", "45L13"), "wmo": ("01B04", "02A02", "07A02")}

# The bench's own inwoners: valid BSNs of the 996 range (about 9,000), which neither the bench generator
# (99 from the bottom up), the fault test (99980), nor demo and tests (9999) use. Finding one means the
# bench already filled this database.
BSN_REEKS = "996"
# The hulpvraag of every bench dossier; "Bench" is what the bench wrote before it made its own inwoners.
MERKTEKEN = "Doorvoerbench berichten"
MERKTEKENS = (MERKTEKEN, "Bench")
DUUR = timedelta(days=180)  # each toewijzing runs from today for half a year
VOORNAMEN = ("Anna", "Daan", "Emma", "Finn", "Julia", "Lucas", "Noor", "Sem", "Tess", "Milan")
ACHTERNAMEN = ("Janssen", "Peeters", "Hendriks", "Verheijen", "Smeets", "Gommans", "Jacobs", "Willems")


def _demo() -> None:
    if not Aanbieder.objects.filter(agb_code__startswith="981000").exists():
        from demo.gegevens import maak_demo_gegevens

        maak_demo_gegevens()


class AlGevuld(ValueError):
    """The database already holds bench data: a second run would stack toewijzingen on the first."""


def al_gevuld() -> str | None:
    """Why this database already holds bench data, in Dutch; None when it holds none."""
    inwoners = Inwoner.objects.filter(bsn__startswith=BSN_REEKS).count()
    dossiers = Dossier.objects.filter(hulpvraag__in=MERKTEKENS).count()
    if not inwoners and not dossiers:
        return None
    return (
        f"Deze database is al door de doorvoerbench gevuld ({inwoners} bench-inwoners, {dossiers} "
        "bench-dossiers). Een tweede run zou toewijzingen op die van de eerste stapelen; meet op een verse "
        "database (createdb -T <sjabloon> <naam>). Er is niets gewijzigd."
    )


def _jaren_terug(dag: date, jaren: int) -> date:
    return dag.replace(year=dag.year - jaren, day=min(dag.day, 28))


def geboortedatum(domein: str, n: int, vandaag: date) -> date:
    """An age that fits the domain: Jeugd 0-16 today, so still under 18 on the last day of the toewijzing
    (Jeugdwet: a jeugdige is under 18); Wmo 18-90 (an adult: the Jeugdwet covers the younger)."""
    jaren = n % 17 if domein == "jeugd" else 18 + (n * 7) % 73
    return _jaren_terug(vandaag, jaren) - timedelta(days=1 + (n * 37) % 300)


class _Client(NamedTuple):
    """One bench client: where the BRP address is, and the products with the aanbieder of each."""

    gemeente: Gemeente
    producten: list[tuple[Product, Aanbieder]]


def _clients(domein: str, vandaag: date) -> Iterator[_Client]:
    """Clients over all gemeenten in turn, 1-3 products each (a different product each: TR302), every product
    at an aanbieder contracted for it in the client's gemeente on the ingangsdatum (leverbare_aanbieders)."""
    gemeenten = list(Gemeente.objects.order_by("cbs_code"))
    producten = [Product.objects.get(code=c) for c in PRODUCTEN[domein]]
    leverbaar = {
        (g.pk, p.pk): list(leverbare_aanbieders(product=p, gemeente=g, ingangsdatum=vandaag).order_by("agb_code"))
        for g in gemeenten
        for p in producten
    }
    if not any(leverbaar.values()):
        raise ValueError(f"Geen gecontracteerde aanbieders voor {', '.join(PRODUCTEN[domein])}.")
    for n in count():
        gemeente = gemeenten[n % len(gemeenten)]
        # how many products, then which, turn slower than the gemeenten: every gemeente sees every mix
        omvang, begin = 1 + (n // len(gemeenten)) % 3, (n // (3 * len(gemeenten))) % len(producten)
        keuze = []
        for p in (producten * 2)[begin : begin + omvang]:
            if aanbieders := leverbaar[(gemeente.pk, p.pk)]:
                keuze.append((p, aanbieders[n % len(aanbieders)]))
        if keuze:
            yield _Client(gemeente, keuze)


class _NietsToegekend(Exception):
    """The rules refused every product of a client: the client is left out whole."""


def _consulent(gemeente: Gemeente, domein: str):
    """The consulent of this gemeente and domain who registers the bench's clients and opens their dossiers."""
    vlag = {"domein_jeugd": True} if domein == "jeugd" else {"domein_wmo": True}
    consulent = (
        Gebruiker.objects.filter(rol=Rol.CONSULENT, lidmaatschappen__gemeente=gemeente, **vlag).order_by("pk").first()
    )
    if consulent is None:
        raise ValueError(f"Geen consulent {domein} in {gemeente.naam}: de bench heeft de demogegevens nodig.")
    return consulent


@transaction.atomic
def maak_toewijzingen(aantal: int, domein: str) -> list[int]:
    """N toewijzingen for new clients of the bench, through the app's services up to the toewijzing:
    `inwoner_registreren` (BRP address in one of the seven gemeenten, an age that fits the domain),
    `dossier_openen` in the gemeente the woonplaatsbeginsel gives (it refuses any other), `indicatie_voorstellen`
    (every rule of the rules module, the contract of the aanbieder in that gemeente) and `create_toewijzing`
    (number, omvang and audit as a vaststelling makes them). Set directly, for speed: the dossier's steps
    between melding and indicatie and between indicatie and toekenning (onderzoek, leefzorgplan, signing), and
    the vastgestelde beschikking (no PDF). No signal: the bench sends the messages itself.
    Refuses (AlGevuld) a database the bench already filled, before changing anything."""
    reden = al_gevuld()
    if reden:
        raise AlGevuld(reden)
    _demo()
    vandaag, nu = timezone.localdate(), timezone.now()
    bsns, consulenten, ids = geldige_bsns(BSN_REEKS), {}, []
    for n, client in enumerate(_clients(domein, vandaag)):
        if len(ids) >= aantal:
            break
        bsn = next(bsns, None)
        if bsn is None or n > 10 * aantal:
            raise ValueError(
                f"De bench kan hier niet meer dan {len(ids)} toewijzingen maken (de BSN-reeks van de bench is op, "
                "of de regels weigeren te veel producten); kies een kleiner aantal."
            )
        g = client.gemeente
        consulent = consulenten.get(g.pk) or consulenten.setdefault(g.pk, _consulent(g, domein))
        try:
            with transaction.atomic():
                ids += _client_maken(client, n, bsn, consulent, domein, vandaag, nu, aantal - len(ids))
        except _NietsToegekend:
            continue
    return ids


def _client_maken(client: _Client, n: int, bsn: str, consulent, domein: str, vandaag: date, nu, hoogstens: int):
    """One client from registration to toewijzingen; the pks of at most `hoogstens` toewijzingen."""
    g = client.gemeente
    plaats, postcode = KERNEN.get(g.cbs_code, (g.naam, "5900"))
    inwoner = inwoner_registreren(
        consulent,
        gemeente=g,
        gegevens={
            "bsn": bsn,
            "voornamen": VOORNAMEN[n % len(VOORNAMEN)],
            "geslachtsnaam": ACHTERNAMEN[n // len(VOORNAMEN) % len(ACHTERNAMEN)],
            "geboortedatum": geboortedatum(domein, n, vandaag),
            "geslacht": "1" if n % 2 else "2",
        },
        brp_adres={
            "straatnaam": "Bench",
            "huisnummer": n % 9999 + 1,
            "postcode": f"{postcode}{LETTERS[n % 16]}{LETTERS[n // 16 % 16]}",
            "plaats": plaats,
            "gemeente": g,
        },
    )
    if domein == "jeugd":
        # A jeugdige has parents holding gezag (as in the demo): the 301 carries them as relaties.
        for geslacht, voornaam, contact in (("2", "Maria", True), ("1", "Jan", False)):
            relatie_toevoegen(
                consulent,
                inwoner,
                soort=SoortRelatie.OUDER,
                geslacht=geslacht,
                voornamen=voornaam,
                geslachtsnaam=inwoner.geslachtsnaam,
                geboortedatum=_jaren_terug(inwoner.geboortedatum, 30),
                gezaghebbend=True,
                wettelijk_vertegenwoordiger=True,
                contactpersoon=contact,
                telefoon=f"06{20000000 + n:08d}",
            )
    # The woonplaatsbeginsel's own answer; dossier_openen refuses a gemeente that differs from it.
    verantwoordelijk = woonplaats_voorstel(inwoner=inwoner, domein=domein).gemeente
    dossier = dossier_openen(
        door=consulent,
        inwoner=inwoner,
        gemeente=verantwoordelijk,
        domein=domein,
        meldingsdatum=vandaag,
        kanaal="loket",
        melder="inwoner",
        hulpvraag=MERKTEKEN,
    )
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.INDICATIE, aanvraag_op=vandaag)
    dossier.refresh_from_db()
    indicaties = []
    for product, aanbieder in client.producten[:hoogstens]:
        gegevens = {"product": product, "aanbieder": aanbieder, "volume": 1, "frequentie": "6"}
        gegevens |= {"ingangsdatum": vandaag, "einddatum": vandaag + DUUR}
        try:
            indicaties.append(
                indicatie_voorstellen(
                    door=consulent, dossier=dossier, gegevens=gegevens, motivering="Voorwaarden bevestigd (bench)."
                )
            )
        except Geweigerd:
            # The rules refuse it beside what this client already has (e.g. two Perspectief 1 products at one
            # aanbieder): a consulent would not propose it, so neither does the bench.
            continue
    if not indicaties:
        raise _NietsToegekend
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.TOEGEKEND)
    beschikking = Beschikking.objects.create(
        dossier=dossier,
        soort="toekenning",
        status="vastgesteld",
        motivering=MERKTEKEN,
        sjabloon="beschikking-v1",
        opgesteld_door=consulent,
        vastgesteld_door=consulent,
        vastgesteld_op=nu,
    )
    beschikking.toegekend.set(indicaties)
    return [create_toewijzing(dossier, beschikking, i, nu, door=consulent).pk for i in indicaties]
