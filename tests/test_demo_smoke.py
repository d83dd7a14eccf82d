"""./bin/demo from the outside: set up twice on SQLite in a temporary folder (same row counts),
then serve; /health and the login page answer, a search by BSN leaves no BSN in the request log,
and the SQLite audit table is append-only too, refuses a back-dated event, and its chain verifies."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

# One worker runs the whole module (./bin/test: --dist loadgroup), so its module fixture is built once.
pytestmark = pytest.mark.xdist_group("demo")

ROOT = Path(__file__).resolve().parent.parent


def _env(map_: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POSTGRES_", "TOEGANG_"))}
    return env | {"TOEGANG_DEMO_MAP": str(map_), **extra}


def _tellingen(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tabellen = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tabellen}  # noqa: S608


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("demo")
    for _ in range(2):
        result = subprocess.run(
            [str(ROOT / "bin" / "demo"), "--voorbereiden"],
            env=_env(map_),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        map_.joinpath(f"tellingen-{_}.json").write_text(json.dumps(_tellingen(map_ / "demo.sqlite3")))
    return map_


def test_setting_up_twice_gives_the_same_row_counts(demo_map):
    eerste = json.loads(demo_map.joinpath("tellingen-0.json").read_text())
    tweede = json.loads(demo_map.joinpath("tellingen-1.json").read_text())
    assert eerste == tweede
    assert eerste["organisaties_gemeente"] == 7
    assert eerste["organisaties_aanbieder"] >= 10
    assert eerste["inwoners_inwoner"] >= 300
    assert eerste["inwoners_relatie"] > 100
    assert eerste["producten_product"] == 68
    # two verzoeken om toewijzing (315) waiting: Venlo's backoffice and Venray's Jeugd consulenten
    assert eerste["berichten_aangevraagdproduct"] == 2
    accounts = (demo_map / "demo-accounts.txt").read_text()
    for rol in ("Consulent", "Backoffice", "Medewerker aanbieder", "Regie en beleid", "Functioneel beheer"):
        assert rol in accounts
    assert "Applicatiebeheer (regionaal)" in accounts
    # Its activation link (2FA always) went by mail into the demo's mail folder, once over both set-ups.
    # (The other mails are the signing links of the dossiers offered for signing.)
    (mail,) = [m for m in (demo_map / "mail").iterdir() if "To: applicatiebeheer@" in m.read_text()]
    tekst = mail.read_text()
    assert "To: applicatiebeheer@toegang.example" in tekst and "/inloggen/activeren/?u=" in tekst
    for gemeente in ("Beesel", "Bergen (L.)", "Gennep", "Horst aan de Maas", "Peel en Maas", "Venlo", "Venray"):
        assert gemeente in accounts


# Every status of the flow the demo must show, toegekend and afgewezen included.
STATUSSEN = (
    "melding",
    "onderzoek",
    "indicatie",
    "leefzorgplan",
    "ondertekening",
    "aanvraag",
    "toegekend",
    "afgewezen",
    "afgesloten_voorliggend",
)


def test_the_demo_shows_the_work(demo_map):
    """After set-up every status has a dossier (Venlo and Venray in both domains), every gemeente has a
    toekenning, the 301s went to the berichten folder, a 305 and a 307 were processed, and a 315, a 317 and a
    matchingsverzoek wait."""
    with sqlite3.connect(demo_map / "demo.sqlite3") as conn:
        per_status = dict(conn.execute("select status, count(*) from verwijzing_dossier group by status").fetchall())
        rijk = conn.execute(
            "select g.cbs_code, d.domein, d.status from verwijzing_dossier d "
            "join organisaties_gemeente g on g.id = d.gemeente_id where g.cbs_code in ('0983', '0984')"
        ).fetchall()
        toegekend = conn.execute(
            "select count(distinct gemeente_id) from verwijzing_dossier where status = 'toegekend'"
        ).fetchone()[0]
        berichten = Counter()
        for soort, status, n in conn.execute("select soort, status, count(*) from berichten_bericht group by 1, 2"):
            berichten[(soort[-3:], status)] += n  # JW301 and WMO301 alike
        toewijzingen = dict(conn.execute("select status, count(*) from verwijzing_toewijzing group by status"))
        open_315 = conn.execute("select count(*) from berichten_aangevraagdproduct where status = 'open'")
        open_317 = conn.execute("select count(*) from berichten_wijzigingsverzoek where status = 'open'")
        open_315, open_317 = open_315.fetchone()[0], open_317.fetchone()[0]
        matching = conn.execute("select count(*) from verwijzing_matchingsverzoek where status = 'verzonden'")
        matching = matching.fetchone()[0]
    for status in STATUSSEN:
        assert per_status.get(status), status
    for cbs in ("0983", "0984"):
        for domein in ("jeugd", "wmo"):
            getoond = {s for c, d, s in rijk if (c, d) == (cbs, domein)}
            assert getoond >= set(STATUSSEN) - {"melding", "onderzoek", "aanvraag"}, (cbs, domein)
    assert toegekend == 7
    assert berichten[("301", "verzonden")] >= 7
    uit = [p.name for p in (demo_map / "berichten" / "uit").iterdir()]
    assert sum(naam.startswith(("JW301-", "WMO301-")) for naam in uit) == berichten[("301", "verzonden")]
    assert berichten[("305", "verwerkt")] and berichten[("307", "verwerkt")]
    assert toewijzingen["gestart"] and toewijzingen["gestopt"]
    assert open_315 >= 1 and open_317 >= 1
    assert matching >= 1  # the aanbieder's start page has a matchingsgesprek to answer
    assert per_status.get("aanvraag", 0) >= 4  # Jeugd and Wmo aanvragen wait for a beschikking


# Run inside the demo's own Django (its SQLite), so the checks use the app's rules, not a copy of them.
_FEITEN = """
import json
from django.utils import timezone
from verwijzing.indicatie import uiterlijk_matchingsgesprek
from verwijzing.leefzorgplan.tekenaars import wie_tekent
from verwijzing.models import Dossier, Matchingsverzoek
vandaag = timezone.localdate()
fout_getekend = []
getekende = 0
for d in Dossier.objects.filter(domein="jeugd", ondertekeningen__getekend_op__isnull=False).distinct():
    getekend = list(d.ondertekeningen.filter(getekend_op__isnull=False, vervallen=False))
    getekende += 1
    peildatum = timezone.localtime(getekend[0].getekend_op).date()
    moet = sorted((t.rol, t.relatie_id) for t in wie_tekent(d, peildatum))
    heeft = sorted((o.rol, o.relatie_id) for o in getekend)
    if moet != heeft:
        fout_getekend.append([d.pk, moet, heeft])
