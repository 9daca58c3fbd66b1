"""The rules of moving between steps and of iteration decisions, without HTTP."""

from datetime import date

import pytest

from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.filters import read_filters
from tracker.projects.forms import read_iteration_form, read_move_form, read_project_form
from tracker.projects.rules import (
    StepMoveError,
    check_moved_on,
    check_step_move,
    status_after_decision,
    step_after,
)


def test_moving_forward_needs_no_reason(catalogue: PhaseCatalogue) -> None:
    check_step_move(catalogue, "fokusera", "testa-ideer", "")


def test_going_back_needs_a_reason(catalogue: PhaseCatalogue) -> None:
    with pytest.raises(StepMoveError) as error:
        check_step_move(catalogue, "fokusera", "undersoka", "   ")
    assert error.value.field == "reason"
    assert "Undersöka" in error.value.message
    check_step_move(catalogue, "fokusera", "undersoka", "Insikterna var för tunna.")


@pytest.mark.parametrize("target", ["", "okant-steg", "Undersöka"])
def test_an_unknown_step_key_is_refused(catalogue: PhaseCatalogue, target: str) -> None:
    with pytest.raises(StepMoveError) as error:
        check_step_move(catalogue, "fokusera", target, "skäl")
    assert error.value.field == "to_step"


def test_moving_to_the_same_step_is_refused(catalogue: PhaseCatalogue) -> None:
    with pytest.raises(StepMoveError, match="redan i steget Fokusera"):
        check_step_move(catalogue, "fokusera", "fokusera", "")


def test_a_project_in_a_removed_step_may_move_anywhere(catalogue: PhaseCatalogue) -> None:
    check_step_move(catalogue, "borttaget-steg", "ringa-in", "")


def test_there_is_no_step_after_the_last(catalogue: PhaseCatalogue) -> None:
    assert step_after(catalogue, "ringa-in") == "undersoka"
    with pytest.raises(StepMoveError) as error:
        step_after(catalogue, "forverkliga")
    assert error.value.field == "decision"


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("continue", "ongoing"),
        ("forward", "ongoing"),
        ("back", "ongoing"),
        ("pause", "paused"),
        ("stop", "closed"),
    ],
)
def test_decisions_that_change_the_status(decision: str, expected: str) -> None:
    assert status_after_decision(decision, "ongoing") == expected


def _iteration(**fields: str) -> dict[str, str]:
    return {"started_on": "2026-02-01", "summary": "Intervjuer", "decision": "continue", **fields}


def test_an_iteration_going_back_names_the_step_and_the_reason(catalogue: PhaseCatalogue) -> None:
    data, fields = read_iteration_form(
        _iteration(decision="back", back_to="undersoka", reason="Bara personal intervjuad."),
        catalogue,
        "fokusera",
    )
    assert fields.errors == {}
    assert data is not None and data.to_step == "undersoka"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "back_to"),
        ({"back_to": "undersoka"}, "reason"),
        ({"back_to": "testa-ideer", "reason": "x"}, "back_to"),
        ({"back_to": "nytt", "reason": "x"}, "back_to"),
    ],
)
def test_an_iteration_going_back_is_refused_without_step_or_reason(
    catalogue: PhaseCatalogue, extra: dict[str, str], field: str
) -> None:
    data, fields = read_iteration_form(_iteration(decision="back", **extra), catalogue, "fokusera")
    assert data is None
    assert field in fields.errors


def test_an_iteration_forward_takes_the_next_step(catalogue: PhaseCatalogue) -> None:
    data, _ = read_iteration_form(_iteration(decision="forward"), catalogue, "ta-fram-ideer")
    assert data is not None and data.to_step == "testa-ideer"
    data, fields = read_iteration_form(_iteration(decision="forward"), catalogue, "forverkliga")
    assert data is None and "sista steget" in fields.errors["decision"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"started_on": ""}, "started_on"),
        ({"started_on": "15/3/2026"}, "started_on"),
        ({"started_on": "2026-02-30"}, "started_on"),
        ({"ended_on": "2026-01-01"}, "ended_on"),
        ({"summary": " "}, "summary"),
        ({"decision": "vänta"}, "decision"),
        ({"summary": "x" * 5001}, "summary"),
    ],
)
def test_iteration_input_errors_name_the_field(
    catalogue: PhaseCatalogue, fields: dict[str, str], field: str
) -> None:
    data, result = read_iteration_form(_iteration(**fields), catalogue, "undersoka")
    assert data is None
    assert list(result.errors) == [field]


def test_a_move_form_reads_the_target_and_keeps_the_reason(catalogue: PhaseCatalogue) -> None:
    data, _ = read_move_form(
        {"to_step": "ringa-in", "reason": " För bred utmaning "},
        catalogue,
        "undersoka",
        date(2026, 1, 12),
    )
    assert data is not None and data.reason == "För bred utmaning"
    assert data.moved_on is None


def test_a_step_move_may_be_dated_back_to_the_projects_start_but_not_before_nor_ahead() -> None:
    start, today = date(2026, 1, 12), date(2026, 3, 15)
    check_moved_on(start, start, today)
    check_moved_on(today, start, today)
    with pytest.raises(StepMoveError, match="då projektet startade"):
        check_moved_on(date(2026, 1, 11), start, today)
    with pytest.raises(StepMoveError, match="i framtiden"):
        check_moved_on(date(2026, 3, 16), start, today)


def test_a_project_form_trims_text_and_reads_dates(catalogue: PhaseCatalogue) -> None:
    raw = {
        "title": "  Ny e-tjänst ",
        "challenge": "c",
        "target_group": "t",
        "department": " socialförvaltningen ",
        "board": "Socialnämnden",
        "lead": "l",
        "start_date": "2026-03-15",
        "planned_end": "",
        "status": "ongoing",
        "current_step": "ringa-in",
    }
    data, fields = read_project_form(raw, catalogue, creating=True)
    assert fields.errors == {}
    assert data is not None
    assert data.title == "Ny e-tjänst"
    assert data.department == "Socialförvaltningen"  # as the managed list spells it
    assert data.start_date == date(2026, 3, 15)
    assert data.planned_end is None


def test_list_filters_ignore_what_they_do_not_know(catalogue: PhaseCatalogue) -> None:
    filters = read_filters(
        {
            "steg": "hemligt",
            "status": "klar",
            "sortera": "drop table",
            "ordning": "x",
            "sida": "-4",
        },
        catalogue,
    )
    assert (filters.step, filters.status, filters.sort, filters.descending, filters.page) == (
        "",
        "",
        "updated",
        None,
        1,
    )
    assert filters.is_descending  # newest first by default
    assert not read_filters({"sortera": "title"}, catalogue).is_descending
