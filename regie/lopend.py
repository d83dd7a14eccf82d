"""What the rules compare a proposed indicatie with: the toewijzingen and indicaties that run beside it
(`Lopend`) and those that ran before (`eerder`). Pure data, so toets(), the command line, the API and the
referral flow speak one language; `verwijzing` builds them from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Lopend:
    """One running (or, in `eerder`, finished) product: its code, the aanbieder's AGB code when known, and
    its period (`tot` None: open-ended)."""

    code: str
    aanbieder_agb: str = ""
    van: date | None = None
    tot: date | None = None

    @classmethod
    def van_waarde(cls, waarde: str | Lopend) -> Lopend:
        """A bare product code (the old calling convention) or a `Lopend`."""
        return waarde if isinstance(waarde, Lopend) else cls(code=waarde)


def codes(lopend) -> list[str]:
    """The product codes of `lopend` (strings or `Lopend`), in order."""
    return [Lopend.van_waarde(w).code for w in lopend]
