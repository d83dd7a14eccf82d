"""The audit trail proves itself: a hash chain over the events, its head kept outside the database.

- verzegel(): seals committed events in id order (AuditZegel: hash = sha256(previous hash, previous id,
  the event's columns)). It runs apart from record() (beat, every minute), so writers never wait on
  each other or on a global lock.
- schrijf_kop(): writes the chain head (last sealed id, its hash, the time; HMAC-signed when
  TOEGANG_AUDIT_SLEUTEL is set) as a log line on the "toegang.audit.kop" logger and appends it to the
  file TOEGANG_AUDIT_KOPPEN: both outside the database. Daily; every sealing pass logs it too.
- verifieer(): recomputes the chain, compares it with the seals and with every recorded head, and names
  the first broken row: verwijderd, gewijzigd, ingevoegd or herschreven.

Ids that commit out of order: a younger id can commit while an older one is still in flight. The sealer
stops at the first gap in the ids unless the event after the gap is older than the grace period
(TOEGANG_AUDIT_GAT_WACHTTIJD): the missing id was drawn before that event's tijdstip (the database sets
tijdstip at insert, after the id), so its transaction would have run longer than the grace period; the
gap is taken as a rolled-back sequence value and the seal records it (vorige = the id before the gap).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .models import AuditEvent, AuditZegel

logger = logging.getLogger("toegang.audit.kop")

BEGIN = "0" * 64  # the "previous hash" of the first seal
PARTIJ = 2000  # events per sealing query
# Serialises sealers only (beat and a manual run), never record(): a transaction-scoped advisory lock.
SLOT = 0x70E6A4D1


def _waarde(v):
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(v, uuid.UUID):
        return str(v)
    return v


_VELDEN = [f.attname for f in AuditEvent._meta.concrete_fields]


def canoniek(rij: dict) -> str:
    """The event's columns as sorted JSON. Empty values are left out, so a column added later (empty on
    old rows) does not change the hashes of the rows sealed before it."""
    schoon = {k: _waarde(v) for k, v in rij.items() if v not in (None, "", {}, [])}
    return json.dumps(schoon, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def zegelhash(vorige_hash: str, vorige_id: int | None, rij: dict) -> str:
    inhoud = f"{vorige_hash}|{'' if vorige_id is None else vorige_id}|{canoniek(rij)}"
    return hashlib.sha256(inhoud.encode()).hexdigest()


def _wachttijd() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "TOEGANG_AUDIT_GAT_WACHTTIJD", 600))


def _db_nu() -> dt.datetime:
    """The database clock, the one that set tijdstip (clock_timestamp: not the transaction's start)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT clock_timestamp()")
        else:
            cursor.execute("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")
        waarde = cursor.fetchone()[0]
    if isinstance(waarde, str):  # SQLite: UTC text
        waarde = dt.datetime.fromisoformat(waarde).replace(tzinfo=dt.UTC)
    return waarde


def kop() -> tuple[int | None, str]:
    laatste = AuditZegel.objects.order_by("-gebeurtenis").values_list("gebeurtenis", "hash").first()
    return laatste if laatste else (None, BEGIN)


def verzegel() -> int:
    """Seal every committed event that can be sealed now; returns how many were sealed."""
    totaal = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SLOT])
            vorige_id, vorige_hash = kop()
            grens = _db_nu() - _wachttijd()
            rijen = AuditEvent.objects.order_by("id").values(*_VELDEN)
            if vorige_id is not None:
                rijen = rijen.filter(id__gt=vorige_id)
            zegels = []
            for rij in rijen[:PARTIJ]:
                gat = vorige_id is not None and rij["id"] != vorige_id + 1
                if gat and rij["tijdstip"] > grens:
                    break  # the missing id may still be in flight: wait for it
                vorige_hash = zegelhash(vorige_hash, vorige_id, rij)
                zegels.append(AuditZegel(gebeurtenis=rij["id"], vorige=vorige_id, hash=vorige_hash))
                vorige_id = rij["id"]
            AuditZegel.objects.bulk_create(zegels)
        totaal += len(zegels)
        if len(zegels) < PARTIJ:
            break
    if totaal:
        # Every sealing pass also logs its head (not to the file): a shipped log then shows a truncated
        # tail within a minute instead of at the next daily head.
        _kopregel()
    return totaal


# --- the head outside the database --------------------------------------------------------------


def _handtekening(regel: dict) -> str:
    sleutel = getattr(settings, "TOEGANG_AUDIT_SLEUTEL", "") or ""
    if not sleutel:
        return ""
    inhoud = f"{regel['gebeurtenis']}|{regel['hash']}|{regel['tijdstip']}"
    return hmac.new(sleutel.encode(), inhoud.encode(), hashlib.sha256).hexdigest()


def _kopregel() -> tuple[dict, str] | None:
    """The current head as a signed line, logged on "toegang.audit.kop"."""
    gebeurtenis, hash_ = kop()
    if gebeurtenis is None:
        return None
    regel = {"gebeurtenis": gebeurtenis, "hash": hash_, "tijdstip": _db_nu().astimezone(dt.UTC).isoformat()}
    if handtekening := _handtekening(regel):
        regel["hmac"] = handtekening
    tekst = "audit-kop " + json.dumps(regel, sort_keys=True)
    logger.info(tekst)
    return regel, tekst


