"""The date rules, as plain functions: used by every form (and so by import) through `Fields`.

- Nothing is dated before a plausible floor (FLOOR): "1900-01-01" is a typo, not a record.
- What has happened (held, given, started, decided, a status reached) is not in the future.
- Nothing is dated before the record it belongs to began (an iteration before its project's
  start, feedback before the dialogue's first session), and an end is not before its start.

Each message names the rule and the dates, so the user sees what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tracker.clock import today

FLOOR = date(2000, 1, 1)
YEAR_AHEAD = 10  # how many years ahead a planned contribution may be registered


def date_problem(
    value: date,
    *,
    label: str = "Datumet",
    happened: bool = False,
    not_before: Iterable[tuple[date | None, str]] = (),
) -> str | None:
    """The first rule `value` breaks, as a Swedish message; None when it keeps them all.

    `not_before` pairs an earlier date with what it is ("projektets startdatum")."""
    if value < FLOOR:
        return f"{label} {value} är före {FLOOR}. Kontrollera året."
    if happened and value > (day := today()):
        return f"{label} {value} ligger i framtiden. Det som redan har hänt kan inte vara senare än i dag ({day})."
    for earlier, what in not_before:
        if earlier is not None and value < earlier:
            return f"{label} {value} är före {what} ({earlier})."
    return None


def year_problem(value: int, *, happened: bool = False) -> str | None:
    """A year for a contribution: from FLOOR's year to YEAR_AHEAD years ahead (or this year)."""
    last = today().year + (0 if happened else YEAR_AHEAD)
    if not FLOOR.year <= value <= last:
        return f"Skriv ett årtal mellan {FLOOR.year} och {last}."
    return None
