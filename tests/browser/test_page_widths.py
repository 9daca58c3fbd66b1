"""Every page, filled with the longest content a user can paste, fits a phone (390 px) and a
laptop (1280 px) without scrolling sideways, and axe finds no WCAG 2.1 AA violation at either.

The pages are the app's GET routes, read from its router as the route-access test reads them,
with their paths filled by the records each area's `path_ids` makes: a page added later is
covered without a line here. Only routes that answer something other than a web page are left
out, each for the reason `not_a_page` gives.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.axe import violations
from tests.browser.conftest import LAYOUT_SCAN, listen_for_errors, unexpected
from tests.browser.long_content import TITLE_10K, make_long_content
from tests.personas import session_cookies
from tests.support import run_in_thread, wipe_rows
from tests.test_route_access import ROUTES
from tracker.accounts.permissions import Principal
from tracker.web.tabular import to_csv

pytestmark = LAYOUT_SCAN

WIDTHS = {390: 844, 1280: 800}  # a phone and a laptop: width -> height

# What a route's address says it answers, when that is not a page.
NOT_PAGES = {
    ".csv": "a spreadsheet file to download",
    ".xlsx": "a spreadsheet file to download",
    ".docx": "a document to download",
    ".pdf": "a document to download",
    ".xml": "an Atom feed for feed readers",
    ".svg": "an image (the QR code)",
    ".json": "JSON for programs",
    "dokument.css": "the report documents' style sheet",
    "/api/": "JSON for programs",
    "/schema": "the API's description for programs (and its UIs, which this app has none of)",
    "/prototypbilder/": "an image (a prototype's picture)",
    "/bilder/": "an image (a picture in a published design history)",
    "/kommunlogga": "an image (the municipality's logo)",
    "/teman/forslag": "the options of a field's datalist (theme names offered while typing)",
}


def not_a_page(template: str) -> str | None:
    """Why the route is no page to lay out, or None for a page."""
    return next((reason for part, reason in NOT_PAGES.items() if part in template), None)


def _case(template: str) -> Any:
    reason = not_a_page(template)
    marks = [pytest.mark.skip(reason=f"not a page: {reason}")] if reason else []
    return pytest.param(template, id=template, marks=marks)


PAGES = [_case(path) for method, path in ROUTES if method == "GET"]

# The elements that stick out past the right edge, innermost first, to say what to fix.
_STICKING_OUT = """() => {
  const edge = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')].filter(
    (element) => element.getBoundingClientRect().right > edge + 1);
  const innermost = out.filter((element) => !out.some(
    (other) => other !== element && element.contains(other)));
  return innermost.slice(0, 4).map((element) => element.tagName.toLowerCase()
    + (element.id ? '#' + element.id : '')
    + (element.className && typeof element.className === 'string'
       ? '.' + element.className.trim().split(/\\s+/).join('.') : ''));
}"""


@pytest.fixture(scope="module")
def long_content(server_url: str) -> tuple[Principal, dict[str, Any]]:
    """One set of long-content records that every page of this module reads (nothing here
    changes them), and Alva, an administrator, who may see every page."""
    run_in_thread(wipe_rows())
    return run_in_thread(make_long_content())


@pytest.fixture(scope="module")
def path_ids(long_content: tuple[Principal, dict[str, Any]]) -> dict[str, Any]:
    return long_content[1]


@pytest.fixture(scope="module")
def tabs(
    browser: Any, server_url: str, long_content: tuple[Principal, dict[str, Any]]
) -> Iterator[dict[int, tuple[Any, list[str]]]]:
    """One tab per width, signed in as Alva, each with the list its console errors go to."""
    context = browser.new_context(base_url=server_url, locale="sv-SE")
    context.set_default_timeout(10_000)
    cookies = session_cookies(long_content[0])
    context.add_cookies([{"name": n, "value": v, "url": server_url} for n, v in cookies.items()])
    opened = {}
    for width, height in WIDTHS.items():
        tab = context.new_page()
        tab.set_viewport_size({"width": width, "height": height})
        opened[width] = (tab, listen_for_errors(tab))
    yield opened
    context.close()


def layout_problems(tab: Any, width: int) -> list[str]:
    """What is wrong with the page in `tab` at `width`: too wide, or axe's violations."""
    problems = []
    document_width = tab.evaluate("document.documentElement.scrollWidth")
    if document_width > tab.evaluate("innerWidth"):
        sticking_out = tab.evaluate(_STICKING_OUT)
        problems.append(f"{width} px: {document_width} px bred, utanför: {sticking_out}")
    problems += [f"{width} px: {violation}" for violation in violations(tab)]
    return problems


