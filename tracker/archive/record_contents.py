"""What a finished dialogue (Återkopplad), collaboration (Avslutad) or project (Införd or
Avslutad) puts in its delivery package: the record and its parts as data (CSV, XML with its
schema), the same as a document in PDF/A-2b, and the case in CITS ERMS.

Each kind is declared once (`KINDS`): its table, its parts, when it counts as finished, and its
agents by role. The parts are the record's own (sessions, feedback, documents, iterations…);
residents are never among them: the tracker keeps no resident's name in these tables.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from piccolo.table import Table

from tracker.archive import data, erms, pdfa
from tracker.archive.erms import registered
from tracker.archive.package import REPRESENTATION, SOFTWARE, Contents, PackageFile
from tracker.archive.report_contents import NotDeliverable
from tracker.collaborations import labels as collaboration_labels
from tracker.collaborations.tables import (
    Collaboration,
    CollaborationOrganisation,
    Contribution,
    FollowUp,
)
from tracker.dialogues import labels as dialogue_labels
from tracker.dialogues.rules import STATE_LABELS, State
from tracker.dialogues.tables import Dialogue, DialogueDocument, DialogueFeedback, DialogueSession
from tracker.kinds import COLLABORATION, DIALOGUE, PROJECT, RecordKind
from tracker.municipality import Municipality
from tracker.projects import labels as project_labels
from tracker.projects.rules import STATUS_LABELS, ProjectStatus
from tracker.projects.tables import Iteration, Project, StepMove
from tracker.reports.documents import DOCUMENT_CSS
from tracker.settings import get_settings

DATA = f"{REPRESENTATION}/data"
HIDDEN = {"title_search", "title_sort", "version"}  # search helpers and edit counters
PART_LABELS = {
    "sessions": "Dialogtillfällen",
    "feedback": "Återkoppling",
    "documents": "Dokumentation",
    "contributions": "Insatser",
    "follow_ups": "Uppföljningar",
    "iterations": "Iterationer",
    "organisations": "Organisationer",
    "step_moves": "Stegbyten",
}


@dataclass(frozen=True, slots=True)
class Kind:
    kind: RecordKind
    slug: str  # in the delivery page's address: /arkiv/<slug>/<id>
    table: type[Table]
    parts: tuple[tuple[str, type[Table], str], ...]  # (name, table, column naming the record)
    labels: Mapping[str, str]
    finished: Callable[[dict[str, Any]], bool]
    not_finished: str
    status_label: Callable[[dict[str, Any]], str]
    agents: Callable[[dict[str, Any], str], list[erms.Agent]]
    dates: Callable[[dict[str, Any]], list[tuple[str, datetime | date]]]
    # Parts read from other tables by a join, e.g. a collaboration's organisations.
    joined: Callable[[int], Awaitable[dict[str, Any]]] | None = None


def _some(*agents: erms.Agent) -> list[erms.Agent]:
    return [agent for agent in agents if agent.name]


def _some_dates(*dates: tuple[str, datetime | date | None]) -> list[tuple[str, datetime | date]]:
    return [(kind, when) for kind, when in dates if when is not None]


async def _organisations(collaboration_id: int) -> dict[str, Any]:
    """The collaboration's organisations (counterparts): names and numbers, no persons."""
    link = CollaborationOrganisation
    rows = await (
        link.select(
            link.organisation.name.as_alias("name"),
            link.organisation.org_number.as_alias("org_number"),
            link.organisation.kind.as_alias("kind"),
        )
        .where(link.collaboration == collaboration_id)
        .order_by(link.id)
    )
    return {"organisations": rows}


def _collaboration_agents(row: dict[str, Any], org: str) -> list[erms.Agent]:
    return _some(
        erms.Agent("responsible_person", row["contact_role"], org, "Kontaktperson (roll)"),
        erms.Agent("other", row["department"], org, "Förvaltning"),
        *(
            erms.Agent("counterpart", partner["name"], partner["name"], "Part i samverkan")
            for partner in row.get("organisations", [])
        ),
    )


