"""The record's data for the archive: the same rows as CSV and as XML with its schema.

A record (or a frozen report's snapshot) is a tree of values; each leaf becomes one row, named
by its path ("meta.diarienummer", "figures.dialogues_held.value", "sessions.0.held_on"), so one
simple schema (schemas/tracker-data.xsd) describes the data of every kind of record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMA_FILE = Path(__file__).parent / "schemas" / "tracker-data.xsd"
NAMESPACE = "urn:tracker:record-data:1"
SCHEMA_NAME = "tracker-data.xsd"


def rows(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every leaf, in a stable order."""
    if isinstance(value, Mapping):
        for key in sorted(value, key=str):
            yield from rows(value[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from rows(item, f"{prefix}.{index}" if prefix else str(index))
    elif value is None:
        yield prefix, ""
    elif isinstance(value, bool):
        yield prefix, "true" if value else "false"
    else:
        yield prefix, value.isoformat() if hasattr(value, "isoformat") else str(value)


def as_csv(data: Mapping[str, Any]) -> bytes:
    """UTF-8 with BOM (so a spreadsheet reads å, ä, ö), comma-separated, a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["fält", "värde"])
    writer.writerows(rows(data))
    return out.getvalue().encode("utf-8-sig")


def as_xml(data: Mapping[str, Any], kind: str, record_id: int, version: int | None = None) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}record", nsmap={None: NAMESPACE})
    root.set("kind", kind)
    root.set("id", str(record_id))
    if version is not None:
        root.set("version", str(version))
    root.set(
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
        f"{NAMESPACE} ../../../schemas/{SCHEMA_NAME}",
    )
    for name, text in rows(data):
        field = etree.SubElement(root, f"{{{NAMESPACE}}}field", name=name)
        field.text = _xml_safe(text)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _xml_safe(text: str) -> str:
    """XML 1.0 has no place for most control characters: drop them (tabs and newlines stay)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def schema_bytes() -> bytes:
    return SCHEMA_FILE.read_bytes()
