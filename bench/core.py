"""The pieces every bench step shares: the scale, deterministic randomness and COPY streaming.

Kept apart from bench/generator.py so step modules can import it without importing the CLI module
(which runs as __main__ and would otherwise be imported a second time).
"""

import csv
import datetime
import io
import os
import random
import uuid
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

import psycopg2
from psycopg2 import sql

# A fixed peildatum instead of today, so the same seed gives the same data on every day the
# generator runs; ages (jeugdige or not) are decided on this date.
PEILDATUM = datetime.date(2026, 1, 1)
MEERDERJARIG = 18  # as inwoners.models.MEERDERJARIG (Jeugdwet art. 1.1); not imported to stay free of Django
CHUNK = 50_000
# COPY CSV reads an unquoted empty field as NULL; a marker of its own keeps '' an empty string,
# which the many NOT NULL blank=True CharFields need.
NULL = r"\N"
READ_SIZE = 1 << 18  # bytes per read() of COPY's data: fewer round trips through Python


def connection_params(database: str) -> dict[str, str]:
    """The server of toegang.settings.test, read from the same environment variables and defaults."""
    return {
        "host": os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        "port": os.environ.get("POSTGRES_PORT", "5432"),
        "user": os.environ.get("POSTGRES_USER", "toegang"),
        "password": os.environ.get("POSTGRES_PASSWORD", "toegang"),
        "dbname": database,
    }


# Dossiers per inwoner and toewijzingen per dossier when the command line names no size: one dossier
# per inwoner and 10/3 toewijzingen per dossier (300.000 inwoners: 300.000 dossiers, 1.000.000 toewijzingen).
DOSSIERS_PER_INWONER = 1
TOEWIJZINGEN_PER_DOSSIER = 10 / 3
# The CLI refuses more toewijzingen per dossier than this: replacements split an indicatie's period.
MAX_TOEWIJZINGEN_PER_DOSSIER = 20


@dataclass(frozen=True)
class Schaal:
    """How much to generate: inwoners, dossiers and toewijzingen; aanbieders is a fixed region size."""

    inwoners: int
    dossiers: int = 0
    toewijzingen: int = 0
    aanbieders: int = 120
    seed: int = 20260101
    chunk: int = CHUNK
    peildatum: datetime.date = PEILDATUM

    def rng(self, stap: str) -> random.Random:
        # One stream per step: adding or changing a step never changes the data of another.
        return random.Random(f"{self.seed}:{stap}")


def verdeel(rng: random.Random, aantal: int, vakken: int, minimum: int = 0) -> array:
    """Spread `aantal` items over `vakken` bins at random: exactly `aantal` in total.

    With `minimum` 1 every bin gets one first when there are enough (the rest lands at random, so
    the counts are about Poisson); with fewer items than bins, a random choice of bins gets one each.
    """
    tellingen = array("I", bytes(4 * vakken))
    if not vakken:
        if aantal:
            raise ValueError(f"{aantal} te verdelen over 0 vakken")
        return tellingen
    over = aantal
    if minimum:
        if aantal < vakken * minimum:
            for vak in rng.sample(range(vakken), aantal // minimum):
                tellingen[vak] = minimum
            return tellingen
        for vak in range(vakken):
            tellingen[vak] = minimum
        over -= vakken * minimum
    for _ in range(over):
        tellingen[rng.randrange(vakken)] += 1
    return tellingen


def kans(seed: int, sleutel: int, soort: int) -> float:
    """A reproducible number in [0, 1) for one row and one question (splitmix64 of seed, key and kind).

    Steps that must agree on a choice about a row (is this beschikking a gedeeltelijke toekenning?)
    ask this instead of sharing a random stream, so each step can still read its rows on its own.
    """
    x = (seed * 0x9E3779B97F4A7C15 + sleutel * 0xBF58476D1CE4E5B9 + soort * 0x94D049BB133111EB) & (2**64 - 1)
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
    x ^= x >> 31
    return x / 2**64


def moment(dag: datetime.date, seconden: int = 0) -> datetime.datetime:
    """A working-hours moment on `dag`: 07:00 UTC plus `seconden` (at most 8 hours), so the local
    date in Europe/Amsterdam is always `dag` itself."""
    return datetime.datetime(dag.year, dag.month, dag.day, 7, tzinfo=datetime.UTC) + datetime.timedelta(
        seconds=min(seconden, 8 * 3600)
    )


def volgend_id(cursor, table: str) -> int:
    """The first id a step may give its rows itself (when later rows of the same step refer to them)."""
    cursor.execute(sql.SQL("SELECT coalesce(max(id), 0) + 1 FROM {}").format(sql.Identifier(table)))
    return cursor.fetchone()[0]


def zet_identity(cursor, table: str) -> None:
    """After rows with explicit ids: the identity continues after the highest, so the app can insert."""
    cursor.execute(
        sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) FROM {}").format(
            sql.Identifier(table)
        ),
        (table,),
    )


def jeugdige_geboren_na(peildatum: datetime.date = PEILDATUM) -> datetime.date:
    """Born after this date means under 18 on the peildatum (a birthday counts from its day)."""
    try:
        return peildatum.replace(year=peildatum.year - MEERDERJARIG)
    except ValueError:  # 29 February
        return peildatum.replace(year=peildatum.year - MEERDERJARIG, day=28)


