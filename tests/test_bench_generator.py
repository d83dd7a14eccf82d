"""The bench generator (bench/) fills a throwaway database with consistent, valid data.

No pytest-django db fixture: the generator makes, migrates and fills a database of its own, and the
test reads it with psycopg2 and drops it afterwards. Every step runs, with tiny sizes: 200 inwoners,
200 dossiers, 600 toewijzingen; `bench.controle` then checks the data against the app's own code.
"""

import json
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from stdnum.nl import bsn as stdnum_bsn

from bench.core import PEILDATUM, connection_params, jeugdige_geboren_na, verdeel
from bench.generator import DATABASE_NAAM, STAPPEN, BenchFout, create_database, drop_database, schaal_uit
from bench.inwoners import KERNEN

# One worker runs the whole module (./bin/test: --dist loadgroup), so its module fixture is built once.
pytestmark = pytest.mark.xdist_group("bench_generator")

PROJECT = Path(__file__).resolve().parent.parent
INWONERS = 200
DOSSIERS = 200
TOEWIJZINGEN = 600


@pytest.fixture(scope="module")
def bench_db():
    """A generated database of INWONERS inwoners and the figures the generator printed as JSON."""
    naam = f"toegang_bench_test_{uuid.uuid4().hex[:12]}"
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.generator",
                "--inwoners",
                str(INWONERS),
                "--dossiers",
                str(DOSSIERS),
                "--toewijzingen",
                str(TOEWIJZINGEN),
                "--database",
                naam,
                "--json",
            ],
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
    gedrukt = {s["naam"]: s["rijen"] for s in cijfers["stappen"]}
    assert {naam: gedrukt[naam] for naam in aantallen} == aantallen
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


