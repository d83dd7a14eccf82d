"""The bench generator (bench/) fills a throwaway database with consistent, valid data.

No pytest-django db fixture: the generator makes, migrates and fills a database of its own, and the
test reads it with psycopg2 and drops it afterwards.
"""

import json
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from stdnum.nl import bsn as stdnum_bsn

from bench.core import connection_params, jeugdige_geboren_na
from bench.generator import DATABASE_NAAM, BenchFout, create_database, drop_database
from bench.inwoners import KERNEN

PROJECT = Path(__file__).resolve().parent.parent
INWONERS = 200


@pytest.fixture(scope="module")
def bench_db():
    """A generated database of INWONERS inwoners and the figures the generator printed as JSON."""
    naam = f"toegang_bench_test_{uuid.uuid4().hex[:12]}"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.generator", "--inwoners", str(INWONERS), "--database", naam, "--json"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        connection = psycopg2.connect(**connection_params(naam))
        try:
            yield connection, json.loads(result.stdout), naam
        finally:
            connection.close()
    finally:
        drop_database(naam)


def scalar(connection, query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def test_row_counts_match_the_scale_and_the_printed_figures(bench_db):
    connection, cijfers, _ = bench_db
    jeugdigen = scalar(
        connection, "SELECT count(*) FROM inwoners_inwoner WHERE geboortedatum > %s", (jeugdige_geboren_na(),)
    )
    aantallen = {
        "inwoners": scalar(connection, "SELECT count(*) FROM inwoners_inwoner"),
        "adressen": scalar(connection, "SELECT count(*) FROM inwoners_adres WHERE soort = '01'"),
        "relaties": scalar(connection, "SELECT count(*) FROM inwoners_relatie"),
    }
    assert aantallen == {"inwoners": INWONERS, "adressen": INWONERS, "relaties": 2 * jeugdigen}
    assert 0.2 * INWONERS < jeugdigen < 0.5 * INWONERS, "roughly one third jeugdigen"
    assert {s["naam"]: s["rijen"] for s in cijfers["stappen"]} == aantallen
    assert cijfers["totaal_s"] >= cijfers["migraties_s"]


def test_every_bsn_is_valid_and_outside_the_demo_and_test_range(bench_db):
    connection, _, _ = bench_db
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM inwoners_inwoner")
        bsns = [rij[0] for rij in cursor.fetchall()]
    assert len(bsns) == INWONERS
    assert all(stdnum_bsn.is_valid(b) and b.startswith("99") and not b.startswith("9999") for b in bsns)


def test_jeugdigen_have_two_ouders_with_gezag_and_a_matching_relatienummer(bench_db):
    connection, _, _ = bench_db
    # Every jeugdige has exactly ouders 1 and 2 with gezag; nobody else has a relatie.
    assert not scalar(
        connection,
        """SELECT count(*) FROM inwoners_inwoner i
           WHERE (i.geboortedatum > %s) IS DISTINCT FROM EXISTS (SELECT 1 FROM inwoners_relatie r
                                                                   WHERE r.inwoner_id = i.id)""",
        (jeugdige_geboren_na(),),
    )
    assert not scalar(
        connection,
        """SELECT count(*) FROM (SELECT inwoner_id FROM inwoners_relatie
                                 WHERE soort = '10' AND gezaghebbend GROUP BY inwoner_id
                                 HAVING array_agg(nummer ORDER BY nummer) <> '{1,2}') x""",
    )
    # The app hands out the next relatienummer from laatste_relatienummer (never reused, iJw OP071).
    assert not scalar(
        connection,
        """SELECT count(*) FROM inwoners_inwoner i
           WHERE i.laatste_relatienummer <> coalesce((SELECT max(nummer) FROM inwoners_relatie r
                                                       WHERE r.inwoner_id = i.id), 0)""",
    )


def test_every_inwoner_has_a_brp_adres_in_one_of_the_gemeenten(bench_db):
    connection, _, _ = bench_db
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT g.cbs_code, a.plaats, a.postcode FROM inwoners_adres a
               JOIN organisaties_gemeente g ON g.id = a.gemeente_id"""
        )
        adressen = cursor.fetchall()
    assert len(adressen) == INWONERS
    for cbs, plaats, postcode in adressen:
        postcodes = {kern: pc for kern, pc, _ in KERNEN[cbs][1]}[plaats]
        assert postcode[:4] in postcodes and len(postcode) == 6, (cbs, plaats, postcode)
    assert len({cbs for cbs, _, _ in adressen}) == len(KERNEN), "spread over all seven gemeenten"


def test_main_kern_per_gemeente_matches_the_factories():
    from inwoners.factories import KERNEN as FACTORY_KERNEN

    assert {cbs: (kernen[0][0], kernen[0][1][0]) for cbs, (_, kernen) in KERNEN.items()} == FACTORY_KERNEN


def test_an_existing_database_is_only_replaced_with_drop(bench_db):
    connection, _, naam = bench_db
    with pytest.raises(BenchFout, match="--drop"):
        create_database(naam, drop=False)
    assert scalar(connection, "SELECT count(*) FROM inwoners_inwoner") == INWONERS


def test_only_bench_databases_can_be_dropped():
    assert DATABASE_NAAM.match("toegang_bench")
    for naam in ("toegang", "test_toegang", "postgres", "toegang_bench; DROP"):
        assert not DATABASE_NAAM.match(naam)
