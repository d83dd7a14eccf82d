"""`manage.py berichten bench`: the message pipeline's throughput per stage for N toewijzingen.

Creating the toewijzingen is not measured. Then, per message: build (the OP087 query and the client
dict), serialise (XML), validate (our XSD and rules), write (the folder transport, fsync and rename),
database (the outbox rows). Beside it, validating the same messages with lxml's XSD check alone."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from inwoners.models import Inwoner
from organisaties.models import Aanbieder, Gemeente
from producten.models import Product
from verwijzing.models import Beschikking, Dossier, Indicatie, Nummerreeks, Status, Toewijzing

from .definities.xsd import schema_voor
from .models import Bericht, BerichtStatus, Identificatiereeks, Richting
from .opbouw import client_301, header
from .transport import MapTransport
from .validatie import valideer
from .xml import lees, naar_xml

PRODUCTEN = {"jeugd": ("45L12", "54L01", "45L13"), "wmo": ("01B04", "02A02", "07A02")}


def _demo() -> None:
    if not Aanbieder.objects.filter(agb_code__startswith="981000").exists():
        from demo.gegevens import maak_demo_gegevens

        maak_demo_gegevens()


@transaction.atomic
def maak_toewijzingen(aantal: int, domein: str) -> list[int]:
    """N toewijzingen spread over the demo inwoners and aanbieders, never the same product twice for
    one client at one aanbieder (TR302). No signal: the bench sends the messages itself."""
    _demo()
    inwoners = list(Inwoner.objects.filter(adressen__soort="01").order_by("pk")[:350])
    aanbieders = list(Aanbieder.objects.order_by("pk")[:10])
    producten = [Product.objects.get(code=c) for c in PRODUCTEN[domein]]
    if aantal > len(inwoners) * len(aanbieders) * len(producten):
        raise ValueError(f"Hoogstens {len(inwoners) * len(aanbieders) * len(producten)} toewijzingen.")
    gemeente = Gemeente.objects.get(cbs_code="0983")
    from accounts.models import Gebruiker

    consulent = Gebruiker.objects.filter(rol="consulent").order_by("pk").first()
    vandaag, nu = timezone.localdate(), timezone.now()
    reeks, _ = Nummerreeks.objects.select_for_update().get_or_create(gemeente=gemeente, domein=domein)
    ids = []
    for i in range(aantal):
        inwoner = inwoners[i % len(inwoners)]
        aanbieder = aanbieders[(i // len(inwoners)) % len(aanbieders)]
        product = producten[i // (len(inwoners) * len(aanbieders))]
        dossier = Dossier.objects.create(
            inwoner=inwoner,
            gemeente=gemeente,
            domein=domein,
            consulent=consulent,
            meldingsdatum=vandaag,
            kanaal="loket",
            melder="inwoner",
            hulpvraag="Bench",
            aanvraag_op=vandaag,
        )
        Dossier.objects.filter(pk=dossier.pk).update(status=Status.TOEGEKEND)
        indicatie = Indicatie.objects.create(
            dossier=dossier,
            product=product,
            aanbieder=aanbieder,
            volume=1,
            frequentie="6",
            ingangsdatum=vandaag,
            einddatum=vandaag + timedelta(days=180),
            uitkomst="toegestaan",
            regelset_versie=1,
            aangemaakt_door=consulent,
        )
        beschikking = Beschikking.objects.create(
            dossier=dossier,
            soort="toekenning",
            status="vastgesteld",
            motivering="Bench",
            sjabloon="beschikking-v1",
            opgesteld_door=consulent,
            vastgesteld_door=consulent,
            vastgesteld_op=nu,
        )
        reeks.laatste += 1
        t = Toewijzing.objects.create(
            nummer=reeks.laatste,
            gemeente=gemeente,
            domein=domein,
            dossier=dossier,
            beschikking=beschikking,
            indicatie=indicatie,
            inwoner=inwoner,
            product=product,
            aanbieder=aanbieder,
            volume=1,
            eenheid=product.eenheid,
            frequentie="6",
            ingangsdatum=vandaag,
            einddatum=vandaag + timedelta(days=180),
            toewijzingsmoment=nu,
            laatste_wijziging="nieuw",
        )
        ids.append(t.pk)
    reeks.save(update_fields=["laatste"])
    return ids


def meet(aantal: int, uit: Path, domein: str) -> dict:
    ids = maak_toewijzingen(aantal, domein)
    tijden = {k: 0.0 for k in ("bouwen", "serialiseren", "valideren", "schrijven", "database", "lxml_alleen")}
    soort = "JW301" if domein == "jeugd" else "WMO301"
    gemeente = Gemeente.objects.get(cbs_code="0983")
    with transaction.atomic():
        reeks, _ = Identificatiereeks.objects.select_for_update().get_or_create(soort=soort, afzender=gemeente.cbs_code)
        eerste, reeks.laatste = reeks.laatste + 1, reeks.laatste + aantal
        reeks.save(update_fields=["laatste"])
    transport, rijen, ongeldig = MapTransport(uit=uit), [], 0
    schema, vandaag = schema_voor(domein, "301"), date.today()
    t0 = time.perf_counter()
    # OP087 for all messages at once: every actual toewijzing per client and aanbieder, with what the
    # client part needs prefetched (a batch, as a sweep of the outbox would do it).
    alle = list(
        Toewijzing.objects.filter(inwoner_id__in={t.inwoner_id for t in Toewijzing.objects.filter(pk__in=ids)})
        .filter(domein=domein)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag))
        .select_related("inwoner", "aanbieder", "product")
        .prefetch_related("inwoner__adressen", "inwoner__relaties")
        .order_by("nummer")
    )
    groepen: dict[tuple, list] = {}
    for x in alle:
        groepen.setdefault((x.inwoner_id, x.aanbieder_id), []).append(x)
    per_pk = {x.pk: x for x in alle}
    tijden["bouwen"] += time.perf_counter() - t0
    for n, pk in enumerate(ids):
        t0 = time.perf_counter()
        t = per_pk[pk]
        groep = groepen[(t.inwoner_id, t.aanbieder_id)]
        gegevens = {
            "Header": header(
                domein,
                "301",
                afzender=gemeente.cbs_code,
                ontvanger=t.aanbieder.agb_code,
                identificatie=f"{eerste + n:012d}",
                dagtekening=vandaag,
            ),
            "Client": client_301(t.inwoner, groep, {}, domein),
        }
        t1 = time.perf_counter()
        xml = naar_xml(domein, "301", gegevens)
        t2 = time.perf_counter()
        uitslag = valideer(xml)
        ongeldig += not uitslag.geldig
        t3 = time.perf_counter()
        bericht = Bericht(
            richting=Richting.UIT,
            soort=soort,
            domein=domein,
            gemeente=gemeente,
            aanbieder=t.aanbieder,
            inwoner=t.inwoner,
            afzender=gemeente.cbs_code,
            identificatie=f"{eerste + n:012d}",
            dagtekening=vandaag,
            xml=xml,
            status=BerichtStatus.VERZONDEN,
            verzonden_op=timezone.now(),
        )
        transport.verstuur(bericht)
        t4 = time.perf_counter()
        schema.validate(lees(xml))
        t5 = time.perf_counter()
        rijen.append(bericht)
        tijden["bouwen"] += t1 - t0
        tijden["serialiseren"] += t2 - t1
        tijden["valideren"] += t3 - t2
        tijden["schrijven"] += t4 - t3
        tijden["lxml_alleen"] += t5 - t4
    t0 = time.perf_counter()
    with transaction.atomic():
        Bericht.objects.bulk_create(rijen, batch_size=500)
    tijden["database"] = time.perf_counter() - t0
    totaal = sum(v for k, v in tijden.items() if k != "lxml_alleen")
    return {
        "aantal": aantal,
        "soort": soort,
        "ongeldig": ongeldig,
        "seconden": {k: round(v, 3) for k, v in tijden.items()},
        "per_seconde": {k: round(aantal / v) if v else None for k, v in tijden.items()},
        "totaal_per_seconde": round(aantal / totaal) if totaal else None,
    }
