"""Benchmark: one full `regie.toets.toets` for an inwoner with 10 lopende toewijzingen, in process,
against PostgreSQL (a throwaway database with the real migrations: catalogue and rule data).

    .venv/bin/python -m bench.toets [--herhalingen 2000] [--database toegang_bench_toets] [--json]

Reports p50 and p95 in milliseconds. Goal: p95 ≤ 2 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date

from .generator import create_database, drop_database, migrate

# Ten lopende toewijzingen of one jeugdige, plus the proposed product: a heavy but realistic case
# (every pair is looked up: 55 matrix pairs).
LOPEND = ["45L12", "54L02", "44A90", "44A91", "41L21", "42A03", "54L06", "45L15", "53A02", "44A07"]


def meet(herhalingen: int) -> dict:
    import django

    django.setup()
    from organisaties.models import Gemeente
    from regie.toets import toets

    gemeente = Gemeente.objects.get(cbs_code="0889")
    kwargs = {
        "productcode": "45L22",
        "geboortedatum": date(2014, 3, 1),
        "gemeente": gemeente,
        "ingangsdatum": date(2026, 12, 1),
        "einddatum": date(2027, 11, 30),
        "lopend": LOPEND,
    }
    uitkomst = toets(**kwargs)  # warm the snapshot cache, as a running server has it
    tijden = []
    for _ in range(herhalingen):
        start = time.perf_counter()
        toets(**kwargs)
        tijden.append((time.perf_counter() - start) * 1000)
    tijden.sort()
    return {
        "herhalingen": herhalingen,
        "bevindingen": len(uitkomst.bevindingen),
        "uitkomst": uitkomst.uitkomst,
        "p50_ms": round(statistics.median(tijden), 3),
        "p95_ms": round(tijden[int(0.95 * len(tijden)) - 1], 3),
        "max_ms": round(tijden[-1], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=2000)
    parser.add_argument("--database", default="toegang_bench_toets")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    create_database(args.database, drop=True)
    try:
        migrate(args.database)
        os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.test"
        os.environ["POSTGRES_DB"] = args.database
        uitkomst = meet(args.herhalingen)
        from django.db import connections

        connections.close_all()
    finally:
        drop_database(args.database)
    if args.json:
        print(json.dumps(uitkomst))
    else:
        print(
            f"toets met 10 lopende toewijzingen ({uitkomst['bevindingen']} bevindingen, {uitkomst['herhalingen']}x): "
            f"p50 {uitkomst['p50_ms']} ms, p95 {uitkomst['p95_ms']} ms, max {uitkomst['max_ms']} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
