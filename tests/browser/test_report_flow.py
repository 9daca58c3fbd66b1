"""The report-back in a real browser: draft → edit → freeze → download, and an axe scan of
every report page with zero WCAG 2.1 AA violations."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.axe import violations
from tests.reports import crafted
from tests.support import run_in_thread

# Rendering the PDF (WeasyPrint) takes seconds, more on a busy machine than the default 10 s.
PDF_TIMEOUT_MS = 60_000


def test_draft_edit_freeze_and_download(page: Any) -> None:
    run_in_thread(crafted.period_edges())

    page.goto("/rapporter")
    assert violations(page) == []
    page.get_by_role("link", name="Skapa rapport").click()
    assert violations(page) == []
    page.get_by_label("Diarienummer").fill("KS 2026/0042")
    page.get_by_label("Handläggare").fill("Utvecklingsstrateg")
    page.get_by_label("Undertecknas av").fill("Kommundirektör")
    page.get_by_label("Första dagen").fill("2026-01-01")
    page.get_by_label("Sista dagen").fill("2025-12-31")
    page.get_by_role("button", name="Skapa rapport och utkast").click()
    # A period that ends before it starts is refused beside the field, input kept.
    expect(page.locator("#period_end-error")).to_contain_text("före dess början")
    expect(page.get_by_label("Diarienummer")).to_have_value("KS 2026/0042")
    assert violations(page) == []
    page.get_by_label("Sista dagen").fill("2026-03-31")
    page.get_by_role("button", name="Skapa rapport och utkast").click()

    expect(page.get_by_role("heading", level=2, name="Version 1: Utkast")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Slutsatser")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Förslag till åtgärder")).to_be_visible()
    expect(page.get_by_role("img", name="Projekt per steg i Innovationsguiden")).to_be_visible()
    assert violations(page) == []

    # A figure leads to exactly the records behind it.
    page.get_by_role(
        "link", name="2 – visa underlaget: Dialoger med dialogtillfällen", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Dialoger med dialogtillfällen under perioden: 2"
    )
    expect(page.get_by_role("link", name="Held on the last day")).to_be_visible()
    assert violations(page) == []
    page.go_back()

    page.get_by_role("link", name="Ändra utkastet").click()
    assert violations(page) == []
    page.get_by_label("Slutsatser").fill("Återkopplingen kommer för sent i en av tre dialoger.")
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.locator(".report-document")).to_contain_text(
        "Återkopplingen kommer för sent i en av tre dialoger."
    )

    # Freezing cannot be undone: it asks first, and says who will be recorded.
    page.get_by_role("link", name="Fastställ version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vill du fastställa version 1?")
    expect(page.get_by_text("Det går inte att ångra.")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Fastställ version 1").click()
    expect(page.get_by_role("heading", level=2, name="Version 1: Fastställd")).to_be_visible()
    expect(page.get_by_text("stämmer med det sparade innehållet")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra utkastet")).to_have_count(0)
    assert violations(page) == []

    with page.expect_download(timeout=PDF_TIMEOUT_MS) as info:
        page.get_by_role("link", name="Ladda ner PDF").click()
    pdf = PdfReader(io.BytesIO(info.value.path().read_bytes()))
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Återkopplingen kommer för sent i en av tre dialoger." in pdf_text
    assert info.value.suggested_filename == "KS-2026-0042-version-1.pdf"

    with page.expect_download(timeout=PDF_TIMEOUT_MS) as info:
        page.get_by_role("link", name="Ladda ner Word (DOCX)").click()
    document = Document(info.value.path())
    assert "Slutsatser" in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]

    page.get_by_role("link", name="Utskriftsvänlig version").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Tillbaka till rapporten").click()

    page.get_by_role("button", name="Skapa ny version för rättelser").click()
    page.get_by_label("Ekonomiska konsekvenser").fill("Kostnaden ryms i befintlig budget.")
    page.get_by_role("button", name="Spara utkastet").click()
    page.get_by_role("link", name="Jämför med tidigare version och rapport").first.click()
    expect(page.locator("ins")).to_contain_text(["Kostnaden ryms i befintlig budget."])
    assert violations(page) == []

    page.goto("/rapporter")
    expect(page.locator("table")).to_contain_text("Version 1 Fastställd")
    expect(page.locator("table")).to_contain_text("Version 2 Utkast")


def test_the_report_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    page.goto("/rapporter/ny")
    page.get_by_label("Diarienummer").fill("KS 2026/0043")
    page.get_by_label("Handläggare").fill("Utvecklingsstrateg")
    page.get_by_label("Undertecknas av").fill("Kommundirektör")
    page.get_by_role("button", name="Skapa rapport och utkast").click()
    expect(page.get_by_role("heading", level=2, name="Version 1: Utkast")).to_be_visible()
    page.get_by_role("link", name="Ändra utkastet").click()
    page.get_by_label("Sammanfattning").fill("Kort sammanfattning utan skript.")
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.locator(".report-document")).to_contain_text("Kort sammanfattning utan skript.")
    # The confirmation page is a plain form: it works without JavaScript.
    page.get_by_role("link", name="Fastställ version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vill du fastställa version 1?")
    page.get_by_role("button", name="Fastställ version 1").click()
    expect(page.get_by_role("heading", level=2, name="Version 1: Fastställd")).to_be_visible()
