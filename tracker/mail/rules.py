"""The mail rules, plain functions: retry backoff, when a digest is due, which reminders fall due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.clock import SWEDISH_TIME

MAX_ATTEMPTS = 12  # about a day and a half of retries before a message is given up
LEASE = timedelta(minutes=5)  # a claimed message is free again if its worker died
REMINDER_DAYS_BEFORE = 14

FREQUENCIES = {
    "off": "Av – ett meddelande för varje händelse",
    "daily": "Dagligen",
    "weekly": "Varje vecka",
}
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
# Messages that a digest gathers; a sign-in link is always sent at once.
DIGESTIBLE = {
    "review_requested",
    "report_frozen",
    "feedback_due",
    "feedback_overdue",
    "follow_up_due",
    "follow_up_overdue",
    "renewal_due",
}


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … ≤ 4 h."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 4 * 3600))


def gives_up(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS


def digest_due(
    frequency: str, weekday: int, hour: int, last_sent: datetime | None, moment: datetime
) -> bool:
    """Whether a digest is due at `moment`: the chosen hour (and weekday) in Swedish time has
    come, and no digest has gone out since that hour last came round."""
    if frequency not in {"daily", "weekly"}:
        return False
    local = moment.astimezone(SWEDISH_TIME)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot > local:
        slot -= timedelta(days=1)
    if frequency == "weekly":
        while slot.weekday() != weekday:
            slot -= timedelta(days=1)
    return last_sent is None or last_sent < slot


def reminder_stage(due: date, today: date) -> str | None:
    """'soon' from 14 days before a date until the day itself, 'overdue' after it."""
    if today > due:
        return "overdue"
    if today >= due - timedelta(days=REMINDER_DAYS_BEFORE):
        return "soon"
    return None
