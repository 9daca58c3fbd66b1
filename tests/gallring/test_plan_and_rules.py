"""The information management plan as a data file, and the rule that judges each candidate:
nothing kept (bevaras), frozen, published, on legal hold or too young ever goes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.datafiles import DataFileError
from tracker.gallring.plan import FILE_NAME, load_plan, plan
from tracker.gallring.rules import Candidate, due_date, judge
from tracker.settings import get_settings

ON = date(2030, 6, 1)


def the_plan_file() -> str:
    return (get_settings().lists_dir / FILE_NAME).read_text(encoding="utf-8")


def test_the_plan_covers_every_kind_and_keeps_the_change_log() -> None:
    loaded = plan()
    assert loaded.entry("change-log").action == "bevaras"
    assert loaded.entry("change-log-entry").action == "bevaras"
    assert loaded.log_record_types == ()
    assert loaded.entry("failed-sign-in").rule_text == "Gallras 1 år efter försöket"
    assert loaded.entry("failed-sign-in").decision == "KS 2026/45 § 12"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (
                'kind = "change-log"\naction = "bevaras"',
                'kind = "change-log"\naction = "gallras"\nyears = 1\ndecision = "X"',
            ),
            "gallras aldrig i spåraren",
        ),
        (
            (
                'years = 1\ndecision = "KS 2026/45 § 12"\nnote = "Behövs',
                'years = 1\nnote = "Behövs',
            ),
            "decision",
        ),
        (('kind = "report-draft"', 'kind = "failed-sign-in"'), "står redan"),
        # Change-log entries that may be evidence never go: the plan cannot name them.
        *(
            (
                (
                    'kind = "change-log-entry"\naction = "bevaras"',
                    'kind = "change-log-entry"\naction = "gallras"\nyears = 10\n'
                    f'decision = "X"\nrecord_types = ["account", "{record_type}"]',
                ),
                "gallras aldrig",
            )
            for record_type in ("report", "dialogue", "collaboration", "project", "gallring")
        ),
        (
            (
                'kind = "change-log-entry"\naction = "bevaras"',
                'kind = "change-log-entry"\naction = "gallras"\nyears = 10\ndecision = "X"',
            ),
            "record_types",
        ),
        (
            (
                'kind = "change-log-entry"\naction = "bevaras"',
                'kind = "change-log-entry"\naction = "gallras"\nyears = 10\ndecision = "X"\n'
                'record_types = ["spoke"]',
            ),
            "okänd",
        ),
        (
            (
                'years = 5\ndecision = "KS 2026/45 § 14"',
                'years = 5\ndecision = "KS 2026/45 § 14"\nrecord_types = ["account"]',
            ),
            "hör bara till change-log-entry",
        ),
        (('action = "gallras"\nyears = 2', 'action = "slängs"\nyears = 2'), "bevaras"),
    ],
)
def test_a_wrong_plan_is_refused_with_the_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = the_plan_file()
    assert change[0] in text
    path = tmp_path / FILE_NAME
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_plan(path)


def candidate(**changes: object) -> Candidate:
    values: dict[str, object] = {
        "kind": "internal-evidence",
        "record_id": 7,
        "label": "Internt underlag nummer 7",
        "event_on": date(2027, 1, 10),
        "holds": (("dialogue", 3),),
    }
    values.update(changes)
    return Candidate(**values)  # type: ignore[arg-type]


def test_what_the_plan_allows_goes_with_why_and_the_decision() -> None:
    verdict = judge(candidate(), plan().entry("internal-evidence"), ON, set())
    assert verdict.goes
    assert verdict.decision == "KS 2026/45 § 13"
    assert "Gallras 2 år efter arkiveringen (arkiveringen 2027-01-10)" in verdict.why


@pytest.mark.parametrize(
    ("changes", "held", "why"),
    [
        ({"frozen": True}, set(), "Fastställd"),
        ({"published": True}, set(), "Publicerad"),
        ({}, {("dialogue", 3)}, "Bevarandebeslut"),
        ({}, {("internal-evidence", 7)}, "Bevarandebeslut"),
        ({"kept_because": "Kopplat till en insikt."}, set(), "insikt"),
        ({"event_on": date(2028, 6, 2)}, set(), "tidigast 2030-06-02"),
    ],
)
def test_nothing_protected_or_too_young_goes(
    changes: dict[str, object], held: set[tuple[str, int]], why: str
) -> None:
    verdict = judge(candidate(**changes), plan().entry("internal-evidence"), ON, held)
    assert not verdict.goes
    assert why in verdict.why


def test_what_the_plan_keeps_never_goes() -> None:
    kept = plan().entry("frozen-report")
    verdict = judge(candidate(kind="frozen-report", event_on=date(2000, 1, 1)), kept, ON, set())
    assert not verdict.goes and "Bevaras" in verdict.why


def test_the_years_count_to_the_same_day_and_29_february_to_the_28th() -> None:
    assert due_date(date(2026, 3, 1), 2) == date(2028, 3, 1)
    assert due_date(date(2028, 2, 29), 1) == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("file_name", "change", "field"),
    [
        (
            FILE_NAME,
            (
                'kind = "change-log"\naction = "bevaras"',
                'kind = "change-log"\naction = "gallras"\nyears = 1\ndecision = "X"',
            ),
            "post[9].action",
        ),
        ("diarium.toml", ('example = "KS 2026/123"', 'example = "2026-123"'), "example"),
    ],
)
def test_serve_stops_when_the_plan_or_the_diarium_format_is_wrong(
    tmp_path: Path, file_name: str, change: tuple[str, str], field: str
) -> None:
    for source in get_settings().lists_dir.iterdir():  # the logo too
        data = source.read_bytes()
        if source.name == file_name:
            assert change[0].encode() in data
            data = data.replace(change[0].encode(), change[1].encode())
        (tmp_path / source.name).write_bytes(data)

    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "serve", "--port", "1"],
        env={**os.environ, "TRACKER_LISTS_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert file_name in result.stderr
    assert f'fältet "{field}"' in result.stderr
    assert "Traceback" not in result.stderr
