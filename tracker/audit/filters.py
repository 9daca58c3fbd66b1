"""The change log's filters, read from the query string.

Unknown values are ignored, as in the project list. A date that cannot be read is the only
input error: it gets a Swedish message beside its field and the list is shown without it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tracker.clock import SWEDISH_TIME
from tracker.db import MAX_ID
from tracker.text import clean
from tracker.web.forms import DATE_HINT, ISO_DATE, Fields
from tracker.web.pagination import page_number

SYSTEM = "systemet"  # the `anvandare` value for changes made by commands (no account)
_ACTION = re.compile(r"[a-z_]{1,50}")
BAD_DATE = f"Datumet finns inte eller har fel form. {DATE_HINT} Listan visas utan det datumet."
DATES_REVERSED = "Slutdatumet är före startdatumet. Listan visas utan slutdatumet."


@dataclass(frozen=True, slots=True)
class AuditFilters:
    actor: str = ""  # "", SYSTEM or an account id as text
    entity_type: str = ""
    entity_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    page: int = 1

    @property
    def actor_id(self) -> int | None:
        return int(self.actor) if self.actor.isdigit() else None

    @property
    def any(self) -> bool:
        """Whether anything narrows the list (the page number does not)."""
        return bool(
            self.actor
            or self.entity_type
            or self.entity_id
            or self.action
            or self.date_from
            or self.date_to
            or self.q
        )

    @property
    def since(self) -> datetime | None:
        """The start of the `date_from` day in Swedish time, as UTC."""
        return _day_start(self.date_from)

    @property
    def before(self) -> datetime | None:
        """The start of the day after `date_to` in Swedish time, as UTC (exclusive bound)."""
        if self.date_to is None or self.date_to == date.max:
            return None
        return _day_start(self.date_to + timedelta(days=1))


def _day_start(day: date | None) -> datetime | None:
    if day is None:
        return None
    try:
        return datetime.combine(day, time(0), tzinfo=SWEDISH_TIME).astimezone(UTC)
    except (OverflowError, ValueError):  # year 1: every entry is later anyway
        return None


def _date(fields: Fields, name: str) -> date | None:
    value = fields.raw.get(name, "").strip()
    if not value:
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        fields.error(name, BAD_DATE)
        return None


def _positive_id(raw: str) -> int | None:
    raw = raw.strip()
    if raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


def read_filters(params: Mapping[str, str]) -> tuple[AuditFilters, Fields]:
    """The filters, and the raw values with any date errors for re-showing the form.

    The user, type and action are checked against the options only by the caller's select
    lists; any value of the right form is used, so a link such as `?typ=account&post=3`
    works before that type has entries.
    """
    fields = Fields({key: params.get(key, "") for key in ("anvandare", "fran", "till")})
    actor = fields.raw["anvandare"].strip()
    if actor != SYSTEM:
        actor = str(_positive_id(actor) or "")
    entity_type = params.get("typ", "").strip()
    action = params.get("handling", "").strip()
    date_from = _date(fields, "fran")
    date_to = _date(fields, "till")
    if date_from and date_to and date_to < date_from:
        fields.error("till", DATES_REVERSED)
        date_to = None
    filters = AuditFilters(
        actor=actor,
        entity_type=entity_type if _ACTION.fullmatch(entity_type) else "",
        entity_id=_positive_id(params.get("post", "")),
        action=action if _ACTION.fullmatch(action) else "",
        date_from=date_from,
        date_to=date_to,
        q=clean(params.get("q", "")).strip()[:200],
        page=page_number(params.get("sida")),
    )
    return filters, fields
