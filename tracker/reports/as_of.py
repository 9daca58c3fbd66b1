"""As of the period's end: the state a figure reads, as it stood at 24:00 Swedish time on the
period's last day, as far as the records tell.

A record's state today is rolled back through what was recorded after the end: a dialogue's
state is the *from* of the first state change logged after the end (the change log keeps
`{"state": [from, to]}` for each), else its state now; a project's step is the *from* of its
first step move after the end, else its step now; a link (an insight's evidence, a project's
use of an insight, a change's insight) counts when it was made before the end. So a report
drafted on 1 April and one drafted in December give the same figures unless someone recorded
something in between that is dated inside the period.

Each statement that reads the end starts with `WITH period_end AS (…)`, which binds the
first moment after the period and the last day once (two placeholders, first in the
statement); `AFTER` and `LAST_DAY` refer to them anywhere below.
"""

from __future__ import annotations

from tracker.db import is_postgres

AFTER = "(SELECT after FROM period_end)"


LAST_DAY = "(SELECT last_day FROM period_end)"


def with_end() -> str:
    """The statement's head binding the first moment after the period and the period's last
    day (two placeholders, in that order)."""
    if is_postgres():
        return "WITH period_end AS (SELECT CAST({} AS TIMESTAMPTZ) AS after, CAST({} AS DATE) AS last_day) "
    return "WITH period_end AS (SELECT {} AS after, {} AS last_day) "


def _logged(field: str) -> tuple[str, str, str]:
    """SQL for whether a change-log row changed `field`, the value it changed from, and the
    date it took effect when it was dated back (`<field>_on`: [None, "2026-03-15"])."""
    if is_postgres():
        return (
            f"(l.changes::json -> '{field}') IS NOT NULL",
            f"(l.changes::json -> '{field}' ->> 0)",
            f"CAST(l.changes::json -> '{field}_on' ->> 1 AS DATE)",
        )
    return (
        f"json_type(l.changes, '$.{field}') IS NOT NULL",
        f"json_extract(l.changes, '$.{field}[0]')",
        f"json_extract(l.changes, '$.{field}_on[1]')",
    )


def logged_at_end(entity_type: str, field: str, alias: str) -> str:
    """A field's value at the period's end: what the first change of it that took effect after
    the end changed it from, else its value now. A change takes effect on the date it was dated
    back to, or else when it was recorded."""
    changed, before, dated = _logged(field)
    after_end = (
        f"CASE WHEN {dated} IS NOT NULL THEN {dated} > {LAST_DAY} ELSE l.occurred_at >= {AFTER} END"
    )
    if not is_postgres():
        after_end = (
            f"(CASE WHEN {dated} IS NOT NULL THEN {dated} > {LAST_DAY} "
            f"ELSE l.occurred_at >= {AFTER} END)"
        )
    return (
        f"COALESCE((SELECT {before} FROM change_log l WHERE l.entity_type = '{entity_type}' "
        f"AND l.entity_id = {alias}.id AND {changed} AND {after_end} "
        f"ORDER BY l.occurred_at, l.id LIMIT 1), {alias}.{field})"
    )


def dialogue_state_at_end(alias: str = "d") -> str:
    return logged_at_end("dialogue", "state", alias)


def project_step_at_end(alias: str = "p") -> str:
    """The step the project was in: the first step move after the end started from it."""
    return (
        f"COALESCE((SELECT m.from_step FROM step_move m WHERE m.project = {alias}.id "
        f"AND m.moved_at >= {AFTER} ORDER BY m.moved_at, m.id LIMIT 1), {alias}.current_step)"
    )


DONE_STATES = ("held", "fed_back")  # Genomförd, Återkopplad


def dialogue_done_at_end(alias: str = "d") -> str:
    """The dialogue was Genomförd or Återkopplad at the period's end."""
    states = ", ".join(f"'{state}'" for state in DONE_STATES)
    return f"{dialogue_state_at_end(alias)} IN ({states})"
