"""The rules behind the archived guard and the member picker, without HTTP."""

from __future__ import annotations

from tracker.accounts.memberships import not_yet_members
from tracker.accounts.permissions import Access
from tracker.kinds import (
    COLLABORATION,
    DESIGN_TEST,
    DIALOGUE,
    HYPOTHESIS,
    ORGANISATION,
    PROJECT,
    PROTOTYPE,
    SERVICE_EFFECT,
)
from tracker.shared.archived import (
    archived_message,
    is_archived,
    is_change,
    record_in_path,
    records_in_path,
)


def test_posts_and_editors_form_pages_are_changes_reading_is_not() -> None:
    assert is_change("POST", Access.EDIT)
    assert is_change("POST", Access.READ)  # a post changes, whoever may send it
    assert is_change("GET", Access.EDIT)  # the edit form
    assert is_change("GET", Access.CREATE)
    assert not is_change("GET", Access.READ)
    assert not is_change("GET", Access.PUBLIC)
    assert not is_change("GET", Access.REPORT)
    assert not is_change("HEAD", Access.READ)


def test_the_record_is_the_one_whose_page_the_path_is_under() -> None:
    assert record_in_path("/projekt/3/steg", {"project_id": 3}) == (PROJECT, 3)
    assert record_in_path("/projekt/3", {"project_id": 3}) == (PROJECT, 3)
    assert record_in_path("/dialoger/7/projekt/3/ta-bort", {"dialogue_id": 7, "project_id": 3}) == (
        DIALOGUE,
        7,
    )
    assert record_in_path(
        "/samverkan/2/dialoger/5/ta-bort", {"collaboration_id": 2, "dialogue_id": 5}
    ) == (COLLABORATION, 2)
    assert record_in_path("/organisationer/4/redigera", {"organisation_id": 4}) == (
        ORGANISATION,
        4,
    )


def test_a_path_under_no_archivable_record_names_none() -> None:
    assert record_in_path("/projekt", {}) is None
    assert record_in_path("/prototyper/3", {"prototype_id": 3}) is None
    assert record_in_path("/projekt/30", {"project_id": 3}) is None  # not the page of 3
    assert record_in_path("/projekt/3", {"project_id": True}) is None


def test_a_projects_record_is_one_whose_place_in_the_project_the_path_is_at() -> None:
    params = {"project_id": 3, "test_id": 5}
    assert records_in_path("/projekt/3/tester/5/redigera", params) == [
        (PROJECT, 3),
        (DESIGN_TEST, 5),
    ]
    assert records_in_path(
        "/projekt/3/effekter/2/uppfoljningar", {"project_id": 3, "effect_id": 2}
    ) == [
        (PROJECT, 3),
        (SERVICE_EFFECT, 2),
    ]
    assert records_in_path(
        "/projekt/3/prototyper/4/versioner", {"project_id": 3, "prototype_id": 4}
    ) == [(PROJECT, 3), (PROTOTYPE, 4)]
    assert records_in_path(
        "/projekt/3/hypoteser/1/redigera", {"project_id": 3, "hypothesis_id": 1}
    ) == [(PROJECT, 3), (HYPOTHESIS, 1)]
    # A link from a change to a test is the change's: the test is not changed by removing it.
    linked = {"project_id": 3, "change_id": 2, "test_id": 5}
    assert records_in_path("/projekt/3/forandringar/2/tester/5/ta-bort", linked) == [(PROJECT, 3)]
    assert records_in_path("/tester/5", {"test_id": 5}) == []
    assert records_in_path("/projekt/3/tester/50", params) == [(PROJECT, 3)]  # not test 5


def test_the_message_names_the_kind_and_says_to_restore_first() -> None:
    assert archived_message("project").startswith("Projektet är arkiverat och kan inte ändras.")
    assert archived_message("dialogue").startswith("Dialogen är arkiverad")
    assert archived_message("collaboration").startswith("Samverkan är arkiverad")
    assert archived_message("organisation").startswith("Organisationen är arkiverad")
    assert "Återställ den från arkivet först" in archived_message("project")
    assert archived_message("okänd").startswith("Posten är arkiverad")


async def test_a_record_is_archived_only_when_it_has_an_archive_date(db: None) -> None:
    from tests.factories import make_project
    from tracker.phases.catalogue import load_phases
    from tracker.projects.tables import Project
    from tracker.settings import get_settings

    project = await make_project(load_phases(get_settings().phases_dir))
    assert not await is_archived(PROJECT, project.id)
    assert not await is_archived(PROJECT, project.id + 1)  # none: the handler answers 404

    await Project.update({Project.archived_at: project.created_at}).where(Project.id == project.id)

    assert await is_archived(PROJECT, project.id)


def test_the_picker_offers_only_editors_who_are_not_members() -> None:
    editors = [
        {"id": 1, "name": "Kim", "email": "kim@kommun.example"},
        {"id": 2, "name": "Robin", "email": "robin@kommun.example"},
        {"id": 3, "name": "Sam", "email": "sam@kommun.example"},
    ]
    members = [{"account_id": 2, "name": "Robin"}]

    assert [editor["id"] for editor in not_yet_members(editors, members)] == [1, 3]
    assert not_yet_members(editors, []) == editors
    assert not_yet_members([], members) == []
