"""The chain walk after gallring, as a plain rule: a missing run of entries is accepted only
where a later gallring entry names exactly that gap (the entry after it, the hash it carries,
the hash before it); any other missing, edited or re-pointed entry is still a break."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tracker.audit.chain import (
    DISPOSED,
    GALLRING_ENTITY,
    GAPS,
    GENESIS,
    Gap,
    break_in,
    changes_text,
    entry_hash,
    gaps_of,
)

DECISION = "KS 2027/12 § 3"


def _entry(previous: str, number: int, **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": number,
        "occurred_at": datetime(2020, 1, 1, 12, number, tzinfo=UTC),
        "actor": "Alva Administratör",
        "actor_id": None,
        "entity_type": "account",
        "entity_id": 3,
        "action": "updated",
        "summary": f"Ändring {number}",
        "changes": "{}",
        **fields,
    }
    return entry | {"prev_hash": previous, "entry_hash": entry_hash(previous, entry)}


def log_of(count: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        rows.append(_entry(rows[-1]["entry_hash"] if rows else GENESIS, number))
    return rows


def gallring_entry(rows: list[dict[str, Any]], gaps: list[Gap], number: int) -> dict[str, Any]:
    """The entry a run appends after the log `rows`, naming `gaps`."""
    changes = changes_text({GAPS: [None, [gap.as_dict() for gap in gaps]]})
    return _entry(
        rows[-1]["entry_hash"],
        number,
        entity_type=GALLRING_ENTITY,
        entity_id=1,
        action=DISPOSED,
        changes=changes,
    )


def removed(rows: list[dict[str, Any]], ids: set[int]) -> list[dict[str, Any]]:
    return [row for row in rows if row["id"] not in ids]


def as_log(rows: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(row["id"], row["prev_hash"], row["entry_hash"]) for row in rows]


def test_gaps_name_the_entry_after_each_run_of_removed_entries() -> None:
    rows = log_of(8)

    gaps = gaps_of(as_log(rows), {1, 3, 4, 7}, DECISION)

    assert gaps == [
        Gap(2, rows[0]["entry_hash"], GENESIS, 1, DECISION),
        Gap(5, rows[3]["entry_hash"], rows[1]["entry_hash"], 2, DECISION),
        Gap(8, rows[6]["entry_hash"], rows[5]["entry_hash"], 1, DECISION),
    ]
    with pytest.raises(ValueError, match="newest"):
        gaps_of(as_log(rows), {8}, DECISION)


def test_a_gap_that_a_later_gallring_entry_names_is_accepted() -> None:
    rows = log_of(8)
    gaps = gaps_of(as_log(rows), {1, 3, 4}, DECISION)
    remaining = removed(rows, {1, 3, 4})

    log = [*remaining, gallring_entry(remaining, gaps, 9)]

    assert break_in(log) == (len(log), None)


def test_a_gap_that_no_gallring_entry_names_is_a_break() -> None:
    rows = log_of(6)

    checked, broken = break_in(removed(rows, {3}))

    assert checked == 2 and broken is not None and broken.entry_id == 4
    assert "pekar inte på posten före den" in broken.reason


def test_an_anchor_naming_a_different_hash_is_refused() -> None:
    rows = log_of(6)
    gap = gaps_of(as_log(rows), {3}, DECISION)[0]
    remaining = removed(rows, {3})
    wrong = Gap(gap.next_id, rows[1]["entry_hash"], gap.before_hash, 1, DECISION)

    _, broken = break_in([*remaining, gallring_entry(remaining, [wrong], 7)])

    assert broken is not None and broken.entry_id == 4


def test_an_entry_removed_beside_a_named_gap_is_a_break() -> None:
    """The gap names the hash before it too: removing one more entry there is found."""
    rows = log_of(6)
    gaps = gaps_of(as_log(rows), {3}, DECISION)
    log = removed(rows, {3})
    log = [*log, gallring_entry(log, gaps, 7)]

    _, broken = break_in(removed(log, {2}))

    assert broken is not None and broken.entry_id == 4


def test_only_a_later_gallring_entry_can_name_a_gap() -> None:
    rows = log_of(3)
    gap = Gap(5, "f" * 64, rows[-1]["entry_hash"], 1, DECISION)
    early = gallring_entry(rows, [gap], 4)  # written before the gap it claims
    after = _entry("f" * 64, 5)

    _, broken = break_in([*rows, early, after])

    assert broken is not None and broken.entry_id == 5


def test_an_edited_entry_after_a_named_gap_is_still_a_break() -> None:
    rows = log_of(6)
    gaps = gaps_of(as_log(rows), {3}, DECISION)
    remaining = removed(rows, {3})
    log = [*remaining, gallring_entry(remaining, gaps, 7)]
    log[2] = dict(log[2], summary="Förfalskad")  # the entry after the gap, id 4

    _, broken = break_in(log)

    assert broken is not None and broken.entry_id == 4
    assert "kontrollsumma" in broken.reason
