"""Reading the report forms: the assignment and period, and the narrative parts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tracker.reports.binding import reference_problem
from tracker.reports.rules import DEFAULT_PERIOD, MAX_PART_LENGTH, PARTS, period_problem
from tracker.shared.registration import read_registration
from tracker.web.forms import Fields

META_FIELDS = (
    "title",
    "decision_body",
    "decision_date",
    "decision_paragraph",
    "diarienummer",
    "followup_date",
    "followup_paragraph",
    "period_start",
    "period_end",
    "report_date",
    "handlaggare",
    "signatories",
)
# Registration beside the diarienummer: on the report record, not in its document's content.
REGISTRY_FIELDS = ("registered_on", "secrecy")
META_LABELS = {
    "title": "ärendemening",
    "decision_body": "beslutande organ",
    "decision_date": "datum för uppdraget",
    "decision_paragraph": "paragraf",
    "diarienummer": "diarienummer",
    "followup_date": "datum för beslutet om återrapportering",
    "followup_paragraph": "paragraf för beslutet om återrapportering",
    "period_start": "första dagen",
    "period_end": "sista dagen",
    "report_date": "datum för tjänsteutlåtandet",
    "handlaggare": "handläggare",
    "signatories": "undertecknas av",
    "registered_on": "registreringsdatum",
    "secrecy": "sekretess",
}


@dataclass(frozen=True, slots=True)
class ReportInput:
    title: str
    decision_body: str
    decision_date: date
    decision_paragraph: str
    diarienummer: str
    followup_date: date | None
    followup_paragraph: str
    period_start: date
    period_end: date
    report_date: date
    handlaggare: str
    signatories: str
    registered_on: date | None = None
    secrecy: str = ""  # "" for none; otherwise the OSL provision


def new_report_defaults(today: date) -> dict[str, str]:
    """What the create form starts with: the Q1 2026 report-back on KS 2024-04-22 § 69."""
    return {
        "title": "Återrapportering av arbetet med medborgardialog, samverkan med "
        "civilsamhället och tjänstedesign med brukarinflytande",
        "decision_body": "Kommunstyrelsen",
        "decision_date": "2024-04-22",
        "decision_paragraph": "§ 69",
        "diarienummer": "",
        "followup_date": "",
        "followup_paragraph": "",
        "period_start": DEFAULT_PERIOD[0].isoformat(),
        "period_end": DEFAULT_PERIOD[1].isoformat(),
        "report_date": today.isoformat(),
        "handlaggare": "",
        "signatories": "",
    }


def read_report_form(raw: Mapping[str, str]) -> tuple[ReportInput | None, Fields]:
    fields = Fields(raw)
    title = fields.text("title", missing="Skriv ärendemeningen.", max_length=300)
    body = fields.text("decision_body", missing="Skriv vilket organ som gav uppdraget.")
    decided = fields.date("decision_date", missing="Skriv datum för uppdragsbeslutet.")
    paragraph = fields.text(
        "decision_paragraph", missing="Skriv paragrafen, till exempel ”§ 69”.", max_length=50
    )
    registration = read_registration(fields, required=True)
    followup = fields.date("followup_date")
    followup_paragraph = fields.text("followup_paragraph", max_length=50)
    if followup and not followup_paragraph:
        fields.error("followup_paragraph", "Skriv paragrafen för beslutet om återrapportering.")
    start = fields.date("period_start", missing="Skriv periodens första dag.")
    end = fields.date("period_end", missing="Skriv periodens sista dag.")
    if problem := period_problem(start, end):
        fields.error("period_end", problem)
    report_date = fields.date("report_date", missing="Skriv tjänsteutlåtandets datum.")
    handlaggare = fields.text("handlaggare", missing="Skriv handläggarens namn och titel.")
    signatories = fields.text(
        "signatories", missing="Skriv vem som undertecknar, en per rad.", max_length=1000
    )
    if not fields.ok:
        return None, fields
    assert decided and start and end and report_date
    return (
        ReportInput(
            title=title,
            decision_body=body,
            decision_date=decided,
            decision_paragraph=paragraph,
            diarienummer=registration.diarienummer or "",
            followup_date=followup,
            followup_paragraph=followup_paragraph,
            period_start=start,
            period_end=end,
            report_date=report_date,
            handlaggare=handlaggare,
            signatories=signatories,
            registered_on=registration.registered_on,
            secrecy=registration.secrecy,
        ),
        fields,
    )


def read_narrative(fields: Fields) -> dict[str, str]:
    """The narrative parts from the same form; empty parts are allowed (shown as empty)."""
    return {key: fields.text(key, max_length=MAX_PART_LENGTH) for key in PARTS}


def check_references(fields: Fields, narrative: Mapping[str, str], known: Iterable[str]) -> None:
    """Refuse a text that refers to a figure that does not exist, beside its field."""
    names = list(known)
    for key, text in narrative.items():
        if problem := reference_problem(text, names):
            fields.error(key, problem)
