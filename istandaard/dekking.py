"""The coverage table of the iStandaarden rules (docs/istandaard-dekking.yaml): per rule code its category,
status and the tests that check it; read by `manage.py istandaard_dekking` and tests/test_istandaard_dekking.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

BESTAND = Path(__file__).resolve().parents[1] / "docs" / "istandaard-dekking.yaml"
CATEGORIEEN = ("OP", "TR", "CD/CS", "IV", "UP", "RS/COD")
STATUSSEN = ("implemented", "partial", "not ours", "not yet")


def regels(pad: Path = BESTAND) -> list[dict]:
    return yaml.safe_load(pad.read_text(encoding="utf-8"))["regels"]


def telling(rijen: list[dict]) -> dict[str, dict[str, int]]:
    """Per category the number of rules per status (every status present, also with 0)."""
    aantal = Counter((r["categorie"], r["status"]) for r in rijen)
    return {c: {s: aantal[(c, s)] for s in STATUSSEN} for c in CATEGORIEEN}
