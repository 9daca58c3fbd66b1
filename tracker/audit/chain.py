"""The change log as a hash chain: each entry's SHA-256 covers the previous entry's.

An entry's hash is taken over the previous entry's hash and the entry's own fields, in one
canonical JSON form, so changing, removing or reordering an entry breaks the chain at that
point. Entries are appended one at a time (`lock_appends`: SQLite's write transaction is
serialised already, PostgreSQL takes a transaction-wide advisory lock), so the chain's order
is the order of the ids. `first_break` walks the chain and names the first broken link.

Gallring may remove old entries the plan allows (tracker.audit.disposal, called only by a
gallring run), and the run's own entry, appended after, names each gap it made: the entry after
the gap, the `prev_hash` that entry carries (the anchor), the hash of the entry before the gap,
the count and the decision. The walk accepts a missing link only where a later gallring entry
names exactly that gap (`anchors_in`, `check_link`); any other missing entry is still a break.
The same rule checks the chain of an import file (tracker.transfer).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from tracker.db import APPEND_LOCK, fetch_rows, get_engine

GENESIS = "0" * 64
BATCH = 2000

FIELDS = (
    "occurred_at",
    "actor",
    "actor_id",
    "entity_type",
    "entity_id",
    "action",
    "summary",
    "changes",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def changes_text(changes: Mapping[str, Any] | None) -> str:
    """The changes as stored: canonical JSON (keys sorted), so the hash can be recomputed."""
    return json.dumps(
        dict(changes or {}),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=_plain,
    )


def entry_hash(previous: str, entry: Mapping[str, Any]) -> str:
    """The SHA-256 of an entry (its FIELDS, `changes` as stored JSON text or a dict) chained to
    the previous entry's hash."""
    changes = entry["changes"]
    parsed = json.loads(changes) if isinstance(changes, str) else dict(changes or {})
    body = [
        previous,
        _plain(entry["occurred_at"]),
        entry["actor"],
        entry["actor_id"],
        entry["entity_type"],
        int(entry["entity_id"]),
        entry["action"],
        entry["summary"],
        parsed,
    ]
    text = json.dumps(
        body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def lock_appends() -> None:
    """Inside a transaction: wait until no other transaction appends to the change log."""
    if isinstance(get_engine(), PostgresEngine):
        await fetch_rows("SELECT pg_advisory_xact_lock({}) AS locked", APPEND_LOCK)


async def last_hash() -> str:
    rows = await fetch_rows("SELECT entry_hash FROM change_log ORDER BY id DESC LIMIT 1")
    return rows[0]["entry_hash"] if rows and rows[0]["entry_hash"] else GENESIS


@dataclass(frozen=True, slots=True)
class Break:
    entry_id: int
    reason: str

    def __str__(self) -> str:
        return f"Ändringsloggens post {self.entry_id}: {self.reason}"


async def entries_from(after_id: int, limit: int = BATCH) -> list[dict[str, Any]]:
    columns = ", ".join(("id", "prev_hash", "entry_hash", *FIELDS))
    return await fetch_rows(
        f"SELECT {columns} FROM change_log WHERE id > {{}} ORDER BY id LIMIT {int(limit)}",
        after_id,
    )


# The entry a gallring run appends, and the field of its `changes` that names its gaps.
GALLRING_ENTITY, DISPOSED, GAPS = "gallring", "disposed", "gaps"


@dataclass(frozen=True, slots=True)
class Gap:
    """A run of entries removed by gallring: `next_id` is the entry after it, which still
    carries `prev_hash` (the removed entry's hash, the anchor); `before_hash` is the hash of
    the entry before it (GENESIS at the start of the log)."""

    next_id: int
    prev_hash: str
    before_hash: str
    count: int
    decision: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "next_id": self.next_id,
            "prev_hash": self.prev_hash,
            "before_hash": self.before_hash,
            "count": self.count,
            "decision": self.decision,
        }


# (entry id, its prev_hash) -> [(hash of the entry before the gap, the naming entry's id)]
Anchors = dict[tuple[int, str], list[tuple[str, int]]]


