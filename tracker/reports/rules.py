"""Rules of the report-back as plain functions: parts, statuses, the content hash and diffs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from tracker.reports.binding import figure_text, resolve

DEFAULT_PERIOD = (date(2025, 4, 22), date(2026, 3, 31))  # the Q1 2026 report-back


class Status:
    DRAFT = "draft"
    FROZEN = "frozen"


# The narrative parts, in the order of the document. Figures are never among them.
PARTS: dict[str, str] = {
    "summary": "Sammanfattning",
    "proposals": "Förslag till beslut",
    "background": "Ärendet och bakgrund",
    "assessment_dialogues": "Medborgardialog – läget",
    "assessment_collaborations": "Samverkan med civilsamhället – läget",
    "assessment_projects": "Tjänstedesign med brukarinflytande – läget",
    "conclusions": "Slutsatser",
    "actions": "Förslag till åtgärder",
    "assessment": "Bedömning",
    "children": "Konsekvenser för barn och unga",
    "economy": "Ekonomiska konsekvenser",
    "documents": "Handlingar i ärendet",
}
# Parts written one item per line and shown as numbered lists.
LIST_PARTS = ("proposals", "actions", "documents")
PART_HINTS: dict[str, str] = {
    "proposals": "Ett beslut per rad, skrivet som om det vore fattat. Raderna numreras.",
    "actions": "En åtgärd per rad. Raderna numreras, så att varje åtgärd kan beslutas för sig.",
    "documents": "En handling per rad. Raderna numreras.",
    "conclusions": "Vad uppföljningen visar. Förslagen till åtgärder skrivs separat nedan.",
}
MAX_PART_LENGTH = 20000

STRANDS = (
    ("dialogues", "Medborgardialog", "assessment_dialogues"),
    ("collaborations", "Samverkan med civilsamhället", "assessment_collaborations"),
    ("projects", "Tjänstedesign med brukarinflytande", "assessment_projects"),
)

FROZEN_MESSAGE = (
    "Versionen är fastställd och kan inte ändras. Skapa en ny version för att göra rättelser."
)


def status_label(status: str, number: int, frozen_numbers: Iterable[int]) -> str:
    """Utkast, fastställd, or ersatt av version N (a later frozen version replaces it)."""
    if status != Status.FROZEN:
        return "Utkast"
    later = sorted(n for n in frozen_numbers if n > number)
    return f"Ersatt av version {later[0]}" if later else "Fastställd"


def status_key(status: str, number: int, frozen_numbers: Iterable[int]) -> str:
    if status != Status.FROZEN:
        return "draft"
    return "replaced" if any(n > number for n in frozen_numbers) else "frozen"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def paragraphs(text: str) -> list[str]:
    return [
        " ".join(block.split())
        for block in text.replace("\r\n", "\n").split("\n\n")
        if block.strip()
    ]


def canonical_json(content: Mapping[str, Any]) -> str:
    """One spelling of the content, so the same content always has the same hash."""
    return json.dumps(
        content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def period_problem(start: date | None, end: date | None) -> str | None:
    if start and end and end < start:
        return "Periodens slut kan inte ligga före dess början."
    return None


# --- comparing two versions --------------------------------------------------------------------


def plain_text(content: Mapping[str, Any]) -> list[str]:
    """The document as lines of text: metadata, every part, and every figure with its value."""
    meta = content.get("meta", {})
    out = [
        f"Ärendemening: {meta.get('title', '')}",
        f"Diarienummer: {meta.get('diarienummer', '')}",
        f"Period: {meta.get('period_start', '')} – {meta.get('period_end', '')}",
        f"Datum: {meta.get('report_date', '')}",
        f"Handläggare: {meta.get('handlaggare', '')}",
    ]
    narrative = content.get("narrative", {})
    for key, heading in PARTS.items():
        out.append(f"## {heading}")
        text = resolve(narrative.get(key, ""), content.get("figures", {}))
        out.extend(lines(text) if key in LIST_PARTS else paragraphs(text))
    out.append("## Siffror")
    for _key, figure in sorted(content.get("figures", {}).items()):
        out.append(f"{figure['label']}: {figure_text(figure)}")
    return out


# Groups of figures added after versions had been frozen; each computes every member, even at 0,
# so a version frozen without any of a group's keys predates it and is not "changed" for that.
LATER_GROUPS = ("projects.status.", "collaborations.status.", "effects.")


def changed_figures(
    frozen: Mapping[str, Mapping[str, Any]], current: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The figures that would now come out differently than when the version was frozen:
    each with its label, the frozen and the current value (as text) and the difference. A
    figure that exists on one side only counts as 0 on the other."""
    changed = []
    newer = tuple(g for g in LATER_GROUPS if not any(key.startswith(g) for key in frozen))
    for key in sorted(set(frozen) | set(current)):
        before, after = frozen.get(key), current.get(key)
        if before is None and newer and key.startswith(newer):
            continue
        was = int(before["value"]) if before else 0
        now = int(after["value"]) if after else 0
        if was == now and (before or {}).get("ids") == (after or {}).get("ids"):
            continue
        shown = after or before
        assert shown is not None
        changed.append(
            {
                "key": key,
                "label": shown["label"],
                "before": figure_text(before) if before else "0",
                "after": figure_text(after) if after else "0",
                "difference": now - was,
            }
        )
    return changed
