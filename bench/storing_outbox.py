"""The outbox rows of the fault test (`bench.berichten_storing`) and the check afterwards. Needs Django
set up: the command imports it only after `django.setup()`."""

import hashlib
import os
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max, Sum, prefetch_related_objects
from django.utils import timezone

from berichten.models import Bericht, BerichtStatus, Identificatiereeks, Richting
from inwoners.bsn import geldige_bsns
from inwoners.factories import inwoner_in
from inwoners.models import Inwoner
from istandaard.opbouw import client_301, header
from istandaard.validatie import valideer
from istandaard.xml import naar_xml
from organisaties.factories import AanbiederFactory, gemeente
from organisaties.models import Aanbieder
from producten.models import Product
from verwijzing.models import Toewijzing

from .berichten_gegevens import PRODUCTEN, geboortedatum

POOL_INWONERS = 40
POOL_AANBIEDERS = 5
BSN_REEKS = "99980"  # in the bench generator's 99 range, unused by it for these sizes; never 9999 (demo, tests)
AGB_REEKS = "9790"  # the factories use 98……


def _vrije_bsns(aantal: int) -> list[str]:
    """Valid BSNs of a range of our own (not the 9999 of demo and factories) that the database does not
    hold yet: a second run on the same database makes new inwoners beside the old ones."""
    bezet = set(Inwoner.objects.filter(bsn__startswith=BSN_REEKS).values_list("bsn", flat=True))
    return list(islice((b for b in geldige_bsns(BSN_REEKS) if b not in bezet), aantal))


def _vrije_agb_codes(aantal: int) -> list[str]:
    bezet = set(Aanbieder.objects.filter(agb_code__startswith=AGB_REEKS).values_list("agb_code", flat=True))
    return list(islice((c for n in range(10_000) if (c := f"{AGB_REEKS}{n:04d}") not in bezet), aantal))


def _pool():
    """A few inwoners (BRP address in Venlo, so Venlo sends their 301s: IV046; adults, as Wmo clients are) and
    aanbieders the messages are spread over."""
    venlo, vandaag = gemeente("0983"), timezone.localdate()
    inwoners = [
        inwoner_in(venlo, bsn=bsn, geboortedatum=geboortedatum("wmo", n, vandaag))
        for n, bsn in enumerate(_vrije_bsns(POOL_INWONERS))
    ]
    # client_301 reads them for every message
    prefetch_related_objects(inwoners, "adressen", "relaties__persoon__adressen")
    aanbieders = [AanbiederFactory(agb_code=agb) for agb in _vrije_agb_codes(POOL_AANBIEDERS)]
    return venlo, inwoners, aanbieders


def _reserveer_identificaties(soort: str, afzender: str, aantal: int) -> int:
    """A block of BerichtIdentificaties from the same reeks uitgaand.toewijzingsbericht_plaatsen uses;
    returns the first."""
    with transaction.atomic():
        reeks, _ = Identificatiereeks.objects.select_for_update().get_or_create(soort=soort, afzender=afzender)
        eerste = reeks.laatste + 1
        reeks.laatste += aantal
        reeks.save(update_fields=["laatste"])
    return eerste


def _toewijzing(nummer: int, inwoner, aanbieder, product, gemeente):
    """An unsaved toewijzing: only what the 301's ToegewezenProduct reads (istandaard.opbouw._product)."""
    vandaag = timezone.localdate()
    return Toewijzing(
        nummer=nummer,
        gemeente=gemeente,
        domein="wmo",
        inwoner=inwoner,
        aanbieder=aanbieder,
        product=product,
        volume=1,
        eenheid=product.eenheid,
        frequentie="6",
        ingangsdatum=vandaag,
        einddatum=vandaag + timedelta(days=180),
        toewijzingsmoment=timezone.now(),
        laatste_wijziging="nieuw",
    )


