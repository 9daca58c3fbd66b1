"""The current time, in one place, timezone-aware (UTC in the database, Swedish time on screen).

`at(moment)` sets the clock for the code inside it, so demo data and tests can record the past.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
_fixed: ContextVar[datetime | None] = ContextVar("fixed_time", default=None)


def now() -> datetime:
    return _fixed.get() or datetime.now(UTC)


def today() -> date:
    return now().astimezone(SWEDISH_TIME).date()


def swedish_day(moment: datetime) -> date:
    """The date in Sweden at a stored moment."""
    return moment.astimezone(SWEDISH_TIME).date()


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    token = _fixed.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _fixed.reset(token)


def swedish_moment(value: Any) -> datetime:
    """A TOML date-time (Swedish time when it has no offset) or date (noon), for seed files."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SWEDISH_TIME)
    if isinstance(value, date):
        return datetime.combine(value, time(12), SWEDISH_TIME)
    raise ValueError(f"Ogiltig tidpunkt: {value!r}")
