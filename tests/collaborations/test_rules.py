"""Validation without HTTP: organisation numbers, dates in order, amounts, organisations."""

from datetime import date
from pathlib import Path

import pytest

from tracker.collaborations.catalogue import load_collaboration_lists
from tracker.collaborations.forms import (
    read_collaboration_form,
    read_contribution_form,
    read_follow_up_form,
    read_organisation_form,
)
from tracker.collaborations.rules import contact_problem, luhn_ok, org_number_problem
from tracker.datafiles import DataFileError
from tracker.settings import get_settings

from .factories import organisation_form

LISTS = load_collaboration_lists(get_settings().lists_dir)


@pytest.mark.parametrize("number", ["802012-3454", "5560360793", "556036-0793", "802456-7896"])
def test_a_valid_organisation_number_is_accepted_and_written_with_a_dash(number: str) -> None:
    value, problem = org_number_problem(number)
    assert problem is None
    assert value[6] == "-" and len(value) == 11


@pytest.mark.parametrize("number", ["802012-3455", "556036-0794", "1234567890"])
def test_a_wrong_check_digit_is_refused(number: str) -> None:
    _, problem = org_number_problem(number)
    assert problem is not None and "kontrollsiffran" in problem


@pytest.mark.parametrize("number", ["80201-23454", "8020123", "abcdef-ghij", "19802012-3454"])
def test_a_number_in_the_wrong_form_is_refused(number: str) -> None:
    _, problem = org_number_problem(number)
    assert problem is not None and "NNNNNN-NNNN" in problem


def test_luhn() -> None:
    assert luhn_ok("5560360793")
    assert not luhn_ok("5560360794")


def test_contact_is_an_email_or_web_address() -> None:
    assert contact_problem("info@laslust.example") is None
    assert contact_problem("https://laslust.example") is None
    assert contact_problem("") is None
    assert contact_problem("ring 070-123 45 67") is not None


def test_organisation_form_keeps_input_and_names_each_problem() -> None:
    data, fields = read_organisation_form(
        organisation_form(name="", org_number="802012-3455", kind="okand", contact="hej"), LISTS
    )
    assert data is None
    assert set(fields.errors) == {"name", "org_number", "kind", "contact"}
    assert fields.raw["org_number"] == "802012-3455"


def test_organisation_form_reads_a_good_form() -> None:
    data, fields = read_organisation_form(organisation_form(org_number="8024567896"), LISTS)
    assert fields.ok and data is not None
    assert data.org_number == "802456-7896"
    assert data.idea_based is True


def _collaboration(**overrides: str) -> dict[str, str]:
    values = {
        "title": "Läxhjälp",
        "form": "iop",
        "goal": "Fler elever klarar skolan.",
        "department": "Kultur- och fritidsförvaltningen",
        "contact_role": "Föreningsutvecklare",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "renewal_date": "",
        "status": "ongoing",
        "results": "",
    }
    values.update(overrides)
    return values


def test_a_collaboration_needs_at_least_one_organisation() -> None:
    data, fields = read_collaboration_form(_collaboration(), [], LISTS, {1})
    assert data is None
    assert fields.errors["organisation_ids"] == "Välj minst en organisation som samverkar."


def test_an_unknown_organisation_is_refused() -> None:
    data, fields = read_collaboration_form(_collaboration(), ["99"], LISTS, {1})
    assert data is None and "organisation_ids" in fields.errors


def test_dates_must_be_in_order() -> None:
    data, fields = read_collaboration_form(
        _collaboration(end_date="2025-12-31", renewal_date="2025-06-01"), ["1"], LISTS, {1}
    )
    assert data is None
    assert fields.errors["end_date"] == "Slutdatumet kan inte vara före startdatumet."
    assert "renewal_date" in fields.errors


def test_a_good_collaboration_form() -> None:
    data, fields = read_collaboration_form(_collaboration(), ["1", "2", "1"], LISTS, {1, 2})
    assert fields.ok and data is not None
    assert data.organisation_ids == [1, 2]
    assert data.start_date == date(2026, 1, 1)


@pytest.mark.parametrize("amount", ["-5", "12,5", "tusen", ""])
def test_amounts_are_whole_non_negative_kronor(amount: str) -> None:
    data, fields = read_contribution_form(
        {"party": "kommunen", "year": "2026", "amount": amount}, {1}
    )
    assert data is None and "amount" in fields.errors


def test_a_contribution_from_an_organisation_or_the_municipality() -> None:
    data, _ = read_contribution_form(
        {"party": "1", "year": "2026", "amount": "25 000", "in_kind": "Lokal"}, {1}
    )
    assert data is not None and data.organisation_id == 1 and data.amount == 25000
    data, _ = read_contribution_form({"party": "kommunen", "year": "2026", "amount": "0"}, {1})
    assert data is not None and data.organisation_id is None
    data, fields = read_contribution_form({"party": "2", "year": "2026", "amount": "0"}, {1})
    assert data is None and "party" in fields.errors


def test_a_follow_up_needs_a_date_and_what() -> None:
    data, fields = read_follow_up_form({"due_on": "2026-02-30", "what": ""})
    assert data is None and set(fields.errors) == {"due_on", "what"}


def test_a_malformed_list_file_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "collaboration-forms.toml").write_text(
        '[[forms]]\nkey = "IOP"\nname = "IOP"\n[[organisation_types]]\nkey = "a"\nname = "A"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        load_collaboration_lists(tmp_path)
    assert "collaboration-forms.toml" in str(error.value)
    assert 'fältet "forms[1].key"' in str(error.value)
