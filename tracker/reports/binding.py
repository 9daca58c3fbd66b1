"""Numbers in the narrative bound to their figures, as plain functions.

The stored text holds a reference, never the number: `{{figur:projects.iterations}}` shows the
figure's current value ("5"), and `{{figur:projects.iterations|iteration|iterationer}}` shows it
with the noun that agrees ("1 iteration", "5 iterationer"). A draft shows the values computed
now; freezing resolves them into the frozen text, from the same figures as the frozen tables, so
the text and the tables of a version always say the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# {{figur:KEY}} or {{figur:KEY|singular|plural}}; spaces inside the braces are allowed.
REFERENCE = re.compile(
    r"\{\{\s*figur:\s*(?P<key>[A-Za-z0-9_.\-]+)\s*"
    r"(?:\|(?P<one>[^|{}]*)\|(?P<many>[^|{}]*))?\s*\}\}"
)


def reference(key: str, one: str = "", many: str = "") -> str:
    """How the drafting writes a bound number into the text."""
    return f"{{{{figur:{key}|{one}|{many}}}}}" if one else f"{{{{figur:{key}}}}}"


def _number(value: Any) -> str:
    return f"{int(value):,}".replace(",", "\u00a0")


def figure_text(figure: Mapping[str, Any]) -> str:
    """A figure's value as a Swedish reader expects it: 120 000 kr, 12, and a share with its
    numerator and denominator, 63 % (10 av 16)."""
    unit = figure.get("unit") or ""
    value = _number(figure["value"])
    text = f"{value}\u00a0{unit}" if unit else value
    if "whole" in figure:
        text += f" ({figure['part']}\u00a0av\u00a0{figure['whole']})"
    return text


def _value_text(figure: Mapping[str, Any], one: str | None, many: str | None) -> str:
    if one is None or many is None:
        return figure_text(figure)
    noun = (one if int(figure["value"]) == 1 else many).strip()
    return f"{_number(figure['value'])} {noun}".strip()


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a paragraph: plain text, or a bound value (`figure` is the figure's key)."""

    text: str
    figure: str | None = None


def segments(text: str, figures: Mapping[str, Mapping[str, Any]]) -> list[Segment]:
    """The text cut into plain pieces and bound values. An unknown reference stays as typed."""
    found: list[Segment] = []
    position = 0
    for match in REFERENCE.finditer(text):
        figure = figures.get(match["key"])
        if figure is None:
            continue
        if match.start() > position:
            found.append(Segment(text[position : match.start()]))
        found.append(Segment(_value_text(figure, match["one"], match["many"]), match["key"]))
        position = match.end()
    if position < len(text):
        found.append(Segment(text[position:]))
    return found


def resolve(text: str, figures: Mapping[str, Mapping[str, Any]]) -> str:
    """The text with every bound number replaced by its figure's value."""
    return "".join(segment.text for segment in segments(text, figures))


def resolve_all(
    narrative: Mapping[str, str], figures: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    return {key: resolve(text, figures) for key, text in narrative.items()}


def bound_keys(text: str) -> list[str]:
    """The figures a text refers to, in order, each once."""
    return list(dict.fromkeys(match["key"] for match in REFERENCE.finditer(text)))


def unknown_references(text: str, known: Iterable[str]) -> list[str]:
    """References to figures that do not exist, and `{{…}}` that are not references at all."""
    names = set(known)
    unknown = [key for key in bound_keys(text) if key not in names]
    leftover = REFERENCE.sub("", text)
    malformed = re.findall(r"\{\{.*?\}\}", leftover)
    return unknown + malformed


def reference_problem(text: str, known: Iterable[str]) -> str | None:
    """The message beside the field when a text refers to a figure that does not exist."""
    unknown = unknown_references(text, known)
    if not unknown:
        return None
    listed = ", ".join(f"”{item}”" for item in unknown)
    return (
        f"Texten hänvisar till en siffra som inte finns: {listed}. Skriv {{{{figur:NYCKEL}}}} "
        "med en nyckel ur listan över siffror under fälten, eller skriv talet som vanlig text."
    )
