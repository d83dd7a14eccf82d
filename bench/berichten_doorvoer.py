"""`python -m bench.doorvoer`: the message pipeline's throughput per stage for N toewijzingen.

It lives in bench/, not in the berichten app: it makes the demo data (`demo`), and the app must not
depend on its own benchmark (bench/doorvoer.py is the command line).

The toewijzingen are made first and not measured (bench/berichten_gegevens.py): new clients through the
app's services, spread over all seven gemeenten, each dossier in the gemeente of the client's BRP address
(the woonplaatsbeginsel), with ages that fit Jeugd (0-16) or Wmo (18+) and aanbieders contracted in that
gemeente. Each message goes from the gemeente of its toewijzing, numbered in that gemeente's reeks. A
database the bench already filled is refused before anything changes (a fresh one per run, see below), so
repeated runs never stack toewijzingen. Then, batch by batch (`--reeks`, 500), the stages of
production's `berichten.uitgaand._bouw`: build (the OP087 query for all messages at once, then per
message `uitgaand.gegevens_301`), serialise (`istandaard.xml.schrijf`, the generated writer), validate
(`istandaard.validatie.valideer_geschreven`: the bytes parsed and checked against our XSD, all the rules
of istandaard/regels.py on the dict the writer made along with them; `outbox.bericht_bouwen` is these two
steps), write (`MapTransport.verstuur_reeks`), database (the batch's outbox rows: COPY on PostgreSQL,
bulk_create elsewhere). Beside it, lxml alone: parsing and XSD-checking the same bytes. Per stage wall
clock and CPU time (this process, writer threads included); on a local PostgreSQL also the CPU time of
this connection's backend (the query and the COPY). `--uit` must be empty or new (a file already there
would count as sent without being written).

Nothing is weakened. Every message is validated in full (XSD and every rule) before it is written, and
only a valid one is written (an invalid one is stored afgekeurd with its findings and counted). The
bytes are those of before (CR/LF, no BOM; tests/berichten/test_doorvoer.py holds the writer to lxml's
own output). Files are written under a temporary name and renamed. fsync policy for a batch: each
file's data is fsync'ed before its rename, the folder once after the batch's last rename, and only then
are the batch's rows stored as sent; the Celery task's `MapTransport.verstuur` still fsyncs file and
folder for every message.

Measured 6 December 2026 on the shared 2-core machine (another engineer's tests running: load 1-4),
10,000 JW301 (with the data of before 7 December 2026: every message from Venlo, over 350 demo inwoners;
not measured again since), a fresh database per run (from a migrated template holding the demo data) and a new
output folder per run, fsync on:

    createdb -T toegang_bench_sjabloon toegang_bench_doorvoer
    POSTGRES_DB=toegang_bench_doorvoer python -m bench.doorvoer --aantal 10000 \
        --uit /tmp/doorvoer-$(date +%s%N) --settings=toegang.settings.test

Messages per CPU-second of this process. The machine ran faster than on 25 November, when the code of
b5c9325 did 969-1,006; "before" is that code (bb4060d's berichten files) run the same way today, at
load 1.0; "after" ran at load 3.0-3.8:

                  before, 3 runs         after, 3 runs          after, wall clock
    bouwen        13784 14315 14326      17339 17046 16530      11543 13602 13833
    serialiseren  15910 16160 16599      21864 21531 20854      18232 18165 20390
    valideren      9715  9739 10161      11476 11111 10980      10167  9120 10848
    schrijven      9739 10154 10895      12481 11419 13165       6861  7139  8479
    database      27395 27024 30230      42317 39480 38441       6860  7286  8787
    totaal         2649  2703  2830       3398  3247  3317       1882  1940  2246
    lxml alleen   21297 20854 21609      23017 22801 21881      21561 20024 21716

With this connection's PostgreSQL backend counted too (0.82-0.86 s CPU per 10,000) the after figure is
2,564-2,657 per CPU-second. With --per-bericht (written as the Celery task writes: file and folder
fsync'ed per message, one after the other) the write stage did 3,968 4,265 4,624 per CPU-second and the
total 2,074 2,133 2,174 (load 3.8-5.3). What it took this time: the writer laid out as one function per message
type (every tag, indentation and CR/LF a constant, no call per element), dates read once in the rules,
the toewijzingsmoment converted without localtime's checks, COPY rows with the batch's constant columns
written once, and a batch's dicts released as soon as they are done (kept alive into the next batch
they only gave the garbage collector more to walk: 10-20% of build, validate and write). What is left
is mostly not Python: parsing and the XSD (lxml alone, about 44 µs a message), creating and fsyncing a
file per message (75-100 µs, nearly all kernel: context switches and virtio notifications, measured
with perf), and the database server's work per row. Writing right after deleting tens of thousands of
files on the same filesystem cost three times that in a test of the write alone (ext4 skips recently
deleted inodes when it allocates one: `recently_deleted` took 30% of the kernel's samples)."""

