"""The case in CITS ERMS XML (FGS Ärendehantering 2.0): the case file, its documents, its dates
and its agents by role. Agents are officials, boards and organisations – never residents: the
tracker stores no resident's name, and the providers pass only roles of the municipality."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from lxml import etree

ERMS = "https://DILCIS.eu/XML/ERMS"


@dataclass(frozen=True, slots=True)
class Agent:
    kind: str  # an ERMS agentType: responsible_person, authorising_person, main_signatory, …
    name: str
    organisation: str = ""
    role: str = ""  # in Swedish, e.g. "Handläggare"


@dataclass(frozen=True, slots=True)
class Document:
    system_id: str
    title: str
    path: str  # in the package, from its root
    file_format: str
    created: datetime | date
    record_type: str = "document"


@dataclass(frozen=True, slots=True)
class Case:
    system_id: str  # the tracker's own reference, e.g. "report-12-version-2"
    object_id: str  # the diarienummer, or the tracker's reference when there is none
    title: str
    producer: str  # the municipality
    status: str = "closed"  # an ERMS status value
    description: str = ""
    agents: Sequence[Agent] = field(default=())
    dates: Sequence[tuple[str, datetime | date]] = field(default=())  # (ERMS dateType, when)
    documents: Sequence[Document] = field(default=())
    secrecy: str = ""  # the OSL provision the case is marked with, "" when it is public


def registered(record: Mapping[str, Any]) -> list[tuple[str, datetime | date]]:
    """The case's registration in the diarium as its ERMS opening date (none if unregistered)."""
    day = record.get("registered_on")
    return [("opened", day)] if day else []


def _q(name: str) -> str:
    return f"{{{ERMS}}}{name}"


def _text(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name), **attributes)
    element.text = text
    return element


def _when(moment: datetime | date) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    return moment.isoformat(timespec="seconds")


def _agents(parent: etree._Element, agents: Sequence[Agent]) -> None:
    if not agents:
        return
    holder = etree.SubElement(parent, _q("agents"))
    for agent in agents:
        element = etree.SubElement(holder, _q("agent"), agentType=agent.kind)
        _text(element, "name", agent.name)
        if agent.organisation:
            _text(element, "organisation", agent.organisation)
        if agent.role:
            _text(element, "role", agent.role)


def _dates(parent: etree._Element, dates: Sequence[tuple[str, datetime | date]]) -> None:
    if not dates:
        return
    holder = etree.SubElement(parent, _q("dates"))
    for kind, moment in dates:
        _text(holder, "date", _when(moment), dateType=kind)


def _control(root: etree._Element, case: Case, moment: datetime, software: str) -> None:
    control = etree.SubElement(root, _q("control"))
    _text(control, "identification", case.system_id, identificationType="system_identifier")
    maintenance = etree.SubElement(control, _q("maintenanceInformation"))
    etree.SubElement(maintenance, _q("maintenanceStatus"), value="new")
    agency = etree.SubElement(maintenance, _q("maintenanceAgency"))
    _text(agency, "agencyName", case.producer)
    history = etree.SubElement(maintenance, _q("maintenanceHistory"))
    event = etree.SubElement(history, _q("maintenanceEvent"))
    etree.SubElement(event, _q("eventType"), value="created")
    _text(event, "eventDateTime", _when(moment))
    agent = etree.SubElement(event, _q("agent"), agentType="creator")
    _text(agent, "name", software)


def _document(parent: etree._Element, document: Document, producer: str) -> None:
    record = etree.SubElement(
        parent, _q("record"), systemIdentifier=document.system_id, recordType=document.record_type
    )
    _text(record, "objectId", document.system_id)
    _text(record, "title", document.title)
    etree.SubElement(record, _q("direction"), directionDefinition="internal_memo_without_follow-up")
    _agents(record, [Agent("creator", producer)])
    _dates(record, [("created", document.created)])
    extra = etree.SubElement(record, _q("additionalInformation"))
    etree.SubElement(
        extra,
        _q("appendix"),
        name=document.path.rsplit("/", 1)[-1],
        path=document.path,
        fileFormat=document.file_format,
    )


def document(case: Case, moment: datetime, software: str) -> bytes:
    root = etree.Element(_q("erms"), nsmap={None: ERMS})
    _control(root, case, moment, software)
    aggregation = etree.SubElement(
        etree.SubElement(root, _q("aggregations")),
        _q("aggregation"),
        systemIdentifier=case.system_id,
        aggregationType="caseFile",
    )
    _text(aggregation, "objectId", case.object_id)
    _text(aggregation, "title", case.title)
    etree.SubElement(aggregation, _q("status"), value=case.status)
    if case.secrecy:
        restriction = etree.SubElement(
            aggregation, _q("restriction"), restrictionType="confidential"
        )
        _text(restriction, "explanatoryText", "Sekretessmarkerad i spåraren")
        _text(restriction, "regulation", case.secrecy)
    _agents(aggregation, case.agents)
    if case.description:
        _text(aggregation, "description", case.description)
    _dates(aggregation, case.dates)
    for item in case.documents:
        _document(aggregation, item, case.producer)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
