"""Cheap requests that cost a lot (issue 13): each is refused early, with a 4xx, before the
server spends seconds or gigabytes on it."""

from __future__ import annotations

import io
import time
import zipfile

import httpx

from tests.api.uploads import upload
from tests.factories import project_form
from tests.support import post_form, text_of
from tracker.insights.search.query import MAX_SEARCH_WORDS, parse_query
from tracker.web.spreadsheet_limits import MAX_CELLS_PER_ROW
from tracker.web.tabular import to_xlsx


async def test_a_huge_anonymous_sign_in_post_is_refused_before_it_is_read(
    anonymous: httpx.AsyncClient,
) -> None:
    await anonymous.get("/logga-in")
    body = {"email": "a@b.se", "password": "x" * (9 * 1024 * 1024)}

    started = time.perf_counter()
    response = await post_form(anonymous, "/logga-in", body)

    assert response.status_code == 413
    assert "för stort" in text_of(response.text)
    assert time.perf_counter() - started < 2


async def test_a_form_larger_than_any_real_one_is_refused(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/projekt", project_form(challenge="å" * 600_000))

    assert response.status_code == 413


async def test_a_long_ordinary_form_is_still_accepted(client: httpx.AsyncClient) -> None:
    form = project_form(challenge="Många ansökningar kommer in ofullständiga, åäö. " * 100)

    response = await post_form(client, "/projekt", form)

    assert response.status_code == 303


# --- XLSX files that are small on the wire and enormous to read ------------------------------

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<si><t>&lol8;</t></si></sst>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<si><t>&xxe;</t></si></sst>"
)
SHEET = (
    '<?xml version="1.0"?><worksheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}'
    "</sheetData></worksheet>"
)


def _with_part(name: str, xml: str) -> bytes:
    """A real workbook (Namn, Typ and one organisation) with one XML part replaced."""
    original = zipfile.ZipFile(io.BytesIO(to_xlsx("Organisationer", ["Namn", "Typ"], [["A", "B"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in original.infolist():
            if part.filename != name:
                archive.writestr(part, original.read(part))
        archive.writestr(name, xml)
    return buffer.getvalue()


def _sheet(*rows: str) -> str:
    return SHEET.format(rows="".join(f'<row r="{n}">{row}</row>' for n, row in enumerate(rows, 1)))


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


async def _import(client: httpx.AsyncClient, content: bytes) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = await upload(client, "/organisationer/import", "organisationer.xlsx", content)
    return response, time.perf_counter() - started


async def test_a_row_of_a_million_cells_is_refused_at_once(client: httpx.AsyncClient) -> None:
    content = _with_part(
        "xl/worksheets/sheet1.xml", _sheet(_inline("Namn") + "<c><v>1</v></c>" * 300_000)
    )
    assert len(content) < 100_000

    response, seconds = await _import(client, content)

    assert response.status_code == 400
    assert f"fler än {MAX_CELLS_PER_ROW} celler" in text_of(response.text)
    assert seconds < 3


async def test_a_file_that_unpacks_to_hundreds_of_megabytes_is_refused_at_once(
    client: httpx.AsyncClient,
) -> None:
    content = _with_part("xl/worksheets/sheet1.xml", _sheet(_inline("x" * 200_000_000)))
    assert len(content) < 400_000

    response, seconds = await _import(client, content)

    assert response.status_code == 413
    assert "för stor när den packas upp" in text_of(response.text)
    assert seconds < 3


async def test_a_cell_longer_than_any_field_is_refused(client: httpx.AsyncClient) -> None:
    content = _with_part(
        "xl/worksheets/sheet1.xml", _sheet(_inline("Namn") + _inline("Typ"), _inline("x" * 40_000))
    )

    response, _ = await _import(client, content)

    assert response.status_code == 400
    assert "mer än 32767 tecken" in text_of(response.text)


async def test_an_xml_bomb_or_an_external_entity_is_refused(client: httpx.AsyncClient) -> None:
    for xml in (BOMB, EXTERNAL):
        response, seconds = await _import(client, _with_part("xl/sharedStrings.xml", xml))

        assert response.status_code == 400
        assert "DOCTYPE" in text_of(response.text)
        assert seconds < 3


async def test_a_cell_far_to_the_right_does_not_widen_every_row(client: httpx.AsyncClient) -> None:
    far = '<c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c>'
    rows = [_inline("Namn") + _inline("Typ")] + [
        _inline(f"Klubb {n}") + _inline("Ideell förening") + far.format(n=n + 1)
        for n in range(1, 1500)
    ]
    content = _with_part("xl/worksheets/sheet1.xml", _sheet(*rows))

    response, seconds = await _import(client, content)

    assert response.status_code < 500
    assert seconds < 10


# --- search -----------------------------------------------------------------------------------


def test_a_search_is_bounded_in_words_and_word_length() -> None:
    letters = parse_query(" ".join("abcdefghijklmnopqrstuvwxyz" * 4))
    pairs = parse_query("sk fö st ba he ar ko tr")
    many = parse_query(" ".join(f"ord{n}skola" for n in range(100)))
    phrase = parse_query('"' + " ".join(f"skola{n}" for n in range(100)) + '"')

    assert letters.empty and pairs.empty  # such short prefixes match nearly every word
    assert sum(len(alt) for group in many.groups for alt in group) == MAX_SEARCH_WORDS
    assert many.cut
    assert sum(len(alt) for group in phrase.groups for alt in group) <= MAX_SEARCH_WORDS


async def test_the_search_page_says_when_words_were_left_out(client: httpx.AsyncClient) -> None:
    one_letter = await client.get("/sok", params={"q": " ".join("abcdefghij" * 10)})
    many = await client.get("/sok", params={"q": " ".join(f"skola{n}" for n in range(30))})

    assert one_letter.status_code == 200
    assert "färre än tre bokstäver" in text_of(one_letter.text)
    assert many.status_code == 200
    assert f"Bara de {MAX_SEARCH_WORDS} första orden" in text_of(many.text)
