"""A project's design history, as plain functions: one dated entry per iteration, test and step
move (and per prototype version made outside every iteration), oldest first, each with its
prototype pictures and what was learnt.

Internal evidence is marked for internal reading; the shared document (the print view and the
PDF) leaves it out and says how much it left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.design.rules import DECISION_LABELS, RESULT_LABELS, hypothesis_sentence

# Entries of one day: the iteration's summary first, then new versions, tests, step moves.
KIND_ORDER = {"iteration": 0, "version": 1, "test": 2, "move": 3}


@dataclass(frozen=True, slots=True)
class Picture:
    version_id: int
    prototype_name: str
    number: int
    made_on: date
    alt: str
    width: int
    height: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """What was learnt: a labelled text; `internal` for internal evidence."""

    label: str
    text: str
    internal: bool = False


@dataclass(slots=True)
class Entry:
    kind: str
    on: date
    record_id: int
    title: str
    period: str = ""  # "2026-05-11 – 2026-10-14" for an iteration
    facts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)  # hypothesis, result
    pictures: list[Picture] = field(default_factory=list)
    link: str = ""

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.record_id}"


@dataclass(slots=True)
class History:
    entries: list[Entry]
    internal_left_out: int = 0  # internal evidence the shared document leaves out

    @property
    def has_internal(self) -> bool:
        return any(note.internal for entry in self.entries for note in entry.notes)


@dataclass(frozen=True, slots=True)
class HistoryRows:
    """What `history_views.history_rows` reads: the project's rows, few queries."""

    iterations: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    results: list[dict[str, Any]]  # test, result and the hypothesis' three parts
    versions: list[dict[str, Any]]  # with prototype_name and prototype_archived
    evidence: list[dict[str, Any]]  # live evidence from the project's tests


def picture_of(version: dict[str, Any]) -> Picture | None:
    if not version["image_type"]:
        return None
    return Picture(
        version_id=version["id"],
        prototype_name=version["prototype_name"],
        number=version["number"],
        made_on=version["made_on"],
        alt=version["image_alt"],
        width=version["image_width"],
        height=version["image_height"],
        description=version["description"],
    )


def _within(day: date, start: date, end: date | None, today: date) -> bool:
    return start <= day <= (end or today)


def build_history(
    rows: HistoryRows,
    step_name: Callable[[str], str],
    iteration_decisions: dict[str, str],
    today: date,
    *,
    shared: bool = False,
) -> History:
    """The entries, oldest first (same day: iteration, version, test, move; then by id).

    A version's picture is shown with the iteration it was made in, or as an entry of its own
    when it was made outside every iteration (only for live prototypes); a test shows the
    version it used. `shared`: leave internal evidence out (and count it)."""
    versions = {row["id"]: row for row in rows.versions}
    entries: list[Entry] = []
    placed: set[int] = set()
    for row in rows.iterations:
        made = [
            v
            for v in rows.versions
            if not v["prototype_archived"]
            and _within(v["made_on"], row["started_on"], row["ended_on"], today)
        ]
        placed.update(v["id"] for v in made)
        entries.append(_iteration(row, made, step_name, iteration_decisions))
    for version in rows.versions:
        if version["id"] not in placed and not version["prototype_archived"]:
            entries.append(_version(version))
    left_out = 0
    for test in rows.tests:
        evidence = [e for e in rows.evidence if e["source_id"] == test["id"]]
        if shared:
            left_out += sum(1 for e in evidence if e["internal"])
            evidence = [e for e in evidence if not e["internal"]]
        results = [r for r in rows.results if r["test"] == test["id"]]
        entries.append(
            _test(test, versions.get(test["prototype_version"]), results, evidence, step_name)
        )
    entries.extend(_move(row, step_name) for row in rows.moves)
    entries.sort(key=lambda e: (e.on, KIND_ORDER[e.kind], e.record_id))
    return History(entries, left_out)


def _pictures(versions: list[dict[str, Any]]) -> list[Picture]:
    return [picture for picture in map(picture_of, versions) if picture is not None]


def _iteration(
    row: dict[str, Any],
    made: list[dict[str, Any]],
    step_name: Callable[[str], str],
    decisions: dict[str, str],
) -> Entry:
    end = row["ended_on"]
    period = f"{row['started_on'].isoformat()} – {end.isoformat() if end else 'pågår'}"
    notes = [Note("Vad vi gjorde", row["summary"])]
    if row["learnings"]:
        notes.append(Note("Vad vi lärde oss", row["learnings"]))
    facts = [("Metoder", row["methods"])] if row["methods"] else []
    facts.append(("Beslut", decisions.get(row["decision"], row["decision"])))
    made_list = [f"{v['prototype_name']}, version {v['number']}" for v in made]
    if made_list:
        facts.append(("Prototypversioner", "; ".join(made_list)))
    return Entry(
        kind="iteration",
        on=end or row["started_on"],
        record_id=row["id"],
        title=f"Iteration i steget {step_name(row['step'])}",
        period=period,
        facts=facts,
        notes=notes,
        pictures=_pictures(made),
    )


def _version(row: dict[str, Any]) -> Entry:
    facts = [("Länk", row["url"])] if row["url"] else []
    return Entry(
        kind="version",
        on=row["made_on"],
        record_id=row["id"],
        title=f"Ny prototypversion: {row['prototype_name']}, version {row['number']}",
        facts=facts,
        notes=[Note("Vad som är nytt", row["description"])],
        pictures=_pictures([row]),
        link=f"/prototyper/{row['prototype']}",
    )


def _test(
    row: dict[str, Any],
    version: dict[str, Any] | None,
    results: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    step_name: Callable[[str], str],
) -> Entry:
    facts = [
        ("Steg", step_name(row["step"])),
        ("Prototyp", f"{row['prototype_name']}, version {row['version_number']}"),
        ("Med vilka", f"{row['target_group']}, {row['participants']} deltagare"),
        ("Beslut", DECISION_LABELS.get(row["decision"], row["decision"])),
    ]
    notes = [Note("Vad vi såg och hörde", row["observations"])]
    notes += [
        Note(f"Underlag ({e['speaker_category']})", e["text"], bool(e["internal"]))
        for e in evidence
    ]
    return Entry(
        kind="test",
        on=row["tested_on"],
        record_id=row["id"],
        title=f"Test: {row['method']}",
        facts=facts,
        notes=notes,
        results=[
            (
                hypothesis_sentence(r["if_we"], r["outcome"], r["because"]),
                RESULT_LABELS.get(r["result"], r["result"]),
            )
            for r in results
        ],
        pictures=_pictures([version]) if version else [],
        link=f"/tester/{row['id']}",
    )


def _move(row: dict[str, Any], step_name: Callable[[str], str]) -> Entry:
    return Entry(
        kind="move",
        on=row["on"],
        record_id=row["id"],
        title=f"Byte av steg: från {step_name(row['from_step'])} till {step_name(row['to_step'])}",
        notes=[Note("Varför", row["reason"])] if row["reason"] else [],
    )
