"""Code lists kept as our own data, each with its source and version: COD032 Land (the schema's LandCode) and the
CBS gemeentecodes (TR378). Read once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

MAP = Path(__file__).resolve().parent


@cache
def _lees(naam: str) -> dict:
    return yaml.safe_load((MAP / naam).read_text(encoding="utf-8"))


def landcodes() -> tuple[str, ...]:
    """COD032 (iStandaarden iJw/iWmo 3.2, codelijst COD032 Land)."""
    return tuple(_lees("cod032_land.yaml")["codes"])


def landcodes_bron() -> str:
    lijst = _lees("cod032_land.yaml")
    return f"{lijst['bron']}, versie {lijst['versie']}"


@dataclass(frozen=True)
class CbsGemeente:
    code: str
    naam: str
    geldig_van: date | None
    geldig_tot: date | None

    def geldig_op(self, datum: date) -> bool:
        return (self.geldig_van is None or self.geldig_van <= datum) and (
            self.geldig_tot is None or datum <= self.geldig_tot
        )


@cache
def cbs_gemeenten() -> tuple[CbsGemeente, ...]:
    return tuple(CbsGemeente(**g) for g in _lees("cbs_gemeenten.yaml")["gemeenten"])


def cbs_gemeente_geldig(code: str, datum: date) -> bool:
    """TR378: a gemeentecode that the CBS list has on `datum` (a later herindeling may have ended it)."""
    return any(g.code == code and g.geldig_op(datum) for g in cbs_gemeenten())
