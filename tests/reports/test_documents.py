"""PDF and DOCX of a frozen version open and hold the headings and figures; charts have text
alternatives and the same numbers as a table."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from docx import Document
from pypdf import PdfReader

from tests.reports import crafted
from tests.reports.factories import make_report
from tests.support import post_form, text_of

HEADINGS = (
    "Sammanfattning",
    "Förslag till beslut",
    "Ärendet och bakgrund",
    "Medborgardialog",
    "Samverkan med civilsamhället",
    "Tjänstedesign med brukarinflytande",
    "Slutsatser",
    "Förslag till åtgärder",
    "Bedömning",
    "Konsekvenser för barn och unga",
    "Ekonomiska konsekvenser",
    "Handlingar i ärendet",
)


async def _frozen_report(client: httpx.AsyncClient) -> int:
    await crafted.period_edges()
    report = await make_report(period_start=crafted.START, period_end=crafted.END)
    response = await post_form(client, f"/rapporter/{report.id}/versioner/1/faststall", {})
    assert response.status_code == 303
    return int(report.id)


async def test_a_draft_downloads_marked_utkast_on_every_page_and_in_its_name(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report()
    pdf = await client.get(f"/rapporter/{report.id}/versioner/1/rapport.pdf")
    assert pdf.status_code == 200
    assert "-UTKAST.pdf" in pdf.headers["content-disposition"]
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert all("UTKAST" in page.extract_text() for page in pages)
    docx = await client.get(f"/rapporter/{report.id}/versioner/1/rapport.docx")
    assert docx.status_code == 200
    assert "-UTKAST.docx" in docx.headers["content-disposition"]
    document = Document(io.BytesIO(docx.content))
    header = " ".join(
        cell.text for t in document.sections[0].header.tables for c in t.rows for cell in c.cells
    )
    assert "UTKAST" in header  # the header is on every page
    assert document.core_properties.title.startswith("UTKAST: ")
    frozen = await _frozen_report(client)
    name = (await client.get(f"/rapporter/{frozen}/versioner/1/rapport.pdf")).headers
    assert "UTKAST" not in name["content-disposition"]


@pytest.mark.slow
async def test_the_pdf_is_a4_with_page_numbers_headings_and_figures(
    client: httpx.AsyncClient,
) -> None:
    report_id = await _frozen_report(client)
    response = await client.get(f"/rapporter/{report_id}/versioner/1/rapport.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="KS-2024-0123-version-1.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    pages = len(reader.pages)
    assert pages >= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for heading in HEADINGS:
        assert heading in flat, heading
    assert f"1 ({pages})" in flat and f"{pages} ({pages})" in flat
    assert "per läge vid periodens slut" in flat
    assert "100 000 kr" in flat.replace("\u00a0", " ")
    # Tagged for assistive technology (PDF/UA-1 as far as WeasyPrint goes).
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog.get("/Lang") in ("sv", "sv-SE")


async def test_the_docx_has_word_headings_and_tables(client: httpx.AsyncClient) -> None:
    report_id = await _frozen_report(client)
    response = await client.get(f"/rapporter/{report_id}/versioner/1/rapport.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = {
        p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")
    }
    for heading in HEADINGS:
        assert heading in headings, heading
    assert headings["Sammanfattning"] == "Heading 2"
    assert any(name == "Heading 1" for name in headings.values())
    cells = {
        (table.rows[0].cells[0].text, row.cells[0].text): [c.text for c in row.cells[1:]]
        for table in document.tables
        for row in table.rows[1:]
    }
    assert cells[("Läge", "Samtliga med aktivitet under perioden")] == ["4"]
    assert cells[("Mått", "Kommunens insatser i kronor")] == ["100\u00a0000\u00a0kr"]
    assert cells[("Nivå", "Inflytande")] == ["1", "1"]
    # The three charts as pictures with their text alternative, and their numbers as tables.
    pictures = [shape._inline.docPr for shape in document.inline_shapes]
    assert [p.get("title") for p in pictures] == [
        "Dialoger med dialogtillfällen under perioden, per nivå",
        "Återkoppling i tid per månad",
        "Projekt per steg i Innovationsguiden",
    ]
    assert all(p.get("descr", "").startswith("Stapeldiagram.") for p in pictures)


@pytest.mark.slow
async def test_html_pdf_and_docx_hold_the_same_figures(client: httpx.AsyncClient) -> None:
    report_id = await _frozen_report(client)
    html = text_of((await client.get(f"/rapporter/{report_id}/versioner/1/utskrift")).text)
    pdf = PdfReader(
        io.BytesIO((await client.get(f"/rapporter/{report_id}/versioner/1/rapport.pdf")).content)
    )
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    docx = Document(
        io.BytesIO((await client.get(f"/rapporter/{report_id}/versioner/1/rapport.docx")).content)
    )
    docx_text = " ".join(
        [p.text for p in docx.paragraphs]
        + [c.text for t in docx.tables for r in t.rows for c in r.cells]
    )
    for phrase in ("Andel i tid", "33 %", "Försenade vid periodens slut", "Slutsatser"):
        normalised = phrase.replace(" ", "")
        for name, text in (("html", html), ("pdf", pdf_text), ("docx", docx_text)):
            assert normalised in text.replace("\u00a0", "").replace(" ", ""), (name, phrase)


async def test_charts_have_text_alternatives_and_tables(client: httpx.AsyncClient) -> None:
    await crafted.period_edges()
    report = await make_report(period_start=crafted.START, period_end=crafted.END)
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page.text, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        assert "<title" in svg and "<desc" in svg
        assert "style=" not in svg and "<script" not in svg  # the strict CSP
    assert "Projekt per steg i Innovationsguiden" in page.text
    assert "Stapeldiagram. Ringa in: projekt 1" in page.text
    assert "Återkoppling i tid per månad" in page.text
    # The same numbers as a table beside each chart.
    assert page.text.count("Samma siffror som tabell") == 3