from __future__ import annotations

import gc
import io
import json
import os
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from berichten.models import Bericht, BerichtStatus, Identificatiereeks, Richting
from berichten.transport import MapTransport
from berichten.uitgaand import actueel, gegevens_301
from inwoners.models import Inwoner
from istandaard.definities.xsd import schema_voor
from istandaard.validatie import valideer_geschreven
from istandaard.xml import lees, schrijf
from organisaties.models import Aanbieder, Gemeente
from verwijzing.models import Toewijzing

from .berichten_gegevens import AlGevuld, al_gevuld, maak_toewijzingen


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
    "kanaal",
    "grootte",
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


def _bewaar(rijen: list[_Uit], domein: str, dagtekening: date) -> None:
    """The outbox rows of one batch, in one transaction: COPY on PostgreSQL, else bulk_create. Each row
    belongs to its toewijzing's gemeente, the afzender of its message."""
    nu = timezone.now()
    with transaction.atomic():
        if _copy_kan():
            # What is the same for the whole batch is written once: per row only the varying columns.
            c = _copy_tekst
            kop = c(Richting.UIT.value)
            dom = c(domein)
            dag = c(dagtekening.isoformat())
            staarten: dict[str, str] = {}  # status -> redenen … grootte (verzonden_op follows the status)
            buffer = io.StringIO()
            for r in rijen:
                t = r.toewijzing
                staart = staarten.get(r.status)
                if staart is None:
                    verzonden = nu.isoformat() if r.status == BerichtStatus.VERZONDEN else None
                    staart = "\t".join(
                        map(c, ("{}", None, None, 0, verzonden, nu.isoformat(), nu.isoformat(), "", None))
                    )
                    staarten[r.status] = staart
                fouten = c(json.dumps(r.fouten)) if r.fouten else "[]"
                buffer.write(
                    f"{kop}\t{c(r.soort)}\t{dom}\t{c(t.gemeente_id)}\t{c(t.aanbieder_id)}\t{c(t.inwoner_id)}\t"
                    f"{c(r.afzender)}\t{c(r.identificatie)}\t{dag}\t{c(r.xml)}\t{c(r.status)}\t{fouten}\t{staart}\n"
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
                    gemeente_id=r.toewijzing.gemeente_id,
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
    "gemeente",
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
    aanbieder from the same gemeente (each gemeente is its own opdrachtgever), with what the client part
    needs loaded once (each inwoner and aanbieder one object, the addresses and relations prefetched), as
    a sweep of the outbox would do it."""
    inwoner_ids = set(Toewijzing.objects.filter(pk__in=ids).values_list("inwoner_id", flat=True))
    alle = list(
        Toewijzing.objects.filter(inwoner_id__in=inwoner_ids, domein=domein)
        .filter(actueel(vandaag))
        .select_related("product")
        .only(*_VELDEN)
        .order_by("nummer")
    )
    inwoners = Inwoner.objects.filter(pk__in=inwoner_ids).prefetch_related("adressen", "relaties__persoon__adressen")
    inwoners = {i.pk: i for i in inwoners}
    aanbieders = Aanbieder.objects.in_bulk({t.aanbieder_id for t in alle})
    inwoner_veld, aanbieder_veld = Toewijzing.inwoner.field, Toewijzing.aanbieder.field
    groepen: dict[tuple, list] = {}
    for t in alle:
        inwoner_veld.set_cached_value(t, inwoners[t.inwoner_id])
        aanbieder_veld.set_cached_value(t, aanbieders[t.aanbieder_id])
        groepen.setdefault((t.gemeente_id, t.inwoner_id, t.aanbieder_id), []).append(t)
    return {t.pk: (t, groepen[(t.gemeente_id, t.inwoner_id, t.aanbieder_id)]) for t in alle}


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


def meet(aantal: int, uit: Path, domein: str, reeks: int = 500, per_bericht: bool = False) -> dict:
    """Wall-clock and CPU seconds per stage (CPU: this process, its writer threads included; not the
    database server's). Stage by stage per batch of `reeks` messages: build, serialise, validate (each
    message on its own), write the batch (`MapTransport.verstuur_reeks`: each file fsync'ed, one folder
    fsync), store its rows in one transaction. A message that fails validation is not written: its row
    is stored as afgekeurd with its findings, and counted in `ongeldig`.

    `per_bericht`: write as the Celery task does (`MapTransport.verstuur`: file and folder fsync'ed for
    every message, one after the other) instead of `verstuur_reeks`.

    `uit` must be empty or new: a file already there with the same name and bytes would count as sent
    without being written (idempotence), and one with other bytes would fail the batch."""
    if uit.exists() and any(uit.iterdir()):
        raise ValueError(f"De map {uit} is niet leeg; kies een nieuwe map voor elke meting.")
    reden = al_gevuld()
    if reden:
        raise AlGevuld(reden)
    ids = maak_toewijzingen(aantal, domein)
    tijden = dict.fromkeys((*STAPPEN, "lxml_alleen"), 0.0)
    cpu = dict.fromkeys((*STAPPEN, "lxml_alleen"), 0.0)
    soort = "JW301" if domein == "jeugd" else "WMO301"
    # Each message goes from the gemeente of its toewijzing (the client's, IV046), numbered in that
    # gemeente's own reeks of BerichtIdentificaties, as uitgaand numbers them.
    cbs = dict(Gemeente.objects.values_list("pk", "cbs_code"))
    afzender_van = {pk: cbs[g] for pk, g in Toewijzing.objects.filter(pk__in=ids).values_list("pk", "gemeente")}
    per_afzender = Counter(afzender_van.values())
    volgende = {}
    with transaction.atomic():
        for afzender, hoeveel in sorted(per_afzender.items()):
            nummers, _ = Identificatiereeks.objects.select_for_update().get_or_create(soort=soort, afzender=afzender)
            volgende[afzender] = nummers.laatste + 1
            nummers.laatste += hoeveel
            nummers.save(update_fields=["laatste"])
    identificaties = {}
    for pk in ids:
        afzender = afzender_van[pk]
        identificaties[pk] = (afzender, f"{volgende[afzender]:012d}")
        volgende[afzender] += 1
    transport, ongeldig = MapTransport(uit=uit), 0
    schema, vandaag = schema_voor(domein, "301"), timezone.localdate()
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
            deel = [(*identificaties[pk], *per_pk[pk]) for pk in ids[begin : begin + reeks]]
            # The production path (uitgaand._bouw) stage by stage: gegevens_301, then outbox.bericht_bouwen's two steps.
            gegevens = [
                gegevens_301(
                    domein,
                    afzender=afzender,
                    identificatie=identificatie,
                    dagtekening=vandaag,
                    toewijzingen=groep,
                    redenen={},
                )
                for afzender, identificatie, _toewijzing, groep in deel
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
            for (afzender, identificatie, toewijzing, _groep), g, uitslag in zip(
                deel, geschreven, uitslagen, strict=True
            ):
                if uitslag.geldig:
                    status, fouten = BerichtStatus.VERZONDEN, []
                else:
                    ongeldig += 1
                    status, fouten = BerichtStatus.AFGEKEURD, [b.als_dict() for b in uitslag.bevindingen]
                rijen.append(_Uit(soort, afzender, identificatie, g.xml, toewijzing, status, fouten))
            del geschreven, uitslagen
            # Only what passed every check is written; the rows are stored (sent) after the folder fsync.
            if per_bericht:
                for r in rijen:
                    if r.status == BerichtStatus.VERZONDEN:
                        transport.verstuur(r)
            else:
                transport.verstuur_reeks([r for r in rijen if r.status == BerichtStatus.VERZONDEN])
            t = stap("schrijven", t)
            _bewaar(rijen, domein, vandaag)
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
        "schrijven": "per bericht" if per_bericht else "per reeks",
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
