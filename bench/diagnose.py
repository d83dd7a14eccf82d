"""Where the time of the Locust pages goes, on a generated bench database (Django, in process).

    .venv/bin/python -m bench.diagnose [--database toegang_bench] [--herhalingen 20] [--zonder-explain]

For three bench accounts (a Jeugd and a Wmo consulent and the backoffice of Venlo, the largest
werkvoorraad) it renders the werkvoorraad (first page and a page deep into the keyset), the dossier
page of an open dossier and of the beschikt dossier with the most toewijzingen, through Django's
test client: per page the number of queries, the time in SQL and the median wall time. Then
EXPLAIN (ANALYZE, BUFFERS) of every query the werkvoorraad selectors run (captured from the app's
own code, so it stays in step with verwijzing/selectors.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

ACCOUNTS = ("bench.0983.jeugd.01", "bench.0983.wmo.01", "bench.0983.backoffice.01")
DIEP = 20  # pages into the keyset for the "deep" werkvoorraad page


def _meet_pagina(client, pad: str, herhalingen: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(pad)
    # Read them now: the next request empties Django's query log.
    gevangen = list(queries.captured_queries)
    if antwoord.status_code != 200:
        raise SystemExit(f"FOUT: {pad} gaf {antwoord.status_code}")
    tijden = []
    for _ in range(herhalingen):
        start = time.perf_counter()
        client.get(pad)
        tijden.append((time.perf_counter() - start) * 1000)
    return {
        "queries": len(gevangen),
        "sql_ms": round(sum(float(q["time"]) for q in gevangen) * 1000, 1),
        "p50_ms": round(statistics.median(tijden), 1),
        "bytes": len(antwoord.content),
    }


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


def diagnose(herhalingen: int, explain: bool) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Gebruiker
    from verwijzing import selectors
    from verwijzing.models import OPEN, Dossier

    for naam in ACCOUNTS:
        gebruiker = Gebruiker.objects.get(username=naam)
        client = Client()
        client.force_login(gebruiker)
        na = None
        for _ in range(DIEP):
            pagina = selectors.werkvoorraad(gebruiker, na=na)
            if not pagina.volgende:
                break
            na = pagina.volgende
        zichtbaar = Dossier.objects.visible_to(gebruiker)
        dossier_openen = zichtbaar.filter(status__in=OPEN).order_by("id").first()
        zwaar = zichtbaar.filter(status="toegekend").annotate(n=Count("toewijzingen")).order_by("-n", "id").first()
        paginas = {"werkvoorraad": "/dossiers/", f"werkvoorraad, pagina {DIEP + 1}": f"/dossiers/?na={na}"}
        if dossier_openen:
            paginas[f"dossier {dossier_openen.status}"] = f"/dossiers/{dossier_openen.public_id}/"
        if zwaar:
            paginas[f"dossier toegekend, {zwaar.n} toewijzingen"] = f"/dossiers/{zwaar.public_id}/"
        print(f"\n== {naam} ({gebruiker.rol}; {zichtbaar.filter(status__in=OPEN).count()} open dossiers in scope)")
        for titel, pad in paginas.items():
            c = _meet_pagina(client, pad, herhalingen)
            print(
                f"  {titel:38} {c['queries']:>3} queries, {c['sql_ms']:>7} ms SQL, "
                f"p50 {c['p50_ms']:>7} ms, {c['bytes']} bytes"
            )
        if not explain:
            continue
        selecties = [("werkvoorraad", lambda g=gebruiker: selectors.werkvoorraad(g))]
        selecties.append((f"werkvoorraad pagina {DIEP + 1}", lambda g=gebruiker, c=na: selectors.werkvoorraad(g, na=c)))
        if gebruiker.rol == "backoffice":
            selecties += [
                ("hardheidsclausules", lambda g=gebruiker: selectors.hardheidsclausules(g)),
                ("te_verzenden", lambda g=gebruiker: selectors.te_verzenden(g)),
            ]
        for titel, selectie in selecties:
            with CaptureQueriesContext(connection) as queries:
                selectie()
            for q in list(queries.captured_queries):
                if "SAVEPOINT" in q["sql"] or "accounts_lidmaatschap" in q["sql"]:
                    continue
                print(f"\n  -- {titel}: {q['sql']}\n")
                print("    " + _explain(q["sql"]).replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.diagnose", description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="toegang_bench")
    parser.add_argument("--herhalingen", type=int, default=20, help="metingen per pagina (mediaan)")
    parser.add_argument("--zonder-explain", action="store_true", help="sla EXPLAIN ANALYZE over")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE"] = args.database
    diagnose(args.herhalingen, not args.zonder_explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
