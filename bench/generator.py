"""Fill a throwaway PostgreSQL database with a region-sized data set, fast, and time every step.

    python -m bench.generator --inwoners 300000 [--dossiers N] [--toewijzingen N] [--database toegang_bench]
                              [--drop] [--json]

It creates the database on the server of the test settings (POSTGRES_HOST/PORT/USER/PASSWORD),
runs the Django migrations into it, runs the steps of STAPPEN in order with COPY, and ends with
VACUUM ANALYZE. A step fills one table: a function (cursor, schaal) -> number of rows, run in a
transaction of its own with that table's foreign keys and plain indexes set aside (bulk_load). It
reads what earlier steps wrote from the database, so a new table is one more Stap (and, if it needs
one, a size on Schaal) without touching the steps before it. After the inwoners come the aanbieders
with contracts, the gemeenten's staff, and the referral flow from dossier to toewijzing.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

from .core import (
    DOSSIERS_PER_INWONER,
    MAX_TOEWIJZINGEN_PER_DOSSIER,
    TOEWIJZINGEN_PER_DOSSIER,
    Schaal,
    bulk_load,
    connection_params,
    schema_snapshot,
)
from .dossiers import vul_dossiers, vul_onderzoeken
from .indicaties import vul_indicaties
from .inwoners import vul_adressen, vul_inwoners, vul_relaties
from .leefzorgplannen import vul_leefzorgplannen, vul_ondertekeningen
from .organisaties import vul_aanbieders, vul_aanbiedertypen, vul_contracten, vul_gebruikers, vul_lidmaatschappen
from .toewijzingen import (
    vul_beschikkingen,
    vul_nummerreeksen,
    vul_toegekend,
    vul_toewijzingen,
    vul_zorgstarts,
    vul_zorgstops,
)

PROJECT = Path(__file__).resolve().parent.parent
STANDAARD_DATABASE = "toegang_bench"
# --drop throws a database away: only names of this form, so a typo can never hit `toegang`.
DATABASE_NAAM = re.compile(r"^toegang_bench[a-z0-9_]{0,50}$")


@dataclass(frozen=True)
class Stap:
    """One step fills one table, in a transaction of its own, inside bulk_load(tabel)."""

    naam: str
    tabel: str
    vul: Callable[[object, Schaal], int]


# In order: a step may read what the steps before it wrote.
STAPPEN: list[Stap] = [
    Stap("inwoners", "inwoners_inwoner", vul_inwoners),
    Stap("adressen", "inwoners_adres", vul_adressen),
    Stap("relaties", "inwoners_relatie", vul_relaties),
    Stap("aanbieders", "organisaties_aanbieder", vul_aanbieders),
    Stap("aanbiedertypen", "organisaties_aanbiedertype", vul_aanbiedertypen),
    Stap("contracten", "producten_contract", vul_contracten),
    Stap("gebruikers", "accounts_gebruiker", vul_gebruikers),
    Stap("lidmaatschappen", "accounts_lidmaatschap", vul_lidmaatschappen),
    Stap("dossiers", "verwijzing_dossier", vul_dossiers),
    Stap("onderzoeken", "verwijzing_onderzoek", vul_onderzoeken),
    Stap("indicaties", "verwijzing_indicatie", vul_indicaties),
    Stap("leefzorgplannen", "verwijzing_leefzorgplanversie", vul_leefzorgplannen),
    Stap("ondertekeningen", "verwijzing_ondertekening", vul_ondertekeningen),
    Stap("beschikkingen", "verwijzing_beschikking", vul_beschikkingen),
    Stap("toegekend", "verwijzing_beschikking_toegekend", vul_toegekend),
    Stap("toewijzingen", "verwijzing_toewijzing", vul_toewijzingen),
    Stap("nummerreeksen", "verwijzing_nummerreeks", vul_nummerreeksen),
    Stap("zorgstarts", "verwijzing_zorgstart", vul_zorgstarts),
    Stap("zorgstops", "verwijzing_zorgstop", vul_zorgstops),
]


class BenchFout(Exception):
    """A failure with a Dutch message for the user (no traceback needed)."""


def _check_name(database: str) -> None:
    if not DATABASE_NAAM.match(database):
        raise BenchFout(f"databasenaam {database!r} moet beginnen met 'toegang_bench' (kleine letters, cijfers, _)")


def _server():
    connection = psycopg2.connect(**connection_params("postgres"))
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    return connection


def drop_database(database: str) -> None:
    _check_name(database)
    connection = _server()  # not `with connection`: psycopg2 would open a transaction block
    try:
        with connection.cursor() as cursor:
            # FORCE: a benchmark session left open must not keep a throwaway database alive.
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
    finally:
        connection.close()


def create_database(database: str, drop: bool) -> None:
    _check_name(database)
    if drop:
        drop_database(database)
    connection = _server()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            if cursor.fetchone():
                raise BenchFout(f"database {database} bestaat al; --drop gooit haar eerst weg")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        connection.close()


def migrate(database: str) -> None:
    """The real migrations in a subprocess, so the schema (and the seven gemeenten) is exactly the app's."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toegang.settings.test", "POSTGRES_DB": database}
    env.update({f"POSTGRES_{k.upper()}": v for k, v in connection_params(database).items() if k != "dbname"})
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BenchFout(f"migraties mislukt:\n{result.stderr[-3000:]}")


