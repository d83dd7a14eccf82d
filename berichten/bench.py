"""`manage.py berichten bench`: the message pipeline's throughput per stage for N toewijzingen.

Creating the toewijzingen is not measured. Then, batch by batch (`--reeks`, 500): build (the OP087 query
for all messages at once, then per message the header and client dict), serialise (`xml.schrijf`),
validate (`validatie.valideer_geschreven`: the bytes parsed and checked against our XSD, all the rules of
regels.py on the dict the writer made along with them), write (`MapTransport.verstuur_reeks`), database
(the batch's outbox rows: COPY on PostgreSQL, bulk_create elsewhere). Beside it, lxml alone: parsing and
XSD-checking the same bytes. Per stage wall clock and CPU time (this process, writer threads included);
on a local PostgreSQL also the CPU time of this connection's backend (the query and the COPY).

Nothing is weakened. Every message is validated in full (XSD and every rule) before it is written, and
only a valid one is written (an invalid one is stored afgekeurd with its findings and counted). The
bytes are those of before (CR/LF, no BOM; tests/berichten/test_doorvoer.py holds the writer to lxml's
own output). Files are written under a temporary name and renamed. fsync policy for a batch: each
file's data is fsync'ed before its rename, the folder once after the batch's last rename, and only then
are the batch's rows stored as sent; the Celery task's `MapTransport.verstuur` still fsyncs file and
folder for every message.

Measured 25 November 2026 on the shared 2-core machine (other sessions running: load 2-5, and the disk's
fsync cost varied several-fold during the day), 10,000 JW301, a fresh database per run (created from a
migrated template), fsync on:

    createdb -T toegang_doorvoer_bench_tpl toegang_doorvoer_bench
    POSTGRES_DB=toegang_doorvoer_bench python manage.py berichten bench --aantal 10000 \
        --uit /tmp/doorvoer-uit --settings=toegang.settings.test

Before: the code of 47fe35a (per message: build, naar_xml, valideer(bytes), MapTransport.verstuur
with its two fsyncs; one bulk_create at the end), run from a `git archive` of it in the same way (its
subcommand took --settings only before `bench`); CPU: the same bench with its stage clock switched to
time.process_time. After: this code. Messages per second:

                  before: wall, 5 runs    CPU, 2 runs   after: wall, 3 runs    CPU, 3 runs
    bouwen        674-1388                1459 1491     3849 3127 4330         4894 4672 4652
    serialiseren  1211-1687               1591 1771     4645 3901 5273         5206 5117 5285
    valideren     764-1203                1225 1364     2506 2506 3323         3168 3102 3336
    schrijven     145-661                 873 891       2964 2811 4079         4195 4269 4469
    database      1326-2116               2612 2437     2551 2624 3663         15799 15264 15013
    totaal        89-233                  273 286       624 584 807            986 969 1006
    lxml alleen   2722-4501               4857 5367     6274 5824 8042         7871 7240 8057

With this connection's PostgreSQL backend counted too (2.27-2.40 s CPU per 10,000: the OP087 query,
and for the COPY TOAST compression and nine indexes) the after figure is 786-819 per CPU-second. In an
earlier run of this code, when the disk was busy, the kernel spent 860 µs of CPU per file written
instead of ~200: 1,164 per CPU-second for the write stage, 625 in total. On the SQLite demo settings
(1,000 JW301, `python manage.py berichten bench --aantal 1000 --uit DIR`): before 265 and 283 per
second, after 1,083 and 710.

What it took: gc.freeze() after loading the batch's data; OP087 with each inwoner and aanbieder loaded
once and only the columns the message needs; the prefetched addresses and relations read without a
related manager; a writer generated per message type instead of an lxml tree built element by element
(the dict the rules check comes out of the same walk, so nothing is read twice); the rules' shared
walks made once per message; files fsync'ed by eight threads at once, one folder fsync per batch; the
rows stored with COPY. What is left is mostly not Python: parsing and the XSD (lxml alone), creating and
fsyncing one file per message, and the database server's work per row."""

from __future__ import annotations

