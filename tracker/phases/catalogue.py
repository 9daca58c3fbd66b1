"""Innovationsguidens steg, inlästa från TOML-filer (en fil per steg).

Stegen är data som kommunen själv får ändra, inte kod. Filerna valideras
strikt så att ett skrivfel ger ett tydligt felmeddelande på svenska som
pekar ut filen och fältet, i stället för ett konstigt fel längre fram.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_PHASES_DIR: Path = Path(__file__).resolve().parents[2] / "phases"

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_PHASE_FIELDS = (
    "key",
    "name",
    "order",
    "aim",
    "activities",
    "methods",
    "done_questions",
    "checklist",
)
_CHECKLIST_FIELDS = ("key", "text")


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Phase:
    key: str
    name: str
    order: int
    aim: str
    activities: tuple[str, ...]
    methods: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    done_questions: tuple[str, ...]

    def checklist_item(self, key: str) -> ChecklistItem | None:
        return next((item for item in self.checklist if item.key == key), None)


class PhaseFileError(Exception):
    """Raised with a Swedish message naming the file and the field, e.g.
    'phases/2-undersoka.toml: fältet "name" saknas' or
    'phases/3-fokusera.toml: fältet "checklist[2].key" måste vara en text med små
    bokstäver, siffror och bindestreck'.

    Items in lists are numbered from 1 (the first ``[[checklist]]`` block is
    ``checklist[1]``). ``field`` is None when the problem concerns the whole file
    (invalid TOML) or the directory (no step files).
    """

    path: Path
    field: str | None

    def __init__(self, path: Path, field: str | None, problem: str, shown_as: str = "") -> None:
        self.path = path
        self.field = field
        subject = f'fältet "{field}" {problem}' if field else problem
        super().__init__(f"{shown_as or path}: {subject}")


_Fail = Callable[[str | None, str], PhaseFileError]


@dataclass(frozen=True)
class PhaseCatalogue:
    phases: tuple[Phase, ...]  # sorted by order

    def __post_init__(self) -> None:
        object.__setattr__(self, "phases", tuple(sorted(self.phases, key=lambda p: p.order)))

    def get(self, key: str) -> Phase | None:
        return next((phase for phase in self.phases if phase.key == key), None)

    def __contains__(self, key: object) -> bool:
        return any(phase.key == key for phase in self.phases)

    def __iter__(self) -> Iterator[Phase]:
        return iter(self.phases)

    def __len__(self) -> int:
        return len(self.phases)

    def position(self, key: str) -> int:
        """0-based index of the step in order; KeyError for an unknown key."""
        for index, phase in enumerate(self.phases):
            if phase.key == key:
                return index
        raise KeyError(key)

    @property
    def first(self) -> Phase:
        return self.phases[0]

    def next_after(self, key: str) -> Phase | None:
        """The following step, None after the last one; KeyError for an unknown key."""
        index = self.position(key) + 1
        return self.phases[index] if index < len(self.phases) else None

    def previous_before(self, key: str) -> Phase | None:
        """The preceding step, None before the first one; KeyError for an unknown key."""
        index = self.position(key)
        return self.phases[index - 1] if index > 0 else None

    def is_backwards(self, from_key: str, to_key: str) -> bool:
        """True if to_key comes earlier than from_key; KeyError for an unknown key."""
        return self.position(to_key) < self.position(from_key)

    def name_of(self, key: str) -> str:
        """The step's name, or the key itself if the step no longer exists."""
        phase = self.get(key)
        return phase.name if phase else key


def load_phases(directory: Path) -> PhaseCatalogue:
    """Read and validate every ``*.toml`` file in ``directory`` (sorted by file name)."""
    if not directory.is_dir():
        raise PhaseFileError(directory, None, "mappen med steg finns inte")
    files = sorted(path for path in directory.glob("*.toml") if path.is_file())
    if not files:
        raise PhaseFileError(directory, None, "mappen innehåller inga steg (inga .toml-filer)")

    phases: list[Phase] = []
    file_of_key: dict[str, str] = {}
    file_of_order: dict[int, str] = {}
    for path in files:
        shown = _shown(path, directory)
        phase = _read_phase(path, shown)
        if phase.key in file_of_key:
            problem = f'har värdet "{phase.key}", som redan används i {file_of_key[phase.key]}'
            raise PhaseFileError(path, "key", problem, shown)
        if phase.order in file_of_order:
            problem = f"har värdet {phase.order}, som redan används i {file_of_order[phase.order]}"
            raise PhaseFileError(path, "order", problem, shown)
        file_of_key[phase.key] = shown
        file_of_order[phase.order] = shown
        phases.append(phase)
    return PhaseCatalogue(tuple(phases))


