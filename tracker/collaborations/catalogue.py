"""The forms of collaboration and the types of organisation: a data file in `lists/` that the
municipality may extend, validated at start-up like the other lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker import datafiles as df
from tracker.datafiles import DataFileError

FORMS_FILE = "collaboration-forms.toml"


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class CollaborationLists:
    forms: tuple[Choice, ...]
    organisation_types: tuple[Choice, ...]

    def form_name(self, key: str | None) -> str:
        return next((c.name for c in self.forms if c.key == key), key or "")

    def type_name(self, key: str | None) -> str:
        return next((c.name for c in self.organisation_types if c.key == key), key or "")

    def form_keys(self) -> list[str]:
        return [c.key for c in self.forms]

    def type_keys(self) -> list[str]:
        return [c.key for c in self.organisation_types]


def load_collaboration_lists(directory: Path) -> CollaborationLists:
    path = directory / FORMS_FILE
    shown = df.shown_path(path, directory)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("forms", "organisation_types"), "", fail)
    return CollaborationLists(
        forms=_choices(df.required(data, "forms", "", fail), "forms", fail),
        organisation_types=_choices(
            df.required(data, "organisation_types", "", fail), "organisation_types", fail
        ),
    )


def _choices(value: object, field: str, fail: df.Fail) -> tuple[Choice, ...]:
    choices = []
    for prefix, entry in df.tables(value, field, fail):
        df.reject_unknown(entry, ("key", "name"), prefix, fail)
        choices.append(
            Choice(
                key=df.key(df.required(entry, "key", prefix, fail), f"{prefix}key", fail),
                name=df.text(df.required(entry, "name", prefix, fail), f"{prefix}name", fail),
            )
        )
    if not choices:
        raise fail(field, "måste ha minst ett val")
    df.unique_keys([choice.key for choice in choices], field, fail)
    return tuple(choices)
