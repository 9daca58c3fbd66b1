"""Confirming from the import preview that what looked like a name is none (issue 14), in a
real browser: the question per cell, the confirmation with a reason, the import; axe finds
nothing and no page scrolls sideways at 390 px."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.api.test_import_name_rules import HEADER, dialogue
from tests.browser.axe import violations


def _fits(page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_false_positive_is_confirmed_from_the_preview_and_imported(
    page: Any, tmp_path: Any
) -> None:
    rows = [
        HEADER,
        dialogue("Parken", question="Ska statyn av Kalle Anka stå kvar?"),
        dialogue("Skolvägen"),
    ]
    upload = tmp_path / "dialoger.csv"
    upload.write_text("".join(";".join(row) + "\r\n" for row in rows), encoding="utf-8-sig")
    page.goto("/dialoger/import")
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Förhandsgranska").click()

    question = page.get_by_role("group", name="Rad 2, frågeställning: ”Kalle Anka”")
    expect(question).to_be_visible()
    assert violations(page) == []
    _fits(page)
    question.get_by_label("Det är inget namn på en person").check()
    page.get_by_role("button", name="Granska igen").click()
    expect(page.locator("#rad-2-question-error")).to_contain_text("Skriv varför")
    assert violations(page) == []

    page.get_by_label("Varför är det inget namn?").fill("En seriefigur, statyn i parken")
    page.get_by_role("button", name="Granska igen").click()
    expect(page.get_by_text("2 dialoger skapas. Ingenting är sparat ännu.")).to_be_visible()
    confirmed = page.get_by_role("table", name="Bekräftat att det inte är namn på personer")
    expect(confirmed).to_contain_text("En seriefigur, statyn i parken")
    assert violations(page) == []
    _fits(page)
    page.get_by_role("button", name="Importera 2 dialoger").click()
    expect(page.get_by_text("2 dialoger har importerats.")).to_be_visible()
    expect(page.get_by_role("link", name="Parken")).to_be_visible()
