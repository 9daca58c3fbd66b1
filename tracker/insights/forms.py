"""The chain's forms, read into plain values with Swedish messages beside each field."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from tracker.web.forms import Fields
from tracker.web.http import record_id


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    text: str
    speaker_category: str
    internal: bool


def read_evidence_form(raw: Mapping[str, str]) -> tuple[EvidenceInput | None, Fields]:
    f = Fields(raw)
    text = f.free_text(
        "text", missing="Skriv citatet eller iakttagelsen, utan namn.", max_length=2000
    )
    speaker = f.free_text(
        "speaker_category",
        missing="Skriv vem som sa det som en kategori, till exempel ”förälder, 30–44 år”.",
        max_length=200,
    )
    internal = f.raw.get("internal", "") == "ja"
    if not f.ok:
        return None, f
    return EvidenceInput(text, speaker, internal), f


@dataclass(frozen=True, slots=True)
class InsightInput:
    statement: str
    target_group: str
    themes: list[str]
    evidence_ids: list[int]


def theme_names(raw: str) -> list[str]:
    """Themes written as a comma-separated list."""
    return list(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))


def read_insight_form(
    raw: Mapping[str, str], evidence: Collection[str], offered: Collection[int]
) -> tuple[InsightInput | None, Fields]:
    """`evidence`: the ids ticked in the form; `offered`: the ids the form offered."""
    f = Fields(raw)
    statement = f.free_text(
        "statement", missing="Skriv insikten: vilket behov eller problem visar underlaget?"
    )
    target_group = f.text("target_group", max_length=200)
    themes = theme_names(f.text("themes", max_length=500))
    if any(len(name) > 100 for name in themes):
        f.error("themes", "Ett tema får vara högst 100 tecken.")
    chosen = [record_id(value) for value in evidence]
    ids = [value for value in chosen if value is not None and value in set(offered)]
    if not ids or len(ids) != len(chosen):
        f.error("evidence", "Välj minst ett underlag som insikten bygger på.")
    if not f.ok:
        return None, f
    return InsightInput(statement, target_group, themes, list(dict.fromkeys(ids))), f


def read_insight_edit_form(raw: Mapping[str, str]) -> tuple[InsightInput | None, Fields]:
    f = Fields(raw)
    statement = f.free_text("statement", missing="Skriv insikten.")
    target_group = f.text("target_group", max_length=200)
    themes = theme_names(f.text("themes", max_length=500))
    if any(len(name) > 100 for name in themes):
        f.error("themes", "Ett tema får vara högst 100 tecken.")
    if not f.ok:
        return None, f
    return InsightInput(statement, target_group, themes, []), f
