"""An uploaded XLSX file is looked at before openpyxl reads it, so that a small file cannot
cost a worker minutes and gigabytes.

An XLSX file is a ZIP of XML parts. The ZIP's directory says how large each part unpacks to
(and reading never unpacks more than that), so the total is bounded before anything is
unpacked. Then the XML is read as a stream with defusedxml, which refuses a DOCTYPE, entity
declarations and external references (the XML bomb and the external entity), and each row's
cells and each text's length are counted as they stream past: the first row or text over its
bound ends the reading. openpyxl builds a whole row before it yields it, so it must never meet
a row of two million cells.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # all parts together; 2,000 full rows need about 5 MB
MAX_PARTS = 200
MAX_CELLS_PER_ROW = 60  # the widest export (dialogues) has 18 columns
MAX_CELL_LENGTH = 32_767  # Excel's own limit for a cell

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _STRING = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}si"
_TEXT, _VALUE = f"{_MAIN}t", f"{_MAIN}v"


class SpreadsheetRefused(ValueError):
    """The file is refused; the message is for the user, in Swedish."""


def _parts(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise SpreadsheetRefused("Filen har för många delar för att vara ett kalkylark.")
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise SpreadsheetRefused(
            "Filen är för stor när den packas upp. Importera högst 2 000 rader med "
            "vanlig text, utan bilder eller andra blad."
        )
    return parts


def _events(stream: IO[bytes]) -> Iterator[tuple[str, object]]:
    return iterparse(stream, events=("start", "end"), forbid_dtd=True)


def _check_part(stream: IO[bytes]) -> None:
    cells = 0
    for event, element in _events(stream):
        tag = getattr(element, "tag", "")
        if event == "start" and tag == _ROW:
            cells = 0
        elif event == "start" and tag == _CELL:
            cells += 1
            if cells > MAX_CELLS_PER_ROW:
                raise SpreadsheetRefused(
                    f"En rad i filen har fler än {MAX_CELLS_PER_ROW} celler. "
                    "Ta bort de tomma kolumnerna till höger och försök igen."
                )
        elif (
            event == "end"
            and tag in (_TEXT, _VALUE)
            and len(getattr(element, "text", None) or "") > MAX_CELL_LENGTH
        ):
            raise SpreadsheetRefused(
                f"En cell i filen har mer än {MAX_CELL_LENGTH} tecken, mer än något fält tar emot."
            )
        if event == "end" and tag in (_ROW, _STRING):
            element.clear()  # type: ignore[attr-defined]  # keep memory flat


def check_xlsx(content: bytes) -> None:
    """Raise SpreadsheetRefused unless the file is a ZIP whose XML is safe and small to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for part in _parts(archive):
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as stream:
                        _check_part(stream)
    except DefusedXmlException as error:
        raise SpreadsheetRefused(
            "Filen innehåller XML-konstruktioner (DOCTYPE eller entiteter) som ett kalkylark "
            "från Excel aldrig har. Spara den på nytt i Excel."
        ) from error
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ParseError,
        EOFError,
        OSError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # a compression method zipfile cannot unpack
        zlib.error,
    ) as error:
        raise SpreadsheetRefused(
            "Filen går inte att öppna som XLSX. Spara den på nytt i Excel."
        ) from error
