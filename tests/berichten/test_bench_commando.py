"""`python -m bench.doorvoer` and `manage.py berichten valideer` from the outside: on PostgreSQL (the test
settings) and on the demo's SQLite, with a tiny N. Figures are printed, never asserted as timings."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.berichten_gegevens import BSN_REEKS
from bench.doorvoer import main as doorvoer
from berichten.models import Bericht
from inwoners.models import Adres
from istandaard.validatie import valideer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_bench_on_postgresql(tmp_path, capsys):
    assert doorvoer(["--aantal", "12", "--reeks", "5", "--uit", str(tmp_path), "--json"]) == 0
    cijfers = json.loads(capsys.readouterr().out)
    assert cijfers["aantal"] == 12 and cijfers["ongeldig"] == 0 and cijfers["reeks"] == 5
    bestanden = list(tmp_path.glob("*.xml"))
    assert len(bestanden) == 12 and all(valideer(b.read_bytes()).geldig for b in bestanden)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(b.name for b in bestanden)  # no temporary files
    stappen = {"bouwen", "serialiseren", "valideren", "schrijven", "database", "lxml_alleen"}
    assert set(cijfers["seconden"]) == set(cijfers["cpu_seconden"]) == stappen
    assert cijfers["totaal_per_seconde"] and cijfers["totaal_per_cpu_seconde"]
    rijen = Bericht.objects.filter(soort="JW301", status="verzonden")
    assert rijen.count() == 12 and {bytes(b.xml) for b in rijen} == {b.read_bytes() for b in bestanden}


@pytest.mark.django_db
def test_bench_can_write_as_the_celery_task_does(tmp_path, capsys, settings, monkeypatch):
    """--per-bericht: MapTransport.verstuur per message (file and folder fsync'ed), not the batch writer."""
    from berichten.transport import MapTransport

    settings.TOEGANG_BERICHTEN_FSYNC = True
    monkeypatch.setattr(MapTransport, "verstuur_reeks", None)  # never called
    assert doorvoer(["--aantal", "3", "--uit", str(tmp_path), "--per-bericht", "--json"]) == 0
    cijfers = json.loads(capsys.readouterr().out)
    assert cijfers["schrijven"] == "per bericht" and len(list(tmp_path.glob("*.xml"))) == 3
    assert Bericht.objects.filter(status="verzonden").count() == 3


@pytest.mark.django_db
def test_bench_refuses_a_folder_that_holds_files(tmp_path, capsys):
    """A file already there with the same name and bytes would count as sent without being written."""
    (tmp_path / "JW301-0983-000000000001.xml").write_bytes(b"<x/>")
    assert doorvoer(["--aantal", "2", "--uit", str(tmp_path)]) == 2
    assert "niet leeg" in capsys.readouterr().err
    assert not Bericht.objects.exists()


def _run(*args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def _manage(*args, env):
    return _run("manage.py", *args, env=env)


def test_bench_and_valideer_on_the_demo_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POSTGRES_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "toegang.settings.demo", "TOEGANG_SQLITE": str(tmp_path / "demo.sqlite3")}
    assert _manage("migrate", "-v0", env=env).returncode == 0
    uit = tmp_path / "uit"
    # --settings names the Django settings (the demo settings are the default anyway).
    r = _run(
        "-m",
        "bench.doorvoer",
        "--aantal",
        "5",
        "--uit",
        str(uit),
        "--soort",
        "WMO301",
        "--settings=toegang.settings.demo",
        env=env,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "5 WMO301, ongeldig: 0" in r.stdout and "per cpu-seconde" in r.stdout
    bestanden = sorted(str(p) for p in uit.glob("*.xml"))
    r = _manage("berichten", "valideer", *bestanden, env=env)
    assert r.returncode == 0 and r.stdout.count("geldig") == 5
    kapot = tmp_path / "kapot.xml"
    kapot.write_bytes(Path(bestanden[0]).read_bytes().replace(b"<wmo301:Geslacht>", b"<wmo301:Geslacht>9"))
    r = _manage("berichten", "valideer", str(kapot), "--json", env=env)
    assert r.returncode == 1 and json.loads(r.stdout)[0]["bevindingen"][0]["retourcode"] == "StUF055"
    (tmp_path / "leeg.xml").write_bytes(b"niets")
    assert _manage("berichten", "valideer", str(tmp_path / "leeg.xml"), env=env).returncode == 2


def _leeftijd(geboren, dag) -> int:
    geboren, dag = (d if isinstance(d, date) else date.fromisoformat(d) for d in (geboren, dag))
    return dag.year - geboren.year - ((dag.month, dag.day) < (geboren.month, geboren.day))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("soort", "volwassen"),
    [
        pytest.param("JW301", False, id="IV046-JW301-jeugdige-onder-18"),
        pytest.param("WMO301", True, id="IV046-WMO301-volwassene"),
    ],
)
def test_each_301_comes_from_the_clients_gemeente_for_a_client_of_the_domains_age(tmp_path, capsys, soort, volwassen):
    """iStandaarden iJw/iWmo 3.2 IV046: the header names the gemeente responsible for the client, the one of the
    BRP address (woonplaatsbeginsel; Wmo: where the client is ingezetene), spread over the gemeenten. Jeugdwet
    art. 1.1: a JW301 client is under 18 on every day of the toewijzing; a WMO301 client is 18 or older."""
    assert doorvoer(["--aantal", "30", "--soort", soort, "--uit", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ongeldig"] == 0
    bench = Bericht.objects.filter(soort=soort, inwoner__bsn__startswith=BSN_REEKS)  # the demo has its own
    rijen = list(bench.select_related("gemeente"))
    assert len(rijen) == 30 and not bench.exclude(status="verzonden").exists()
    afzenders = set()
    for rij in rijen:
        uitslag = valideer(bytes(rij.xml))
        assert uitslag.geldig, uitslag.bevindingen
        kop, client = uitslag.gegevens["Header"], uitslag.gegevens["Client"]
        woongemeente = Adres.objects.get(inwoner=rij.inwoner_id, soort="01").gemeente.cbs_code
        assert kop["Afzender"] == rij.afzender == rij.gemeente.cbs_code == woongemeente
        afzenders.add(woongemeente)
        # a jeugdige with two parents holding gezag, as the demo has them; an adult's 301 has no relaties here
        assert len((client.get("Relaties") or {}).get("Relatie", [])) == (0 if volwassen else 2)
        for p in client["ToegewezenProducten"]["ToegewezenProduct"]:
            for dag in (p["Ingangsdatum"], p["Einddatum"]):
                assert (_leeftijd(client["Geboortedatum"]["Datum"], dag) >= 18) is volwassen
    assert len(afzenders) == 7  # all seven gemeenten
    assert len({r.inwoner_id for r in rijen}) < len(rijen)  # some clients with several toewijzingen
    assert len(list(tmp_path.glob("*.xml"))) == 30


def _tellingen() -> dict:
    from audit.models import AuditEvent
    from berichten.models import Identificatiereeks
    from inwoners.models import Inwoner
    from verwijzing.models import Beschikking, Dossier, Indicatie, Nummerreeks, Toewijzing

    modellen = (Inwoner, Adres, Dossier, Indicatie, Beschikking, Toewijzing, Bericht, AuditEvent)
    return {m._meta.label: m.objects.count() for m in modellen} | {
        "reeksen": sorted(Identificatiereeks.objects.values_list("soort", "afzender", "laatste")),
        "nummers": sorted(Nummerreeks.objects.values_list("gemeente", "domein", "laatste")),
    }


def _eerdere_bench(tmp_path):
    assert doorvoer(["--aantal", "4", "--uit", str(tmp_path / "eerste")]) == 0


def _bench_van_voor_7_december(tmp_path):
    """What the bench made before it had its own inwoners: dossiers with hulpvraag "Bench"."""
    from accounts.factories import GebruikerFactory
    from organisaties.factories import gemeente
    from verwijzing.factories import DossierFactory

    venlo = gemeente("0983")
    DossierFactory(gemeente=venlo, consulent=GebruikerFactory(gemeenten=[venlo]), hulpvraag="Bench")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "vullen",
    [
        pytest.param(_eerdere_bench, id="BENCH-GEVULD-tweede-run"),
        pytest.param(_bench_van_voor_7_december, id="BENCH-GEVULD-oude-bench"),
    ],
)
def test_a_database_the_bench_already_filled_is_refused_and_left_alone(tmp_path, capsys, vullen):
    """A second run would stack toewijzingen on the first (overlapping: refused by the app's own rules); the
    bench refuses with a Dutch message and exit code 2 before changing anything. A fresh database runs
    (the test above)."""
    vullen(tmp_path)
    capsys.readouterr()
    voor = _tellingen()
    uit = tmp_path / "tweede"
    assert doorvoer(["--aantal", "4", "--uit", str(uit)]) == 2
    fout = capsys.readouterr().err
    assert "al door de doorvoerbench gevuld" in fout and "Er is niets gewijzigd" in fout
    assert _tellingen() == voor and not uit.exists()


@pytest.mark.django_db
def test_the_fault_tests_wmo_clients_are_adults_of_the_sending_gemeente():
    """The storingstest's WMO301s (bench/storing_outbox.py) too: iStandaarden iWmo 3.2 IV046, the client lives
    in the gemeente that sends (Venlo), and is 18 or older."""
    from bench.storing_outbox import maak_outbox

    pks, ongeldig = maak_outbox(6)
    assert ongeldig == 0
    for rij in Bericht.objects.filter(pk__in=pks):
        client = valideer(bytes(rij.xml)).gegevens["Client"]
        assert Adres.objects.get(inwoner=rij.inwoner_id, soort="01").gemeente.cbs_code == rij.afzender == "0983"
        assert _leeftijd(client["Geboortedatum"]["Datum"], rij.dagtekening) >= 18