te_laat = [
    v.pk for v in Matchingsverzoek.objects.filter(status="verzonden") if uiterlijk_matchingsgesprek(v) < vandaag
]
print(json.dumps({"getekende": getekende, "fout_getekend": fout_getekend, "te_laat": te_laat}))
"""


@pytest.fixture(scope="module")
def demo_feiten(demo_map):
    env = _env(demo_map, DJANGO_SETTINGS_MODULE="toegang.settings.demo", TOEGANG_SQLITE=str(demo_map / "demo.sqlite3"))
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", _FEITEN],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_signed_jeugd_dossier_in_the_demo_is_signed_by_whom_wie_tekent_names(demo_feiten):
    """A 3-year-old showed "(inwoner): getekend": under 12 the gezaghebbenden sign, 12 to 15 the jeugdige and
    the gezaghebbenden, from 16 the jeugdige."""
    assert demo_feiten["getekende"] >= 10
    assert demo_feiten["fout_getekend"] == []


def test_one_demo_matchingsverzoek_is_late(demo_feiten):
    """The portal and the werkvoorraad have a "te laat" to show: one verzoek still open past its 5 werkdagen."""
    assert len(demo_feiten["te_laat"]) == 1


def test_the_demo_tells_each_domain_its_own_story(demo_map):
    """Wmo dossiers carry Wmo texts, Venlo's Wmo consulent has an aanvraag to decide on (the README's step),
    and an afwijzing's onderzoek, motivering and reason for not hearing agree."""
    with sqlite3.connect(demo_map / "demo.sqlite3") as conn:
        wmo = conn.execute(
            "select d.melder, d.hulpvraag, coalesce(o.voorliggend, ''), coalesce(o.hulpvraag, '') "
            "from verwijzing_dossier d left join verwijzing_onderzoek o on o.dossier_id = d.id where d.domein = 'wmo'"
        ).fetchall()
        venlo_wmo_aanvraag = conn.execute(
            "select count(*) from verwijzing_dossier d join organisaties_gemeente g on g.id = d.gemeente_id "
            "join accounts_gebruiker u on u.id = d.consulent_id where g.cbs_code = '0983' and d.domein = 'wmo' "
            "and d.status = 'aanvraag' and u.username = 'consulent.wmo.venlo'"
        ).fetchone()[0]
        afwijzingen = conn.execute(
            "select b.motivering, b.horen_niet_nodig, o.voorliggend, o.conclusie from verwijzing_beschikking b "
            "join verwijzing_dossier d on d.id = b.dossier_id join verwijzing_onderzoek o on o.dossier_id = d.id "
            "where b.soort = 'afwijzing'"
        ).fetchall()
    assert wmo
    for melder, hulpvraag, voorliggend, onderzoek in wmo:
        assert melder != "ouder", hulpvraag
        for jeugdtekst in ("gedrag thuis en op school", "Opvoedcursus", "driftbuien", "Ouders"):
            assert jeugdtekst not in f"{hulpvraag} {voorliggend} {onderzoek}", (hulpvraag, voorliggend)
    assert venlo_wmo_aanvraag >= 1
    assert len(afwijzingen) >= 4
    for motivering, horen, voorliggend, conclusie in afwijzingen:
        assert "onvoldoende" not in voorliggend and "passend" not in conclusie.replace("niet nodig", ""), voorliggend
        assert "toereikend" in conclusie and "niet nodig" in motivering
        assert "om afwijzing gevraagd" not in horen


