"""Building a project's design history, without HTTP: one entry per iteration, test and step
move, oldest first; pictures with the iteration they were made in or the test that used them;
internal evidence marked, and left out (and counted) in the shared document."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tracker.design.history import HistoryRows, build_history
from tracker.projects.rules import DECISION_LABELS

TODAY = date(2026, 12, 1)
STEPS = {"testa-ideer": "Testa idéer", "ta-fram-ideer": "Ta fram idéer"}


def _iteration(id: int, started: date, ended: date | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "step": "testa-ideer",
        "started_on": started,
        "ended_on": ended,
        "methods": "Pappersprototyper",
        "summary": f"Sammanfattning {id}",
        "learnings": f"Lärdom {id}",
        "decision": "continue",
        **extra,
    }


def _version(id: int, number: int, made_on: date, *, archived: bool = False) -> dict[str, Any]:
    return {
        "id": id,
        "prototype": 1,
        "number": number,
        "description": f"Version {number} beskriven",
        "made_on": made_on,
        "url": "",
        "image_type": "image/png",
        "image_alt": f"Skiss {number}",
        "image_width": 40,
        "image_height": 30,
        "prototype_name": "Ritningsguiden",
        "prototype_archived": 1 if archived else 0,
    }


def _test(id: int, tested_on: date, version: int) -> dict[str, Any]:
    return {
        "id": id,
        "step": "testa-ideer",
        "prototype_version": version,
        "method": f"Metod {id}",
        "tested_on": tested_on,
        "target_group": "villaägare",
        "participants": 6,
        "observations": f"Iakttagelse {id}",
        "decision": "again",
        "version_number": 1 if version == 10 else 2,
        "prototype_name": "Ritningsguiden",
    }


def _rows() -> HistoryRows:
    return HistoryRows(
        iterations=[
            _iteration(1, date(2026, 5, 11), date(2026, 10, 14)),
            _iteration(2, date(2026, 11, 2), None),
        ],
        moves=[
            {
                "id": 5,
                "from_step": "ta-fram-ideer",
                "to_step": "testa-ideer",
                "reason": "Idéerna är valda.",
                "moved_at": datetime(2026, 5, 11, 8, tzinfo=UTC),
                "moved_on": None,
                "on": date(2026, 5, 11),
            }
        ],
        tests=[_test(7, date(2026, 11, 10), 11), _test(6, date(2026, 8, 25), 10)],
        results=[
            {
                "test": 6,
                "result": "supported",
                "if_we": "visar",
                "outcome": "förstår",
                "because": "x",
            },
            {
                "test": 7,
                "result": "unclear",
                "if_we": "frågar",
                "outcome": "svarar",
                "because": "y",
            },
        ],
        versions=[
            _version(10, 1, date(2026, 6, 15)),
            _version(11, 2, date(2026, 10, 20)),
            _version(12, 3, date(2026, 10, 21), archived=True),
        ],
        evidence=[
            {
                "id": 1,
                "source_id": 6,
                "text": "Öppet citat",
                "speaker_category": "villaägare",
                "internal": 0,
            },
            {
                "id": 2,
                "source_id": 6,
                "text": "Intern anteckning",
                "speaker_category": "testledare",
                "internal": 1,
            },
        ],
    )


def _build(shared: bool = False) -> Any:
    return build_history(
        _rows(), lambda key: STEPS.get(key, key), DECISION_LABELS, TODAY, shared=shared
    )


def test_entries_run_oldest_first_with_a_day_s_move_after_its_iteration() -> None:
    history = _build()
    assert [(e.kind, e.on.isoformat(), e.record_id) for e in history.entries] == [
        ("move", "2026-05-11", 5),
        ("test", "2026-08-25", 6),
        ("iteration", "2026-10-14", 1),
        ("version", "2026-10-20", 11),
        ("iteration", "2026-11-02", 2),
        ("test", "2026-11-10", 7),
    ]
    move = history.entries[0]
    assert move.title == "Byte av steg: från Ta fram idéer till Testa idéer"
    assert [note.text for note in move.notes] == ["Idéerna är valda."]


def test_an_iteration_shows_the_versions_made_in_it_and_what_was_learnt() -> None:
    iteration = next(e for e in _build().entries if e.kind == "iteration")
    assert iteration.period == "2026-05-11 – 2026-10-14"
    assert [p.version_id for p in iteration.pictures] == [10]
    assert ("Vad vi lärde oss", "Lärdom 1") in [(n.label, n.text) for n in iteration.notes]
    assert ("Beslut", "Fortsätt i samma steg") in iteration.facts
    ongoing = [e for e in _build().entries if e.kind == "iteration"][1]
    assert ongoing.period == "2026-11-02 – pågår"


def test_a_version_made_outside_every_iteration_is_an_entry_unless_its_prototype_is_archived() -> (
    None
):
    versions = [e for e in _build().entries if e.kind == "version"]
    assert [(e.title, [p.alt for p in e.pictures]) for e in versions] == [
        ("Ny prototypversion: Ritningsguiden, version 2", ["Skiss 2"])
    ]


def test_a_test_shows_its_version_results_decision_and_evidence_with_internal_marked() -> None:
    test = next(e for e in _build().entries if e.record_id == 6 and e.kind == "test")
    assert [p.version_id for p in test.pictures] == [10]
    assert test.results == [("Om vi visar, så kommer förstår, eftersom x.", "Stödd")]
    assert ("Beslut", "Testa igen") in test.facts
    assert ("Med vilka", "villaägare, 6 deltagare") in test.facts
    assert [(n.text, n.internal) for n in test.notes] == [
        ("Iakttagelse 6", False),
        ("Öppet citat", False),
        ("Intern anteckning", True),
    ]
    assert _build().has_internal and _build().internal_left_out == 0


def test_the_shared_history_leaves_internal_evidence_out_and_counts_it() -> None:
    shared = _build(shared=True)
    texts = [note.text for entry in shared.entries for note in entry.notes]
    assert "Intern anteckning" not in texts and "Öppet citat" in texts
    assert not shared.has_internal
    assert shared.internal_left_out == 1


def test_an_empty_project_has_no_entries() -> None:
    empty = HistoryRows([], [], [], [], [], [])
    assert build_history(empty, str, DECISION_LABELS, TODAY).entries == []
