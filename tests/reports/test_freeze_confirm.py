"""Fastställ cannot be undone, so it asks first (a page that works without JavaScript), and the
freeze time reads the same in Swedish time on the web page, the PDF and the DOCX."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import httpx
import pytest
from docx import Document
from pypdf import PdfReader

from tests.reports.factories import ACTOR, lists, make_report
from tests.support import post_form, text_of
from tracker import clock
from tracker.accounts.permissions import Principal
from tracker.reports import freezing, services


async def test_the_freeze_button_leads_to_a_page_that_asks_first(
    client: httpx.AsyncClient, admin_user: Principal
) -> None:
    report = await make_report()
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    # One click no longer freezes: the button is a link to the confirmation page.
    assert f'action="/rapporter/{report.id}/versioner/1/faststall"' not in page.text
    assert f'href="/rapporter/{report.id}/versioner/1/faststall"' in page.text

    confirm = await client.get(f"/rapporter/{report.id}/versioner/1/faststall")
    assert confirm.status_code == 200
    text = text_of(confirm.text)
    assert "Vill du fastställa version 1?" in text
    assert "Det går inte att ångra" in text
    assert f"Du fastställer som {admin_user.name}" in text
    assert f'action="/rapporter/{report.id}/versioner/1/faststall"' in confirm.text
    assert "Avbryt" in text
    assert "Siffrorna i texten låses med dessa värden" in text
    assert "Iterationer under perioden: 0" in text
    version = await services.get_version(report.id, 1)
    assert version is not None and version.status == "draft"  # asking froze nothing

    frozen = await post_form(client, f"/rapporter/{report.id}/versioner/1/faststall", {})
    assert frozen.status_code == 303
    again = await client.get(f"/rapporter/{report.id}/versioner/1/faststall")
    assert again.status_code == 409
    assert "redan fastställd" in text_of(again.text)


async def test_an_unknown_version_has_no_confirmation_page(client: httpx.AsyncClient) -> None:
    report = await make_report()
    assert (await client.get(f"/rapporter/{report.id}/versioner/9/faststall")).status_code == 404
    assert (await client.get("/rapporter/999999/versioner/1/faststall")).status_code == 404


@pytest.mark.slow
async def test_the_freeze_time_is_swedish_time_everywhere(client: httpx.AsyncClient) -> None:
    report = await make_report()
    with clock.at(datetime(2026, 3, 20, 20, 1, tzinfo=UTC)):  # 21:01 in Stockholm (CET)
        await freezing.freeze(report, 1, lists(), ACTOR)
    base = f"/rapporter/{report.id}/versioner/1"
    for path in ("", "/utskrift"):
        text = text_of((await client.get(base + path)).text)
        assert "2026-03-20 21:01" in text, path
        assert "UTC" not in text, path
    pdf = PdfReader(io.BytesIO((await client.get(f"{base}/rapport.pdf")).content))
    pdf_text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "fastställd 2026-03-20 21:01" in pdf_text
    assert "20:01" not in pdf_text and "UTC" not in pdf_text
    docx = Document(io.BytesIO((await client.get(f"{base}/rapport.docx")).content))
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    assert "fastställd 2026-03-20 21:01" in docx_text
    assert "20:01" not in docx_text and "UTC" not in docx_text