def anchors_in(rows: Iterable[Mapping[str, Any]]) -> Anchors:
    """The gaps that gallring entries name, from change-log rows (the database's or an import
    file's); rows of other kinds are ignored."""
    found: Anchors = {}
    for row in rows:
        if row["entity_type"] != GALLRING_ENTITY or row["action"] != DISPOSED:
            continue
        changes = row["changes"]
        parsed = json.loads(changes) if isinstance(changes, str) else changes
        pair = (parsed or {}).get(GAPS)
        gaps = pair[1] if isinstance(pair, list) and len(pair) == 2 else None
        for gap in gaps if isinstance(gaps, list) else []:
            try:
                key = (int(gap["next_id"]), str(gap["prev_hash"]))
                found.setdefault(key, []).append((str(gap["before_hash"]), int(row["id"])))
            except (KeyError, TypeError, ValueError):
                continue
    return found


def _named_gap(previous: str, entry: Mapping[str, Any], anchors: Anchors | None) -> bool:
    """Whether a later gallring entry names exactly this gap before `entry`."""
    named = (anchors or {}).get((int(entry["id"]), entry["prev_hash"]), [])
    return any(before == previous and by > int(entry["id"]) for before, by in named)


def check_link(
    previous: str, entry: Mapping[str, Any], anchors: Anchors | None = None
) -> str | None:
    """Why this entry breaks the chain after `previous`, or None. A gap is accepted only when
    `anchors` (from `anchors_in`) has a later gallring entry naming exactly it."""
    if entry["prev_hash"] != previous and not _named_gap(previous, entry, anchors):
        return (
            "den pekar inte på posten före den (en post före den är ändrad, borttagen "
            "eller inskjuten)"
        )
    if entry["entry_hash"] != entry_hash(entry["prev_hash"], entry):
        return "innehållet stämmer inte med dess kontrollsumma (posten är ändrad)"
    return None


async def gallring_anchors() -> Anchors:
    return anchors_in(
        await fetch_rows(
            "SELECT id, entity_type, action, changes FROM change_log "
            "WHERE entity_type = {} AND action = {}",
            GALLRING_ENTITY,
            DISPOSED,
        )
    )


async def first_break() -> tuple[int, Break | None]:
    """Walk the whole chain: (entries checked, the first broken link or None)."""
    anchors = await gallring_anchors()
    previous, after, checked = GENESIS, 0, 0
    while rows := await entries_from(after):
        for row in rows:
            if reason := check_link(previous, row, anchors):
                return checked, Break(int(row["id"]), reason)
            previous, after, checked = row["entry_hash"], int(row["id"]), checked + 1
    return checked, None


def break_in(rows: Iterable[Mapping[str, Any]]) -> tuple[int, Break | None]:
    """As `first_break`, for change-log rows in memory (an import file's)."""
    log = sorted(rows, key=lambda row: int(row["id"]))
    anchors, previous = anchors_in(log), GENESIS
    for checked, row in enumerate(log):
        if reason := check_link(previous, row, anchors):
            return checked, Break(int(row["id"]), reason)
        previous = row["entry_hash"]
    return len(log), None


def gaps_of(
    log: Iterable[tuple[int, str, str]], removed: Collection[int], decision: str
) -> list[Gap]:
    """The gaps that removing `removed` makes, from the log's (id, prev_hash, entry_hash) in id
    order, from the last kept entry before the first removed one to the end. The newest entry
    is never removed, so every gap has an entry after it."""
    gaps: list[Gap] = []
    before, count = GENESIS, 0
    for entry_id, prev_hash, own_hash in log:
        if entry_id in removed:
            count += 1
            continue
        if count:
            gaps.append(Gap(entry_id, prev_hash, before, count, decision))
            count = 0
        before = own_hash
    if count:
        raise ValueError("the newest entry of the change log is never removed")
    return gaps


async def logged_digests(entity_type: str, action: str) -> dict[int, set[str]]:
    """The SHA-256 digests the log recorded for an action ("frozen", "published"), per
    record: what `verify` compares a stored version with."""
    rows = await fetch_rows(
        "SELECT entity_id, changes FROM change_log WHERE entity_type = {} AND action = {}",
        entity_type,
        action,
    )
    return digests_in(rows)


def digests_in(rows: Iterable[Mapping[str, Any]]) -> dict[int, set[str]]:
    """Per record, the SHA-256 digests that change-log rows recorded (`changes.sha256`); the
    rows are already those of one kind of record and one action. Used on the database by
    `logged_digests` and on an import file's rows by `tracker import`."""
    found: dict[int, set[str]] = {}
    for row in rows:
        changes = row["changes"]
        parsed = json.loads(changes) if isinstance(changes, str) else changes
        pair = (parsed or {}).get("sha256")
        if isinstance(pair, list) and len(pair) == 2 and pair[1]:
            found.setdefault(int(row["entity_id"]), set()).add(str(pair[1]))
    return found
