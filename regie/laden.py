"""Loading the rule data files in regie/data/ (each value names its handbook line).

Called by a data migration (with historical models) and by `manage.py laad_regels`. Adds what is
missing; existing rows, possibly edited by functioneel beheer, are left alone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
REGELS_GELDIG_VANAF = date(
    2023, 2, 1
)  # handbook version februari 2023 (Handboek verwijzers jeugdhulp, inleiding (r. 111–125))


def lees(naam: str) -> dict:
    with open(DATA / naam, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _regels_uit_bestand() -> list[dict]:
    pad = DATA / "regels.yaml"
    return lees("regels.yaml")["regels"] if pad.exists() else []


def laad_matrix(MatrixProduct, MatrixCel) -> int:  # noqa: N803 - model classes
    data = lees("stapelingsmatrix.yaml")
    geldig_vanaf = date.fromisoformat(str(data["geldig_vanaf"]))
    producten = {}
    for volgorde, p in enumerate(data["producten"], start=1):
        producten[p["afkorting"]], _ = MatrixProduct.objects.get_or_create(
            afkorting=p["afkorting"],
            defaults={"volgorde": volgorde, "label": p["label"], "productcodes": p["productcodes"]},
        )
    nieuw = 0
    for c in data["cellen"]:
        _, aangemaakt = MatrixCel.objects.get_or_create(
            rij=producten[c["rij"]],
            kolom=producten[c["kolom"]],
            geldig_vanaf=geldig_vanaf,
            defaults={
                "uitkomst": c["uitkomst"],
                "zekerheid": c["zekerheid"],
                "sleutel": c["sleutel"] or "",
                "voorwaarde": c["voorwaarde"] or "",
                "basis": c["basis"],
                "bron": f"Handboek verwijzers jeugdhulp §2.9 stapelingsmatrix cel {c['nr']} ({c['rij']}×{c['kolom']})",
            },
        )
        nieuw += int(aangemaakt)
    return nieuw


def laad_regels(Regel) -> int:  # noqa: N803
    nieuw = 0
    for r in _regels_uit_bestand():
        a = r.get("a", r.get("producten", [])) or []
        b = r.get("b", []) or []
        _, aangemaakt = Regel.objects.get_or_create(
            regel_id=r["id"],
            geldig_vanaf=REGELS_GELDIG_VANAF,
            defaults={
                "familie": r["familie"],
                "producten_a": a,
                "producten_b": b,
                "uitkomst": r["uitkomst"],
                "uitleg": r["uitleg"],
                "bron": r["bron"],
                "onduidelijk": bool(r.get("onduidelijk")),
                "toetsbaar": r.get("toetsbaar") or "proces",
            },
        )
        nieuw += int(aangemaakt)
    return nieuw


def laad_termijnen(Termijn) -> int:  # noqa: N803
    if not (DATA / "termijnen.yaml").exists():
        return 0
    nieuw = 0
    for t in lees("termijnen.yaml")["termijnen"]:
        _, aangemaakt = Termijn.objects.get_or_create(
            soort=t["soort"],
            geldig_vanaf=date(2015, 1, 1),
            defaults={
                "naam": t["naam"],
                "aantal": t["aantal"],
                "eenheid": t["eenheid"],
                "wettelijk": bool(t.get("wettelijk")),
                "vanaf": t.get("vanaf") or "",
                "wie": t.get("wie") or "",
                "domein": t.get("domein") or "beide",
                "bron": t["bron"],
                "opmerking": t.get("opmerking") or "",
            },
        )
        nieuw += int(aangemaakt)
    return nieuw


def laad_feestdagen(Feestdag) -> int:  # noqa: N803
    if not (DATA / "feestdagen.yaml").exists():
        return 0
    nieuw = 0
    for lijst, inhoud in lees("feestdagen.yaml")["lijsten"].items():
        for _jaar, dagen in inhoud["dagen"].items():
            for dag in dagen:
                _, aangemaakt = Feestdag.objects.get_or_create(
                    lijst=lijst, datum=date.fromisoformat(str(dag)), defaults={"bron": inhoud["bron"][:200]}
                )
                nieuw += int(aangemaakt)
    return nieuw


def laad_alles(modellen: dict) -> dict[str, int]:
    return {
        "matrixcellen": laad_matrix(modellen["MatrixProduct"], modellen["MatrixCel"]),
        "regels": laad_regels(modellen["Regel"]),
        "termijnen": laad_termijnen(modellen["Termijn"]),
        "feestdagen": laad_feestdagen(modellen["Feestdag"]),
    }
