"""`python -m bench.doorvoer` and `manage.py berichten valideer` from the outside: on PostgreSQL (the test
settings) and on the demo's SQLite, with a tiny N. Figures are printed, never asserted as timings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.doorvoer import main as doorvoer
from berichten.models import Bericht
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