def maak_outbox(aantal: int) -> tuple[list[int], int]:
    """N WMO301 rows in status klaar, as uitgaand.toewijzingsbericht_plaatsen leaves them; returns their pks
    and the number that failed the app's own validation (expected 0)."""
    venlo, inwoners, aanbieders = _pool()
    producten = list(Product.objects.filter(code__in=PRODUCTEN["wmo"]))
    eerste = _reserveer_identificaties("WMO301", venlo.cbs_code, aantal)
    vandaag, rijen, ongeldig = timezone.localdate(), [], 0
    for n in range(aantal):
        inwoner, aanbieder = inwoners[n % len(inwoners)], aanbieders[n % len(aanbieders)]
        t = _toewijzing(n + 1, inwoner, aanbieder, producten[n % len(producten)], venlo)
        identificatie = f"{eerste + n:012d}"
        kop = header(
            "wmo",
            "301",
            afzender=venlo.cbs_code,
            ontvanger=aanbieder.agb_code,
            identificatie=identificatie,
            dagtekening=vandaag,
        )
        xml = naar_xml("wmo", "301", {"Header": kop, "Client": client_301(inwoner, [t], {}, "wmo")})
        ongeldig += not valideer(xml).geldig
        rijen.append(
            Bericht(
                richting=Richting.UIT,
                soort="WMO301",
                domein="wmo",
                gemeente=venlo,
                aanbieder=aanbieder,
                inwoner=inwoner,
                afzender=venlo.cbs_code,
                identificatie=identificatie,
                dagtekening=vandaag,
                xml=xml,
                status=BerichtStatus.KLAAR,
            )
        )
    with transaction.atomic():
        gemaakt = Bericht.objects.bulk_create(rijen, batch_size=500)
    return [b.pk for b in gemaakt], ongeldig


def verzonden(eerste: int, laatste: int) -> int:
    return Bericht.objects.filter(pk__range=(eerste, laatste), status=BerichtStatus.VERZONDEN).count()


def stand(eerste: int, laatste: int) -> dict[str, int]:
    rijen = Bericht.objects.filter(pk__range=(eerste, laatste)).values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rijen}


def controleer(uit: Path, eerste: int, laatste: int, aantal: int) -> tuple[dict, list[str]]:
    """Files == rows == distinct identificaties, each file its row's bytes, no two files alike."""
    rijen = Bericht.objects.filter(pk__range=(eerste, laatste))
    verwacht = {
        f"{s}-{a}-{i}.xml": bytes(x) for s, a, i, x in rijen.values_list("soort", "afzender", "identificatie", "xml")
    }
    identificaties = rijen.values_list("soort", "afzender", "identificatie").distinct().count()
    namen = sorted(os.listdir(uit)) if uit.is_dir() else []
    bestanden = [n for n in namen if n.endswith(".xml") and not n.startswith(".")]
    tijdelijk = [n for n in namen if n.endswith(".tmp")]
    overig = sorted(set(namen) - set(bestanden) - set(tijdelijk))
    inhoud = {n: (uit / n).read_bytes() for n in bestanden}
    hashes = {hashlib.sha256(b).hexdigest() for b in inhoud.values()}
    pogingen = rijen.aggregate(som=Sum("pogingen"), hoogst=Max("pogingen"))
    cijfers = {
        "rijen": len(verwacht),
        "identificaties": identificaties,
        "bestanden": len(bestanden),
        "unieke_inhoud": len(hashes),
        "tijdelijke_bestanden": len(tijdelijk),
        "pogingen": pogingen["som"] or 0,
        "pogingen_hoogst": pogingen["hoogst"] or 0,
    }
    afwijkingen = []
    if not aantal == len(verwacht) == identificaties == len(bestanden) == len(hashes):
        afwijkingen.append(
            f"aantallen ongelijk: {aantal} gemaakt, {len(verwacht)} rijen, {identificaties} identificaties, "
            f"{len(bestanden)} bestanden, {len(hashes)} verschillende inhouden"
        )
    if ontbreekt := sorted(set(verwacht) - set(inhoud)):
        afwijkingen.append(f"{len(ontbreekt)} berichten zonder bestand, o.a. {ontbreekt[:3]}")
    if vreemd := sorted(set(inhoud) - set(verwacht)):
        afwijkingen.append(f"{len(vreemd)} bestanden zonder bericht, o.a. {vreemd[:3]}")
    if anders := sorted(n for n in inhoud.keys() & verwacht.keys() if inhoud[n] != verwacht[n]):
        afwijkingen.append(f"{len(anders)} bestanden wijken af van de XML van hun bericht, o.a. {anders[:3]}")
    if overig:
        afwijkingen.append(f"onverwachte bestanden in uit/: {overig[:5]}")
    return cijfers, afwijkingen
