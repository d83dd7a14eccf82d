"""Transport, pluggable. The folder transport (demo, tests, and the gemeente that uses the GGk portal by
hand) writes `uit/<soort>-<identificatie>.xml` and reads `in/`.

Writes are atomic and durable: the file is written under a temporary name in the same folder,
fsync'ed, renamed over the final name, and the folder is fsync'ed, so a crash leaves either the whole
file or none. Sending is idempotent by BerichtIdentificatie: the name is fixed, and an existing file
with the same bytes is success; different bytes under the same name is an error, never an overwrite.
An HTTPS adapter and the StUF-GGk SOAP route (StUF-koppelvlak iWmo-iJw van VNG Realisatie) plug in behind `verstuur`.

fsync policy. `verstuur` (one message, the Celery task): the file's data, then after the rename the
folder, before it returns; the caller marks the message sent after that. `verstuur_reeks` (a batch: a
sweep, the bench): every file's data is fsync'ed under its temporary name (concurrently, so the journal
commits them together instead of one disk flush per file), then every file is renamed, then the folder
is fsync'ed once; only when it returns may the caller mark the batch sent. A crash before that leaves
whole files or none, and the rows still unsent: the retry finds the same bytes and counts them sent."""

from __future__ import annotations

import json
import logging
import os
import secrets
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from istandaard.xml import KOP_BYTES, MAX_BYTES

logger = logging.getLogger(__name__)


class TransportFout(Exception):
    """Sending failed for now; the task retries with backoff."""


class TeGroot(NamedTuple):
    """A message over 25 MB (OP179), read no further than needed: its first bytes (for the header) and its
    size where known."""

    kop: bytes
    grootte: int | None


