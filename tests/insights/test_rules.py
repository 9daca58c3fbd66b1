"""The rules of the insight chain, without HTTP or database."""

from datetime import date

import pytest

from tracker.insights.rules import (
    ChainRefused,
    ChangeStatus,
    check_source,
    check_status_change,
    check_strength,
)
from tracker.phases.catalogue import PhaseCatalogue

MARCH = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("idea", "testing"),
        ("idea", "decided"),
        ("testing", "decided"),
        ("decided", "implemented"),
        ("idea", "closed"),
        ("testing", "closed"),
        ("decided", "closed"),
    ],
)
def test_a_change_moves_forward_or_closes(current: str, target: str) -> None:
    check_status_change(current, target, MARCH, "Budgeten räckte inte.", date(2026, 3, 1))


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("implemented", "closed"),
        ("closed", "idea"),
        ("decided", "testing"),
        ("testing", "idea"),
        ("idea", "implemented"),
        ("implemented", "implemented"),
    ],
)
def test_a_change_never_goes_back_or_skips_the_decision(current: str, target: str) -> None:
    with pytest.raises(ChainRefused) as refused:
        check_status_change(current, target, MARCH, "skäl", None)
    assert refused.value.field is None  # a conflict with the change's status, not bad input


def test_closing_without_introducing_needs_a_reason() -> None:
    with pytest.raises(ChainRefused) as refused:
        check_status_change(ChangeStatus.TESTING, ChangeStatus.CLOSED, MARCH, "  ", None)
    assert refused.value.field == "reason"


def test_each_status_has_a_date_not_before_the_previous_one() -> None:
    with pytest.raises(ChainRefused) as missing:
        check_status_change("idea", "testing", None, "", None)
    assert missing.value.field == "status_on"
    with pytest.raises(ChainRefused, match="2026-04-01") as early:
        check_status_change("idea", "testing", MARCH, "", date(2026, 4, 1))
    assert early.value.field == "status_on"


def test_an_unknown_status_is_bad_input() -> None:
    with pytest.raises(ChainRefused) as refused:
        check_status_change("idea", "klar", MARCH, "", None)
    assert refused.value.field == "status"


@pytest.mark.parametrize("step", ["undersoka", "testa-ideer"])
def test_a_project_is_a_source_in_its_research_steps(step: str, catalogue: PhaseCatalogue) -> None:
    check_source("project", step, catalogue)


@pytest.mark.parametrize("step", ["ringa-in", "fokusera", "ta-fram-ideer", "forverkliga", None])
def test_a_project_is_no_source_outside_its_research_steps(
    step: str | None, catalogue: PhaseCatalogue
) -> None:
    with pytest.raises(ChainRefused, match="Undersöka eller Testa idéer"):
        check_source("project", step, catalogue)


def test_the_research_steps_are_the_ones_marked_in_the_step_files(
    catalogue: PhaseCatalogue,
) -> None:
    assert catalogue.research_steps == ("undersoka", "testa-ideer")
    assert catalogue.research_names() == "Undersöka och Testa idéer"


def test_dialogues_and_collaborations_are_sources_in_any_state() -> None:
    check_source("dialogue")
    check_source("collaboration")
    with pytest.raises(ChainRefused):
        check_source("rykte")


def test_strength_is_one_of_three() -> None:
    assert check_strength(3) == 3
    for bad in (0, 4, None):
        with pytest.raises(ChainRefused):
            check_strength(bad)
