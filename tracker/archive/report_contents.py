"""What a frozen report version puts in its delivery package: the document as PDF/A-2b, the
frozen snapshot exactly as stored (so its SHA-256 in METS is the one stored at freezing), the
snapshot's data as CSV and XML with its schema, and the case in CITS ERMS."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from tracker.archive import data, erms, pdfa
from tracker.archive.erms import registered
from tracker.archive.package import REPRESENTATION, SOFTWARE, Contents, PackageFile
from tracker.municipality import Municipality
from tracker.reports import documents
from tracker.reports.rules import Status, sha256_of
from tracker.reports.tables import Report, ReportVersion
from tracker.settings import get_settings

KIND = "report"
DATA = f"{REPRESENTATION}/data"


class NotDeliverable(Exception):
    """The record cannot be delivered as it is (the app answers 409 with the message)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def stem(report: Report, number: int) -> str:
    """ASCII letters, digits and dashes: the name goes into a header as it is."""
    base = re.sub(r"[^A-Za-z0-9]+", "-", report.diarienummer).strip("-") or f"rapport-{report.id}"
    return f"{base}-version-{number}"


def _agents(report: Report, version: ReportVersion, producer: str) -> list[erms.Agent]:
    agents = [
        erms.Agent("responsible_person", report.handlaggare, producer, "Handläggare"),
        erms.Agent("other", report.decision_body, producer, "Beslutande organ"),
    ]
    signatories = [line.strip() for line in report.signatories.splitlines() if line.strip()]
    for index, line in enumerate(signatories):
        kind = "main_signatory" if index == 0 else "other_signatory"
        agents.append(erms.Agent(kind, line, producer, "Undertecknare"))
    if version.frozen_by:
        agents.append(erms.Agent("authorising_person", version.frozen_by, producer, "Fastställde"))
    return [agent for agent in agents if agent.name]


def _case(
    report: Report, version: ReportVersion, producer: str, files: list[PackageFile]
) -> erms.Case:
    frozen_at: datetime = version.frozen_at
    titles = {
        "pdf": f"{report.title} (version {version.number})",
        "json": "Fastställd version, oförändrad (JSON)",
        "csv": "Rapportens uppgifter (CSV)",
        "xml": "Rapportens uppgifter (XML)",
    }
    return erms.Case(
        system_id=f"report-{report.id}-version-{version.number}",
        object_id=report.diarienummer or f"report-{report.id}",
        secrecy=report.secrecy,
        title=report.title,
        producer=producer,
        description=(
            f"Återrapportering till {report.decision_body} ({report.decision_paragraph}, "
            f"{report.decision_date.isoformat()}) för perioden {report.period_start.isoformat()}"
            f"–{report.period_end.isoformat()}. Version {version.number}, fastställd. "
            f"SHA-256 vid fastställandet: {version.content_sha256}."
        ),
        agents=_agents(report, version, producer),
        dates=[
            *registered(report.to_dict()),
            ("created", report.created_at),
            ("decision_date", report.decision_date),
            ("start", report.period_start),
            ("end", report.period_end),
            ("closed", frozen_at),
        ],
        documents=[
            erms.Document(
                system_id=f"report-{report.id}-version-{version.number}-{item.name}",
                title=titles[item.name.rsplit(".", 1)[-1]],
                path=item.path,
                file_format=item.format_name or item.mime,
                created=frozen_at,
            )
            for item in files
        ],
    )


async def contents(
    report: Report, version: ReportVersion, municipality: Municipality, moment: datetime
) -> Contents:
    if version.status != Status.FROZEN:
        raise NotDeliverable("Bara fastställda versioner kan levereras till e-arkivet.")
    if not version.snapshot or sha256_of(version.snapshot) != version.content_sha256:
        raise NotDeliverable(
            "Versionens innehåll stämmer inte med kontrollsumman från fastställandet. "
            "Den levereras inte; kör tracker verify."
        )
    content: dict[str, Any] = json.loads(version.snapshot)
    name = stem(report, version.number)
    html = documents.document_html(content, version.number, municipality)
    pdf = await pdfa.pdf_a(html, documents.DOCUMENT_CSS, str(get_settings().templates_dir))
    files = [
        PackageFile(f"{DATA}/{name}.pdf", pdf, "application/pdf", pdfa.FORMAT_NAME),
        PackageFile(
            f"{DATA}/{name}.json", version.snapshot.encode("utf-8"), "application/json", "JSON"
        ),
        PackageFile(f"{DATA}/{name}-data.csv", data.as_csv(content), "text/csv", "CSV"),
        PackageFile(
            f"{DATA}/{name}-data.xml",
            data.as_xml(content, KIND, report.id, version.number),
            "application/xml",
            "XML",
        ),
    ]
    case = _case(report, version, municipality.name, files)
    return Contents(
        label=f"Rapport {report.diarienummer}, version {version.number}: {report.title}",
        producer=municipality.name,
        documents=files,
        schemas=[
            PackageFile(f"schemas/{data.SCHEMA_NAME}", data.schema_bytes(), "application/xml")
        ],
        erms=erms.document(case, moment, SOFTWARE),
        record_created=version.frozen_at,
        notes=[
            "",
            f"{name}.json är den fastställda versionen byte för byte; dess SHA-256",
            f"({version.content_sha256}) är den som lagrades och loggades vid fastställandet.",
        ],
    )