@pytest.mark.parametrize("template", PAGES)
def test_every_page_fits_both_widths_without_violations(
    tabs: dict[int, tuple[Any, list[str]]], path_ids: dict[str, Any], template: str
) -> None:
    path = template.format(**path_ids)
    problems = []
    for width, (tab, errors) in tabs.items():
        response = tab.goto(path)
        assert response is not None
        content_type = response.headers.get("content-type", "")
        assert content_type.startswith("text/html"), f"{path} answers {content_type}: say why"
        problems += layout_problems(tab, width)
        problems += [f"{width} px: konsolen: {error}" for error in unexpected(errors)]
        errors.clear()
    assert not problems, f"{path}: " + "; ".join(problems)


def test_import_previews_of_long_content_fit_both_widths(
    tabs: dict[int, tuple[Any, list[str]]], tmp_path: Any
) -> None:
    """A 10,000-character title in an uploaded file (the lists' own export, the title made
    long): the preview's last column (Kontroll) stays within reach."""
    tab, _ = tabs[1280]
    uploads = {}
    for area, title_column in (("/dialoger", "Titel"), ("/organisationer", "Namn")):
        exported = tab.request.get(f"{area}/export.csv").body().decode("utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
        title = header.index(title_column)
        long_rows = [[*row[:title], TITLE_10K, *row[title + 1 :]] for row in rows]
        uploads[f"{area}/import"] = to_csv(header, long_rows)
    problems = []
    for address, content in uploads.items():
        upload = tmp_path / "lang.csv"
        upload.write_bytes(content)
        for width, (tab, errors) in tabs.items():
            tab.goto(address)
            tab.set_input_files("input[type=file]", str(upload))
            tab.get_by_role("button", name="Förhandsgranska").click()
            tab.wait_for_load_state()
            assert tab.get_by_text("Rader i filen").count() == 1, tab.inner_text("main")[:500]
            problems += [f"{address} {problem}" for problem in layout_problems(tab, width)]
            # The last column is reached by scrolling the table's own frame to its end.
            tab.locator(".table-wrap").last.evaluate(
                "frame => frame.scrollLeft = frame.scrollWidth"
            )
            check = tab.get_by_role("columnheader", name="Kontroll").bounding_box()
            if check is None or check["x"] + check["width"] > width:
                problems.append(f"{address} {width} px: Kontroll går inte att nå: {check}")
            problems += [f"{width} px: konsolen: {error}" for error in unexpected(errors)]
            errors.clear()
    assert not problems, "; ".join(problems)


def test_the_dialogue_register_at_1280_reaches_every_column_and_keeps_its_buttons_together(
    tabs: dict[int, tuple[Any, list[str]]],
) -> None:
    tab, _ = tabs[1280]
    tab.goto("/dialoger")
    # The last column's heading is whole once the table's frame is scrolled to its end.
    frame = tab.locator("#results .table-wrap")
    frame.evaluate("frame => frame.scrollLeft = frame.scrollWidth")
    last = tab.locator("#results thead th").last.bounding_box()
    outer = frame.bounding_box()
    assert last and outer and last["x"] + last["width"] <= outer["x"] + outer["width"]
    # "Registrera dialog" beside "Importera från fil" at the heading's right, not mid-page.
    register = tab.get_by_role("link", name="Registrera dialog").bounding_box()
    import_link = tab.get_by_role("link", name="Importera från fil").bounding_box()
    heading = tab.locator(".page-heading").bounding_box()
    assert register and import_link and heading
    assert import_link["x"] - (register["x"] + register["width"]) < 40
    assert heading["x"] + heading["width"] - (import_link["x"] + import_link["width"]) < 40
