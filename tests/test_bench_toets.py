"""The toets benchmark runs (tiny), so it cannot rot; its figures are measured with the documented command."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_toets_runs_and_reports_percentiles():
    database = f"toegang_bench_toets_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "bench.toets", "--herhalingen", "5", "--database", database, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    uit = json.loads(result.stdout.strip().splitlines()[-1])
    assert uit["herhalingen"] == 5 and uit["p50_ms"] > 0 and uit["p95_ms"] >= uit["p50_ms"]
    assert uit["bevindingen"] >= 55  # 11 products: 55 pairs, plus eligibility findings
