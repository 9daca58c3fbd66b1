"""PREMIS 3 preservation metadata for a package: each document and data file as an object (its
SHA-256, size and format), the record's creation and the package's making as events, and the
tracker as the agent that made the package."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from tracker.archive.package import PackageFile

PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://www.loc.gov/premis/v3 https://www.loc.gov/standards/premis/premis.xsd"


def _q(name: str) -> str:
    return f"{{{PREMIS}}}{name}"


def _text(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    element.text = text
    return element


def _identifier(parent: etree._Element, kind: str, value: str) -> None:
    identifier = etree.SubElement(parent, _q(f"{kind}Identifier"))
    _text(identifier, f"{kind}IdentifierType", "local")
    _text(identifier, f"{kind}IdentifierValue", value)


def _object(root: etree._Element, item: PackageFile) -> None:
    element = etree.SubElement(root, _q("object"))
    element.set(f"{{{XSI}}}type", "file")
    _identifier(element, "object", item.path)
    characteristics = etree.SubElement(element, _q("objectCharacteristics"))
    fixity = etree.SubElement(characteristics, _q("fixity"))
    _text(fixity, "messageDigestAlgorithm", "SHA-256")
    _text(fixity, "messageDigest", hashlib.sha256(item.data).hexdigest())
    _text(characteristics, "size", str(len(item.data)))
    designation = etree.SubElement(
        etree.SubElement(characteristics, _q("format")), _q("formatDesignation")
    )
    _text(designation, "formatName", item.format_name or item.mime)
    _text(element, "originalName", item.name)


def _event(
    root: etree._Element,
    event_id: str,
    kind: str,
    moment: datetime,
    detail: str,
    agent: str,
    objects: Sequence[str],
) -> None:
    event = etree.SubElement(root, _q("event"))
    _identifier(event, "event", event_id)
    _text(event, "eventType", kind)
    _text(event, "eventDateTime", moment.isoformat(timespec="seconds"))
    _text(etree.SubElement(event, _q("eventDetailInformation")), "eventDetail", detail)
    _text(etree.SubElement(event, _q("eventOutcomeInformation")), "eventOutcome", "success")
    linked = etree.SubElement(event, _q("linkingAgentIdentifier"))
    _text(linked, "linkingAgentIdentifierType", "local")
    _text(linked, "linkingAgentIdentifierValue", agent)
    for path in objects:
        linked = etree.SubElement(event, _q("linkingObjectIdentifier"))
        _text(linked, "linkingObjectIdentifierType", "local")
        _text(linked, "linkingObjectIdentifierValue", path)


def document(
    objid: str,
    files: Sequence[PackageFile],
    record_created: datetime,
    moment: datetime,
    software: str,
) -> bytes:
    root = etree.Element(_q("premis"), nsmap={"premis": PREMIS, "xsi": XSI}, version="3.0")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    for item in files:
        _object(root, item)
    paths = [item.path for item in files]
    _event(
        root,
        f"{objid}-creation",
        "creation",
        record_created,
        "Handlingen upprättades",
        software,
        paths,
    )
    _event(
        root,
        f"{objid}-package",
        "information package creation",
        moment,
        "Leveranspaketet skapades; kontrollsummorna beräknades",
        software,
        paths,
    )
    agent = etree.SubElement(root, _q("agent"))
    _identifier(agent, "agent", software)
    _text(agent, "agentName", software)
    _text(agent, "agentType", "software")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
