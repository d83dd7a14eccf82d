"""Pluggable senders for the signing link and its code (sent separately). Demo and tests write to a
folder; production plugs in e-mail and SMS through TOEGANG_ONDERTEKEN_VERZENDER."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class MapVerzender:
    """Writes each message as a file in <TOEGANG_BERICHTEN_MAP>/ondertekening/ (atomic rename)."""

    def __init__(self, map_: Path | None = None):
        self.map = Path(map_ or settings.TOEGANG_BERICHTEN_MAP) / "ondertekening"

    def stuur(self, *, kanaal: str, aan: str, onderwerp: str, tekst: str) -> Path:
        self.map.mkdir(parents=True, exist_ok=True)
        naam = self.map / f"{kanaal}-{uuid.uuid4().hex}.txt"
        tijdelijk = naam.with_suffix(".tmp")
        tijdelijk.write_text(f"Aan: {aan}\nOnderwerp: {onderwerp}\n\n{tekst}\n", encoding="utf-8")
        os.replace(tijdelijk, naam)
        return naam


def verzender():
    pad = getattr(settings, "TOEGANG_ONDERTEKEN_VERZENDER", "verwijzing.verzenders.MapVerzender")
    return import_string(pad)()
