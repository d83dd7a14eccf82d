"""The outbox: a toekenning writes its JW301/WMO301 in the same transaction, sends it after commit to
the folder transport (atomic, idempotent by BerichtIdentificatie), and the next 301 for the same client
and aanbieder waits for the 302 of the previous one (OP080); OP087 and IV099 in the content."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from accounts.models import Rol
from berichten.models import Bericht, Identificatiereeks
from berichten.tasks import bericht_versturen
from inwoners.factories import RelatieFactory, inwoner_in
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict
from organisaties.factories import gemeente
from tests.berichten.hulp import _toekenning
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import aanvraag_dossier
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import start_registreren, toewijzing_intrekken, toewijzing_oprekken, toewijzing_verwijderen

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def map_(tmp_path, settings):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    return tmp_path / "uit"


def test_a_toekenning_sends_one_valid_jw301_to_the_folder(map_, django_capture_on_commit_callbacks):
    venlo = gemeente("0983")
    inwoner = inwoner_in(venlo, geboortedatum=jaren_geleden(9, VANDAAG), telefoon="0612345678")
    RelatieFactory(inwoner=inwoner, soort="10", gezaghebbend=True, telefoon="0612345679")
    dossier, _ = _toekenning(venlo, django_capture_on_commit_callbacks, producten=("45L12", "54L01"), inwoner=inwoner)
    (bericht,) = Bericht.objects.all()
    assert (bericht.soort, bericht.status, bericht.afzender) == ("JW301", "verzonden", "0983")
    assert len(bericht.identificatie) <= 12
    (bestand,) = map_.glob("*.xml")
    inhoud = bestand.read_bytes()
    assert inhoud == bytes(bericht.xml) and valideer(inhoud).geldig
    _d, _n, g = naar_dict(lees(inhoud))
    producten = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    assert [p["ToewijzingNummer"] for p in producten] == [
        str(n) for n in Toewijzing.objects.filter(dossier=dossier).order_by("nummer").values_list("nummer", flat=True)
    ]
    assert all("RedenWijziging" not in p for p in producten)  # IV099: a new toewijzing has none
    assert g["Header"]["Ontvanger"] == Toewijzing.objects.filter(dossier=dossier).first().aanbieder.agb_code
    assert g["Client"]["Relaties"]["Relatie"][0]["Soort"] == "10"  # OP002: the gezagsdrager
    assert not list(map_.glob(".*.tmp"))  # nothing half-written left behind


def test_wmo_gets_a_wmo301(map_, django_capture_on_commit_callbacks):
    _toekenning(gemeente("0889"), django_capture_on_commit_callbacks, domein="wmo", producten=("01B04",))
    bericht = Bericht.objects.get()
    assert bericht.soort == "WMO301" and b"<wmo301:BerichtCode>414<" in bytes(bericht.xml)


def test_rolled_back_decision_leaves_no_message(map_):
    venlo = gemeente("0983")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent)
    b = beschikking_opstellen(
        door=backoffice, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="x"
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        beschikking_vaststellen(door=backoffice, beschikking=b)
        assert Bericht.objects.count() == 1  # written in the same transaction (outbox)
        raise RuntimeError
    assert not Bericht.objects.exists() and not Identificatiereeks.objects.filter(laatste__gt=0).exists()
    assert not map_.exists() or not list(map_.iterdir())


def test_sending_twice_writes_one_file(map_, django_capture_on_commit_callbacks):
    _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    bericht = Bericht.objects.get()
    Bericht.objects.filter(pk=bericht.pk).update(status="verzenden")  # the worker died after writing the file
    bericht_versturen.delay(bericht.pk)
    bericht_versturen.delay(bericht.pk)
    assert len(list(map_.glob("*.xml"))) == 1
    assert Bericht.objects.get().status == "verzonden"


def test_the_next_301_waits_for_the_302_and_carries_the_reden(map_, django_capture_on_commit_callbacks):
    dossier, beslisser = _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    eerste = Bericht.objects.get()
    t = Toewijzing.objects.get(dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=30), reden="x")
    tweede = Bericht.objects.exclude(pk=eerste.pk).get()
    assert (tweede.status, tweede.wacht_op_id) == ("wacht", eerste.pk)  # OP080
    assert len(list(map_.glob("*.xml"))) == 1
    _d, _n, g = naar_dict(lees(bytes(tweede.xml)))
    (p,) = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    assert (p["ToewijzingNummer"], p["RedenWijziging"]) == (str(t.nummer), "04")  # oprekken: same number
    assert tweede.identificatie != eerste.identificatie


def test_a_301_that_fails_validation_is_kept_and_never_sent(map_, django_capture_on_commit_callbacks):
    venlo = gemeente("0983")
    inwoner = inwoner_in(venlo, geboortedatum=jaren_geleden(9, VANDAAG))
    inwoner.adressen.all().delete()  # no address and no phone: TR006 / TR061
    inwoner.telefoon = ""
    inwoner.save()
    _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    bericht = Bericht.objects.get()
    assert bericht.status == "afgekeurd"
    assert {f["regel"] for f in bericht.fouten} & {"TR006", "TR061"}
    assert not map_.exists() or not list(map_.glob("*.xml"))


@pytest.mark.parametrize(
    ("actie", "reden", "bron"),
    [
        (
            "trek_in",
            "05",
            "iStandaarden iJw/iWmo 3.2, codelijst RedenWijziging: 05 herbeoordeling: verkorting (intrekken)",
        ),
        (
            "trek_in-07",
            "07",
            "iStandaarden iJw/iWmo 3.2, codelijst RedenWijziging: 07 verhuizing naar een andere gemeente, "
            "chosen on intrekken",
        ),
        (
            "verwijder",
            "13",
            "iStandaarden iJw/iWmo 3.2, codelijst RedenWijziging: 13 verwijderd; CS335 einddatum = ingangsdatum",
        ),
    ],
)
def test_intrekken_and_verwijderen_go_out_with_their_reden_wijziging(
    map_, django_capture_on_commit_callbacks, actie, reden, bron
):
    dossier, beslisser = _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    t = Toewijzing.objects.get(dossier=dossier)
    kwargs = {"einddatum": t.ingangsdatum + timedelta(days=10)} if actie.startswith("trek_in") else {}
    if actie == "trek_in-07":
        actie, kwargs["reden_wijziging"] = "trek_in", "07"
    with django_capture_on_commit_callbacks(execute=True):
        {"trek_in": toewijzing_intrekken, "verwijder": toewijzing_verwijderen}[actie](
            door=beslisser, toewijzing=t, reden="Herbeoordeling", **kwargs
        )
    laatste = Bericht.objects.order_by("-pk").first()
    _d, _n, g = naar_dict(lees(bytes(laatste.xml)))
    (p,) = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    assert (p["ToewijzingNummer"], p["RedenWijziging"]) == (str(t.nummer), reden), bron
    t.refresh_from_db()
    if actie == "verwijder":
        assert p["Einddatum"] == p["Ingangsdatum"] == t.ingangsdatum.isoformat()
        # OP087: once sent, a deleted toewijzing is no longer actual: a later 301 leaves it out
        from berichten.uitgaand import _actueel

        assert t not in list(_actueel(t))


def test_a_started_toewijzing_cannot_be_deleted_and_intrekken_respects_the_start(
    map_, django_capture_on_commit_callbacks
):
    from toegang.fouten import Geweigerd

    dossier, beslisser = _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    t = Toewijzing.objects.get(dossier=dossier)
    start_registreren(toewijzing=t, begindatum=t.ingangsdatum + timedelta(days=5), bericht_omschrijving="")
    aantal = Bericht.objects.count()
    with pytest.raises(Geweigerd, match="al gestart"):
        toewijzing_verwijderen(door=beslisser, toewijzing=t, reden="x")
    with pytest.raises(Geweigerd, match="niet vóór die start"):
        toewijzing_intrekken(door=beslisser, toewijzing=t, einddatum=t.ingangsdatum + timedelta(days=1), reden="x")
    with pytest.raises(Geweigerd, match="oprekken"):
        toewijzing_intrekken(door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=1), reden="x")
    t.refresh_from_db()
    assert t.laatste_wijziging == "nieuw" and Bericht.objects.count() == aantal


@pytest.mark.parametrize(
    ("status", "minuten_geleden", "opnieuw"),
    [
        ("klaar", 1, False),  # its task is on its way
        ("klaar", 6, True),  # the task was lost (Redis gone, worker died before taking it)
        ("verzenden", 6, False),  # being retried: its own chain has it (backoff up to an hour)
        ("verzenden", 66, True),  # no retry can still be pending: a dead worker or a chain that gave up
        ("wacht", 600, False),  # waits for the 302 on the previous 301 (OP080)
        ("verzonden", 600, False),
    ],
)
def test_the_sweep_takes_over_only_what_nobody_is_sending(
    map_, django_capture_on_commit_callbacks, settings, status, minuten_geleden, opnieuw
):
    from unittest import mock

    from django.utils import timezone

    from berichten import tasks

    settings.TOEGANG_BERICHTEN_ACHTERSTALLIG_NA, settings.TOEGANG_BERICHTEN_BACKOFF_MAX = 300, 3600
    _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    bericht = Bericht.objects.get()
    Bericht.objects.filter(pk=bericht.pk).update(
        status=status, gewijzigd_op=timezone.now() - timedelta(minutes=minuten_geleden)
    )
    with mock.patch.object(tasks.bericht_versturen, "delay") as delay:
        assert tasks.achterstallige_berichten_versturen() == int(opnieuw)
    assert [c.args for c in delay.call_args_list] == ([(bericht.pk,)] if opnieuw else [])


def test_an_attempt_marks_the_message_so_the_sweep_leaves_it_alone(map_, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from berichten.transport import TransportFout

    _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    bericht = Bericht.objects.get()
    oud = timezone.now() - timedelta(hours=2)
    Bericht.objects.filter(pk=bericht.pk).update(status="klaar", gewijzigd_op=oud)
    from unittest import mock

    with (
        mock.patch("berichten.transport.MapTransport.verstuur", side_effect=TransportFout("onbereikbaar")),
        pytest.raises(Exception),  # noqa: B017 (eager mode re-raises once the retries are spent)
    ):
        bericht_versturen.apply(args=(bericht.pk,), throw=True)
    bericht.refresh_from_db()
    assert bericht.status == "verzenden" and bericht.gewijzigd_op > oud


def test_the_sweep_removes_old_half_written_files_only(map_, settings):
    import os
    import time

    from berichten import tasks

    settings.TOEGANG_BERICHTEN_MAP = map_.parent
    map_.mkdir(parents=True, exist_ok=True)
    oud, jong, bericht = map_ / ".JW301-0983-1.xml.1.tmp", map_ / ".JW301-0983-2.xml.2.tmp", map_ / "JW301-0983-3.xml"
    for pad in (oud, jong, bericht):
        pad.write_bytes(b"<x/>")
    twee_uur = time.time() - 7200
    os.utime(oud, (twee_uur, twee_uur))
    os.utime(bericht, (twee_uur, twee_uur))
    tasks.achterstallige_berichten_versturen()
    assert not oud.exists() and jong.exists() and bericht.exists()  # a sent message is never touched


@pytest.mark.parametrize("achterstallig", [100, 123])
def test_the_sweep_takes_up_everything_overdue_in_one_run_in_batches(
    map_, django_capture_on_commit_callbacks, settings, monkeypatch, achterstallig
):
    """After a lost Redis thousands of rows may be overdue: one run queues them all, reading the ids in
    batches (keyset on the primary key, a LIMIT per query), each message once."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from berichten import outbox, tasks

    settings.TOEGANG_BERICHTEN_ACHTERSTALLIG_NA, settings.TOEGANG_BERICHTEN_BACKOFF_MAX = 300, 3600
    monkeypatch.setattr(outbox, "ACHTERSTALLIG_REEKS", 50)
    _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    voorbeeld = Bericht.objects.get()

    def kopie(n: int, status: str) -> Bericht:
        return Bericht(
            richting=voorbeeld.richting,
            soort=voorbeeld.soort,
            domein=voorbeeld.domein,
            gemeente_id=voorbeeld.gemeente_id,
            aanbieder_id=voorbeeld.aanbieder_id,
            inwoner_id=voorbeeld.inwoner_id,
            afzender=voorbeeld.afzender,
            identificatie=f"{n:012d}",
            dagtekening=voorbeeld.dagtekening,
            xml=voorbeeld.xml,
            status=status,
        )

    # Overdue: klaar for 6 minutes, or verzenden for 66 (interleaved); not: klaar for 1 minute, sent.
    soorten = ["klaar", "klaar", "verzenden"]
    oud = Bericht.objects.bulk_create([kopie(1000 + n, soorten[n % 3]) for n in range(achterstallig)])
    jong = Bericht.objects.bulk_create([kopie(5000 + n, "klaar") for n in range(20)])
    nu = timezone.now()
    for b in oud:
        minuten = 6 if b.status == "klaar" else 66
        Bericht.objects.filter(pk=b.pk).update(gewijzigd_op=nu - timedelta(minutes=minuten))
    Bericht.objects.filter(pk__in=[b.pk for b in jong]).update(gewijzigd_op=nu - timedelta(minutes=1))
    Bericht.objects.filter(pk=voorbeeld.pk).update(gewijzigd_op=nu - timedelta(hours=5))  # verzonden

    with mock.patch.object(tasks.bericht_versturen, "delay") as delay, CaptureQueriesContext(connection) as q:
        assert tasks.achterstallige_berichten_versturen() == achterstallig
    assert [c.args for c in delay.call_args_list] == [(b.pk,) for b in sorted(oud, key=lambda b: b.pk)]
    selects = [x["sql"] for x in q.captured_queries if x["sql"].startswith("SELECT")]
    assert len(selects) == achterstallig // 50 + 1 and all("LIMIT 50" in sql for sql in selects)


