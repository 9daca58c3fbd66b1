"""An organisation and a collaboration linked to a project, made in a real browser."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.factories import make_project
from tests.support import run_in_thread


def test_an_organisation_and_a_collaboration_linked_to_a_project(page: Any, catalogue: Any) -> None:
    project_title = run_in_thread(make_project(catalogue)).title

    page.goto("/samverkan")
    page.get_by_role("link", name="Organisationer").click()
    page.get_by_role("link", name="Registrera organisation").click()
    page.get_by_label("Namn").fill("Föreningen Läslust")
    page.get_by_label("Organisationsnummer").fill("802012-3455")
    page.get_by_label("Typ av organisation").select_option("ideell-forening")
    page.get_by_label("Registrerad som idéburen organisation").check()
    page.get_by_label("Allmän kontaktväg").fill("info@laslust.example")
    page.get_by_role("button", name="Registrera organisationen").click()
    # A wrong check digit is refused beside the field, with what was typed kept.
    expect(page.locator("#org_number-error")).to_contain_text("kontrollsiffran")
    expect(page.get_by_label("Namn")).to_have_value("Föreningen Läslust")
    page.get_by_label("Organisationsnummer").fill("802012-3454")
    page.get_by_role("button", name="Registrera organisationen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Föreningen Läslust")

    page.get_by_role("link", name="Registrera samverkan").click()
    page.get_by_label("Titel").fill("Läxhjälp på biblioteket")
    page.get_by_label("Form av samverkan").select_option("iop")
    expect(page.get_by_label("Föreningen Läslust")).to_be_checked()
    page.get_by_label("Gemensamt mål").fill("Fler elever klarar skolan.")
    page.get_by_label("Ansvarig förvaltning").fill("Kultur- och fritidsförvaltningen")
    page.get_by_label("Kommunens kontaktroll").fill("Föreningsutvecklare")
    page.get_by_label("Startdatum").fill("2026-01-15")
    page.get_by_label("Slutdatum").fill("2027-12-31")
    page.get_by_label("Pågående").check()
    page.get_by_role("button", name="Registrera samverkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Läxhjälp på biblioteket")
    page.evaluate("window.__samePage = true")

    contributions = page.locator("#insatser")
    contributions.get_by_label("Pengar i hela kronor").fill("-5")
    page.get_by_role("button", name="Spara insatsen").click()
    expect(page.locator("#c-amount-error")).to_contain_text("negativt")
    contributions = page.locator("#insatser")
    contributions.get_by_label("Pengar i hela kronor").fill("120000")
    contributions.get_by_label("Insats i annan form").fill("Lokal två kvällar i veckan")
    page.get_by_role("button", name="Spara insatsen").click()
    expect(page.locator("#insatser table")).to_contain_text("120\u00a0000\u00a0kr")

    links = page.locator("#kopplingar")
    links.get_by_role("link", name="Koppla ett projekt").click()  # opens the form in place
    expect(links.get_by_label("Projekt", exact=True)).to_be_focused()
    links.get_by_label("Projekt", exact=True).select_option(label=project_title)
    page.get_by_role("button", name="Koppla projektet").click()
    expect(page.locator("#kopplingar")).to_contain_text(project_title)
    expect(page.locator("#kopplingar .flash-list")).to_contain_text("Projektet är kopplat.")
    # htmx swapped the page in place: no full reload.
    assert page.evaluate("window.__samePage") is True

    page.locator("#kopplingar").get_by_role("link", name=project_title).click()
    expect(page.locator("#samverkan")).to_contain_text("Läxhjälp på biblioteket")


def test_the_forms_work_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto("/organisationer/ny")
    page.get_by_label("Namn").fill("Stiftelsen Grannskap")
    page.get_by_label("Typ av organisation").select_option("stiftelse")
    page.get_by_role("button", name="Registrera organisationen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stiftelsen Grannskap")

    page.goto("/samverkan/ny")
    page.get_by_role("button", name="Registrera samverkan").click()
    expect(page.locator("#organisation_ids-error")).to_contain_text("minst en organisation")
    page.get_by_label("Titel").fill("Dialogforum om trygghet")
    page.get_by_label("Form av samverkan").select_option("dialogforum")
    page.get_by_label("Stiftelsen Grannskap").check()
    page.get_by_label("Gemensamt mål").fill("Tryggare kvarter.")
    page.get_by_label("Ansvarig förvaltning").fill("Kommunledningskontoret")
    page.get_by_label("Kommunens kontaktroll").fill("Trygghetssamordnare")
    page.get_by_label("Startdatum").fill("2026-04-01")
    page.get_by_role("button", name="Registrera samverkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogforum om trygghet")

    page.locator("#uppfoljningar").get_by_label("Datum").fill("2020-01-01")
    page.locator("#uppfoljningar").get_by_label("Vad ska följas upp?").fill("Första mötet")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.goto("/samverkan/uppfoljning")
    expect(page.locator("table")).to_contain_text("Passerat")