import gc
import io
import json
import os
import time
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from inwoners.models import Inwoner
from organisaties.models import Aanbieder, Gemeente
from producten.models import Product
from verwijzing.models import Beschikking, Dossier, Indicatie, Nummerreeks, Status, Toewijzing, Wijziging

from .definities.xsd import schema_voor
from .models import Bericht, BerichtStatus, Identificatiereeks, Richting
from .transport import MapTransport
from .uitgaand import gegevens_301
from .validatie import valideer_geschreven
from .xml import lees, schrijf

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


class _Uit(NamedTuple):
    """One message of the batch: what the transport needs (soort, afzender, identificatie, xml) and the
    row it becomes."""

    soort: str
    afzender: str
    identificatie: str
    xml: bytes
    toewijzing: Toewijzing
    status: str
    fouten: list


_KOLOMMEN = (
    "richting",
    "soort",
    "domein",
    "gemeente_id",
    "aanbieder_id",
    "inwoner_id",
    "afzender",
    "identificatie",
    "dagtekening",
    "xml",
    "status",
    "fouten",
    "redenen",
    "wacht_op_id",
    "retour_van_id",
    "pogingen",
    "verzonden_op",
    "aangemaakt_op",
    "gewijzigd_op",
)


def _copy_tekst(waarde) -> str:
    """One value in COPY's text format."""
    if waarde is None:
        return "\\N"
    if isinstance(waarde, bytes):
        return "\\\\x" + waarde.hex()
    tekst = waarde if isinstance(waarde, str) else str(waarde)
    if "\\" in tekst or "\t" in tekst or "\n" in tekst or "\r" in tekst:
        tekst = tekst.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return tekst


def _copy_kan() -> bool:
    """COPY on PostgreSQL when the columns are exactly the ones written below (a changed model falls back
    to bulk_create rather than writing a row that is incomplete)."""
    kolommen = {f.column for f in Bericht._meta.concrete_fields if not f.primary_key}
    return connection.vendor == "postgresql" and kolommen == set(_KOLOMMEN)


def _bewaar(rijen: list[_Uit], domein: str, gemeente: Gemeente, dagtekening: date) -> None:
    """The outbox rows of one batch, in one transaction: COPY on PostgreSQL, else bulk_create."""
    nu = timezone.now()
    with transaction.atomic():
        if _copy_kan():
            # What is the same for the whole batch is written once: per row only the varying columns.
            c = _copy_tekst
            kop = "\t".join(map(c, (Richting.UIT.value,)))
            midden = "\t".join(map(c, (domein, gemeente.pk)))
            dag = c(dagtekening.isoformat())
            staarten: dict[str, str] = {}  # status -> redenen … gewijzigd_op (verzonden_op follows the status)
            buffer = io.StringIO()
            for r in rijen:
                t = r.toewijzing
                staart = staarten.get(r.status)
                if staart is None:
                    verzonden = nu.isoformat() if r.status == BerichtStatus.VERZONDEN else None
                    staart = "\t".join(map(c, ("{}", None, None, 0, verzonden, nu.isoformat(), nu.isoformat())))
                    staarten[r.status] = staart
                fouten = c(json.dumps(r.fouten)) if r.fouten else "[]"
                buffer.write(
                    f"{kop}\t{c(r.soort)}\t{midden}\t{c(t.aanbieder_id)}\t{c(t.inwoner_id)}\t{c(r.afzender)}\t"
                    f"{c(r.identificatie)}\t{dag}\t{c(r.xml)}\t{c(r.status)}\t{fouten}\t{staart}\n"
                )
            buffer.seek(0)
            sql = f"COPY {Bericht._meta.db_table} ({', '.join(_KOLOMMEN)}) FROM STDIN"
            with connection.cursor() as cursor:
                ruw = cursor.cursor
                if hasattr(ruw, "copy_expert"):  # psycopg2
                    ruw.copy_expert(sql, buffer)
                else:  # psycopg 3
                    with ruw.copy(sql) as copy:
                        copy.write(buffer.getvalue())
            return
        Bericht.objects.bulk_create(
            [
                Bericht(
                    richting=Richting.UIT,
                    soort=r.soort,
                    domein=domein,
                    gemeente=gemeente,
                    aanbieder_id=r.toewijzing.aanbieder_id,
                    inwoner_id=r.toewijzing.inwoner_id,
                    afzender=r.afzender,
                    identificatie=r.identificatie,
                    dagtekening=dagtekening,
                    xml=r.xml,
                    status=r.status,
                    fouten=r.fouten,
                    verzonden_op=nu if r.status == BerichtStatus.VERZONDEN else None,
                )
                for r in rijen
            ],
            batch_size=500,
        )


