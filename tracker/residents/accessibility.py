"""The accessibility statement, following DIGG's template for a tillgänglighetsredogörelse:
how far the service complies (helt, delvis or inte förenlig), what is not accessible and why,
how and when it was assessed, and how to report a problem (with DIGG's reporting service)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.residents.tables import AccessibilityStatement
from tracker.web.forms import Fields

ENTITY = "accessibility_statement"
DIGG_REPORTING = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-"
    "service-dos-lagen/anmal-bristande-tillganglighet"
)
COMPLIANCE: dict[str, str] = {
    "full": "helt förenlig",
    "partial": "delvis förenlig",
    "none": "inte förenlig",
}
FIELD_LABELS: dict[str, str] = {
    "compliance": "Förenlighet med kraven",
    "inaccessible": "Innehåll som inte är tillgängligt, och varför",
    "assessment": "Hur vi har bedömt webbplatsen",
    "last_automated_check": "Senaste automatiska granskning (axe)",
    "last_manual_review": "Senaste manuella granskning",
    "report_problem": "Så anmäler du en brist",
}


@dataclass(frozen=True, slots=True)
class StatementInput:
    compliance: str
    inaccessible: str
    assessment: str
    last_automated_check: date | None
    last_manual_review: date | None
    report_problem: str


# What the statement says before an administrator has saved one.
DEFAULT = StatementInput(
    compliance="partial",
    inaccessible=(
        "Diagram i rapporterna visas som bilder med en tabell bredvid; tabellen har samma "
        "siffror. Nedladdade PDF- och Word-filer kan ha brister som vi inte har granskat fullt ut."
    ),
    assessment=(
        "Vi granskar sidorna automatiskt med verktyget axe vid varje ändring av tjänsten, "
        "och går igenom dem manuellt med tangentbord och skärmläsare."
    ),
    last_automated_check=None,
    last_manual_review=None,
    report_problem="Skriv till kommunens kontaktadress längst ned på sidan.",
)


async def current() -> tuple[StatementInput, dict[str, Any] | None]:
    """The statement shown, and the row it comes from (None: the default, never saved)."""
    row = await (
        AccessibilityStatement.select()
        .order_by(AccessibilityStatement.saved_at, ascending=False)
        .order_by(AccessibilityStatement.id, ascending=False)
        .first()
    )
    if row is None:
        return DEFAULT, None
    return StatementInput(**{key: row[key] for key in FIELD_LABELS}), row


def read_form(raw: Mapping[str, str]) -> tuple[StatementInput | None, Fields]:
    fields = Fields(raw)
    statement = StatementInput(
        compliance=fields.choice(
            "compliance", COMPLIANCE, missing="Välj hur väl tjänsten följer kraven."
        ),
        inaccessible=fields.text(
            "inaccessible",
            missing="Skriv vad som inte är tillgängligt, eller att allt är det.",
            max_length=5000,
        ),
        assessment=fields.text(
            "assessment", missing="Skriv hur tjänsten har bedömts.", max_length=3000
        ),
        last_automated_check=fields.date("last_automated_check"),
        last_manual_review=fields.date("last_manual_review"),
        report_problem=fields.text(
            "report_problem",
            missing="Skriv hur man anmäler en brist till kommunen.",
            max_length=2000,
        ),
    )
    for name in ("last_automated_check", "last_manual_review"):
        value = getattr(statement, name)
        if value is not None and value > now().date():
            fields.error(name, "Datumet kan inte ligga i framtiden.")
    return (statement if fields.ok else None), fields


def fields_of(statement: StatementInput) -> Fields:
    return Fields({k: "" if v is None else str(v) for k, v in asdict(statement).items()})


async def save(statement: StatementInput, actor: Principal) -> None:
    before, row = await current()
    changes = {
        key: [str(old), str(new)]
        for key, old, new in ((k, getattr(before, k), getattr(statement, k)) for k in FIELD_LABELS)
        if old != new
    }
    saved = AccessibilityStatement(**asdict(statement), saved_at=now(), saved_by=actor.name)
    await saved.save()
    await record_change(
        actor=actor,
        entity_type=ENTITY,
        entity_id=saved.id,
        action="updated" if row else "created",
        summary="Ändrade tillgänglighetsredogörelsen",
        changes=changes,
    )
