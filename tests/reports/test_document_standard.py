"""The DOCX and the PDF to Swedish standard for a tjänsteutlåtande, read back: page size,
header and footer with real page fields, Word numbering, document properties, the running
header, nothing stranded at the foot of a page, and no half page for a chart of zeros."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.reports import crafted
from tests.reports.factories import ACTOR, lists, make_report
from tests.support import text_of
from tracker import clock
from tracker.datafiles import DataFileError
from tracker.municipality import load_municipality
from tracker.reports import freezing, outline, services
from tracker.settings import REPO_ROOT, get_settings, load_settings

FROZEN_AT = datetime(2026, 3, 20, 20, 1, tzinfo=UTC)


async def _frozen(client: httpx.AsyncClient, data: bool = True) -> tuple[int, dict]:
    if data:
        await crafted.period_edges()
    report = await make_report(period_start=crafted.START, period_end=crafted.END)
    with clock.at(FROZEN_AT):
        await freezing.freeze(report, 1, lists(), ACTOR)
    version = await services.get_version(report.id, 1)
    assert version is not None
    return int(report.id), await services.content_of(report, version, lists())


async def test_the_docx_is_a_swedish_tjansteutlatande(client: httpx.AsyncClient) -> None:
    report_id, _ = await _frozen(client)
    response = await client.get(f"/rapporter/{report_id}/versioner/1/rapport.docx")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert round(section.left_margin.mm) == 25 and round(section.top_margin.mm) == 25

    # Header: the municipality's logo and name, the date and the diarienummer.
    header = section.header
    header_text = " ".join(c.text for t in header.tables for r in t.rows for c in r.cells)
    assert "Exempelby kommun" in header_text
    assert "Datum 2026-03-20" in header_text and "Dnr KS 2024/0123" in header_text
    assert header.part.element.findall(".//" + qn("w:drawing")), "no logo in the header"

    # Footer "Sida X (Y)" made of real PAGE and NUMPAGES fields.
    footer = section.footer.paragraphs[0]
    codes = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert len(footer._p.findall(".//" + qn("w:fldChar"))) == 6
    assert re.fullmatch(r"Sida \d+ \(\d+\)", footer.text)

    # Numbered lists are Word numbering, each list starting at 1; no typed "1.".
    numbering = document.part.numbering_part.element
    listed: dict[int, list[str]] = {}
    for paragraph in document.paragraphs:
        properties = paragraph._p.pPr
        if properties is not None and properties.numPr is not None:
            listed.setdefault(properties.numPr.numId.val, []).append(paragraph.text)
        assert not re.match(r"\d+\. ", paragraph.text), paragraph.text
    assert len(listed) == 3  # förslag till beslut, förslag till åtgärder, handlingar
    assert listed[min(listed)][0].startswith("Kommunstyrelsen noterar återrapporteringen")
    for num_id in listed:
        num = numbering.num_having_numId(num_id)
        assert num.find(".//" + qn("w:startOverride")).get(qn("w:val")) == "1"
        abstract = num.abstractNumId.val
        formats = [
            a.find(".//" + qn("w:numFmt")).get(qn("w:val"))
            for a in numbering.findall(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == str(abstract)
        ]
        assert formats == ["decimal"]

    # Table header rows repeat on each page.
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    # Properties: title, the handläggare as author, the freeze time, Swedish.
    properties = document.core_properties
    assert properties.title.startswith("Återrapportering")
    assert properties.author == "Utvecklingsstrateg, kommunledningskontoret"
    assert properties.created == FROZEN_AT.replace(tzinfo=None) or properties.created == FROZEN_AT
    assert properties.language == "sv-SE"
    assert "python-docx" not in " ".join(
        str(getattr(properties, name) or "")
        for name in ("author", "comments", "last_modified_by", "title", "subject")
    )
    assert properties.comments == ("Version 1, fastställd 2026-03-20 21:01 av Testanvändare.")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "sv-SE"


def _body_lines(page_text: str) -> list[str]:
    """A page's text without the running header and the page number."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not re.fullmatch(r"\d+ \(\d+\)", line) and "Dnr KS 2024/0123" not in line
    ]