def _shown(path: Path, directory: Path) -> str:
    try:
        return path.relative_to(directory.parent).as_posix()
    except ValueError:
        return str(path)


def _read_phase(path: Path, shown: str) -> Phase:
    def fail(field: str | None, problem: str) -> PhaseFileError:
        return PhaseFileError(path, field, problem, shown)

    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as exc:
        raise fail(None, f"filen är inte giltig TOML {_position(str(exc))}") from exc
    except UnicodeDecodeError as exc:
        raise fail(None, "filen måste vara sparad som UTF-8") from exc

    _reject_unknown(data, _PHASE_FIELDS, "", fail)
    return Phase(
        key=_key(_required(data, "key", "", fail), "key", fail),
        name=_text(_required(data, "name", "", fail), "name", fail),
        order=_order(_required(data, "order", "", fail), fail),
        aim=_text(_required(data, "aim", "", fail), "aim", fail),
        activities=_texts(_required(data, "activities", "", fail), "activities", fail),
        methods=_texts(_required(data, "methods", "", fail), "methods", fail),
        checklist=_checklist(_required(data, "checklist", "", fail), fail),
        done_questions=_texts(_required(data, "done_questions", "", fail), "done_questions", fail),
    )


def _position(message: str) -> str:
    """Turn tomllib's '… (at line 3, column 8)' into '(rad 3, kolumn 8): …'."""
    match = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message)
    if match:
        return f"(rad {match[2]}, kolumn {match[3]}): {match[1]}"
    match = re.fullmatch(r"(.*) \(at end of document\)", message)
    if match:
        return f"(i slutet av filen): {match[1]}"
    return f": {message}"


def _reject_unknown(
    table: dict[str, Any], allowed: tuple[str, ...], prefix: str, fail: _Fail
) -> None:
    for name in table:
        if name not in allowed:
            raise fail(f"{prefix}{name}", f"är okänt (tillåtna fält: {', '.join(allowed)})")


def _required(table: dict[str, Any], name: str, prefix: str, fail: _Fail) -> Any:
    if name not in table:
        raise fail(f"{prefix}{name}", "saknas")
    return table[name]


def _key(value: Any, field: str, fail: _Fail) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        raise fail(field, "måste vara en text med små bokstäver, siffror och bindestreck")
    return value


def _text(value: Any, field: str, fail: _Fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, "måste vara en text som inte är tom")
    return value.strip()


def _order(value: Any, fail: _Fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise fail("order", "måste vara ett heltal större än 0")
    return value


def _texts(value: Any, field: str, fail: _Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(field, 'måste vara en lista med texter, till exempel ["Första", "Andra"]')
    return tuple(_text(item, f"{field}[{number}]", fail) for number, item in enumerate(value, 1))


def _checklist(value: Any, fail: _Fail) -> tuple[ChecklistItem, ...]:
    if not isinstance(value, list):
        raise fail("checklist", "måste vara en lista med punkter, skrivna som [[checklist]]")
    items: list[ChecklistItem] = []
    for number, entry in enumerate(value, 1):
        prefix = f"checklist[{number}]."
        if not isinstance(entry, dict):
            raise fail(f"checklist[{number}]", "måste vara en tabell med key och text")
        _reject_unknown(entry, _CHECKLIST_FIELDS, prefix, fail)
        key = _key(_required(entry, "key", prefix, fail), f"{prefix}key", fail)
        for earlier, item in enumerate(items, 1):
            if item.key == key:
                problem = f'har värdet "{key}", som redan används i checklist[{earlier}]'
                raise fail(f"{prefix}key", problem)
        text = _text(_required(entry, "text", prefix, fail), f"{prefix}text", fail)
        items.append(ChecklistItem(key=key, text=text))
    return tuple(items)
