"""What every strand's figures share: the figure set, the data files, SQL helpers for both
databases, and the period's months and moments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tracker.clock import SWEDISH_TIME
from tracker.collaborations.catalogue import CollaborationLists
from tracker.db import is_postgres
from tracker.dialogues.catalogue import DialogueLists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports.definitions import definition_of

KIND_NOUNS = {  # each kind of record behind a figure, as a noun in tracker.web.counting
    "dialogue": "dialog",
    "collaboration": "samarbete",
    "organisation": "organisation",
    "project": "projekt",
    "iteration": "iteration",
    "step_move": "stegbyte",
    "insight": "insikt",
    "service_change": "tjänsteförändring",
    "service_effect": "effektmål",
}


@dataclass(slots=True)
class Lists:
    """The data files the figures need for labels and order."""

    catalogue: PhaseCatalogue
    dialogue_lists: DialogueLists
    collaboration_lists: CollaborationLists | None


@dataclass(slots=True)
class FigureSet:
    """Figures by key (value, unit, kind, ids), tables per strand and chart data."""

    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(
        self, key: str, label: str, value: int, kind: str | None, ids: list[int], unit: str = ""
    ) -> str:
        self.figures[key] = {
            "label": label,
            "value": value,
            "unit": unit,
            "kind": kind,
            "ids": sorted(set(ids)),
            "definition": definition_of(key),
        }
        return key

    def add_amounts(
        self, key: str, label: str, amounts: dict[int, int], kind: str | None, unit: str = ""
    ) -> str:
        """A figure that is a sum: its records are those with a part of it, each with its
        amount (keys as text, as they are once frozen), and the amounts add up to the figure."""
        found = {record: int(amount) for record, amount in amounts.items() if amount}
        self.add(key, label, sum(found.values()), kind, list(found), unit)
        self.figures[key]["amounts"] = {str(record): found[record] for record in sorted(found)}
        return key

    def add_share(
        self, key: str, label: str, part: list[int], whole: list[int], kind: str | None
    ) -> str:
        """A share in per cent (rounded half up) that keeps its numerator and denominator, so
        it reads "63 % (10 av 16)"; its records are the whole it is a share of."""
        self.add(key, label, percent(len(set(part)), len(set(whole))), kind, whole, unit="%")
        self.figures[key]["part"] = len(set(part))
        self.figures[key]["whole"] = len(set(whole))
        self.figures[key]["part_ids"] = sorted(set(part))
        return key


def ids_agg(expression: str, distinct: bool = True) -> str:
    """An aggregate gathering the ids of a group as text ("3,7,12"); NULLs are skipped."""
    word = "DISTINCT " if distinct else ""
    if is_postgres():
        return f"string_agg({word}CAST({expression} AS TEXT), ',')"
    return f"group_concat({word}{expression})"


def month_of(expression: str) -> str:
    return f"to_char({expression}, 'YYYY-MM')" if is_postgres() else f"substr({expression}, 1, 7)"


def split_ids(text: str | None) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part}) if text else []


def months_of(start: date, end: date) -> list[str]:
    """Every month the period touches, as YYYY-MM."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def period_moments(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as UTC moments: from 00:00 Swedish time on the first day to 00:00 the day
    after the last (exclusive)."""
    first = datetime.combine(start, time(0), SWEDISH_TIME).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), SWEDISH_TIME).astimezone(UTC)
    return first, after


def percent(part: int, whole: int) -> int:
    """A share in whole per cent, rounded half up as a Swedish reader and Excel do (10 of 16
    is 63 %, not Python's half-to-even 62 %); exact in integers, 0 when there is no whole."""
    if whole <= 0:
        return 0
    return (200 * part + whole) // (2 * whole)


MONTH_NAMES = (
    "jan",
    "feb",
    "mar",
    "apr",
    "maj",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def figure_row(label: str, *keys: str | None) -> dict[str, Any]:
    """A table row whose cells are figures (linked to their records); None is an empty cell."""
    return {"label": label, "cells": [{"figure": key} for key in keys]}


def text_row(label: str, *texts: str) -> dict[str, Any]:
    return {"label": label, "cells": [{"text": text} for text in texts]}
