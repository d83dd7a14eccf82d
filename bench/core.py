"""The pieces every bench step shares: the scale, deterministic randomness and COPY streaming.

Kept apart from bench/generator.py so step modules can import it without importing the CLI module
(which runs as __main__ and would otherwise be imported a second time).
"""

import csv
import datetime
import io
import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from psycopg2 import sql

# A fixed peildatum instead of today, so the same seed gives the same data on every day the
# generator runs; ages (jeugdige or not) are decided on this date.
PEILDATUM = datetime.date(2026, 1, 1)
MEERDERJARIG = 18  # as inwoners.models.MEERDERJARIG (Jeugdwet art. 1.1); not imported to stay free of Django
CHUNK = 50_000
# COPY CSV reads an unquoted empty field as NULL; a marker of its own keeps '' an empty string,
# which the many NOT NULL blank=True CharFields need.
NULL = r"\N"


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


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence], chunk: int = CHUNK) -> int:
    """COPY rows into table, `chunk` rows per COPY from an in-memory CSV buffer; returns the count.

    Only one chunk is in memory at a time. None becomes NULL; dates, datetimes and booleans use
    their str() form, which PostgreSQL reads as-is.
    """
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv, NULL {})").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Literal(NULL)
    )
    statement = statement.as_string(cursor)
    rows = iter(rows)
    total = 0
    while True:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        n = 0
        for row in islice(rows, chunk):
            writer.writerow([NULL if value is None else value for value in row])
            n += 1
        if not n:
            return total
        buffer.seek(0)
        cursor.copy_expert(statement, buffer)
        total += n


def stream_query(cursor, query: str, params: Sequence = (), chunk: int = CHUNK) -> Iterator[tuple]:
    """Rows of a query through a server-side cursor, so reading earlier steps' rows stays bounded.

    It runs in the step's transaction, so COPY on `cursor` may interleave with the fetches.
    """
    named = cursor.connection.cursor(name=f"bench_{uuid.uuid4().hex}")
    named.itersize = chunk
    try:
        named.execute(query, params)
        yield from named
    finally:
        named.close()
