"""The synthetic dataset in memory: rows per table with explicit ids, and the shared helpers
(deterministic random numbers, dates within the ten years, volumes at a scale)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tracker.audit.chain import GENESIS, changes_text, entry_hash
from tracker.clock import SWEDISH_TIME

SEED = 20261115
# The dataset's "today": fixed, so the same scale always gives the same data. Feedback due
# before it is overdue (and stays so on later days).
ANCHOR = date(2026, 11, 15)
FIRST_DAY = date(2016, 11, 15)  # ten years back
SPAN_DAYS = (ANCHOR - FIRST_DAY).days

# Volumes at scale 1: one large Swedish municipality over ten years.
VOLUMES = {
    "project": 2000,
    "iteration": 8000,
    "dialogue": 3000,
    "organisation": 600,
    "collaboration": 1500,
    "evidence": 60000,
    "insight": 20000,
    "service_change": 6000,
}


def volume(name: str, scale: float) -> int:
    """How many records of a kind at this scale (at least one)."""
    return max(1, round(VOLUMES[name] * scale))


@dataclass(slots=True)
class Rows:
    """One table's rows as dicts, ids 1, 2, 3 … in insertion order."""

    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, **values: Any) -> int:
        row_id = len(self.rows) + 1
        values["id"] = row_id
        self.rows.append(values)
        return row_id

    def __len__(self) -> int:
        return len(self.rows)


class Dataset:
    """All tables of one generated dataset, in the order they must be inserted."""

    ORDER = (
        "account",
        "project",
        "iteration",
        "step_move",
        "checklist_mark",
        "dialogue",
        "dialogue_session",
        "dialogue_feedback",
        "dialogue_document",
        "dialogue_checklist_mark",
        "project_dialogue",
        "organisation",
        "collaboration",
        "collaboration_organisation",
        "contribution",
        "collaboration_follow_up",
        "collaboration_project",
        "collaboration_dialogue",
        "feedback_partner",
        "membership",
        "theme",
        "evidence",
        "insight",
        "insight_evidence",
        "insight_theme",
        "insight_use",
        "service_change",
        "change_status_event",
        "change_insight",
        "feedback_change",
        "feedback_page",
        "feedback_page_version",
        "change_log",
    )

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.rng = random.Random(SEED)
        self.tables = {name: Rows(name) for name in self.ORDER}
        self.last_hash = GENESIS  # the change log's hash chain, into an empty database

    def __getitem__(self, name: str) -> Rows:
        return self.tables[name]

    # --- helpers shared by the builders ----------------------------------------------------

    def day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def moment(self, day: date) -> datetime:
        """A working-hours moment on `day`, Swedish time, stored as UTC."""
        clock = time(self.rng.randint(8, 16), self.rng.randint(0, 59))
        return datetime.combine(day, clock, SWEDISH_TIME).astimezone(UTC)

    def log(
        self,
        actor: tuple[int | None, str],
        entity_type: str,
        entity_id: int,
        action: str,
        summary: str,
        at: datetime,
        changes: dict[str, Any] | None = None,
    ) -> None:
        """A change-log row, as record_change writes it: chained to the one before."""
        entry = {
            "occurred_at": at,
            "actor": actor[1],
            "actor_id": actor[0],
            "entity_type": entity_type,
            "entity_id": entity_id,
            "action": action,
            "summary": summary,
            "changes": changes_text(changes),
        }
        digest = entry_hash(self.last_hash, entry)
        self["change_log"].add(**entry, prev_hash=self.last_hash, entry_hash=digest)
        self.last_hash = digest


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def capped(day: date) -> date:
    return min(day, ANCHOR)
