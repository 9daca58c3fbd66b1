"""Bar charts as plain SVG geometry: the template draws them, with a title, a description and
the same numbers as a table. Colours are SVG attributes (no inline styles, for the CSP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COLOURS = ("#1d4f91", "#b35c00")  # dark blue and dark orange: both 4.5:1 on white
WIDTH = 640
LABEL_HEIGHT = 66
PLOT_HEIGHT = 200
TOP = 24
LEFT = 40


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value: int
    label_y: float


@dataclass(slots=True)
class Group:
    label: str
    x: float  # centre
    bars: list[Bar] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the label, wrapped when space is short


@dataclass(slots=True)
class Chart:
    key: str
    title: str
    description: str
    series: list[tuple[str, str]]  # (name, colour)
    groups: list[Group]
    ticks: list[tuple[float, int]]  # (y, value)
    width: int
    height: int
    base_y: float
    headers: list[str]
    rows: list[list[str]]


def _nice_step(value: int) -> int:
    """A round step so that four steps reach `value`: 1, 2, 5, 10, 20, 25, 50, 100, …"""
    needed = max(1, -(-value // 4))
    magnitude = 1
    while True:
        for candidate in (magnitude, 2 * magnitude, 25 * magnitude // 10, 5 * magnitude):
            if candidate >= needed and candidate * 10 % 10 == 0:
                return candidate
        magnitude *= 10


def build(key: str, data: dict[str, Any]) -> Chart:
    series = list(data["series"])
    bars_data = list(data["bars"])
    largest = max((v for bar in bars_data for v in bar["values"]), default=0)
    step = _nice_step(int(largest))
    top_value = step * 4
    groups: list[Group] = []
    slot = (WIDTH - LEFT - 10) / max(1, len(bars_data))
    bar_width = min(36.0, (slot - 8) / max(1, len(series)))
    base_y = TOP + PLOT_HEIGHT
    for index, item in enumerate(bars_data):
        centre = LEFT + slot * index + slot / 2
        label = str(item["label"])
        wrapped = label.split(" ", 1) if slot < 7 * len(label) else [label]
        group = Group(label=label, x=round(centre, 1), lines=wrapped)
        first_x = centre - bar_width * len(series) / 2
        for s_index, value in enumerate(item["values"]):
            height = PLOT_HEIGHT * value / top_value if top_value else 0
            group.bars.append(
                Bar(
                    x=round(first_x + s_index * bar_width, 1),
                    y=round(base_y - height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(height, 1),
                    colour=COLOURS[s_index % len(COLOURS)],
                    value=int(value),
                    label_y=round(base_y - height - 4, 1),
                )
            )
        groups.append(group)
    ticks = [(round(base_y - PLOT_HEIGHT * i / 4, 1), step * i) for i in range(5)]
    parts = []
    for item in bars_data:
        values = ", ".join(
            f"{name.lower()} {value}" for name, value in zip(series, item["values"], strict=False)
        )
        parts.append(f"{item['label']}: {values}")
    description = f"Stapeldiagram. {'; '.join(parts)}." if parts else "Inga uppgifter."
    return Chart(
        key=key,
        title=data["title"],
        description=description,
        series=[(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(series)],
        groups=groups,
        ticks=ticks,
        width=WIDTH,
        height=TOP + PLOT_HEIGHT + LABEL_HEIGHT,
        base_y=base_y,
        headers=["", *series],
        rows=[[item["label"], *[str(v) for v in item["values"]]] for item in bars_data],
    )


CHART_ORDER = (("steps", "projects"), ("levels", "dialogues"), ("feedback", "dialogues"))


def charts_of(content: dict[str, Any]) -> dict[str, list[Chart]]:
    """The charts of a version's content, by the strand they belong to."""
    found: dict[str, list[Chart]] = {}
    for key, strand in CHART_ORDER:
        if key in content.get("charts", {}):
            found.setdefault(strand, []).append(build(key, content["charts"][key]))
    return found
