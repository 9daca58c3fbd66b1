"""axe-core finds no WCAG 2.1 A/AA violations on any page, including forms showing errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.axe import violations
from tests.browser.conftest import LAYOUT_SCAN
from tests.collaborations.factories import make_collaboration, make_organisation
from tests.dialogues.factories import ACTOR as DIALOGUE_ACTOR
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import run_in_thread
from tracker.collaborations import links as collaboration_links
from tracker.dialogues import links as dialogue_links

pytestmark = LAYOUT_SCAN


@pytest.fixture
def project_id(page: Any, catalogue: Any) -> int:
    async def create() -> int:
        project = await make_project(catalogue)
        return int(project.id)

    return run_in_thread(create())


# The pages as a team sees them with almost nothing in them (one project): their empty states.
# test_page_widths.py scans every page again full of the longest content.
NEARLY_EMPTY_PAGES = [
    "/",
    "/projekt",
    "/projekt?q=inget-som-finns",
    "/projekt/ny",
    "/steg",
    "/finns-inte",
    "/logga-in",
    "/konto",
    "/glomt-losenord",
    "/inloggningslank/okand",
    "/admin/konton",
    "/admin/konton/ny",
    "/admin/konton/1",
    "/admin/logg",
    "/dialoger",
    "/dialoger/ny",
    "/dialoger/aterkoppling",
    "/kedjan",
    "/samverkan",
    "/samverkan/ny",
    "/samverkan/uppfoljning",
    "/organisationer",
    "/organisationer/ny",
    "/organisationer/import",
    "/dialoger/import",
    "/insikter",
    "/forandringar",
    "/teman",
    "/sok?q=skola",
    "/rapporter",
    "/projekt/{id}",
    "/projekt/{id}/redigera",
    "/projekt/{id}/arkivera",
    "/projekt/{id}/iterationer/ny",
    "/projekt/{id}/steg",
    "/projekt/{id}/medlemmar/ny",
]


def test_pages_with_nearly_nothing_in_them_have_no_violations(page: Any, project_id: int) -> None:
    """One tab visits them all (a fresh tab per page would cost a second each)."""
    problems = {}
    for path in NEARLY_EMPTY_PAGES:
        page.goto(path.format(id=project_id))
        if found := violations(page):
            problems[path] = found
    assert not problems, problems


def test_forms_showing_errors_have_no_violations(page: Any, project_id: int) -> None:
    page.goto("/projekt/ny")
    page.get_by_role("button", name="Skapa projekt").click()
    page.wait_for_selector(".error-summary")
    assert violations(page) == []

    page.goto(f"/projekt/{project_id}/iterationer/ny")
    page.get_by_role("button", name="Spara iterationen").click()
    page.wait_for_selector("#logga .error-summary")
    assert violations(page) == []


@pytest.mark.parametrize("state", ["inquiry", "proposal", "held", "no_dialogue"])
def test_a_dialogue_page_has_no_violations_in_any_state(
    page: Any, catalogue: Any, state: str
) -> None:
    async def create() -> int:
        project = await make_project(catalogue)
        dialogue = await make_dialogue(state=state)
        await dialogue_links.link_project(dialogue, project.id, DIALOGUE_ACTOR)
        return int(dialogue.id)

    dialogue_id = run_in_thread(create())
    page.goto(f"/dialoger/{dialogue_id}")
    assert violations(page) == []
    # Also with the error messages of a refused form on show: the state's form with fields is
    # on its own page, opened from the dialogue's.
    if state == "held":
        page.locator("#process form").last.get_by_role("button").click()
    else:
        page.goto(f"/dialoger/{dialogue_id}/overgang")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_selector(".error-summary")
    page.wait_for_load_state()
    assert violations(page) == []


@pytest.mark.parametrize("form", ["tillfallen", "dokument", "aterkoppling"])
def test_a_dialogues_form_pages_have_no_violations_also_with_errors(page: Any, form: str) -> None:
    dialogue_id = run_in_thread(_held_dialogue())
    page.goto(f"/dialoger/{dialogue_id}/{form}/ny")
    assert violations(page) == []
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector(".error-summary")
    assert violations(page) == []
    # Opened in place on the dialogue's page.
    page.goto(f"/dialoger/{dialogue_id}")
    page.locator(f'a[href="/dialoger/{dialogue_id}/{form}/ny"]').click()
    page.wait_for_selector("main form[data-near]")
    assert violations(page) == []


async def _held_dialogue() -> int:
    return int((await make_dialogue(state="held")).id)


def test_the_audit_log_with_a_bad_date_has_no_violations(page: Any) -> None:
    page.goto("/admin/logg?fran=2026-13-45")
    assert violations(page) == []


def test_collaboration_and_organisation_pages_have_no_violations(page: Any, catalogue: Any) -> None:
    async def create() -> tuple[int, int]:
        project = await make_project(catalogue)
        dialogue = await make_dialogue()
        organisation = await make_organisation()
        collaboration = await make_collaboration([organisation.id])
        await collaboration_links.link_project(collaboration, project.id, DIALOGUE_ACTOR)
        await collaboration_links.link_dialogue(collaboration, dialogue.id, DIALOGUE_ACTOR)
        return int(organisation.id), int(collaboration.id)

    organisation_id, collaboration_id = run_in_thread(create())
    for path in (
        f"/samverkan/{collaboration_id}",
        f"/samverkan/{collaboration_id}/redigera",
        f"/samverkan/{collaboration_id}/arkivera",
        f"/organisationer/{organisation_id}",
        f"/organisationer/{organisation_id}/redigera",
        "/samverkan/uppfoljning",
    ):
        page.goto(path)
        assert violations(page) == [], path
    # Forms showing errors.
    page.goto(f"/samverkan/{collaboration_id}")
    page.get_by_role("button", name="Spara insatsen").click()
    page.wait_for_selector("#insatser .error-summary")
    assert violations(page) == []
    page.goto("/samverkan/ny")
    page.get_by_role("button", name="Registrera samverkan").click()
    page.wait_for_selector(".error-summary")
    assert violations(page) == []
    page.goto("/organisationer/ny")
    page.get_by_role("button", name="Registrera organisationen").click()
    page.wait_for_selector(".error-summary")
    assert violations(page) == []


def test_an_import_preview_with_errors_has_no_violations(page: Any, tmp_path: Any) -> None:
    upload = tmp_path / "organisationer.csv"
    upload.write_text(
        "Namn;Typ;Organisationsnummer\r\n"
        "Föreningen Läslust;ideell förening;\r\n"
        ";ideell förening;123\r\n",
        encoding="utf-8-sig",
    )
    page.goto("/organisationer/import")
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    assert "Föreningen Läslust" in page.content()
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/logga-in", "/glomt-losenord", "/finns-inte"])
def test_pages_for_signed_out_visitors_have_no_violations(anonymous_page: Any, path: str) -> None:
    anonymous_page.goto(path)
    menu = anonymous_page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link").all_inner_texts() == ["Ni sa – vi gjorde", "Logga in"]
    assert violations(anonymous_page) == []


def test_the_question_before_moving_past_open_items_has_no_violations(
    page: Any, project_id: int
) -> None:
    page.goto(f"/projekt/{project_id}/steg")
    page.select_option("#move-to_step", "undersoka")
    page.get_by_role("button", name="Byt steg").click()
    page.wait_for_selector("#move-confirm")
    assert page.get_by_role("button", name="Gå vidare ändå").is_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Gå vidare ändå").click()
    page.wait_for_selector("text=Projektet är nu i steget Undersöka.")


def test_the_e_archive_pages_have_no_violations(page: Any) -> None:
    async def create() -> tuple[int, int]:
        from tests.reports.factories import ACTOR as REPORT_ACTOR
        from tests.reports.factories import lists, make_report
        from tracker.archive import services as archive_services
        from tracker.archive.record_contents import KINDS
        from tracker.municipality import load_municipality
        from tracker.reports import freezing
        from tracker.settings import get_settings

        report = await make_report()
        await freezing.freeze(report, 1, lists(), REPORT_ACTOR)
        dialogue = await make_dialogue(state="fed_back")
        municipality = load_municipality(get_settings().municipality_file)
        await archive_services.deliver_report(report.id, 1, municipality, REPORT_ACTOR, "web")
        kind = KINDS["dialogue"]
        await archive_services.deliver_record(kind, dialogue.id, municipality, REPORT_ACTOR, "web")
        return int(report.id), int(dialogue.id)

    report_id, dialogue_id = run_in_thread(create())
    for path in (
        f"/arkiv/rapporter/{report_id}/versioner/1",
        f"/arkiv/dialoger/{dialogue_id}",
        f"/dialoger/{dialogue_id}",
        f"/rapporter/{report_id}/registrering",
    ):
        page.goto(path)
        assert violations(page) == [], path


def test_the_gallring_pages_have_no_violations(page: Any) -> None:
    async def create() -> int:
        from tests.gallring.factories import failed_sign_in, years_ago
        from tracker.accounts.permissions import system_actor
        from tracker.clock import today
        from tracker.gallring import services as gallring
        from tracker.gallring.plan import plan

        actor = system_actor("Testanvändare")
        await failed_sign_in(years_ago(3))
        run_id = await gallring.run(plan(), today(), actor)
        await failed_sign_in(years_ago(2))  # something to preview and confirm
        dialogue = await make_dialogue()
        await gallring.set_hold("dialogue", dialogue.id, "Begäran om utlämnande", actor)
        return run_id

    run_id = run_in_thread(create())
    for path in (
        "/admin/gallring",
        "/admin/gallring/bekrafta",
        f"/admin/gallring/korningar/{run_id}",
    ):
        page.goto(path)
        assert violations(page) == [], path
    page.goto("/admin/gallring")
    page.get_by_role("button", name="Sätt bevarandebeslut").click()
    assert violations(page) == [], "the hold form with its errors"