def test_every_demo_consulent_has_open_dossiers_of_his_own(demo_map):
    """ "Mijn werkvoorraad" is the consulent's start: every demo consulent is behandelaar of open dossiers, and
    Venlo's Jeugd team shows two behandelaars in its team view (handed on with a reason, audited)."""
    open_ = ("melding", "onderzoek", "indicatie", "leefzorgplan", "ondertekening", "aanvraag")
    with sqlite3.connect(demo_map / "demo.sqlite3") as conn:
        consulenten = [r[0] for r in conn.execute("select username from accounts_gebruiker where rol = 'consulent'")]
        eigen = dict(
            conn.execute(
                "select u.username, count(d.id) from accounts_gebruiker u join verwijzing_dossier d "
                f"on d.consulent_id = u.id where d.status in ({','.join('?' * len(open_))}) group by u.username",
                open_,
            ).fetchall()
        )
        overgedragen = conn.execute(
            "select count(*) from audit_auditevent where omschrijving like 'Behandelaar %' and reden != ''"
        ).fetchone()[0]
    assert len(consulenten) == 15
    assert [c for c in consulenten if not eigen.get(c)] == []
    assert eigen["consulent2.jeugd.venlo"] and overgedragen == eigen["consulent2.jeugd.venlo"]


def test_demo_serves_health_and_login_and_logs_no_bsn(demo_map):
    poort = _vrije_poort()
    log = demo_map / "server.log"
    with open(log, "w") as uit:
        server = subprocess.Popen(
            [str(ROOT / "bin" / "demo")],
            env=_env(demo_map, PORT=str(poort)),
            cwd=ROOT,
            stdout=uit,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    basis = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{basis}/health", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("demo did not start: " + log.read_text()[-2000:])
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        pagina = opener.open(f"{basis}/inloggen/").read().decode()
        assert "tweestapsverificatie staat uit" in pagina
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina).group(1)
        wachtwoord = (demo_map / "demo-wachtwoord.txt").read_text()

        def post(pad, data):
            request = urllib.request.Request(
                f"{basis}{pad}", data=urlencode(data).encode(), headers={"Referer": f"{basis}{pad}"}
            )
            return opener.open(request).read().decode()

        start = post(
            "/inloggen/", {"csrfmiddlewaretoken": token, "username": "consulent.jeugd.venlo", "password": wachtwoord}
        )
        assert "Welkom" in start
        with sqlite3.connect(demo_map / "demo.sqlite3") as conn:
            # A client of a Venlo Jeugd dossier: in this Jeugd consulent's scope.
            bsn = conn.execute(
                "select i.bsn from inwoners_inwoner i join verwijzing_dossier d on d.inwoner_id = i.id "
                "join organisaties_gemeente g on g.id = d.gemeente_id where g.cbs_code = '0983' "
                "and d.domein = 'jeugd' limit 1"
            ).fetchone()[0]
            # A Venlo resident without a dossier whom nobody opened: only the reasoned step reaches him.
            buiten = conn.execute(
                "select i.bsn from inwoners_inwoner i join inwoners_adres a on a.inwoner_id = i.id "
                "join organisaties_gemeente g on g.id = a.gemeente_id where g.cbs_code = '0983' "
                "and i.id not in (select inwoner_id from verwijzing_dossier) "
                "and i.id not in (select inwoner_id from inwoners_toegangsgrond) "
                "and i.id not in (select persoon_id from inwoners_relatie where persoon_id is not null) limit 1"
            ).fetchone()[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', start).group(1)
        resultaat = post("/inwoners/zoeken/", {"csrfmiddlewaretoken": token, "bsn": bsn})
        assert "1 inwoner gevonden" in resultaat
        resultaat = post("/inwoners/zoeken/", {"csrfmiddlewaretoken": token, "bsn": buiten})
        assert "Openen voor nieuwe melding" in resultaat and "inwoner gevonden" not in resultaat
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    verslag = log.read_text()
    assert '"POST /inwoners/zoeken/" 200' in verslag  # the request log is there ...
    assert bsn not in verslag and buiten not in verslag  # ... and carries no BSN


def test_sqlite_audit_table_is_append_only(demo_map):
    with sqlite3.connect(demo_map / "demo.sqlite3") as conn:
        assert conn.execute("select count(*) from audit_auditevent").fetchone()[0] > 0
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("update audit_auditevent set reden = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("delete from audit_auditevent")


_TERUG = """insert into audit_auditevent (uuid, tijdstip, gebruikersnaam, rol, actie, object_type, object_id,
    gemeente_cbs, reden, omschrijving, gegevens, route, request_id)
    values ('0123456789abcdef0123456789abcdef', {tijd}, 'mallory', '', 'lezen', '', '', '', '', '', '{{}}', '', '')"""


def test_sqlite_audit_refuses_a_back_dated_event_and_its_chain_verifies(demo_map, tmp_path):
    with sqlite3.connect(demo_map / "demo.sqlite3") as conn, pytest.raises(sqlite3.IntegrityError, match="tijdstip"):
        conn.execute(_TERUG.format(tijd="'2020-01-01 12:00:00'"))
    koppen = tmp_path / "koppen.log"
    env = _env(demo_map, DJANGO_SETTINGS_MODULE="toegang.settings.demo", TOEGANG_SQLITE=str(demo_map / "demo.sqlite3"))

    def audit(*args):
        return subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "audit", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    kop = audit("kop", "--koppen", str(koppen))
    assert kop.returncode == 0, kop.stdout + kop.stderr
    assert "audit-kop {" in koppen.read_text()
    verificatie = audit("verifieer", "--koppen", str(koppen))
    assert verificatie.returncode == 0, verificatie.stdout + verificatie.stderr
    assert "Audittrail intact" in verificatie.stdout
    with sqlite3.connect(demo_map / "demo.sqlite3") as conn:
        assert conn.execute("select count(*) from audit_auditzegel").fetchone()[0] > 0
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("delete from audit_auditzegel")
