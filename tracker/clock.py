"""The current time, in one place, timezone-aware (UTC in the database, Swedish time on screen).

`at(moment)` sets the clock for the code inside it, so demo data and tests can record the past.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
_fixed: ContextVar[datetime | None] = ContextVar("fixed_time", default=None)


def now() -> datetime:
    return _fixed.get() or datetime.now(UTC)


def today() -> date:
    return now().astimezone(SWEDISH_TIME).date()


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    token = _fixed.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _fixed.reset(token)