# What the message needs of a toewijzing (opbouw._product); the rest of the row is not loaded.
_VELDEN = (
    "nummer",
    "inwoner",
    "aanbieder",
    "referentie_aanbieder",
    "product__categorie",
    "product__code",
    "toewijzingsmoment",
    "ingangsdatum",
    "einddatum",
    "budget",
    "volume",
    "eenheid",
    "frequentie",
)


def _op087(ids: list[int], domein: str, vandaag: date) -> dict[int, tuple[Toewijzing, list[Toewijzing]]]:
    """OP087 for all messages at once: per toewijzing, every actual toewijzing of that client at that
    aanbieder, with what the client part needs loaded once (each inwoner and aanbieder one object, the
    addresses and relations prefetched), as a sweep of the outbox would do it."""
    inwoner_ids = set(Toewijzing.objects.filter(pk__in=ids).values_list("inwoner_id", flat=True))
    alle = list(
        Toewijzing.objects.filter(inwoner_id__in=inwoner_ids, domein=domein)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag))
        .exclude(laatste_wijziging=Wijziging.VERWIJDERD)  # as uitgaand._actueel
        .select_related("product")
        .only(*_VELDEN)
        .order_by("nummer")
    )
    inwoners = Inwoner.objects.filter(pk__in=inwoner_ids).prefetch_related("adressen", "relaties__persoon")
    inwoners = {i.pk: i for i in inwoners}
    aanbieders = Aanbieder.objects.in_bulk({t.aanbieder_id for t in alle})
    inwoner_veld, aanbieder_veld = Toewijzing.inwoner.field, Toewijzing.aanbieder.field
    groepen: dict[tuple, list] = {}
    for t in alle:
        inwoner_veld.set_cached_value(t, inwoners[t.inwoner_id])
        aanbieder_veld.set_cached_value(t, aanbieders[t.aanbieder_id])
        groepen.setdefault((t.inwoner_id, t.aanbieder_id), []).append(t)
    return {t.pk: (t, groepen[(t.inwoner_id, t.aanbieder_id)]) for t in alle}


STAPPEN = ("bouwen", "serialiseren", "valideren", "schrijven", "database")


