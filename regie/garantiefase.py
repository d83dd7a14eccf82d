"""The garantiefase (JR-065), in one place: after a toewijzing's einddatum the aanbieder keeps the client
for the product's garantiefase, and the ended toewijzing is stretched by that many months (same number,
same aanbieder). The months come from the product catalogue (`Product.garantiefase_maanden`).

Its two readers keep their answers: the toewijzing service grants only what the catalogue names; the
advice on a verzoek om toewijzing (Jeugd) assumes the region's six months where the catalogue names
none. Which of the two is right is an open question; until it is settled both read from here."""

from __future__ import annotations

from datetime import date

from .termijnen import plus_maanden

ADVIES_STANDAARD_MAANDEN = 6


def maanden(product, *, standaard: int | None = None) -> int | None:
    """The product's garantiefase in months, or `standaard` where the catalogue names none."""
    return product.garantiefase_maanden or standaard


def einde(einddatum: date, maanden: int) -> date:
    """The new einddatum of a toewijzing stretched for its garantiefase."""
    return plus_maanden(einddatum, maanden)


def loopt_op(einddatum: date, maanden: int, datum: date) -> bool:
    """Is `datum` still inside the garantiefase of a toewijzing that ended on `einddatum`?"""
    return einde(einddatum, maanden) >= datum