def test_the_sweep_sends_what_it_queues_while_it_reads_on(map_, django_capture_on_commit_callbacks, monkeypatch):
    """Eager tasks change the rows the sweep is reading: the keyset still reaches every one, once."""
    from django.utils import timezone

    from berichten import outbox, tasks

    monkeypatch.setattr(outbox, "ACHTERSTALLIG_REEKS", 1)  # one id per read: three reads past changed rows
    for _ in range(3):
        _toekenning(gemeente("0983"), django_capture_on_commit_callbacks)
    Bericht.objects.update(status="klaar", verzonden_op=None, gewijzigd_op=timezone.now() - timedelta(hours=1))
    assert tasks.achterstallige_berichten_versturen() == 3
    assert set(Bericht.objects.values_list("status", flat=True)) == {"verzonden"}
    assert len(list(map_.glob("*.xml"))) == 3


def test_a_301_is_built_by_the_path_the_bench_measures(map_, django_capture_on_commit_callbacks, monkeypatch):
    """uitgaand._bouw: gegevens_301, the generated writer (xml.schrijf) and valideer_geschreven, the
    stages `python -m bench.doorvoer` times; its OP087 batch gives the same bytes."""
    from unittest import mock

    from bench import berichten_doorvoer as bench
    from berichten import outbox, uitgaand
    from istandaard.validatie import valideer_geschreven
    from istandaard.xml import schrijf

    with (
        mock.patch.object(outbox, "schrijf", wraps=schrijf) as geschreven,
        mock.patch.object(outbox, "valideer_geschreven", wraps=valideer_geschreven) as gevalideerd,
    ):
        _toekenning(gemeente("0983"), django_capture_on_commit_callbacks, producten=("45L12", "54L01"))
    assert geschreven.call_count == gevalideerd.call_count > 0  # once per toewijzing: the open 301 is rebuilt
    bericht = Bericht.objects.get()
    assert bericht.status == "verzonden" and valideer(bytes(bericht.xml)).geldig
    ids = list(bericht.toewijzingen.values_list("pk", flat=True))
    _t, groep = bench._op087(ids, "jeugd", VANDAAG)[ids[0]]
    gegevens = uitgaand.gegevens_301(
        "jeugd",
        afzender=bericht.afzender,
        identificatie=bericht.identificatie,
        dagtekening=bericht.dagtekening,
        toewijzingen=groep,
        redenen=bericht.redenen,
    )
    assert len(groep) == 2 and schrijf("jeugd", "301", gegevens).xml == bytes(bericht.xml)


