"""Delaktighetstrappan's levels with method suggestions, and the dialogue checklist: data files
in `lists/` that the municipality may edit, validated at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker import datafiles as df
from tracker.datafiles import ChecklistItem, DataFileError

LEVELS_FILE = "delaktighetstrappan.toml"
CHECKLIST_FILE = "dialogue-checklist.toml"


@dataclass(frozen=True, slots=True)
class Level:
    key: str
    name: str
    residents_get: str  # "veta", "tycka", …
    description: str
    methods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChecklistPhase:
    key: str
    name: str
    checklist: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class DialogueLists:
    levels: tuple[Level, ...]  # lowest first
    checklist: tuple[ChecklistPhase, ...]

    def level(self, key: str | None) -> Level | None:
        return next((level for level in self.levels if level.key == key), None)

    def level_name(self, key: str | None) -> str:
        level = self.level(key)
        return level.name if level else (key or "")

    def rank(self, key: str | None) -> int:
        """1 for the lowest level; 0 for none or an unknown key."""
        keys = [level.key for level in self.levels]
        return keys.index(key) + 1 if key in keys else 0

    def falls_short(self, promised: str | None, achieved: str | None) -> bool:
        """Whether the level achieved is lower on the ladder than the level promised."""
        if not promised or not achieved:
            return False
        return 0 < self.rank(achieved) < self.rank(promised)

    def checklist_keys(self) -> set[tuple[str, str]]:
        return {(phase.key, item.key) for phase in self.checklist for item in phase.checklist}


def load_dialogue_lists(directory: Path) -> DialogueLists:
    return DialogueLists(
        levels=_levels(directory / LEVELS_FILE, directory),
        checklist=_checklist(directory / CHECKLIST_FILE, directory),
    )


def _failing(path: Path, directory: Path) -> df.Fail:
    shown = df.shown_path(path, directory)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    return fail


def _levels(path: Path, directory: Path) -> tuple[Level, ...]:
    fail = _failing(path, directory)
    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("levels",), "", fail)
    levels = []
    for prefix, entry in df.tables(df.required(data, "levels", "", fail), "levels", fail):
        df.reject_unknown(
            entry, ("key", "name", "residents_get", "description", "methods"), prefix, fail
        )

        def field(name: str, entry: dict = entry, prefix: str = prefix) -> object:
            return df.required(entry, name, prefix, fail)

        levels.append(
            Level(
                key=df.key(field("key"), f"{prefix}key", fail),
                name=df.text(field("name"), f"{prefix}name", fail),
                residents_get=df.text(field("residents_get"), f"{prefix}residents_get", fail),
                description=df.text(field("description"), f"{prefix}description", fail),
                methods=df.texts(field("methods"), f"{prefix}methods", fail),
            )
        )
    if not levels:
        raise fail("levels", "måste ha minst en nivå")
    df.unique_keys([level.key for level in levels], "levels", fail)
    return tuple(levels)


def _checklist(path: Path, directory: Path) -> tuple[ChecklistPhase, ...]:
    fail = _failing(path, directory)
    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("phases",), "", fail)
    phases = []
    for prefix, entry in df.tables(df.required(data, "phases", "", fail), "phases", fail):
        df.reject_unknown(entry, ("key", "name", "checklist"), prefix, fail)
        phases.append(
            ChecklistPhase(
                key=df.key(df.required(entry, "key", prefix, fail), f"{prefix}key", fail),
                name=df.text(df.required(entry, "name", prefix, fail), f"{prefix}name", fail),
                checklist=df.checklist(
                    df.required(entry, "checklist", prefix, fail), f"{prefix}checklist", fail
                ),
            )
        )
    df.unique_keys([phase.key for phase in phases], "phases", fail)
    return tuple(phases)