def _server_cpu() -> float | None:
    """CPU seconds so far of this connection's PostgreSQL backend, when it runs on this machine (its
    /proc entry is readable); else None. The OP087 query and the COPY are work of the pipeline too."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
            return None
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def meet(aantal: int, uit: Path, domein: str, reeks: int = 500) -> dict:
    """Wall-clock and CPU seconds per stage (CPU: this process, its writer threads included; not the
    database server's). Stage by stage per batch of `reeks` messages: build, serialise, validate (each
    message on its own), write the batch (`MapTransport.verstuur_reeks`: each file fsync'ed, one folder
    fsync), store its rows in one transaction. A message that fails validation is not written: its row
    is stored as afgekeurd with its findings, and counted in `ongeldig`.

    `uit` must be empty or new: a file already there with the same name and bytes would count as sent
    without being written (idempotence), and one with other bytes would fail the batch."""
    if uit.exists() and any(uit.iterdir()):
        raise ValueError(f"De map {uit} is niet leeg; kies een nieuwe map voor elke meting.")
    ids = maak_toewijzingen(aantal, domein)
    tijden = dict.fromkeys((*STAPPEN, "lxml_alleen"), 0.0)
    cpu = dict.fromkeys((*STAPPEN, "lxml_alleen"), 0.0)
    soort = "JW301" if domein == "jeugd" else "WMO301"
    gemeente = Gemeente.objects.get(cbs_code="0983")
    with transaction.atomic():
        nummers, _ = Identificatiereeks.objects.select_for_update().get_or_create(
            soort=soort, afzender=gemeente.cbs_code
        )
        eerste, nummers.laatste = nummers.laatste + 1, nummers.laatste + aantal
        nummers.save(update_fields=["laatste"])
    transport, ongeldig = MapTransport(uit=uit), 0
    schema, vandaag, afzender = schema_voor(domein, "301"), date.today(), gemeente.cbs_code
    klok, cpu_klok = time.perf_counter, time.process_time

    def stap(naam: str, begin: tuple[float, float]) -> tuple[float, float]:
        nu = klok(), cpu_klok()
        tijden[naam] += nu[0] - begin[0]
        cpu[naam] += nu[1] - begin[1]
        return nu

    server_begin = _server_cpu()
    t = klok(), cpu_klok()
    per_pk = _op087(ids, domein, vandaag)
    # What the batches read stays alive to the end: out of the garbage collector's way (a full collection
    # would walk all those model instances again and again: a sixth of the CPU otherwise).
    gc.freeze()
    stap("bouwen", t)
    try:
        for begin in range(0, len(ids), reeks):
            t = klok(), cpu_klok()
            stuk = enumerate(ids[begin : begin + reeks], start=eerste + begin)
            deel = [(f"{n:012d}", *per_pk[pk]) for n, pk in stuk]
            # The production path (uitgaand._bouw) stage by stage: gegevens_301, then bouw_301's two steps.
            gegevens = [
                gegevens_301(
                    domein,
                    afzender=afzender,
                    identificatie=identificatie,
                    dagtekening=vandaag,
                    toewijzingen=groep,
                    redenen={},
                )
                for identificatie, _toewijzing, groep in deel
            ]
            t = stap("bouwen", t)
            geschreven = [schrijf(domein, "301", g) for g in gegevens]
            # What is no longer needed goes now (here and at the end of the batch): a batch's dicts kept
            # alive into the next one only give the garbage collector more to walk.
            del gegevens
            t = stap("serialiseren", t)
            uitslagen = [valideer_geschreven(g) for g in geschreven]
            t = stap("valideren", t)
            for g in geschreven:
                schema.validate(lees(g.xml))
            t = stap("lxml_alleen", t)
            rijen = []
            for (identificatie, toewijzing, _groep), g, uitslag in zip(deel, geschreven, uitslagen, strict=True):
                if uitslag.geldig:
                    status, fouten = BerichtStatus.VERZONDEN, []
                else:
                    ongeldig += 1
                    status, fouten = BerichtStatus.AFGEKEURD, [b.als_dict() for b in uitslag.bevindingen]
                rijen.append(_Uit(soort, afzender, identificatie, g.xml, toewijzing, status, fouten))
            del geschreven, uitslagen
            # Only what passed every check is written; the rows are stored (sent) after the folder fsync.
            transport.verstuur_reeks([r for r in rijen if r.status == BerichtStatus.VERZONDEN])
            t = stap("schrijven", t)
            _bewaar(rijen, domein, gemeente, vandaag)
            del rijen, deel
            stap("database", t)
    finally:
        gc.unfreeze()
    server_eind = _server_cpu()
    server = server_eind - server_begin if server_begin is not None and server_eind is not None else None
    totaal, totaal_cpu = sum(tijden[k] for k in STAPPEN), sum(cpu[k] for k in STAPPEN)
    return {
        "aantal": aantal,
        "soort": soort,
        "ongeldig": ongeldig,
        "reeks": reeks,
        "seconden": {k: round(v, 3) for k, v in tijden.items()},
        "per_seconde": {k: round(aantal / v) if v else None for k, v in tijden.items()},
        "totaal_per_seconde": round(aantal / totaal) if totaal else None,
        "cpu_seconden": {k: round(v, 3) for k, v in cpu.items()},
        "cpu_per_seconde": {k: round(aantal / v) if v else None for k, v in cpu.items()},
        "totaal_per_cpu_seconde": round(aantal / totaal_cpu) if totaal_cpu else None,
        # The database server's share (its backend for this connection), when measurable.
        "server_cpu_seconden": round(server, 3) if server is not None else None,
        "totaal_per_cpu_seconde_met_server": round(aantal / (totaal_cpu + server)) if server is not None else None,
    }