def rijen(connection, query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_every_step_ran_and_filled_its_table(bench_db):
    connection, cijfers, _ = bench_db
    gedrukt = {s["naam"]: s["rijen"] for s in cijfers["stappen"]}
    assert list(gedrukt) == [stap.naam for stap in STAPPEN]
    for stap in STAPPEN:  # a fresh database: every row of the table comes from its step
        assert scalar(connection, f"SELECT count(*) FROM {stap.tabel}") == gedrukt[stap.naam] > 0, stap.naam
    assert gedrukt["dossiers"] == cijfers["dossiers"] == DOSSIERS
    assert gedrukt["toewijzingen"] == cijfers["toewijzingen"] == TOEWIJZINGEN


def test_every_foreign_key_and_check_constraint_is_back_and_validated(bench_db):
    connection, _, _ = bench_db
    # The data was loaded without foreign keys; putting them back validated every row (and the
    # check constraints were there all along). Nothing may be left NOT VALID.
    assert not scalar(
        connection,
        "SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND NOT convalidated",
    )
    namen = {
        naam
        for (naam,) in rijen(
            connection, "SELECT conname FROM pg_constraint WHERE conrelid = 'verwijzing_toewijzing'::regclass"
        )
    }
    assert {"toewijzingnummer_uniek", "toewijzingnummer_9_cijfers", "toewijzing_periode_oplopend"} <= namen
    assert sum(1 for n in namen if "_fk_" in n) == 8


def test_dossier_statuses_are_spread_and_the_open_ones_carry_their_deadline(bench_db):
    connection, _, _ = bench_db
    per_status = dict(rijen(connection, "SELECT status, count(*) FROM verwijzing_dossier GROUP BY status"))
    assert per_status["toegekend"] > DOSSIERS / 2, "most dossiers were granted"
    open_statussen = {"melding", "onderzoek", "indicatie", "leefzorgplan", "ondertekening", "aanvraag"}
    assert len(open_statussen & set(per_status)) >= 4, per_status
    # As verwijzing.beschikking.beslistermijn.huidige_termijn: a deadline for an aanvraag (beslistermijn) and for a
    # Wmo melding or onderzoek (6 weeks), none otherwise. bench.controle compares the dates themselves.
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier
           WHERE (uiterlijk IS NOT NULL)
                 <> (status = 'aanvraag' OR (domein = 'wmo' AND status IN ('melding', 'onderzoek')))""",
    )
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier WHERE domein = 'wmo' AND status IN ('melding', 'onderzoek')
           AND uiterlijk NOT BETWEEN meldingsdatum + 42 AND meldingsdatum + 46""",
    )
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier WHERE status = 'aanvraag' AND uiterlijk NOT BETWEEN
           aanvraag_op + CASE domein WHEN 'jeugd' THEN 56 ELSE 14 END
           AND aanvraag_op + CASE domein WHEN 'jeugd' THEN 56 ELSE 14 END + 4""",
    )


def test_every_dossier_belongs_to_a_consulent_of_its_gemeente_and_domain(bench_db):
    connection, _, _ = bench_db
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier d JOIN accounts_gebruiker g ON g.id = d.consulent_id
           WHERE g.rol <> 'consulent'
              OR NOT (CASE d.domein WHEN 'jeugd' THEN g.domein_jeugd ELSE g.domein_wmo END)
              OR NOT EXISTS (SELECT 1 FROM accounts_lidmaatschap l
                             WHERE l.gebruiker_id = g.id AND l.gemeente_id = d.gemeente_id)""",
    )
    # The woonplaatsbeginsel: the gemeente of the inwoner's BRP-adres.
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier d JOIN inwoners_adres a ON a.inwoner_id = d.inwoner_id
           AND a.soort = '01' WHERE a.gemeente_id <> d.gemeente_id""",
    )


def test_dates_follow_the_flow_and_stay_before_the_peildatum(bench_db):
    connection, _, _ = bench_db
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier d LEFT JOIN verwijzing_beschikking b ON b.dossier_id = d.id
           WHERE d.aangemaakt_op > d.gewijzigd_op OR d.meldingsdatum > %s OR d.aanvraag_op < d.meldingsdatum
              OR d.aanvraag_op > %s OR b.vastgesteld_op::date <= d.aanvraag_op
              OR b.verzonden_op < b.vastgesteld_op::date OR b.verzonden_op > %s""",
        (PEILDATUM, PEILDATUM, PEILDATUM),
    )
    # Only beschikt dossiers have a beschikking, each exactly one; the granted ones have toewijzingen.
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_dossier d
           WHERE (d.status IN ('toegekend', 'afgewezen'))
                 <> ((SELECT count(*) FROM verwijzing_beschikking b WHERE b.dossier_id = d.id) = 1)""",
    )
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_toewijzing t JOIN verwijzing_beschikking b ON b.id = t.beschikking_id
           WHERE t.toewijzingsmoment < b.vastgesteld_op OR t.ingangsdatum < b.vastgesteld_op::date""",
    )


