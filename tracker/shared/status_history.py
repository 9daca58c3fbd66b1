"""A record's dated status history, written once for the areas that keep one (a project's
status, a collaboration's status): each transition with the date it took effect (`status_on`,
which may be dated back, never ahead and never before the record began), who recorded it and
when. The services write a row with each change of status; the migration, and `tracker import`
of a format version 1 file, fill it from the change log for records from before it existed.

Each area declares a `StatusHistory`: its event table, whose columns are `<key>` (the
record), `from_status` (None for the registration), `status`, `status_on`, `recorded_at` and
`recorded_by`. The report reads a status at a period's end from it (tracker/reports/as_of.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from piccolo.table import Table

from tracker.clock import SWEDISH_TIME
from tracker.db import fetch_rows

CHUNK = 400
SYSTEM = "Systemet"  # who recorded a registration the change log says nothing about


@dataclass(frozen=True, slots=True)
class StatusHistory:
    table: type[Table]  # the event table
    records: str  # the record's table, also its entity type in the change log
    key: str  # the event table's foreign key to the record
    began: str  # what the record is called in "… då projektet började"

    @property
    def events(self) -> str:
        return str(self.table._meta.tablename)


def began_on(start: date | None, created_at: datetime) -> date:
    """The day the record's history begins: its start date or the day it was registered
    (Swedish time), whichever is earlier. Its registration is dated on this day."""
    created = created_at.astimezone(SWEDISH_TIME).date()
    return min(start, created) if start else created


def status_on_problem(status_on: date | None, began: date | None, today: date, noun: str) -> str:
    """Why a status cannot take effect on `status_on` ("" when it can): a transition may be
    dated back, but not ahead, nor before the record began (`began`, when known)."""
    if status_on is None:
        return ""
    if status_on > today:
        return f"Datumet kan inte ligga i framtiden (i dag är det {today.isoformat()})."
    if began is not None and status_on < began:
        return f"Datumet kan inte ligga före {began.isoformat()}, då {noun} började."
    return ""


async def record_status(
    history: StatusHistory,
    record_id: int,
    from_status: str | None,
    status: str,
    *,
    status_on: date | None,
    recorded_at: datetime,
    recorded_by: str,
) -> None:
    """One transition, effective on `status_on` (checked by the caller) or else the day it was
    recorded (Swedish time)."""
    table: Any = history.table
    await table.insert(
        table(
            **{history.key: record_id},
            from_status=from_status,
            status=status,
            status_on=status_on or recorded_at.astimezone(SWEDISH_TIME).date(),
            recorded_at=recorded_at,
            recorded_by=recorded_by,
        )
    )


async def status_changed(
    history: StatusHistory,
    record_id: int,
    change: tuple[str, str],
    at: datetime,
    by: str,
    status_on: date | None = None,
) -> None:
    """A change of status (from, to) recorded at `at` by `by`, dated back to `status_on`."""
    await record_status(
        history, record_id, *change, status_on=status_on, recorded_at=at, recorded_by=by
    )


def check_status_on(
    history: StatusHistory,
    status_on: date | None,
    start: date | None,
    created_at: datetime | None,
    today: date,
) -> str:
    """Why the record's status cannot have changed on `status_on` ("" when it can); the record
    began on its start date or its registration, whichever was earlier."""
    began = began_on(start, created_at) if created_at else start
    return status_on_problem(status_on, began, today, history.began)


async def record_registration(history: StatusHistory, record: Any, recorded_by: str) -> None:
    """The status a new record was registered with, dated on the day it began."""
    await record_status(
        history,
        int(record.id),
        None,
        record.status,
        status_on=began_on(record.start_date, record.created_at),
        recorded_at=record.created_at,
        recorded_by=recorded_by,
    )


def dated(status_on: date | None) -> dict[str, list[Any]]:
    """What the change log keeps beside `status` when the change was dated back."""
    return {"status_on": [None, status_on.isoformat()]} if status_on else {}


def logged_moment(value: Any) -> datetime:
    """A moment read from the database (a string on SQLite), in UTC when it has no zone."""
    stamp = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(stamp, datetime)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def logged_changes(value: Any) -> dict[str, Any]:
    """A change-log entry's `changes` (a JSON string on SQLite), {} when it is not an object."""
    found = json.loads(value) if isinstance(value, str) else value
    return found if isinstance(found, dict) else {}


def events_from_log(
    records: list[dict[str, Any]], log: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The history the change log tells, per record (rows with id, status, start_date,
    created_at): its registration, dated on the day it began, in the status its first logged
    change started from (else its status now), then each logged change of `status`, effective
    on its `status_on` when it was dated back, else on the day it was recorded. Rows of
    (record, from_status, status, status_on, recorded_at, recorded_by)."""
    moves: dict[int, list[dict[str, Any]]] = {}
    created_by: dict[int, str] = {}
    for row in log:
        changes = logged_changes(row["changes"])
        if row["action"] == "created":
            created_by.setdefault(int(row["entity_id"]), row["actor"])
        pair = changes.get("status")
        if isinstance(pair, list) and len(pair) == 2 and pair[0] and pair[1]:
            on = changes.get("status_on")
            moves.setdefault(int(row["entity_id"]), []).append(
                {
                    "pair": pair,
                    "on": on[1] if isinstance(on, list) and len(on) == 2 else None,
                    "at": logged_moment(row["occurred_at"]),
                    "by": row["actor"],
                }
            )
    rows: list[tuple[Any, ...]] = []
    for record in records:
        key = int(record["id"])
        created = logged_moment(record["created_at"])
        own = moves.get(key, [])
        first = own[0]["pair"][0] if own else record["status"]
        began = began_on(_day(record["start_date"]), created)
        rows.append((key, None, first, began, created, created_by.get(key, SYSTEM)))
        for move in own:
            on = date.fromisoformat(move["on"]) if move["on"] else None
            at = move["at"]
            day = on or at.astimezone(SWEDISH_TIME).date()
            rows.append((key, move["pair"][0], move["pair"][1], day, at, move["by"]))
    return rows


async def fill_from_change_log(history: StatusHistory) -> int:
    """Give every record without a history the one its change log tells; the rows written."""
    records = await fetch_rows(
        f"SELECT id, status, start_date, created_at FROM {history.records} WHERE id NOT IN "
        f"(SELECT {history.key} FROM {history.events}) ORDER BY id"
    )
    if not records:
        return 0
    log = await fetch_rows(
        "SELECT entity_id, occurred_at, actor, action, changes FROM change_log "
        f"WHERE entity_type = '{history.records}' AND action IN ('created', 'updated') "
        "ORDER BY occurred_at, id"
    )
    rows = events_from_log(records, log)
    columns = f"{history.key}, from_status, status, status_on, recorded_at, recorded_by"
    table: Any = history.table
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        marks = ", ".join("({}, {}, {}, {}, {}, {})" for _ in chunk)
        await table.raw(
            f"INSERT INTO {history.events} ({columns}) VALUES {marks}",
            *[value for row in chunk for value in row],
        )
    return len(rows)