class MapTransport:
    """The folder: writes `uit/`, reads `in/`. A received file moves to `in/verwerkt/`, or when it went into
    quarantine to `in/quarantaine/<id>-<name>` (the row's id: the file stays beside its reason, never
    overwritten). A rename: a crash in between receives it again, and TR056 then marks the second arrival
    as a duplicate. A file that is not acknowledged (its receipt failed) stays in `in/` for the next run."""

    kanaal = "map"
    afzender_agb = None  # the folder does not know who sent a file

    def __init__(self, basis: Path | None = None, uit: Path | None = None):
        self.basis = Path(basis or settings.TOEGANG_BERICHTEN_MAP)
        self._uit = Path(uit) if uit else None
        # fsync policy: on by default (file, then folder, per message: a message reported as sent survives
        # a power cut). TOEGANG_BERICHTEN_FSYNC=0 trades that for speed where the disk is battery-backed.
        self.fsync = getattr(settings, "TOEGANG_BERICHTEN_FSYNC", True)

    @property
    def uit(self) -> Path:
        return self._uit or self.basis / "uit"

    @property
    def in_(self) -> Path:
        return self.basis / "in"

    @staticmethod
    def naam(bericht) -> str:
        return f"{bericht.soort}-{bericht.afzender}-{bericht.identificatie}.xml"

    def verstuur(self, bericht) -> str:
        self.uit.mkdir(parents=True, exist_ok=True)
        naam = self.naam(bericht)
        doel = self.uit / naam
        inhoud = bytes(bericht.xml)
        if doel.exists():
            if doel.read_bytes() == inhoud:
                return naam  # already sent: a retry or a duplicate task
            raise TransportFout(f"{naam} bestaat al met een andere inhoud")
        tijdelijk = self.uit / f".{naam}.{os.getpid()}.tmp"
        try:
            with open(tijdelijk, "wb") as f:
                f.write(inhoud)
                f.flush()
                if self.fsync:
                    os.fsync(f.fileno())
            os.replace(tijdelijk, doel)
            if self.fsync:
                map_fd = os.open(self.uit, os.O_RDONLY)
                try:
                    os.fsync(map_fd)
                finally:
                    os.close(map_fd)
        except OSError as fout:
            tijdelijk.unlink(missing_ok=True)
            raise TransportFout(str(fout)) from fout
        return naam

    def ophalen(self) -> Iterable[tuple[str, bytes | TeGroot]]:
        """Each .xml in `in/` by name, read bounded (it may grow meanwhile); a file over 25 MB only as far
        as its header (TeGroot, with its size). A file that cannot be read is left for the next run."""
        map_ = self.in_
        if not map_.exists():
            return
        (map_ / "verwerkt").mkdir(exist_ok=True)
        (map_ / "quarantaine").mkdir(exist_ok=True)
        for bestand in sorted(map_.glob("*.xml")):
            try:
                with open(bestand, "rb") as f:
                    grootte = os.fstat(f.fileno()).st_size
                    inhoud = TeGroot(f.read(KOP_BYTES), grootte) if grootte > MAX_BYTES else f.read(MAX_BYTES + 1)
            except OSError as fout:  # the next file still goes
                logger.error("Bestand %s in in/ niet te lezen: %s", bestand.name, type(fout).__name__)
                continue
            yield bestand.name, inhoud

    def bevestig(self, naam: str, quarantaine: int | None = None) -> None:
        """Received: the file moves out of `in/`; a quarantined one beside its row's id."""
        bestand = self.in_ / naam
        if quarantaine is None:
            bestand.replace(self.in_ / "verwerkt" / naam)
        else:
            bestand.replace(self.in_ / "quarantaine" / f"{quarantaine}-{naam}")

    def ruim_op(self, ouder_dan: float = 3600.0) -> int:
        """Remove half-written files (`.<naam>.<pid>….tmp`) a killed writer left in uit/. Only old ones: a
        younger one may be a write in progress. They never count as messages; this keeps the folder clean."""
        if not self.uit.exists():
            return 0
        grens, weg = time.time() - ouder_dan, 0
        for pad in self.uit.glob(".*.tmp"):
            try:
                if pad.stat().st_mtime < grens:
                    pad.unlink()
                    weg += 1
            except FileNotFoundError:  # another sweep was first
                continue
        return weg

    def verstuur_reeks(self, berichten, *, schrijvers: int = 8) -> list[str]:
        """Many messages (anything with soort, afzender, identificatie and xml) as atomic, durable and
        idempotent as `verstuur`, with one folder fsync for the batch (the policy above). Returns the
        names in order. A name that exists with other bytes fails the batch before anything is written;
        any other error removes the temporary files and raises TransportFout: nothing of the batch may
        then be marked sent (a file already renamed is found again, with the same bytes, on the retry).
        `schrijvers`: threads that write and fsync at the same time (1: one after the other)."""
        uit = self.uit
        uit.mkdir(parents=True, exist_ok=True)
        map_ = os.fspath(uit)
        namen, te_schrijven, gezien = [], [], {}
        for bericht in berichten:
            naam, inhoud = self.naam(bericht), bytes(bericht.xml)
            namen.append(naam)
            if naam in gezien:
                if gezien[naam] != inhoud:
                    raise TransportFout(f"{naam} staat twee keer in de reeks met een andere inhoud")
                continue
            gezien[naam] = inhoud
            doel = os.path.join(map_, naam)
            try:
                with open(doel, "rb") as f:
                    bestaand = f.read()
            except FileNotFoundError:
                te_schrijven.append((naam, doel, inhoud))
                continue
            except OSError as fout:
                raise TransportFout(str(fout)) from fout
            if bestaand != inhoud:
                raise TransportFout(f"{naam} bestaat al met een andere inhoud")
            # already sent: a retry or a duplicate
        if not te_schrijven:
            return namen
        achtervoegsel = f".{os.getpid()}.{secrets.token_hex(4)}.tmp"
        taken = [(os.path.join(map_, f".{naam}{achtervoegsel}"), doel, inhoud) for naam, doel, inhoud in te_schrijven]
        fsync = self.fsync

        def schrijf(deel) -> OSError | None:
            for tijdelijk, _doel, inhoud in deel:
                try:
                    fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
                    try:
                        weg = memoryview(inhoud)
                        while weg:
                            weg = weg[os.write(fd, weg) :]
                        if fsync:
                            os.fsync(fd)
                    finally:
                        os.close(fd)
                except OSError as fout:
                    return fout
            return None

        draden = max(1, min(schrijvers if fsync else 1, len(taken)))
        try:
            if draden == 1:
                fouten = [schrijf(taken)]
            else:
                with ThreadPoolExecutor(draden, thread_name_prefix="verstuur_reeks") as pool:
                    fouten = list(pool.map(schrijf, [taken[i::draden] for i in range(draden)]))
            fout = next((f for f in fouten if f is not None), None)
            if fout is not None:
                raise fout
            for tijdelijk, doel, _inhoud in taken:
                os.replace(tijdelijk, doel)
            if fsync:
                map_fd = os.open(map_, os.O_RDONLY)
                try:
                    os.fsync(map_fd)
                finally:
                    os.close(map_fd)
        except BaseException as fout:
            for tijdelijk, _doel, _inhoud in taken:
                Path(tijdelijk).unlink(missing_ok=True)
            if isinstance(fout, OSError):
                raise TransportFout(str(fout)) from fout
            raise
        return namen