def test_a_rejected_301_is_rebuilt_from_the_corrected_data_when_sent_again(map_, django_capture_on_commit_callbacks):
    """A 315 may carry no address (the 301 then fails TR061/TR006): once the address is there, Opnieuw
    versturen rebuilds the 301 with its own identificatie and sends it; before that it refuses and nothing
    changes."""
    from berichten import uitgaand
    from inwoners.factories import AdresFactory
    from toegang.fouten import Geweigerd

    venlo = gemeente("0983")
    inwoner = inwoner_in(venlo, geboortedatum=jaren_geleden(9, VANDAAG))
    inwoner.adressen.all().delete()
    inwoner.telefoon = ""
    inwoner.save()
    _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    bericht = Bericht.objects.get()
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    with pytest.raises(Geweigerd, match="voldoet nog niet"):
        uitgaand.bericht_opnieuw_versturen(door=backoffice, bericht=bericht, reden="Adres nagevraagd.")
    r = ingelogde_client(backoffice).post(f"/berichten/{bericht.pk}/opnieuw/", {"reden": "Adres nagevraagd."})
    assert r.status_code == 400 and 'role="alert"' in r.content.decode() and "voldoet nog niet" in r.content.decode()
    bericht.refresh_from_db()
    assert bericht.status == "afgekeurd" and bericht.fouten  # unchanged
    AdresFactory(inwoner=inwoner, gemeente=venlo)
    with django_capture_on_commit_callbacks(execute=True):
        uitgaand.bericht_opnieuw_versturen(door=backoffice, bericht=bericht, reden="Adres aangevuld.")
    opnieuw = Bericht.objects.get()
    assert (opnieuw.status, opnieuw.fouten, opnieuw.identificatie) == ("verzonden", [], bericht.identificatie)
    assert valideer(bytes(opnieuw.xml)).geldig and len(list(map_.glob("*.xml"))) == 1


