"""The personal calendar feed (RFC 5545, built with `icalendar`): a secret, revocable address.

The token is shown once, when it is made; only its SHA-256 is stored, so a stolen database
gives no working address. Every event is all-day (a DATE, no time zone needed), has a UID that
stays the same between fetches (so a calendar client updates it instead of adding a copy), a
DTSTAMP, and a link back to where the work is done.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from icalendar import Calendar, Event

from tracker.accounts.permissions import Principal
from tracker.accounts.services import principal_of
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.work.tables import CalendarFeed

ENTITY = "account"  # the change log keeps the feed's story on the person's account
TIME_ZONE = "Europe/Stockholm"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    uid: str  # stable: "feedback-dialogue-12", the host is added when the feed is built
    on: date
    summary: str
    path: str  # where the work is done, e.g. /dialoger/12#aterkoppling


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def build_calendar(
    entries: list[CalendarEntry], base_url: str, name: str, stamp: datetime
) -> bytes:
    """The VCALENDAR with one all-day VEVENT per entry."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "tracker"
    calendar = Calendar()
    calendar.add("prodid", "-//Tjänstedesignspåraren//Mitt arbete//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.on)  # a date: an all-day event
        event.add("summary", entry.summary)
        url = base_url.rstrip("/") + entry.path
        event.add("url", url)
        event.add("description", f"Öppna i spåraren: {url}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


async def active_feed(user: Principal) -> dict[str, object] | None:
    return await (
        CalendarFeed.select(CalendarFeed.id, CalendarFeed.created_at)
        .where((CalendarFeed.account == user.id) & CalendarFeed.revoked_at.is_null())
        .first()
    )


async def _revoke_all(user: Principal, moment: datetime) -> bool:
    active = await CalendarFeed.select(CalendarFeed.id).where(
        (CalendarFeed.account == user.id) & CalendarFeed.revoked_at.is_null()
    )
    if active:
        await CalendarFeed.update({CalendarFeed.revoked_at: moment}).where(
            CalendarFeed.id.is_in([row["id"] for row in active])
        )
    return bool(active)


async def create_feed(user: Principal) -> str:
    """A new secret address for the user (any earlier one stops working); the token, once."""
    token = new_token()
    moment = now()
    async with write_transaction():
        await _revoke_all(user, moment)
        await CalendarFeed.insert(
            CalendarFeed(account=user.id, token_hash=token_hash(token), created_at=moment)
        )
        await record_change(
            actor=user,
            entity_type=ENTITY,
            entity_id=user.id,
            action="calendar_created",
            summary="Skapade en ny kalenderadress",
        )
    return token


async def revoke_feed(user: Principal) -> bool:
    async with write_transaction():
        revoked = await _revoke_all(user, now())
        if revoked:
            await record_change(
                actor=user,
                entity_type=ENTITY,
                entity_id=user.id,
                action="calendar_revoked",
                summary="Återkallade kalenderadressen",
            )
    return revoked


async def owner_of(token: str) -> Principal | None:
    """The active account a live token belongs to, or None (unknown, revoked, deactivated)."""
    if not 20 <= len(token) <= 100:
        return None
    account = CalendarFeed.account
    row = await (
        CalendarFeed.select(
            account.id.as_alias("id"),
            account.name.as_alias("name"),
            account.email.as_alias("email"),
            account.role.as_alias("role"),
            account.report_manager.as_alias("report_manager"),
        )
        .where(
            (CalendarFeed.token_hash == token_hash(token))
            & CalendarFeed.revoked_at.is_null()
            & CalendarFeed.account.active.eq(True)  # type: ignore[union-attr]
        )
        .first()
    )
    return principal_of(row) if row else None