class HttpsTransport:
    """Push and pull over HTTPS with mutual TLS: PUT <url>/uit/<naam> sends (idempotent: the server
    answers 200 for the same bytes under the same name, 409 for different bytes); GET <url>/in/ lists,
    GET <url>/in/<naam> fetches and DELETE <url>/in/<naam> acknowledges. The StUF-GGk SOAP route
    (Digikoppeling, PKIoverheid; StUF-koppelvlak iWmo-iJw van VNG Realisatie) is a later adapter behind the same two
    methods."""

    kanaal = "https"

    def __init__(self, url: str, ca: str, cert: str, key: str, timeout: float = 30.0):
        if not url.startswith("https://"):
            raise ValueError("Het berichtentransport gaat alleen over https://")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=ca)
        self.context.load_cert_chain(cert, key)

    @property
    def afzender_agb(self) -> str | None:
        """An endpoint bound to one aanbieder's certificate knows the sender; a hub does not."""
        return getattr(settings, "TOEGANG_BERICHTEN_HTTPS", {}).get("agb") or None

    def _open(self, methode: str, pad: str, data: bytes | None = None):
        verzoek = urllib.request.Request(f"{self.url}/{pad}", data=data, method=methode)  # noqa: S310 (https only)
        if data is not None:
            verzoek.add_header("Content-Type", "application/xml")
        # Bounded: a message over 25 MB (OP179) is read one byte past the limit, and refused for its size.
        try:
            with urllib.request.urlopen(verzoek, context=self.context, timeout=self.timeout) as antwoord:  # noqa: S310
                return antwoord.status, antwoord.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as fout:
            return fout.code, fout.read(MAX_BYTES + 1)
        except OSError as fout:
            raise TransportFout(f"{self.url} niet bereikbaar: {fout}") from fout

    def verstuur(self, bericht) -> str:
        naam = f"{bericht.soort}-{bericht.afzender}-{bericht.identificatie}.xml"
        status, _body = self._open("PUT", f"uit/{naam}", bytes(bericht.xml))
        if status in (200, 201, 204):
            return naam
        if status == 409:
            raise TransportFout(f"{naam} bestaat al met een andere inhoud")
        raise TransportFout(f"HTTP {status} bij het versturen van {naam}")

    def ophalen(self) -> list[tuple[str, bytes]]:
        """Each message by name, read up to MAX_BYTES + 1 (a larger one is refused for its size)."""
        status, body = self._open("GET", "in/")
        if status != 200:
            raise TransportFout(f"HTTP {status} bij het ophalen")
        uit = []
        for naam in json.loads(body):
            status, inhoud = self._open("GET", f"in/{naam}")
            if status == 200:
                uit.append((naam, inhoud))
        return uit

    def bevestig(self, naam: str, quarantaine: int | None = None) -> None:
        """Received (a quarantined one too: it is kept as a row): the server forgets it."""
        self._open("DELETE", f"in/{naam}")

    def ruim_op(self) -> int:
        """Nothing half-written is left behind on this side."""
        return 0


def transport():
    if getattr(settings, "TOEGANG_BERICHTEN_TRANSPORT", "map") == "https":
        c = settings.TOEGANG_BERICHTEN_HTTPS
        return HttpsTransport(c["url"], c["ca"], c["cert"], c["key"])
    return MapTransport()
