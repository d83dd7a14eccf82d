"""The outbox under fire (bench/berichten_storing.py, small): about 1,000 messages through a real Celery
worker with its own redis-server, the worker killed with SIGKILL at seeded random moments and
restarted, Redis killed and restarted once, the sweep on a short interval. Afterwards every message is
in uit/ exactly once: files == outbox rows == distinct BerichtIdentificaties, no two files alike.

transaction=True: the worker is another process and sees only committed rows; the runner hands it the
test database's name (test_ + POSTGRES_DB) from Django's connection. serialized_rollback puts the
gemeenten and the catalogue back for the tests after this one."""

import shutil

import pytest

from bench.berichten_storing import Opzet, draai

AANTAL = 1000
SEED = 20261125
DEADLINE = 600  # seconds; about a minute on two quiet cores, over 180 s seen at load 17 (five suites at once)


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server staat niet op PATH")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_message_lost_or_doubled_when_worker_and_redis_are_killed():
    uitkomst = draai(Opzet(AANTAL, seed=SEED, deadline=DEADLINE))

    assert uitkomst["afwijkingen"] == [], uitkomst
    assert uitkomst["bestanden"] == uitkomst["rijen"] == uitkomst["identificaties"] == AANTAL
    assert uitkomst["unieke_inhoud"] == AANTAL
    # the faults really happened: four kills (worker or pool process) and one Redis restart
    assert uitkomst["kills"] == 4 and uitkomst["redis_herstarts"] == 1
    # a worker may exit on the broker's loss (kombu, BROKERVERLIES) and is restarted as a supervisor would;
    # every other exit by itself is an afwijking above
    assert uitkomst["herstart_na_brokerverlies"] <= uitkomst["redis_herstarts"]
    assert uitkomst["dubbel_in_wachtrij"] == AANTAL // 20


@pytest.mark.parametrize(
    ("log", "brokerverlies"),
    [
        (
            "consumer: Connection to broker lost. Trying to re-establish the connection...\n"
            "CRITICAL/MainProcess] Unrecoverable error: AttributeError(\"'NoneType' object has no attribute "
            "'hostname'\")\nworker: Warm shutdown (MainProcess)\n",
            True,
        ),
        ("CRITICAL/MainProcess] Unrecoverable error: ImportError('toegang')\n", False),  # a real fault
        ("consumer: Connection to broker lost. Trying to re-establish the connection...\n", False),  # recovered
        (
            "consumer: Connection to broker lost. Trying to re-establish the connection...\n"
            "CRITICAL/MainProcess] Unrecoverable error: KeyError('verstuur_bericht')\n",
            False,
        ),  # lost the broker, then died of something else: a fault
    ],
)
def test_only_an_exit_on_the_brokers_loss_counts_as_the_supervisors_restart(tmp_path, log, brokerverlies):
    from bench.berichten_storing import Werker

    werker = Werker({}, 1, tmp_path)
    werker.starts = 1
    (tmp_path / "werker-1.log").write_text(log)
    assert werker.stopte_na_brokerverlies() is brokerverlies
