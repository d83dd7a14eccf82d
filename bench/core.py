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


@dataclass(frozen=True)
class Schaal:
    """How much to generate. Later steps (dossiers, toewijzingen) add their own sizes here."""

    inwoners: int
    seed: int = 20260101
    chunk: int = CHUNK
    peildatum: datetime.date = PEILDATUM

    def rng(self, stap: str) -> random.Random:
        # One stream per step: adding or changing a step never changes the data of another.
        return random.Random(f"{self.seed}:{stap}")


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


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence], chunk: int = CHUNK) -> int:
    """COPY rows into table, at most `chunk` rows per COPY statement, streamed as CSV; returns the count.

    None becomes NULL; dates, datetimes, UUIDs and booleans use their str() form, which PostgreSQL
    reads as-is. The rows are made while the COPY runs, so making them must not use `cursor`'s
    connection: query beforehand, or read through stream_query.
    """
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
    duplicates still fail at once. Constraints and indexes come back under the same names and
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
               WHERE x.indrelid = %s::regclass
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