@pytest.mark.parametrize(
    ("toestand", "opnieuw_mag", "bron"),
    [
        ("afgekeurd_door_aanbieder", False, "TR056: its identificatie went out; a change makes a new 301"),
        ("verzenden_net_gestart", False, "a running attempt or pending retry: no second chain beside it"),
        ("verzenden_vastgelopen", True, "past the sweep's threshold plus the longest backoff: stuck"),
        ("klaar_nooit_verzonden", True, "never sent: may go again"),
    ],
)
def test_only_a_message_that_never_went_out_is_sent_again_or_cancelled(
    map_, django_capture_on_commit_callbacks, settings, toestand, opnieuw_mag, bron
):
    from django.utils import timezone

    from berichten import uitgaand
    from toegang.fouten import Geweigerd

    venlo = gemeente("0983")
    dossier, beslisser = _toekenning(venlo, django_capture_on_commit_callbacks)
    bericht = Bericht.objects.get()
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    lang_geleden = timezone.now() - timedelta(days=1)
    wijzig = {
        "afgekeurd_door_aanbieder": {"status": "afgekeurd", "fouten": [{"regel": "9019", "retourcode": "9019"}]},
        "verzenden_net_gestart": {"status": "verzenden", "verzonden_op": None},
        "verzenden_vastgelopen": {"status": "verzenden", "verzonden_op": None, "gewijzigd_op": lang_geleden},
        "klaar_nooit_verzonden": {"status": "klaar", "verzonden_op": None},
    }[toestand]
    Bericht.objects.filter(pk=bericht.pk).update(**wijzig)
    voor = Bericht.objects.values("status", "identificatie").get(pk=bericht.pk)
    for service in (uitgaand.bericht_opnieuw_versturen, uitgaand.bericht_annuleren):
        if opnieuw_mag:
            continue
        with pytest.raises(Geweigerd):
            service(door=backoffice, bericht=bericht, reden="x")
        assert Bericht.objects.values("status", "identificatie").get(pk=bericht.pk) == voor, bron
    if opnieuw_mag:
        with django_capture_on_commit_callbacks(execute=True):
            uitgaand.bericht_opnieuw_versturen(door=backoffice, bericht=bericht, reden="Vastgelopen.")
        assert Bericht.objects.get(pk=bericht.pk).status == "verzonden", bron
    if toestand == "afgekeurd_door_aanbieder":  # the next change goes as a new message, not a rebuild
        t = Toewijzing.objects.get(dossier=dossier)
        with django_capture_on_commit_callbacks(execute=True):
            toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=30), reden="x")
        nieuw = Bericht.objects.exclude(pk=bericht.pk).get(soort="JW301")
        assert nieuw.identificatie != bericht.identificatie and nieuw.status == "verzonden", bron
        assert Bericht.objects.get(pk=bericht.pk).status == "afgekeurd"
