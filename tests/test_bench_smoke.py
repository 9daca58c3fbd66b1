"""The benchmark script runs end to end at a tiny scale, so it cannot rot: on the database the
test run uses (`--database sqlite` or `postgresql`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import databases
from tracker.settings import REPO_ROOT, get_settings

pytestmark = pytest.mark.slow

# Every page the benchmark measures exists and answers 200 under load.
PAGES = (
    "Mitt arbete",
    "Projektlistan",
    "Projektsida",
    "Dialogregistret",
    "Återkopplingsliggaren",
    "Dialogsida",
    "Dialogens kedja",
    "Kedjan",
    "Insikter",
    "Insiktssida",
    "Tjänsteförändringar",
    "Förändringssida",
    "Samverkan",
    "Organisationssida",
    "Ni sa – vi gjorde (publik)",
    "Sökning",
    "Rapportutkast",
    "Fastställd rapportversion",
)


def _database_options() -> tuple[list[str], str]:
    if not get_settings().is_postgres:
        return [], "results"
    server = databases.base_url().rsplit("/", 1)[0]
    name = f"bench_smoke_{os.getpid()}"
    options = ["--database", "postgresql", "--postgres-url", server, "--postgres-database", name]
    return options, "results-postgresql"


def test_the_benchmark_measures_every_page_at_a_tiny_scale(tmp_path: Path) -> None:
    options, name = _database_options()
    done = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "run.py"),
            *options,
            *["--scale", "0.002", "--duration", "0.1", "--warmup", "0", "--connections", "2"],
            *["--workers", "1", "--generator", "httpx", "--report-runs", "1"],
            *["--output-dir", str(tmp_path)],
        ],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a speed target: a busy machine needs minutes
    )

    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert results["bare"]["rps"] > 0 and results["bare"]["errors"] == 0
    assert [run["when"] for run in results["bare_runs"]] == ["före", "efter"]
    pages = {page["name"]: page for page in results["pages"]}
    for page_name in PAGES:
        assert pages[page_name]["status"] == "ok", pages[page_name]
        assert pages[page_name]["load"]["requests"] > 0
        assert pages[page_name]["load"]["errors"] == 0
        assert pages[page_name]["ratio"] > 0
    assert results["memory_tracker"]["max_process_mb"] > 0
    table = (tmp_path / f"{name}.md").read_text(encoding="utf-8")
    assert "Bare Litestar (före)" in table and "Andel av taket" in table
