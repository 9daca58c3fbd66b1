"""The benchmark script runs end to end at a tiny scale, so it cannot rot (SQLite only: the
benchmark measures the tracker on SQLite)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.settings import REPO_ROOT, get_settings

pytestmark = [
    pytest.mark.skipif(
        get_settings().is_postgres, reason="the benchmark runs on SQLite; this run is on PostgreSQL"
    ),
    pytest.mark.slow,
]


def test_the_benchmark_measures_every_page_at_a_tiny_scale(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "run.py"),
            "--scale",
            "0.002",
            "--duration",
            "0.3",
            "--warmup",
            "0",
            "--connections",
            "2",
            "--workers",
            "1",
            "--generator",
            "httpx",
            "--report-runs",
            "1",
            "--output-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a speed target: a busy machine needs minutes
    )

    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["bare"]["rps"] > 0 and results["bare"]["errors"] == 0
    assert [run["when"] for run in results["bare_runs"]] == ["före", "efter"]
    pages = {page["name"]: page for page in results["pages"]}
    for name in (
        "Projektlistan",
        "Projektsida",
        "Dialogregistret",
        "Återkopplingsliggaren",
        "Dialogsida",
    ):
        assert pages[name]["status"] == "ok", pages[name]
        assert pages[name]["load"]["requests"] > 0
        assert pages[name]["load"]["errors"] == 0
        assert pages[name]["ratio"] > 0
    for page in results["pages"]:  # a page not built yet is reported, never a crash
        assert page["status"] in ("ok", "saknas", "ej angiven"), page
    assert results["memory_tracker"]["max_process_mb"] > 0
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "Bare Litestar (före)" in table and "Andel av taket" in table
