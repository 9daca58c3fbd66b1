"""Promised effects in a real browser: adding one and following it up with the keyboard, the
forms without JavaScript, and every effect page (also with errors shown) passes axe and keeps
to 390 px."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.design.effect_factories import make_change_with_effect
from tests.factories import make_project
from tests.insights.factories import change_in
from tests.support import run_in_thread


def _change(catalogue: Any) -> tuple[int, int]:
    async def create() -> tuple[int, int]:
        project = await make_project(catalogue, title="Påminnelser")
        return int(project.id), await change_in(project.id, "Sms-påminnelser")

    return run_in_thread(create())


def _made(catalogue: Any) -> tuple[int, dict[str, int]]:
    async def create() -> tuple[int, dict[str, int]]:
        project = await make_project(catalogue, title="Sms-påminnelser")
        return int(project.id), await make_change_with_effect(project.id)

    return run_in_thread(create())


def _type_into(page: Any, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _submit(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def test_an_effect_and_a_follow_up_with_the_keyboard(page: Any, catalogue: Any) -> None:
    _, change = _change(catalogue)
    page.goto(f"/forandringar/{change}")
    page.get_by_role("link", name="Lägg till effektmål").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt effektmål")
    _type_into(page, "Vad mäts", "Väntetid för bygglov")
    _type_into(page, "Hur det mäts", "Medianen i ärendesystemet")
    _type_into(page, "Vem som mäter", "Bygglovsenheten")
    _type_into(page, "Enhet (frivilligt)", "dagar")
    _type_into(page, "Utgångsläge (värde)", "30")
    page.get_by_label("Utgångslägets datum", exact=True).fill("2026-01-15")
    _type_into(page, "Mål (värde)", "30")
    page.get_by_label("Måldatum", exact=True).fill("2026-09-30")
    _submit(page, "Spara effektmålet")
    expect(page.locator("#target_value-error")).to_contain_text("skilja sig från utgångsläget")
    expect(page.get_by_label("Vad mäts", exact=True)).to_have_value("Väntetid för bygglov")
    assert violations(page) == []
    page.get_by_label("Mål (värde)", exact=True).fill("")
    _type_into(page, "Mål (värde)", "10")
    _submit(page, "Spara effektmålet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Väntetid för bygglov")
    expect(page.get_by_text("Inte mätt än").first).to_be_visible()

    page.get_by_label("Mätdatum", exact=True).fill("2026-06-01")
    _type_into(page, "Uppmätt värde (dagar)", "9,5")
    _submit(page, "Spara uppföljningen")
    expect(page.get_by_text("Målet nått").first).to_be_visible()
    expect(
        page.get_by_role("img", name="Väntetid för bygglov: utveckling mot målet")
    ).to_be_visible()
    assert violations(page) == []


def test_the_effect_forms_work_without_javascript(page_without_js: Any, catalogue: Any) -> None:
    page = page_without_js
    project_id, made = _made(catalogue)
    page.goto(f"/effekter/{made['effect_id']}")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.locator("#fu-measured_on-error")).to_contain_text("Skriv när värdet mättes")
    page.get_by_label("Mätdatum").fill("2026-06-01")
    page.get_by_label("Uppmätt värde (%)").fill("82")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är sparad.")).to_be_visible()
    page.goto(f"/projekt/{project_id}/effekter/{made['effect_id']}/redigera")
    page.get_by_label("Vem som mäter").fill("Kundcenter")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_text("Ändringarna är sparade.")).to_be_visible()


def test_the_effect_pages_have_no_violations(page: Any, catalogue: Any) -> None:
    project_id, made = _made(catalogue)
    effect, change = made["effect_id"], made["change_id"]
    for path in (
        f"/forandringar/{change}",
        f"/effekter/{effect}",
        f"/projekt/{project_id}/forandringar/{change}/effekter/ny",
        f"/projekt/{project_id}/effekter/{effect}/redigera",
    ):
        page.goto(path)
        assert violations(page) == [], path
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/effekter/{effect}")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.locator("#fu-value-error")).to_be_visible()
    assert violations(page) == []
