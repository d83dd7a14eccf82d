"""Transport, pluggable. The folder transport (demo, tests, and the gemeente that uses the GGk portal by
hand) writes `uit/<soort>-<identificatie>.xml` and reads `in/`.

Writes are atomic and durable: the file is written under a temporary name in the same folder,
fsync'ed, renamed over the final name, and the folder is fsync'ed, so a crash leaves either the whole
file or none. Sending is idempotent by BerichtIdentificatie: the name is fixed, and an existing file
with the same bytes is success; different bytes under the same name is an error, never an overwrite.
An HTTPS adapter and the StUF-GGk SOAP route (istandaarden.md §8) plug in behind `verstuur`."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


class TransportFout(Exception):
    """Sending failed for now; the task retries with backoff."""


class MapTransport:
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

    def verstuur(self, bericht) -> str:
        self.uit.mkdir(parents=True, exist_ok=True)
        naam = f"{bericht.soort}-{bericht.afzender}-{bericht.identificatie}.xml"
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


def transport():
    return MapTransport()
