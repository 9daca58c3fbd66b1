"""The mail rules without HTTP or a database: backoff, reminder stages, when a digest is due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tracker.clock import SWEDISH_TIME
from tracker.mail import rules
from tracker.mail.settings import load_mail_settings


def test_the_wait_doubles_from_30_seconds_up_to_four_hours() -> None:
    waits = [rules.backoff(n).total_seconds() for n in (1, 2, 3, 4)]
    assert waits == [30, 60, 120, 240]
    assert rules.backoff(30) == timedelta(hours=4)
    assert not rules.gives_up(rules.MAX_ATTEMPTS - 1) and rules.gives_up(rules.MAX_ATTEMPTS)


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2026, 6, 15), None),
        (date(2026, 6, 16), "soon"),
        (date(2026, 6, 30), "soon"),
        (date(2026, 7, 1), "overdue"),
    ],
)
def test_a_reminder_starts_14_days_before_and_turns_overdue_after_the_day(
    today: date, stage: str | None
) -> None:
    assert rules.reminder_stage(date(2026, 6, 30), today) == stage


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SWEDISH_TIME)  # the 7th is a Monday


def test_a_daily_digest_is_due_once_the_hour_has_come_since_the_last_one() -> None:
    last = _at(7, 7, 2)
    assert not rules.digest_due("daily", 0, 7, last, _at(8, 6, 59))
    assert rules.digest_due("daily", 0, 7, last, _at(8, 7, 0))
    assert not rules.digest_due("daily", 0, 7, _at(8, 7, 1), _at(8, 23))
    assert not rules.digest_due("off", 0, 7, None, _at(8, 7))


def test_a_weekly_digest_is_due_on_the_chosen_weekday_in_swedish_time() -> None:
    last = _at(7, 12)  # Monday
    assert not rules.digest_due("weekly", 2, 16, last, _at(9, 15, 59))  # Wednesday before 16
    assert rules.digest_due("weekly", 2, 16, last, _at(9, 16))
    assert rules.digest_due("weekly", 2, 16, last, _at(12, 10))  # missed: comes late, not never


def test_the_smtp_settings_are_read_from_the_environment() -> None:
    settings = load_mail_settings(
        {
            "TRACKER_SMTP_HOST": "smtp.kommun.example",
            "TRACKER_SMTP_STARTTLS": "ja",
            "TRACKER_SMTP_USER": "spararen",
            "TRACKER_SMTP_PASSWORD": "hemligt",
            "TRACKER_MAIL_FROM": "Spåraren <noreply@kommun.example>",
            "TRACKER_BASE_URL": "https://spararen.kommun.example/",
        }
    )
    assert (settings.host, settings.port, settings.starttls, settings.tls) == (
        "smtp.kommun.example",
        587,
        True,
        False,
    )
    assert settings.base_url == "https://spararen.kommun.example"
    assert load_mail_settings({"TRACKER_SMTP_TLS": "1"}).port == 465
    assert not load_mail_settings({}).enabled
