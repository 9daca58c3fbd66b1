"""As of the period's end: the state a figure reads, as it stood at 24:00 Swedish time on the
period's last day, as far as the records tell.

A dialogue's state is read from its dated state history (dialogue_state_event: each move with
the date it took effect), a project's and a collaboration's status from theirs (status_at_end);
a project's step is the *from* of its
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


def dialogue_state_at_end(alias: str = "d") -> str:
    """The dialogue's state at the period's end, from its dated history (dialogue_state_event):
    the last move that took effect on or before the last day, else what the first move after
    it started from, else its state now (a dialogue with no history)."""
    events = f"FROM dialogue_state_event e WHERE e.dialogue = {alias}.id"
    return (
        f"COALESCE((SELECT e.state {events} AND e.state_on <= {LAST_DAY} "
        "ORDER BY e.state_on DESC, e.recorded_at DESC, e.id DESC LIMIT 1), "
        f"(SELECT e.from_state {events} AND e.state_on > {LAST_DAY} "
        f"ORDER BY e.state_on, e.recorded_at, e.id LIMIT 1), {alias}.state)"
    )


def status_at_end(events: str, key: str, alias: str) -> str:
    """A project's or collaboration's status at the end, from its dated status history
    (`events`: project_status_event, collaboration_status_event): the last change that took
    effect on or before the last day, else the status the first one after it started from."""
    rows = f"FROM {events} se WHERE se.{key} = {alias}.id"
    return (
        f"COALESCE((SELECT se.status {rows} AND se.status_on <= {LAST_DAY} "
        "ORDER BY se.status_on DESC, se.recorded_at DESC, se.id DESC LIMIT 1), "
        f"(SELECT COALESCE(se.from_status, se.status) {rows} AND se.status_on > {LAST_DAY} "
        f"ORDER BY se.status_on, se.recorded_at, se.id LIMIT 1), {alias}.status)"
    )


def project_step_at_end(alias: str = "p") -> str:
    """The step the project was in: the first step move after the end started from it."""
    after_end = (
        f"(CASE WHEN m.moved_on IS NOT NULL THEN m.moved_on > {LAST_DAY} "
        f"ELSE m.moved_at >= {AFTER} END)"
    )
    return (
        f"COALESCE((SELECT m.from_step FROM step_move m WHERE m.project = {alias}.id "
        f"AND {after_end} ORDER BY m.moved_at, m.id LIMIT 1), {alias}.current_step)"
    )


DONE_STATES = ("held", "fed_back")  # Genomförd, Återkopplad


def dialogue_done_at_end(alias: str = "d") -> str:
    """The dialogue was Genomförd or Återkopplad at the period's end."""
    states = ", ".join(f"'{state}'" for state in DONE_STATES)
    return f"{dialogue_state_at_end(alias)} IN ({states})"
