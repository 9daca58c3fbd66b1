"""A frozen version never changes, so its document, PDF and DOCX are made once per process
(issue 19): a second view or download makes nothing again, a browser that has the file gets
304 for its ETag, and a version changed behind the database's guards is still refused – never
served from what was made before it was changed."""

from __future__ import annotations

import httpx
import pytest

from tests.audit.tampering import behind_the_guards
from tests.reports.factories import ACTOR, lists, make_report
from tracker.reports import download_controller, freezing, services
from tracker.reports.page import DOCUMENTS

TITLE_WORD = "medborgardialog"


@pytest.fixture(autouse=True)
def nothing_made_yet() -> None:
    download_controller.FILES.clear()
    DOCUMENTS.clear()


async def _frozen() -> tuple[int, str]:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)
    return int(report.id), f"/rapporter/{report.id}/versioner/1"


async def _tamper(report_id: int) -> None:
    """The frozen title changed in the stored content, its digest left as it was."""
    version = await services.get_version(report_id, 1)
    assert version is not None
    forged = version.snapshot.replace(TITLE_WORD, "FORFALSKAD").replace("'", "''")
    await behind_the_guards(
        f"UPDATE report_version SET snapshot = '{forged}' WHERE id = {version.id}"
    )


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
async def test_a_second_download_makes_nothing_again(
    client: httpx.AsyncClient, suffix: str
) -> None:
    _, page = await _frozen()

    first = await client.get(f"{page}/rapport.{suffix}")
    second = await client.get(f"{page}/rapport.{suffix}")

    assert first.status_code == second.status_code == 200
    assert download_controller.FILES.made == 1
    assert second.content == first.content
    assert second.headers["content-disposition"] == first.headers["content-disposition"]
    assert first.headers["etag"] == second.headers["etag"]
    # Kept by the browser, asked for again each time (the access guard runs); never by a proxy.
    assert first.headers["cache-control"] == "private, no-cache"


async def test_the_browsers_copy_is_answered_with_304_without_making_the_file(
    client: httpx.AsyncClient,
) -> None:
    _, page = await _frozen()
    pdf = await client.get(f"{page}/rapport.pdf")
    etag = pdf.headers["etag"]
    version = await services.get_version(int(page.split("/")[2]), 1)
    assert version is not None and version.content_sha256 in etag
    assert etag.startswith('"') and etag.endswith('"')  # strong

    download_controller.FILES.clear()
    same = await client.get(f"{page}/rapport.pdf", headers={"if-none-match": etag})
    also = await client.get(f"{page}/rapport.pdf", headers={"if-none-match": f'"x", W/{etag}'})
    other = await client.get(f"{page}/rapport.pdf", headers={"if-none-match": '"something-else"'})

    assert same.status_code == also.status_code == 304
    assert same.content == b""
    assert same.headers["etag"] == etag
    assert other.status_code == 200
    assert other.content == pdf.content
    assert download_controller.FILES.made == 1  # only for the one that was not current
    docx = await client.get(f"{page}/rapport.docx", headers={"if-none-match": etag})
    assert docx.status_code == 200  # another format: another tag
    assert docx.headers["etag"] != etag


async def test_a_draft_is_made_anew_each_time_and_not_kept(client: httpx.AsyncClient) -> None:
    report = await make_report()

    pdf = await client.get(f"/rapporter/{report.id}/versioner/1/rapport.pdf")

    assert pdf.status_code == 200
    assert "etag" not in pdf.headers
    assert pdf.headers["cache-control"] == "no-store"
    assert download_controller.FILES.made == 0


async def test_a_report_under_secrecy_is_not_kept_by_the_browser(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report(secrecy="25 kap. 1 § OSL")
    await freezing.freeze(report, 1, lists(), ACTOR)

    pdf = await client.get(f"/rapporter/{report.id}/versioner/1/rapport.pdf")

    assert pdf.status_code == 200
    assert pdf.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
async def test_a_version_changed_after_it_was_made_is_refused_even_for_the_browsers_copy(
    client: httpx.AsyncClient, suffix: str
) -> None:
    report_id, page = await _frozen()
    made = await client.get(f"{page}/rapport.{suffix}")
    assert made.status_code == 200

    await _tamper(report_id)
    fresh = await client.get(f"{page}/rapport.{suffix}")
    cached = await client.get(
        f"{page}/rapport.{suffix}", headers={"if-none-match": made.headers["etag"]}
    )

    for response in (fresh, cached):
        assert response.status_code == 409
        assert "stämmer inte med det sparade innehållet" in response.text
        assert "etag" not in response.headers
    assert download_controller.FILES.made == 1


async def test_the_version_page_draws_its_document_once_and_its_notice_each_time(
    client: httpx.AsyncClient,
) -> None:
    _, page = await _frozen()

    first = await client.get(page)
    second = await client.get(page)
    printable = await client.get(f"{page}/utskrift")

    assert first.status_code == second.status_code == printable.status_code == 200
    assert DOCUMENTS.made == 1
    for response in (first, second):
        assert TITLE_WORD in response.text
        assert "stämmer med det sparade innehållet" in response.text
        assert "Skapa ny version för rättelser" in response.text  # the signed-in user's form
        assert 'name="_csrf_token"' in response.text
        # A signed-in page: never stored, no ETag.
        assert response.headers["cache-control"] == "no-store"
        assert "etag" not in response.headers
    assert TITLE_WORD in printable.text


async def test_a_changed_version_page_is_drawn_from_what_is_stored_now(
    client: httpx.AsyncClient,
) -> None:
    report_id, page = await _frozen()
    assert TITLE_WORD in (await client.get(page)).text

    await _tamper(report_id)
    changed = await client.get(page)

    assert changed.status_code == 200
    assert "FORFALSKAD" in changed.text
    assert "stämmer inte" in changed.text