@pytest.mark.slow
async def test_the_pdf_keeps_captions_and_signatures_with_what_they_belong_to(
    client: httpx.AsyncClient,
) -> None:
    report_id, content = await _frozen(client)
    response = await client.get(f"/rapporter/{report_id}/versioner/1/rapport.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    blocks = outline.build(content)
    captions = {b["caption"] for b in blocks if b["type"] == "table"} | {
        f"{b['chart'].title}. Samma siffror som tabell:" for b in blocks if b["type"] == "chart"
    }
    headings = {b["text"] for b in blocks if b["type"] == "heading"}
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        text = page.extract_text()
        # The running header on every page: municipality and diarienummer.
        assert "Exempelby kommun" in text and "Dnr KS 2024/0123" in text, number
        body = _body_lines(text)
        assert body[-1] not in captions, (number, body[-1])
        assert body[-1] not in headings, (number, body[-1])
    # The signature block is on one page, with its heading.
    pages_with = [
        n for n, page in enumerate(reader.pages) if "Kommundirektör" in page.extract_text()
    ]
    assert len(pages_with) == 1
    assert "Underskrifter" in reader.pages[pages_with[0]].extract_text()
    flat = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "fastställd 2026-03-20 21:01" in flat


@pytest.mark.slow
async def test_a_chart_with_no_data_is_one_sentence(client: httpx.AsyncClient) -> None:
    report_id, content = await _frozen(client, data=False)
    blocks = outline.build(content)
    assert not [b for b in blocks if b["type"] == "chart"]
    sentence = (
        "Projekt per steg i Innovationsguiden: alla värden är 0 för perioden, "
        "så diagrammet visas inte."
    )
    page = await client.get(f"/rapporter/{report_id}/versioner/1")
    assert "<svg" not in page.text and sentence in text_of(page.text)
    pdf = PdfReader(
        io.BytesIO((await client.get(f"/rapporter/{report_id}/versioner/1/rapport.pdf")).content)
    )
    assert sentence in " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    docx = Document(
        io.BytesIO((await client.get(f"/rapporter/{report_id}/versioner/1/rapport.docx")).content)
    )
    assert not docx.inline_shapes
    assert sentence in [p.text for p in docx.paragraphs]


async def test_the_public_pages_footer_names_the_municipality(
    anonymous: httpx.AsyncClient,
) -> None:
    page = await anonymous.get("/ni-sa-vi-gjorde/999999")
    assert page.status_code == 404
    footer = text_of(page.text.split('<footer class="site-footer">')[1])
    assert "Exempelby kommun" in footer and "Storgatan 1" in footer
    assert 'src="/ni-sa-vi-gjorde/kommunlogga"' in page.text
    logo = await anonymous.get("/ni-sa-vi-gjorde/kommunlogga")
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    assert logo.content == (REPO_ROOT / "lists" / "municipality-logo.png").read_bytes()


def test_the_municipality_file_is_found_in_lists_or_named_by_the_environment() -> None:
    assert get_settings().municipality_file == REPO_ROOT / "lists" / "municipality.toml"
    municipality = load_municipality(get_settings().municipality_file)
    assert municipality.name == "Exempelby kommun"
    assert municipality.logo is not None and municipality.logo.is_file()
    other = load_settings({"TRACKER_MUNICIPALITY": "/etc/kommun/annan.toml"})
    assert other.municipality_file == Path("/etc/kommun/annan.toml")
    named = load_settings({"TRACKER_MUNICIPALITY": "annan.toml"})
    assert named.municipality_file == REPO_ROOT / "lists" / "annan.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('address = ["Storgatan 1"]', 'fältet "name" saknas'),
        ('name = "Kommun"\nlogga = "x.png"', 'fältet "logga" är okänt'),
        ('name = "Kommun"\nlogo = "saknas.png"', 'fältet "logo" pekar på en fil som inte finns'),
        ('name = "Kommun"\nlogo = "logo.svg"', 'fältet "logo" måste vara en PNG- eller JPEG-fil'),
    ],
)
def test_a_wrong_municipality_file_is_refused_naming_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "municipality.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_municipality(path)
