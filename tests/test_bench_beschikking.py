"""The beschikking render benchmark runs (tiny), so it cannot rot. It checks that figures come out,
never a timing threshold: those are measured with the documented command (bench/README.md)."""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench(*argumenten: str) -> subprocess.CompletedProcess:
    database = f"toegang_bench_beschikking_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "bench.beschikking", "--database", database, *argumenten],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_bench_beschikking_reports_render_times_and_pdf_size_as_json():
    result = _bench("--aantal", "2", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    uit = json.loads(result.stdout.strip().splitlines()[-1])
    assert uit["aantal"] == 2 and uit["toewijzingen"] == uit["producten"] == 3
    assert uit["pdf_status"] == "klaar", "stel_vast made the PDF through the (eager) task"
    assert uit["pdf_bytes"] > 1000
    assert 0 < uit["p50_ms"] <= uit["p95_ms"] <= uit["max_ms"]


def test_bench_beschikking_prints_dutch_figures():
    result = _bench("--aantal", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"p50 [\d,]+ ms, p95 [\d,]+ ms, max [\d,]+ ms; PDF \d+ bytes", result.stdout), result.stdout
