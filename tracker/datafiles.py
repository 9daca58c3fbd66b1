"""Reading the municipality's own data files (TOML) with strict, Swedish error messages.

Used for Innovationsguiden's steps, Delaktighetstrappan, method suggestions and checklists:
a typo gives a message naming the file and the field instead of a strange error later.
Items in lists are numbered from 1 (the first ``[[checklist]]`` block is ``checklist[1]``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class DataFileError(Exception):
    """A data file is wrong; the message names the file and, when known, the field."""

    path: Path
    field: str | None

    def __init__(self, path: Path, field: str | None, problem: str, shown_as: str = "") -> None:
        self.path = path
        self.field = field
        subject = f'fältet "{field}" {problem}' if field else problem
        super().__init__(f"{shown_as or path}: {subject}")


Fail = Callable[[str | None, str], DataFileError]


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    text: str


def shown_path(path: Path, directory: Path) -> str:
    try:
        return path.relative_to(directory.parent).as_posix()
    except ValueError:
        return str(path)


def read_toml(path: Path, fail: Fail) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError as exc:
        raise fail(None, "filen finns inte") from exc
    except tomllib.TOMLDecodeError as exc:
        raise fail(None, f"filen är inte giltig TOML {_position(str(exc))}") from exc
    except UnicodeDecodeError as exc:
        raise fail(None, "filen måste vara sparad som UTF-8") from exc


def _position(message: str) -> str:
    """Turn tomllib's '… (at line 3, column 8)' into '(rad 3, kolumn 8): …'."""
    match = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message)
    if match:
        return f"(rad {match[2]}, kolumn {match[3]}): {match[1]}"
    match = re.fullmatch(r"(.*) \(at end of document\)", message)
    if match:
        return f"(i slutet av filen): {match[1]}"
    return f": {message}"


def reject_unknown(
    table: dict[str, Any], allowed: tuple[str, ...], prefix: str, fail: Fail
) -> None:
    for name in table:
        if name not in allowed:
            raise fail(f"{prefix}{name}", f"är okänt (tillåtna fält: {', '.join(allowed)})")


def required(table: dict[str, Any], name: str, prefix: str, fail: Fail) -> Any:
    if name not in table:
        raise fail(f"{prefix}{name}", "saknas")
    return table[name]


def key(value: Any, field: str, fail: Fail) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        raise fail(field, "måste vara en text med små bokstäver, siffror och bindestreck")
    return value


def text(value: Any, field: str, fail: Fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, "måste vara en text som inte är tom")
    return value.strip()


def positive_int(value: Any, field: str, fail: Fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise fail(field, "måste vara ett heltal större än 0")
    return value


def flag(value: Any, field: str, fail: Fail) -> bool:
    if not isinstance(value, bool):
        raise fail(field, "ska vara true eller false")
    return value


def texts(value: Any, field: str, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(field, 'måste vara en lista med texter, till exempel ["Första", "Andra"]')
    return tuple(text(item, f"{field}[{number}]", fail) for number, item in enumerate(value, 1))


def tables(value: Any, field: str, fail: Fail) -> list[tuple[str, dict[str, Any]]]:
    """A list of [[field]] tables, each with its prefix for messages ("field[2].")."""
    if not isinstance(value, list):
        raise fail(field, f"måste vara en lista med tabeller, skrivna som [[{field}]]")
    result = []
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, dict):
            raise fail(f"{field}[{number}]", "måste vara en tabell")
        result.append((f"{field}[{number}].", entry))
    return result


def unique_keys(keys: list[str], field: str, fail: Fail) -> None:
    for number, value in enumerate(keys, 1):
        earlier = keys.index(value) + 1
        if earlier != number:
            raise fail(
                f"{field}[{number}].key",
                f'har värdet "{value}", som redan används i {field}[{earlier}]',
            )


def checklist(value: Any, field: str, fail: Fail) -> tuple[ChecklistItem, ...]:
    items = []
    for prefix, entry in tables(value, field, fail):
        reject_unknown(entry, ("key", "text"), prefix, fail)
        items.append(
            ChecklistItem(
                key=key(required(entry, "key", prefix, fail), f"{prefix}key", fail),
                text=text(required(entry, "text", prefix, fail), f"{prefix}text", fail),
            )
        )
    unique_keys([item.key for item in items], field, fail)
    return tuple(items)
