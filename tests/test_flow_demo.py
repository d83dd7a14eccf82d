"""The browser tests of the whole referral flow (tests/browser/test_flow.py) once more under the demo
settings: SQLite, Celery tasks in process, berichten to a local folder, 2FA as the demo has it. A
separate pytest process, because the settings module is chosen at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.browser
def test_the_whole_flow_runs_under_the_demo_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POSTGRES_"))}
    env["TOEGANG_SQLITE"] = str(tmp_path / "demo.sqlite3")
    env["TOEGANG_CACHEMAP"] = str(tmp_path / "cache")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/browser/test_flow.py",
            "--ds=toegang.settings.demo",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert "3 passed" in result.stdout
