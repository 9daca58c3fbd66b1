"""Numbers in the text are bound to their figures: after a back-dated iteration the summary and
the table say the same without anyone editing the text, and a frozen version keeps both."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import httpx
from pypdf import PdfReader

from tests.reports import crafted
from tests.reports.factories import ACTOR, lists, make_report
from tests.reports.test_pages import _edit_form
from tests.support import field_error, field_value, post_form, text_of
from tracker.reports import binding, freezing, services

FIGURES = {
    "projects.iterations": {"label": "Iterationer under perioden", "value": 1, "unit": ""},
    "contributions.municipality.amount": {"label": "Kommunens insatser", "value": 120000,
                                          "unit": "kr"},
}  # fmt: skip


def test_a_reference_shows_the_figures_value_with_the_noun_that_agrees() -> None:
    text = "Vi gjorde {{figur:projects.iterations|iteration|iterationer}} för {{figur:contributions.municipality.amount}}."
    assert binding.resolve(text, FIGURES) == "Vi gjorde 1 iteration för 120\u00a0000\u00a0kr."
    more = {**FIGURES, "projects.iterations": {**FIGURES["projects.iterations"], "value": 5}}
    assert binding.resolve(text, more).startswith("Vi gjorde 5 iterationer")
    pieces = binding.segments(text, FIGURES)
    assert [p.figure for p in pieces if p.figure] == [
        "projects.iterations",
        "contributions.municipality.amount",
    ]
    assert binding.bound_keys(text) == [p.figure for p in pieces if p.figure]


def test_unknown_and_malformed_references_are_found() -> None:
    known = FIGURES.keys()
    assert binding.unknown_references("{{figur:projects.iterations}} iterationer", known) == []
    assert binding.unknown_references("{{figur:projects.iterationer}}", known) == [
        "projects.iterationer"
    ]
    assert binding.unknown_references("{{iterationer}}", known) == ["{{iterationer}}"]
    assert binding.reference_problem("Vanlig text med 5 iterationer.", known) is None


def _iterations_in_text_and_table(text: str) -> tuple[str, str]:
    in_text = re.search(r"arbetade i (\d+) iterationer", text)
    in_table = re.search(
        r"Iterationer (\d+)(?: – visa underlaget: Iterationer)? Steg tillbaka", text
    )
    assert in_text and in_table, text
    return in_text.group(1), in_table.group(1)


async def test_after_a_back_dated_iteration_text_and_table_agree(
    client: httpx.AsyncClient,
) -> None:
    ids = await crafted.period_edges()
    report = await make_report(period_start=crafted.START, period_end=crafted.END)
    page = f"/rapporter/{report.id}/versioner/1"
    assert _iterations_in_text_and_table(text_of((await client.get(page)).text)) == ("2", "2")

    # An iteration entered today but started inside the period (back-dated).
    await crafted.iteration(ids.projects["old"], date(2026, 2, 10))
    html = (await client.get(page)).text
    assert _iterations_in_text_and_table(text_of(html)) == ("3", "3")
    # The page marks the bound number and links it to the records behind it.
    assert re.search(
        r'<a class="bound-figure" href="[^"]*/underlag/projects\.iterations"[^>]*>3 iterationer</a>',
        html,
    )

    await post_form(client, f"{page}/faststall", {})
    version = await services.get_version(report.id, 1)
    assert version is not None
    snapshot = json.loads(version.snapshot)
    assert "{{figur:" not in version.snapshot  # freezing wrote the values into the text
    assert "arbetade i 3 iterationer" in snapshot["narrative"]["summary"]
    assert snapshot["figures"]["projects.iterations"]["value"] == 3
    assert "projects.iterations" in snapshot["bound"]["summary"]

    # Later records change neither the frozen text nor the frozen table.
    await crafted.iteration(ids.projects["old"], date(2026, 3, 1))
    assert _iterations_in_text_and_table(text_of((await client.get(page)).text)) == ("3", "3")
    pdf = PdfReader(io.BytesIO((await client.get(f"{page}/rapport.pdf")).content))
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "arbetade i 3 iterationer" in pdf_text
    assert "{{figur:" not in pdf_text

    # A correction binds again: version 2 shows today's four iterations in text and table.
    number = await freezing.new_version(report, ACTOR)
    html = (await client.get(f"/rapporter/{report.id}/versioner/{number}")).text
    assert _iterations_in_text_and_table(text_of(html)) == ("4", "4")


async def test_an_unknown_reference_is_refused_beside_the_field(client: httpx.AsyncClient) -> None:
    report = await make_report()
    edit = await client.get(f"/rapporter/{report.id}/redigera")
    assert "Bundna siffror i texten" in text_of(edit.text)
    assert "{{figur:projects.iterations}}" in edit.text  # the list of figures to bind
    typed = "Vi gjorde {{figur:projects.iterationer}} iterationer."
    values = _edit_form(edit.text) | {"summary": typed, "version": "1"}
    response = await post_form(client, f"/rapporter/{report.id}/redigera", values)
    assert response.status_code == 422
    assert "projects.iterationer" in (field_error(response.text, "summary") or "")
    assert field_value(response.text, "summary") == typed
    stored = await services.get_version(report.id, 1)
    assert stored is not None and stored.summary != typed

    values["summary"] = "Vi gjorde {{figur:projects.iterations|iteration|iterationer}}."
    saved = await post_form(client, f"/rapporter/{report.id}/redigera", values)
    assert saved.status_code == 303


async def test_drafted_numbers_all_refer_to_figures_that_exist(db: None) -> None:
    report = await make_report()
    version = await services.get_version(report.id, 1)
    assert version is not None
    content = await services.content_of(report, version, lists())
    for key, text in services.narrative_of(version).items():
        assert binding.unknown_references(text, content["figures"]) == [], key
    assert "{{figur:projects.iterations|iteration|iterationer}}" in version.summary