def schrijf_kop(pad: Path | None = None) -> dict | None:
    """Seal what can be sealed, then log the head and append it to the koppen file."""
    verzegel()
    if (kopregel := _kopregel()) is None:
        return None
    regel, tekst = kopregel
    pad = Path(pad or settings.TOEGANG_AUDIT_KOPPEN)
    pad.parent.mkdir(parents=True, exist_ok=True)
    with open(pad, "a", encoding="utf-8") as uit:
        uit.write(tekst + "\n")
        uit.flush()
        os.fsync(uit.fileno())
    return regel


class KopFout(Exception):
    pass


def lees_koppen(pad: Path) -> list[dict]:
    """Head lines from a koppen file or a shipped log: every line with "audit-kop {json}"."""
    koppen = []
    sleutel = getattr(settings, "TOEGANG_AUDIT_SLEUTEL", "") or ""
    for nummer, lijn in enumerate(Path(pad).read_text(encoding="utf-8").splitlines(), start=1):
        if "audit-kop {" not in lijn:
            continue
        try:
            regel = json.loads(lijn[lijn.index("audit-kop {") + len("audit-kop ") :])
            regel["gebeurtenis"] = int(regel["gebeurtenis"])
            str(regel["hash"])
        except (ValueError, KeyError, TypeError) as exc:
            raise KopFout(f"regel {nummer} van {pad} is geen geldige kopregel") from exc
        if sleutel and not hmac.compare_digest(regel.get("hmac", ""), _handtekening(regel)):
            raise KopFout(f"regel {nummer} van {pad} is niet geldig ondertekend (TOEGANG_AUDIT_SLEUTEL)")
        regel["regel"] = nummer
        koppen.append(regel)
    return koppen


# --- verification --------------------------------------------------------------------------------


@dataclass
class Breuk:
    gebeurtenis: int
    soort: str  # verwijderd, gewijzigd, ingevoegd, herschreven
    uitleg: str

    def __str__(self) -> str:
        return f"gebeurtenis {self.gebeurtenis}: {self.soort} — {self.uitleg}"


@dataclass
class Ketencontrole:
    breuk: Breuk | None
    verzegeld: int
    kop: int | None
    niet_verzegeld: int
    koppen: int


def _kop_mist(k: dict) -> Breuk:
    return Breuk(k["gebeurtenis"], "verwijderd", f"de kop van {k['tijdstip']} noemt hem, de keten niet")


def verifieer(koppen: list[dict] | None = None) -> Ketencontrole:
    """Walk the seals and the events side by side in id order; stop at the first broken row."""
    koppen = sorted(koppen or [], key=lambda k: k["gebeurtenis"])
    open_koppen = list(koppen)
    laatst_goede_kop: int | None = None
    events = AuditEvent.objects.order_by("id").values(*_VELDEN).iterator(chunk_size=PARTIJ)
    zegels = AuditZegel.objects.order_by("gebeurtenis").values_list("gebeurtenis", "vorige", "hash")
    event = next(events, None)
    vorige_id, vorige_hash, aantal = None, BEGIN, 0

    def controle(breuk=None):
        rest = 0 if breuk else sum(1 for _ in events) + (event is not None)
        return Ketencontrole(breuk, aantal, vorige_id, rest, len(koppen))

    for gebeurtenis, vorige, hash_ in zegels.iterator(chunk_size=PARTIJ):
        # A head that names an id the chain no longer seals.
        if open_koppen and open_koppen[0]["gebeurtenis"] < gebeurtenis:
            return controle(_kop_mist(open_koppen[0]))
        # An event below this seal that no seal covers: added afterwards (into a gap or before the start).
        if event is not None and event["id"] < gebeurtenis:
            return controle(Breuk(event["id"], "ingevoegd", "de rij staat binnen de verzegelde keten zonder zegel"))
        if vorige != vorige_id:
            if vorige is not None and (vorige_id is None or vorige > vorige_id):
                uitleg = f"het zegel van gebeurtenis {gebeurtenis} volgt op hem, maar hij heeft geen zegel meer"
                return controle(Breuk(vorige, "verwijderd", uitleg))
            uitleg = f"het zegel verwijst naar gebeurtenis {vorige}, de keten naar {vorige_id}"
            return controle(Breuk(gebeurtenis, "herschreven", uitleg))
        if event is None or event["id"] != gebeurtenis:
            return controle(Breuk(gebeurtenis, "verwijderd", "de rij is verzegeld maar bestaat niet meer"))
        berekend = zegelhash(vorige_hash, vorige_id, event)
        if berekend != hash_:
            return controle(Breuk(gebeurtenis, "gewijzigd", "de inhoud klopt niet met het zegel"))
        # The same id can have several heads (no events between two days): each must agree.
        while open_koppen and open_koppen[0]["gebeurtenis"] == gebeurtenis:
            k = open_koppen.pop(0)
            if k["hash"] != berekend:
                vanaf = "het begin" if laatst_goede_kop is None else f"gebeurtenis {laatst_goede_kop + 1}"
                uitleg = (
                    f"de keten klopt niet met de kop van {k['tijdstip']}; de wijziging zit tussen {vanaf} en deze rij"
                )
                return controle(Breuk(gebeurtenis, "herschreven", uitleg))
            laatst_goede_kop = gebeurtenis
        vorige_id, vorige_hash, aantal = gebeurtenis, berekend, aantal + 1
        event = next(events, None)
    if open_koppen:
        return controle(_kop_mist(open_koppen[0]))
    return controle()
