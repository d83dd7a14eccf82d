"""On PostgreSQL the application's role may only INSERT and SELECT on the audit tables.

The grants are the SQL block in README.md ("Productie"), run here as the owner of the test database
for a fresh login role; the test then connects as that role."""

import re
import secrets
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import errors

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
APP_ROL = "toegang_app"  # the role name the README's block uses


def _readme_sql() -> str:
    productie = README.read_text().split("## Productie", 1)[1].split("\n## ", 1)[0]
    blokken = [b for b in re.findall(r"```sql\n(.*?)```", productie, re.S) if "audit_auditevent" in b]
    assert blokken, "README, Productie: het SQL-blok met de rechten van de app-rol ontbreekt"
    return blokken[0]


def _verbind(**kwargs):
    instellingen = connection.settings_dict
    return psycopg2.connect(
        host=instellingen["HOST"], port=instellingen["PORT"], dbname=instellingen["NAME"], connect_timeout=5, **kwargs
    )


@pytest.fixture
def app_rol():
    try:
        beheer = _verbind(user="postgres")
    except psycopg2.OperationalError as exc:
        pytest.skip(f"geen superuser-verbinding (postgres over 127.0.0.1) om een rol aan te maken: {exc}")
    beheer.autocommit = True
    rol, wachtwoord = f"toegang_app_test_{secrets.token_hex(4)}", secrets.token_hex(16)
    with beheer.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {rol} LOGIN PASSWORD %s", [wachtwoord])
    try:
        # The README's block, run as the owner (the role that ran the migrations), for this role.
        sql = re.sub(rf"\b{APP_ROL}\b", rol, _readme_sql())
        sql = re.sub(r"\bDATABASE toegang\b", f'DATABASE "{connection.settings_dict["NAME"]}"', sql)
        eigenaar = _verbind(user=connection.settings_dict["USER"], password=connection.settings_dict["PASSWORD"])
        eigenaar.autocommit = True
        with eigenaar, eigenaar.cursor() as cursor:
            cursor.execute(sql)
        eigenaar.close()
        app = _verbind(user=rol, password=wachtwoord)
        yield app
        app.close()
    finally:
        with beheer.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {rol}")
            cursor.execute(f"DROP ROLE {rol}")
        beheer.close()


INSERT_EVENT = """INSERT INTO audit_auditevent (uuid, tijdstip, gebruikersnaam, rol, actie, object_type, object_id,
    gemeente_cbs, reden, omschrijving, gegevens, route, request_id)
    VALUES (gen_random_uuid(), '2020-01-01', 'app', '', 'lezen', '', '', '', '', '', '{}', '', '')
    RETURNING id, tijdstip"""


def _geweigerd(app, sql):
    with pytest.raises(errors.InsufficientPrivilege), app.cursor() as cursor:
        cursor.execute(sql)
    app.rollback()


def test_the_app_role_may_only_insert_and_select_on_the_audit_tables(app_rol):
    app = app_rol
    with app.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0].startswith("toegang_app_test_")
        cursor.execute(INSERT_EVENT)
        event_id, tijdstip = cursor.fetchone()
        assert tijdstip.year != 2020  # the database's time, not the client's
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE id = %s", [event_id])
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "INSERT INTO audit_auditzegel (gebeurtenis, vorige, hash) VALUES (%s, NULL, %s)", [event_id, "0" * 64]
        )
        cursor.execute("SELECT count(*) FROM audit_auditzegel")
        # The rest of the app is writable as usual.
        cursor.execute("UPDATE organisaties_gemeente SET naam = naam")
    app.rollback()  # leave nothing behind in the test database

    for tabel in ("audit_auditevent", "audit_auditzegel"):
        _geweigerd(app, f"UPDATE {tabel} SET tijdstip = '2020-01-01'")
        _geweigerd(app, f"DELETE FROM {tabel}")
        _geweigerd(app, f"TRUNCATE {tabel}")
        _geweigerd(app, f"ALTER TABLE {tabel} DISABLE TRIGGER USER")
    _geweigerd(app, "DROP TRIGGER audit_auditevent_no_update ON audit_auditevent")
    _geweigerd(app, "DROP TRIGGER audit_auditevent_tijdstip ON audit_auditevent")
    _geweigerd(app, "DROP TABLE audit_auditzegel")