def run_steps(database: str, schaal: Schaal, stappen: list[Stap], report: Callable[[str, int, float], None]):
    connection = psycopg2.connect(**connection_params(database))
    try:
        with connection.cursor() as cursor:
            # A throwaway database need not wait for the WAL flush on commit; the index builds
            # after each step sort in memory.
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            schema = schema_snapshot(cursor)
        connection.commit()
        for stap in stappen:
            start = time.perf_counter()
            with bulk_load(connection, stap.tabel):
                with connection.cursor() as cursor:
                    aantal = stap.vul(cursor, schaal)
                connection.commit()
            # The time includes rebuilding the indexes and validating the foreign keys.
            report(stap.naam, aantal, time.perf_counter() - start)
        with connection.cursor() as cursor:
            if schema_snapshot(cursor) != schema:
                raise BenchFout("na het laden wijken constraints of indexen af van de migraties")
    except BaseException:
        if not connection.closed:
            connection.rollback()
        raise
    finally:
        connection.close()


def vacuum_analyze(database: str) -> None:
    connection = psycopg2.connect(**connection_params(database))
    connection.autocommit = True  # VACUUM cannot run inside a transaction
    try:
        with connection.cursor() as cursor:
            # ANALYZE for the planner statistics; VACUUM sets the visibility map and hint bits, so
            # queries measured afterwards see the tables as autovacuum would have left them.
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        connection.close()


def seconden(waarde: float) -> str:
    return f"{waarde:.1f}".replace(".", ",")


def genereer(schaal: Schaal, database: str, drop: bool, stappen: list[Stap] = STAPPEN, uitvoer=print) -> dict:
    """Create, migrate and fill the database; return the figures. `uitvoer` gets one Dutch line per phase."""
    totaal_start = time.perf_counter()
    cijfers: dict = {
        "database": database,
        "inwoners": schaal.inwoners,
        "dossiers": schaal.dossiers,
        "toewijzingen": schaal.toewijzingen,
        "seed": schaal.seed,
        "stappen": [],
    }

    def fase(sleutel: str, label: str, werk: Callable[[], None]) -> None:
        start = time.perf_counter()
        werk()
        cijfers[sleutel] = round(time.perf_counter() - start, 2)
        uitvoer(f"{label}: {seconden(cijfers[sleutel])} s")

    def stap_klaar(naam: str, aantal: int, duur: float) -> None:
        cijfers["stappen"].append({"naam": naam, "rijen": aantal, "seconden": round(duur, 2)})
        uitvoer(f"{naam}: {aantal} rijen in {seconden(duur)} s")

    fase("database_s", f"database {database} aanmaken", lambda: create_database(database, drop))
    fase("migraties_s", "migraties", lambda: migrate(database))
    run_steps(database, schaal, stappen, stap_klaar)
    fase("vacuum_analyze_s", "vacuum analyze", lambda: vacuum_analyze(database))
    cijfers["rijen"] = sum(s["rijen"] for s in cijfers["stappen"])
    cijfers["totaal_s"] = round(time.perf_counter() - totaal_start, 2)
    uitvoer(f"totaal: {cijfers['rijen']} rijen in {seconden(cijfers['totaal_s'])} s")
    return cijfers


def _positief(tekst: str) -> int:
    waarde = int(tekst)
    if waarde < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return waarde


def _niet_negatief(tekst: str) -> int:
    waarde = int(tekst)
    if waarde < 0:
        raise argparse.ArgumentTypeError("minstens 0")
    return waarde


def schaal_uit(inwoners: int, dossiers: int | None, toewijzingen: int | None, seed: int) -> Schaal:
    """The sizes of the command line; dossiers and toewijzingen follow the inwoners when not given."""
    if dossiers is None:
        dossiers = inwoners * DOSSIERS_PER_INWONER
    if toewijzingen is None:
        toewijzingen = round(dossiers * TOEWIJZINGEN_PER_DOSSIER)
    if toewijzingen > dossiers * MAX_TOEWIJZINGEN_PER_DOSSIER:
        raise BenchFout(f"hoogstens {MAX_TOEWIJZINGEN_PER_DOSSIER} toewijzingen per dossier")
    return Schaal(inwoners=inwoners, dossiers=dossiers, toewijzingen=toewijzingen, seed=seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generator", description="Vul een wegwerpdatabase met benchmarkgegevens."
    )
    parser.add_argument("--inwoners", type=_positief, required=True, help="aantal inwoners (regio: 300000)")
    parser.add_argument(
        "--dossiers", type=_niet_negatief, help=f"aantal dossiers (standaard {DOSSIERS_PER_INWONER} per inwoner)"
    )
    parser.add_argument(
        "--toewijzingen",
        type=_niet_negatief,
        help=f"aantal toewijzingen (standaard {TOEWIJZINGEN_PER_DOSSIER:.2f} per dossier, afgerond)".replace(".", ","),
    )
    parser.add_argument("--database", default=STANDAARD_DATABASE, help=f"naam (standaard {STANDAARD_DATABASE})")
    parser.add_argument("--drop", action="store_true", help="gooi een bestaande database met die naam eerst weg")
    parser.add_argument("--seed", type=int, default=Schaal.seed, help="zaad voor de toevalsgenerator")
    parser.add_argument("--json", action="store_true", help="druk alleen de cijfers af, als JSON")
    args = parser.parse_args(argv)

    # With --json stdout carries only the JSON; the progress lines go to stderr.
    voortgang = sys.stderr if args.json else sys.stdout

    def uitvoer(regel: str) -> None:
        print(regel, file=voortgang, flush=True)

    try:
        schaal = schaal_uit(args.inwoners, args.dossiers, args.toewijzingen, args.seed)
        cijfers = genereer(schaal, args.database, args.drop, uitvoer=uitvoer)
    except BenchFout as fout:
        print(f"FOUT: {fout}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(cijfers, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
