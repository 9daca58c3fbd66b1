"""The DOCX of a frozen version, to Swedish standard for a tjänsteutlåtande (python-docx).

A4 with margins for a bound document; a header with the municipality's logo and name, the
date and the diarienummer; a footer "Sida X (Y)" made of real PAGE and NUMPAGES fields; real
Word headings; numbered lists that are Word numbering (each list starting at 1), not typed
"1."; table header rows that repeat on every page; captions and the signatures kept with what
follows; document properties with the title, the handläggare as author, the freeze time and
the language sv-SE. Drawn from the same outline as the HTML page and the PDF.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from tracker.municipality import Municipality
from tracker.reports import outline
from tracker.reports.documents import chart_png, frozen_line

LANGUAGE = "sv-SE"


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in; `shown` is its text until then."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = OxmlElement("w:r")
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run.append(element)
        return run

    code = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    result = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = shown
    result.append(value)
    for element in (char("begin"), code, char("separate"), result, char("end")):
        paragraph._p.append(element)


def _page_setup(document: Any) -> None:
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(25)
        section.left_margin, section.right_margin = Mm(25), Mm(20)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _header_and_footer(
    document: Any, meta: dict[str, Any], municipality: Municipality, *, draft: bool = False
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = document.sections[0]
    header = section.header
    table = header.add_table(rows=1, cols=2, width=Mm(165))
    left, right = table.rows[0].cells
    name = left.paragraphs[0]
    if municipality.logo is not None:
        name.add_run().add_picture(str(municipality.logo), height=Mm(12))
        name.add_run("  ")
    name.add_run(municipality.name).bold = True
    kind = "UTKAST – inte fastställt" if draft else "Tjänsteutlåtande"
    lines = (kind, f"Datum {meta['report_date']}", f"Dnr {meta['diarienummer']}")
    first = right.paragraphs[0]
    first.text = lines[0]
    for line in lines[1:]:
        right.add_paragraph(line)
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in paragraph.runs:
            run.font.size = Pt(9)
    # The table first; the paragraph Word needs after it stays empty and small.
    spacer = header.paragraphs[0]
    spacer._p.addprevious(table._tbl)
    spacer.paragraph_format.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    _field(footer, "PAGE", "1")
    footer.add_run(" (")
    _field(footer, "NUMPAGES", "1")
    footer.add_run(")")


def _language(document: Any) -> None:
    """sv-SE for the whole document (spelling and hyphenation in Word)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _properties(document: Any, content: dict[str, Any], number: int) -> None:
    meta, frozen = content["meta"], content.get("frozen") or {}
    properties = document.core_properties
    properties.title = ("UTKAST: " if content.get("draft") else "") + meta["title"]
    properties.subject = f"Tjänsteutlåtande, {meta['diarienummer']}"
    properties.author = meta["handlaggare"]
    properties.last_modified_by = frozen.get("by") or meta["handlaggare"]
    properties.category = "Tjänsteutlåtande"
    properties.keywords = meta["diarienummer"]
    properties.comments = frozen_line(content, number)
    properties.language = LANGUAGE
    properties.revision = number
    if frozen.get("at"):
        moment = datetime.fromisoformat(str(frozen["at"]))
        properties.created = properties.modified = moment


def _numbered(document: Any, items: list[str]) -> None:
    """A Word numbered list of its own, starting at 1 (a new w:num over List Number's
    abstract numbering, with a start override)."""
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for item in items:
        paragraph = document.add_paragraph(item, style="List Number")
        numbering_properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering_properties.get_or_add_ilvl().val = 0
        numbering_properties.get_or_add_numId().val = num.numId


def _table(document: Any, block: dict[str, Any]) -> None:
    caption = document.add_paragraph(block["caption"], style="Caption")
    caption.paragraph_format.keep_with_next = True
    headers = block["headers"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for row in block["rows"]:
        cells = table.add_row().cells
        cells[0].text = row["label"]
        for cell, value in zip(cells[1:], row["cells"], strict=False):
            cell.text = value["text"]
    for index, row in enumerate(table.rows):
        _keep_row_whole(row, with_next=index < len(table.rows) - 1)


def _row_property(row: Any, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _repeat_header(row: Any) -> None:
    """Mark the header row as a header (repeats on each page, read as headers by Word)."""
    _row_property(row, "w:tblHeader")


def _keep_row_whole(row: Any, with_next: bool) -> None:
    """A row never splits across pages, and a short table stays on one page."""
    _row_property(row, "w:cantSplit")
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = with_next


def _chart_table(document: Any, block: dict[str, Any]) -> None:
    from docx.shared import Cm

    chart = block["chart"]
    document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    # The picture's text alternative, as Word's "Alternativ text" shows it.
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("title", chart.title)
    properties.set("descr", chart.description)
    document.add_paragraph(f"Diagram: {chart.title}. {chart.description}", style="Caption")
    _table(
        document,
        {
            "caption": chart.title,
            "headers": [chart.headers[0] or "Grupp", *chart.headers[1:]],
            "rows": [
                {"label": row[0], "cells": [{"text": value} for value in row[1:]]}
                for row in chart.rows
            ],
        },
    )


def _signatures(document: Any, items: list[str]) -> None:
    """Space to sign above each name, the whole block on one page."""
    from docx.shared import Pt

    for index, item in enumerate(items):
        paragraph = document.add_paragraph(item)
        paragraph.paragraph_format.space_before = Pt(36)
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = index < len(items) - 1


def docx_bytes(content: dict[str, Any], number: int, municipality: Municipality) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    _page_setup(document)
    _language(document)
    _properties(document, content, number)
    _header_and_footer(document, content["meta"], municipality, draft=bool(content.get("draft")))
    document.styles["Normal"].font.size = Pt(11)
    for block in outline.build(content):
        kind = block["type"]
        if kind == "kicker":
            document.add_paragraph(f"{block['text']} – version {number}")
        elif kind == "heading":
            heading = document.add_heading(block["text"], level=block["level"])
            heading.paragraph_format.keep_with_next = True
        elif kind == "meta":
            for term, value in block["items"]:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{term}: ").bold = True
                paragraph.add_run(str(value))
        elif kind == "paragraph":
            document.add_paragraph(block["text"])
        elif kind == "list" and block.get("ordered") is False:
            for item in block["items"]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "list":
            _numbered(document, block["items"])
        elif kind == "signatures":
            _signatures(document, block["items"])
        elif kind == "table":
            _table(document, block)
        elif kind == "chart":
            _chart_table(document, block)
    if line := frozen_line(content, number):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
