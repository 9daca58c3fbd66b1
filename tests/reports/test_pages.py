"""The report pages through the real app: create, view, edit, freeze, new version, compare."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from tests import personas
from tests.reports.factories import make_report, report_form
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.reports.rules import PARTS
from tracker.reports.tables import ReportVersion


def _edit_form(html: str) -> dict[str, str]:
    """What the edit form holds now, as the browser would post it."""
    keys = [*report_form(), *PARTS]
    version = re.search(r'name="read_version" value="([^"]*)"', html)
    return {key: field_value(html, key) or "" for key in keys} | {
        "read_version": version.group(1) if version else ""
    }


async def test_a_report_is_created_with_a_drafted_tjansteutlatande(
    client: httpx.AsyncClient,
) -> None:
    form = await client.get("/rapporter/ny")
    assert form.status_code == 200
    # The form starts from the Q1 2026 report-back on KS 2024-04-22 § 69.
    assert field_value(form.text, "period_start") == "2025-04-22"
    assert field_value(form.text, "period_end") == "2026-03-31"
    assert field_value(form.text, "decision_paragraph") == "§ 69"

    response = await post_form(client, "/rapporter", report_form())
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    text = text_of(page.text)
    for heading in (
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
    ):
        assert f">{heading}</h2>" in page.text or f">{heading}</h3>" in page.text, heading
    assert "Kommunstyrelsen uppdrog den 22 april 2024 (§ 69)" in text
    assert "Utkast" in text


async def test_bad_input_is_shown_beside_the_field_and_kept(client: httpx.AsyncClient) -> None:
    response = await post_form(
        client, "/rapporter", report_form(period_end="2025-01-01", diarienummer="")
    )
    assert response.status_code == 422
    assert "före dess början" in (field_error(response.text, "period_end") or "")
    assert field_error(response.text, "diarienummer")
    assert field_value(response.text, "period_end") == "2025-01-01"


async def test_edit_then_freeze_then_edits_are_refused_with_409(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report()
    edit = await client.get(f"/rapporter/{report.id}/redigera")
    assert edit.status_code == 200
    values = _edit_form(edit.text) | {"conclusions": "Återkopplingen kommer ofta för sent."}
    saved = await post_form(client, f"/rapporter/{report.id}/redigera", values | {"version": "1"})
    assert saved.status_code == 303
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    assert "Återkopplingen kommer ofta för sent." in text_of(page.text)

    frozen = await post_form(client, f"/rapporter/{report.id}/versioner/1/faststall", {})
    assert frozen.status_code == 303
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    assert "Fastställd" in text_of(page.text)
    assert "stämmer med det sparade innehållet" in text_of(page.text)

    again = await post_form(
        client, f"/rapporter/{report.id}/redigera", values | {"version": "1", "summary": "Nytt"}
    )
    assert again.status_code == 409
    assert "fastställd och kan inte ändras" in text_of(again.text)
    assert (await client.get(f"/rapporter/{report.id}/redigera")).status_code == 409
    refreeze = await post_form(client, f"/rapporter/{report.id}/versioner/1/faststall", {})
    assert refreeze.status_code == 409
    stored = await ReportVersion.objects().where(ReportVersion.report == report.id).first()
    assert stored is not None and stored.summary != "Nytt"


async def test_a_correction_is_version_2_and_the_diff_shows_it(client: httpx.AsyncClient) -> None:
    report = await make_report()
    await post_form(client, f"/rapporter/{report.id}/versioner/1/faststall", {})
    created = await post_form(client, f"/rapporter/{report.id}/ny-version", {})
    assert created.status_code == 303
    twice = await post_form(client, f"/rapporter/{report.id}/ny-version", {})
    assert twice.status_code == 409
    edit = await client.get(f"/rapporter/{report.id}/redigera")
    assert "version 2" in text_of(edit.text)
    values = _edit_form(edit.text) | {"economy": "Rättelse: kostnaden ryms i budgeten."}
    await post_form(client, f"/rapporter/{report.id}/redigera", values | {"version": "2"})
    await post_form(client, f"/rapporter/{report.id}/versioner/2/faststall", {})

    listing = text_of((await client.get("/rapporter")).text)
    assert "Version 1 Ersatt av version 2" in listing
    assert "Version 2 Fastställd" in listing
    diff = await client.get(f"/rapporter/{report.id}/versioner/2/jamfor")
    assert diff.status_code == 200
    row = text_of(re.search(r"<tr><td>Ekonomiska konsekvenser</td>.*?</tr>", diff.text, re.S)[0])
    assert "Ändrat" in row
    assert "[borttaget: Ärendet medför inga ekonomiska konsekvenser" in row
    assert "[tillagt: Rättelse: kostnaden ryms i budgeten" in row


async def test_the_diff_against_the_previous_report(client: httpx.AsyncClient) -> None:
    earlier = await make_report(
        period_start=__import__("datetime").date(2024, 4, 22),
        period_end=__import__("datetime").date(2025, 4, 21),
        diarienummer="KS 2025/0001",
    )
    await post_form(client, f"/rapporter/{earlier.id}/versioner/1/faststall", {})
    report = await make_report()
    diff = await client.get(f"/rapporter/{report.id}/versioner/1/jamfor")
    text = text_of(diff.text)
    assert "KS 2025/0001" in text
    assert (
        "Period: [borttaget: 2024-04-22 ] [tillagt: 2025-04-22 ] – [borttaget: 2025-04-21 ]" in text
    )


async def test_unknown_ids_are_404(client: httpx.AsyncClient) -> None:
    report = await make_report()
    for url in (
        "/rapporter/999999",
        f"/rapporter/{report.id}/versioner/7",
        f"/rapporter/{report.id}/versioner/1/underlag/finns-inte",
        "/rapporter/99999999999",
    ):
        assert (await client.get(url)).status_code == 404, url


async def test_every_route_with_a_report_or_version_is_404_for_unknown_ids(
    client: httpx.AsyncClient,
) -> None:
    """The `report` and `version` dependencies (tracker/reports/page.py) on every route."""
    report = await make_report()
    versions = ["", "/utskrift", "/faststall", "/jamfor", "/underlag/x", "/rapport.pdf"]
    unknown = [
        *(f"/rapporter/999999/versioner/1{tail}" for tail in versions),
        *(
            f"/rapporter/{report.id}/versioner/{n}{tail}"
            for n in (0, 2, 100_000)
            for tail in versions
        ),
        "/rapporter/999999/redigera",
        f"/rapporter/{2**31}/versioner/1",
    ]
    for url in unknown:
        assert (await client.get(url)).status_code == 404, url
    for url in (
        "/rapporter/999999/redigera",
        "/rapporter/999999/ny-version",
        "/rapporter/999999/versioner/1/faststall",
        f"/rapporter/{report.id}/versioner/2/faststall",
    ):
        assert (await post_form(client, url, {})).status_code == 404, url
    assert (await client.get(f"/rapporter/{report.id}/versioner/1/jamfor")).status_code == 200


async def test_a_reader_reads_but_cannot_create_or_freeze(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    report = await make_report()
    lo = client_as(await personas.lo())
    assert (await lo.get(f"/rapporter/{report.id}/versioner/1")).status_code == 200
    page = await lo.get(f"/rapporter/{report.id}/versioner/1")
    assert "Fastställ version" not in page.text
    assert (
        await post_form(lo, f"/rapporter/{report.id}/versioner/1/faststall", {})
    ).status_code == 403
    rut = client_as(await personas.rut())
    assert (
        await post_form(rut, f"/rapporter/{report.id}/versioner/1/faststall", {})
    ).status_code == 303


async def test_typed_text_is_shown_as_text_never_as_markup(client: httpx.AsyncClient) -> None:
    report = await make_report()
    edit = await client.get(f"/rapporter/{report.id}/redigera")
    values = _edit_form(edit.text) | {"summary": '<script>alert("x")</script>', "version": "1"}
    await post_form(client, f"/rapporter/{report.id}/redigera", values)
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    assert '<script>alert("x")</script>' not in page.text
    assert "&lt;script&gt;" in page.text


async def test_the_printable_page_stands_alone_with_its_stylesheet(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report()
    page = await client.get(f"/rapporter/{report.id}/versioner/1/utskrift")
    assert page.status_code == 200
    assert 'href="/rapporter/dokument.css"' in page.text
    assert 'class="site-header"' not in page.text
    css = await client.get("/rapporter/dokument.css")
    assert css.headers["content-type"].startswith("text/css")
    assert 'counter(page) " (" counter(pages) ")"' in css.text
    assert "@page" in css.text and "A4" in css.text


async def test_the_report_list_sends_the_same_number_of_queries_for_many_reports(
    client: httpx.AsyncClient,
) -> None:
    from tracker.db import QUERIES

    await make_report()

    async def count() -> int:
        QUERIES.reset()
        assert (await client.get("/rapporter")).status_code == 200
        return QUERIES.count

    small = await count()
    for n in range(5):
        await make_report(diarienummer=f"KS 2026/00{n}")
    assert await count() == small


async def test_the_report_forms_dates_are_date_fields(client: httpx.AsyncClient) -> None:
    html = (await client.get("/rapporter/ny")).text
    for field in ("report_date", "decision_date", "followup_date", "period_start", "period_end"):
        assert re.search(rf'<input[^>]*type="date"[^>]*id="{field}"', html), field