def test_every_toewijzing_follows_from_its_dossier_beschikking_and_indicatie(bench_db):
    connection, _, _ = bench_db
    assert (
        scalar(
            connection,
            """SELECT count(*) FROM verwijzing_toewijzing t JOIN verwijzing_dossier d ON d.id = t.dossier_id
           WHERE d.status = 'toegekend'""",
        )
        == TOEWIJZINGEN
    )
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_toewijzing t
           JOIN verwijzing_dossier d ON d.id = t.dossier_id
           JOIN verwijzing_beschikking b ON b.id = t.beschikking_id
           JOIN verwijzing_indicatie i ON i.id = t.indicatie_id
           WHERE b.dossier_id <> d.id OR i.dossier_id <> d.id OR t.inwoner_id <> d.inwoner_id
              OR t.gemeente_id <> d.gemeente_id OR t.domein <> d.domein OR t.product_id <> i.product_id
              OR t.aanbieder_id IS DISTINCT FROM i.aanbieder_id OR i.bekostiging <> 'zin' OR b.soort = 'afwijzing'
              OR NOT EXISTS (SELECT 1 FROM verwijzing_beschikking_toegekend bt
                             WHERE bt.beschikking_id = b.id AND bt.indicatie_id = i.id)""",
    )
    # A replacement (IV066) continues the same indicatie the day after the one it replaces ended.
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_toewijzing t JOIN verwijzing_toewijzing v ON v.id = t.vervangt_id
           WHERE v.indicatie_id <> t.indicatie_id OR v.einddatum <> t.ingangsdatum - 1
              OR v.laatste_wijziging <> 'beeindigd' OR t.toewijzingsmoment < v.toewijzingsmoment""",
    )
    assert scalar(connection, "SELECT count(*) FROM verwijzing_toewijzing WHERE vervangt_id IS NOT NULL")
    # Start and stop as the aanbieder's 305/307 leave them (verwijzing.toewijzing.start_registreren/_stop).
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_toewijzing
           WHERE (gestart_op IS NOT NULL) <> (status IN ('gestart', 'gestopt'))
              OR (gestopt_op IS NOT NULL) <> (status = 'gestopt') OR gestopt_op < gestart_op""",
    )
    # ...and the records they are derived from: one start per started toewijzing, one stop of it per stopped one.
    assert not scalar(
        connection,
        """SELECT count(*) FROM verwijzing_toewijzing t
           WHERE (SELECT count(*) FROM verwijzing_zorgstart s
                  WHERE s.toewijzing_id = t.id AND s.begindatum = t.gestart_op) <> (t.gestart_op IS NOT NULL)::int
              OR (SELECT count(*) FROM verwijzing_zorgstop s
                  WHERE s.toewijzing_id = t.id AND s.einddatum = t.gestopt_op AND s.begindatum = t.gestart_op)
                 <> (t.gestopt_op IS NOT NULL)::int""",
    )


def test_toewijzingnummers_are_unique_per_gemeente_and_domain_and_match_the_nummerreeks(bench_db):
    connection, _, _ = bench_db
    reeksen = rijen(
        connection,
        """SELECT gemeente_id, domein, count(*), count(DISTINCT nummer), min(nummer), max(nummer)
           FROM verwijzing_toewijzing GROUP BY gemeente_id, domein""",
    )
    assert len(reeksen) > 2
    for gemeente_id, domein, aantal, verschillend, laagste, hoogste in reeksen:
        assert aantal == verschillend == hoogste and laagste == 1, (gemeente_id, domein)
    nummerreeksen = {
        (g, d): laatste
        for g, d, laatste in rijen(connection, "SELECT gemeente_id, domein, laatste FROM verwijzing_nummerreeks")
    }
    assert nummerreeksen == {(g, d): hoogste for g, d, _a, _v, _l, hoogste in reeksen}


def test_the_app_agrees_with_the_generated_data(bench_db):
    """Deadlines, leefzorgplan hashes, signers, full_clean and the werkvoorraad, by the app's own code."""
    _, _, naam = bench_db
    result = subprocess.run(
        [sys.executable, "-m", "bench.controle", "--database", naam, "--steekproef", "100"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    uitkomst = json.loads(result.stdout)
    assert uitkomst["fouten"] == [] and result.returncode == 0, result.stderr[-2000:]
    assert uitkomst["gecontroleerd"]["uiterlijk"] > 0 and uitkomst["gecontroleerd"]["werkvoorraad_paginas"] > 0


def test_verdeel_spreads_exactly_the_total():
    import random

    rng = random.Random(1)
    assert sum(verdeel(rng, 1000, 300, minimum=1)) == 1000 and min(verdeel(rng, 1000, 300, minimum=1)) >= 1
    weinig = verdeel(rng, 5, 8, minimum=1)
    assert sum(weinig) == 5 and max(weinig) == 1
    assert sum(verdeel(rng, 7, 3)) == 7


def test_sizes_default_to_the_inwoners_and_too_many_toewijzingen_are_refused():
    schaal = schaal_uit(300_000, None, None, 1)
    assert (schaal.dossiers, schaal.toewijzingen) == (300_000, 1_000_000)
    assert schaal_uit(10, 4, None, 1).toewijzingen == 13
    with pytest.raises(BenchFout, match="toewijzingen per dossier"):
        schaal_uit(10, 1, 21, 1)
