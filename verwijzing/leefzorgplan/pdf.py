"""One version of the leefzorgplan as a PDF: the inwoner's own copy (never the aanbieder's). Made on
request from the stored version, so the same version always gives the same bytes."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from toegang.pdf import pdf_van_sjabloon

from ..models import Leefgebied
from .secties import secties_voor

SJABLOON = "verwijzing/leefzorgplan/leefzorgplan-v1.html"


def context(versie) -> dict:
    dossier = versie.dossier
    moment = timezone.localtime(versie.aangemaakt_op)
    koppen = secties_voor(dossier, moment.date())
    leefgebieden = dict(Leefgebied.choices)
    return {
        "dossier": dossier,
        "gemeente": dossier.gemeente,
        "inwoner": dossier.inwoner,
        "versie": versie,
        "versie_datum": moment.date(),
        "wmo": dossier.domein == "wmo",
        "secties": [(kop, versie.secties.get(sleutel, "")) for sleutel, kop in koppen if sleutel in versie.secties],
        "doelen": [
            {
                **d,
                "leefgebied": leefgebieden.get(d.get("leefgebied"), d.get("leefgebied")),
                "termijn": date.fromisoformat(d["termijn"]),
            }
            for d in versie.doelen
        ],
        "handtekeningen": list(
            versie.ondertekeningen.filter(getekend_op__isnull=False, vervallen=False).order_by("getekend_op", "id")
        ),
        "aangemaakt": moment.isoformat(timespec="seconds"),
    }


def render(versie) -> bytes:
    return pdf_van_sjabloon(SJABLOON, context(versie))