def uuid4_from(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID from the step's seeded stream, so public_ids are reproducible too."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class _CsvStream:
    """A read()-able CSV view of rows, produced only as COPY asks for more.

    COPY then parses and inserts on the server while Python makes the next rows, so on two cores
    the two overlap instead of taking turns, and only a few batches are ever in memory.
    """

    def __init__(self, rows: Iterator[Sequence], batch: int = 1_000):
        self.rows = rows
        self.batch = batch
        self.pending = ""
        self.count = 0

    def _next_batch(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        n = 0
        for row in islice(self.rows, self.batch):
            writer.writerow([NULL if value is None else value for value in row])
            n += 1
        self.count += n
        return buffer.getvalue()

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self.pending) < size:
            more = self._next_batch()
            if not more:
                break
            self.pending += more
        if size < 0:
            size = len(self.pending)
        data, self.pending = self.pending[:size], self.pending[size:]
        return data


TEXT_TYPES = {"character varying", "text", "character"}


def _new_text_columns(cursor, table: str, columns: Sequence[str]) -> list[str]:
    """Required columns the step does not name: a migration added them after the step was written.

    Text columns get '' (what Django stores for a blank CharField or TextField), so a new field with
    blank=True does not break the bench; any other required column without a default stops the step
    with its name, since only the step can know a sensible value.
    """
    cursor.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = %s AND is_nullable = 'NO'
             AND column_default IS NULL AND is_identity = 'NO' AND is_generated = 'NEVER'
           ORDER BY ordinal_position""",
        (table,),
    )
    ontbrekend = [(naam, soort) for naam, soort in cursor.fetchall() if naam not in columns]
    onbekend = [f"{naam} ({soort})" for naam, soort in ontbrekend if soort not in TEXT_TYPES]
    if onbekend:
        raise ValueError(f"{table} heeft nieuwe verplichte kolommen die de bench niet vult: {', '.join(onbekend)}")
    return [naam for naam, _ in ontbrekend]


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence], chunk: int = CHUNK) -> int:
    """COPY rows into table, at most `chunk` rows per COPY statement, streamed as CSV; returns the count.

    None becomes NULL; dates, datetimes, UUIDs and booleans use their str() form, which PostgreSQL
    reads as-is. Required text columns the step does not name (added by a later migration) get ''.
    The rows are made while the COPY runs, so making them must not use `cursor`'s connection: query
    beforehand, or read through stream_query.
    """
    extra = _new_text_columns(cursor, table, columns)
    if extra:
        columns = [*columns, *extra]
        leeg = ("",) * len(extra)
        rows = (tuple(row) + leeg for row in rows)
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv, NULL {})").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Literal(NULL)
    )
    statement = statement.as_string(cursor)
    rows = iter(rows)
    total = 0
    while True:
        stream = _CsvStream(islice(rows, chunk))
        cursor.copy_expert(statement, stream, size=READ_SIZE)
        if not stream.count:
            return total
        total += stream.count


@contextmanager
def bulk_load(connection, table: str) -> Iterator[None]:
    """Load `table` without its foreign keys and plain indexes, then put them back as they were.

    PostgreSQL's advice for populating a database: one foreign-key validation (a join) and one
    sorted index build are far cheaper than a check and an index insert per row; the per-row
    checks would also lock every referenced row. Primary keys and unique indexes stay, so
    duplicates still fail at once. Partial indexes stay too: PostgreSQL would deparse their WHERE
    clause in another (equivalent) text, and they hold few rows (dossier_werkvoorraad: the open
    dossiers). Constraints and indexes come back under the same names and
    definitions, also when the step fails; run_steps compares the whole schema before and after.

    Setting them aside is committed on its own: dropping a foreign key locks the referenced table
    until commit, and stream_query's connection must be able to read that table during the step.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname""",
            (table,),
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid = %s::regclass AND x.indpred IS NULL
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
               ORDER BY i.relname""",
            (table,),
        )
        indexes = cursor.fetchall()
        for name, _ in foreign_keys:
            cursor.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
            )
        for name, _ in indexes:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    connection.commit()
    try:
        yield
    finally:
        if not connection.closed:
            connection.rollback()  # ends a failed step's transaction; nothing to undo after a commit
            with connection.cursor() as cursor:
                for _, definition in indexes:
                    cursor.execute(definition)
                for name, definition in foreign_keys:
                    cursor.execute(
                        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(sql.Identifier(table), sql.Identifier(name))
                        + sql.SQL(definition)
                    )
            connection.commit()


def schema_snapshot(cursor) -> list[str]:
    """Every constraint and index of the public schema, to check that bulk_load left them as it found them."""
    cursor.execute(
        """SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
           WHERE connamespace = 'public'::regnamespace
           UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
           ORDER BY 1"""
    )
    return [row[0] for row in cursor.fetchall()]


def stream_query(cursor, query: str, params: Sequence = (), chunk: int = CHUNK) -> Iterator[tuple]:
    """Rows of a query on what earlier steps committed, through a server-side cursor (bounded memory).

    It uses a connection of its own: the step's connection is busy with COPY while rows are needed,
    and a second server process reading also runs in parallel with the one writing.
    """
    connection = psycopg2.connect(**connection_params(cursor.connection.info.dbname))
    try:
        connection.set_session(readonly=True)
        with connection.cursor(name="bench_stream") as named:
            named.itersize = chunk
            named.execute(query, params)
            yield from named
    finally:
        connection.close()