KINDS: dict[str, Kind] = {
    DIALOGUE.key: Kind(
        kind=DIALOGUE,
        slug="dialoger",
        table=Dialogue,
        parts=(
            ("sessions", DialogueSession, "dialogue"),
            ("feedback", DialogueFeedback, "dialogue"),
            ("documents", DialogueDocument, "dialogue"),
        ),
        labels=dialogue_labels.FIELD_LABELS,
        finished=lambda row: row["state"] == State.FED_BACK,
        not_finished="Bara dialoger som är återkopplade kan levereras till e-arkivet.",
        status_label=lambda row: STATE_LABELS.get(row["state"], row["state"]),
        agents=lambda row, org: _some(
            erms.Agent("other", row["board"], org, "Nämnd"),
            erms.Agent("responsible_person", row["department"], org, "Förvaltning"),
        ),
        dates=lambda row: _some_dates(
            ("created", row["created_at"]),
            ("decision", row["decided_on"]),
            ("closed", row["updated_at"]),
        ),
    ),
    COLLABORATION.key: Kind(
        kind=COLLABORATION,
        slug="samverkan",
        table=Collaboration,
        parts=(
            ("contributions", Contribution, "collaboration"),
            ("follow_ups", FollowUp, "collaboration"),
        ),
        labels=collaboration_labels.FIELD_LABELS,
        finished=lambda row: row["status"] == "ended",
        not_finished="Bara avslutade samverkan kan levereras till e-arkivet.",
        status_label=lambda row: collaboration_labels.STATUS_LABELS.get(
            row["status"], row["status"]
        ),
        agents=_collaboration_agents,
        dates=lambda row: _some_dates(
            ("created", row["created_at"]),
            ("start", row["start_date"]),
            ("end", row["end_date"]),
        ),
        joined=_organisations,
    ),
    PROJECT.key: Kind(
        kind=PROJECT,
        slug="projekt",
        table=Project,
        parts=(("iterations", Iteration, "project"), ("step_moves", StepMove, "project")),
        labels=project_labels.FIELD_LABELS,
        finished=lambda row: row["status"] in (ProjectStatus.IMPLEMENTED, ProjectStatus.CLOSED),
        not_finished="Bara projekt som är införda eller avslutade kan levereras till e-arkivet.",
        status_label=lambda row: STATUS_LABELS.get(row["status"], row["status"]),
        agents=lambda row, org: _some(
            erms.Agent("responsible_person", row["lead"], org, "Projektledare"),
            erms.Agent("other", row["board"], org, "Nämnd"),
            erms.Agent("other", row["department"], org, "Förvaltning"),
        ),
        dates=lambda row: _some_dates(
            ("created", row["created_at"]),
            ("start", row["start_date"]),
            ("closed", row["updated_at"]),
        ),
    ),
}
BY_SLUG = {kind.slug: kind for kind in KINDS.values()}


async def record_of(kind: Kind, record_id: int) -> dict[str, Any] | None:
    """The record and its parts, as one tree of values; None when there is no such record."""
    row = await kind.table.select().where(kind.table._meta.primary_key == record_id).first()
    if row is None:
        return None
    record: dict[str, Any] = {k: v for k, v in row.items() if k not in HIDDEN}
    for name, table, column in kind.parts:
        record[name] = await (
            table.select()
            .where(getattr(table, column) == record_id)
            .order_by(table._meta.primary_key)
        )
    if kind.joined is not None:
        record |= await kind.joined(record_id)
    return record


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(get_settings().templates_dir)),
        autoescape=select_autoescape(["html"]),
    )


def document_html(kind: Kind, record: dict[str, Any], municipality: Municipality) -> str:
    fields = [
        (kind.labels.get(key, key), text)
        for key, value in record.items()
        if not isinstance(value, list)
        for _path, text in data.rows(value)
    ]
    parts = [
        (PART_LABELS.get(name, name), [list(data.rows(item)) for item in value])
        for name, value in record.items()
        if isinstance(value, list)
    ]
    return (
        _environment()
        .get_template("archive/record_pdf.html")
        .render(
            kind=kind.kind,
            record=record,
            status=kind.status_label(record),
            fields=fields,
            parts=parts,
            municipality=municipality,
        )
    )


def stem(kind: Kind, record_id: int) -> str:
    return f"{kind.slug}-{record_id}"


async def contents(
    kind: Kind, record: dict[str, Any], municipality: Municipality, moment: datetime
) -> Contents:
    if not kind.finished(record):
        raise NotDeliverable(kind.not_finished)
    name = stem(kind, int(record["id"]))
    html = document_html(kind, record, municipality)
    pdf = await pdfa.pdf_a(html, DOCUMENT_CSS, str(get_settings().templates_dir))
    files = [
        PackageFile(f"{DATA}/{name}.pdf", pdf, "application/pdf", pdfa.FORMAT_NAME),
        PackageFile(f"{DATA}/{name}-data.csv", data.as_csv(record), "text/csv", "CSV"),
        PackageFile(
            f"{DATA}/{name}-data.xml",
            data.as_xml(record, kind.kind.key, int(record["id"])),
            "application/xml",
            "XML",
        ),
    ]
    title = str(record.get("title", ""))
    org = municipality.name
    case = erms.Case(
        system_id=f"{kind.kind.key}-{record['id']}",
        object_id=record.get("diarienummer") or f"{kind.kind.key}-{record['id']}",
        secrecy=record.get("secrecy") or "",
        title=title,
        producer=org,
        description=f"{kind.kind.label}: {title}. Status: {kind.status_label(record)}.",
        agents=kind.agents(record, org),
        dates=[*registered(record), *kind.dates(record)],
        documents=[
            erms.Document(
                system_id=f"{kind.kind.key}-{record['id']}-{item.name}",
                title=f"{kind.kind.label} {title} ({item.format_name})",
                path=item.path,
                file_format=item.format_name,
                created=moment,
            )
            for item in files
        ],
    )
    return Contents(
        label=f"{kind.kind.label} {record['id']}: {title}",
        producer=org,
        documents=files,
        schemas=[
            PackageFile(f"schemas/{data.SCHEMA_NAME}", data.schema_bytes(), "application/xml")
        ],
        erms=erms.document(case, moment, SOFTWARE),
        record_created=record["created_at"],
    )
