"""The date rules as plain functions (tracker.dates), without HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tracker.clock import at
from tracker.dates import date_problem, year_problem
from tracker.projects.rules import step_on

TODAY = datetime(2026, 12, 7, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (date(1900, 1, 1), {}, "Datumet 1900-01-01 är före 2000-01-01. Kontrollera året."),
        (
            date(2099, 11, 20),
            {"happened": True},
            "Datumet 2099-11-20 ligger i framtiden. Det som redan har hänt kan inte vara senare "
            "än i dag (2026-12-07).",
        ),
        (
            date(2025, 5, 1),
            {"label": "Startdatum", "not_before": [(date(2026, 1, 12), "projektets startdatum")]},
            "Startdatum 2025-05-01 är före projektets startdatum (2026-01-12).",
        ),
        (date(2099, 1, 1), {}, None),  # a plan may lie ahead
        (date(2026, 12, 7), {"happened": True}, None),  # today has happened
        (date(2026, 3, 1), {"not_before": [(None, "dialogens första tillfälle")]}, None),
    ],
)
def test_each_date_rule_names_the_rule_and_the_date(
    value: date, options: dict, expected: str | None
) -> None:
    with at(TODAY):
        assert date_problem(value, **options) == expected


@pytest.mark.parametrize("year", [1850, 1999, 3000, 2037])
def test_a_contribution_year_outside_the_rule_gets_one_and_the_same_message(year: int) -> None:
    with at(TODAY):
        assert year_problem(year) == "Skriv ett årtal mellan 2000 och 2036."


def test_a_year_inside_the_rule_is_accepted() -> None:
    with at(TODAY):
        assert year_problem(2000) is None and year_problem(2036) is None


MOVES = [(date(2026, 3, 1), "ringa-in"), (date(2026, 6, 1), "undersoka")]


@pytest.mark.parametrize(
    ("day", "step"),
    [
        (date(2026, 1, 20), "ringa-in"),
        (date(2026, 3, 1), "undersoka"),  # the day of the move counts as the new step
        (date(2026, 4, 15), "undersoka"),
        (date(2026, 7, 1), "fokusera"),
    ],
)
def test_a_back_dated_iteration_belongs_to_the_step_of_its_date(day: date, step: str) -> None:
    assert step_on(day, MOVES, "fokusera") == step
