"""Benchmark: the render time of one beschikking PDF (verwijzing.beschikking.pdf.render, WeasyPrint),
in process, against a throwaway PostgreSQL database with the real migrations.

    .venv/bin/python -m bench.beschikking [--aantal 50] [--database toegang_bench_beschikking] [--json]

It makes a Jeugd dossier in status aanvraag with three indicaties (verwijzing.factories.aanvraag_dossier),
drafts and decides a toekenning as the backoffice (verwijzing.beschikking.services.beschikking_opstellen
and beschikking_vaststellen, which also renders the PDF once through the Celery task, in process under
the test settings), renders once more untimed (fonts and templates warm, as in a running worker) and then times `render`
`--aantal` times. Reports p50, p95 and max in milliseconds and the PDF size in bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date

from .generator import create_database, drop_database, migrate, seconden

PRODUCTEN = ("45L12", "45L14", "54L02")  # ambulant traject, uren and a second traject: a three-line dictum


def meet(aantal: int) -> dict:
    import django

    django.setup()
    from accounts.factories import GebruikerFactory
    from accounts.models import Rol
    from inwoners.factories import inwoner_in
    from organisaties.factories import gemeente
    from verwijzing.beschikking.pdf import render
    from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
    from verwijzing.factories import aanvraag_dossier
    from verwijzing.models import Beschikking

    venlo = gemeente("0983")
    consulent = GebruikerFactory(rol=Rol.CONSULENT, domein_jeugd=True, gemeenten=[venlo])
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, gemeenten=[venlo])
    vandaag = date.today()
    jeugdige = inwoner_in(venlo, geboortedatum=vandaag.replace(year=vandaag.year - 9))
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=PRODUCTEN, inwoner=jeugdige)
    concept = beschikking_opstellen(
        door=backoffice,
        dossier=dossier,
        soort="toekenning",
        toegekend=list(dossier.indicaties.all()),
        motivering="De hulp sluit aan bij de hulpvraag en de conclusie van het onderzoek.",
    )
    beschikking_vaststellen(door=backoffice, beschikking=concept)
    beschikking = Beschikking.objects.select_related("dossier__inwoner", "dossier__gemeente").get(pk=concept.pk)
    pdf = render(beschikking)  # warm: fonts, templates, WeasyPrint's caches
    tijden = []
    for _ in range(aantal):
        start = time.perf_counter()
        pdf = render(beschikking)
        tijden.append((time.perf_counter() - start) * 1000)
    tijden.sort()
    return {
        "aantal": aantal,
        "producten": len(PRODUCTEN),
        "toewijzingen": beschikking.toewijzingen.count(),
        "pdf_bytes": len(pdf),
        "pdf_status": beschikking.render_status,
        "p50_ms": round(statistics.median(tijden), 1),
        "p95_ms": round(tijden[max(0, round(0.95 * len(tijden)) - 1)], 1),
        "max_ms": round(tijden[-1], 1),
    }


def _positief(tekst: str) -> int:
    waarde = int(tekst)
    if waarde < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return waarde


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.beschikking", description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=_positief, default=50, help="aantal getimede renders (standaard 50)")
    parser.add_argument("--database", default="toegang_bench_beschikking", help="wegwerpdatabase (toegang_bench*)")
    parser.add_argument("--json", action="store_true", help="druk alleen de cijfers af, als JSON")
    args = parser.parse_args(argv)
    create_database(args.database, drop=True)
    try:
        migrate(args.database)
        os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.test"
        os.environ["POSTGRES_DB"] = args.database
        uitkomst = meet(args.aantal)
        from django.db import connections

        connections.close_all()
    finally:
        drop_database(args.database)
    if args.json:
        print(json.dumps(uitkomst))
    else:
        p50, p95, hoogst = (seconden(uitkomst[k]) for k in ("p50_ms", "p95_ms", "max_ms"))
        print(
            f"beschikking-PDF ({uitkomst['producten']} producten, {uitkomst['aantal']}x): "
            f"p50 {p50} ms, p95 {p95} ms, max {hoogst} ms; PDF {uitkomst['pdf_bytes']} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
