"""How change-log entries read in Swedish: actions and changed fields (record types: tracker.kinds)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.phases.catalogue import PhaseCatalogue


@dataclass(frozen=True, slots=True)
class LogWords:
    """How an area's change-log entries read: its actions, its fields and their stored values.

    Each area declares its own beside its field labels; the app factory combines them and hands
    them to the change log, which knows no area itself.
    """

    actions: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # by field

    @classmethod
    def combine(cls, parts: Iterable[LogWords]) -> LogWords:
        """All the parts' words; two parts may not give one key different words."""
        actions: dict[str, str] = {}
        fields: dict[str, str] = {}
        values: dict[str, Mapping[str, str]] = {}
        for part in parts:
            for into, words in ((actions, part.actions), (fields, part.fields)):
                for key, label in words.items():
                    if into.setdefault(key, label) != label:
                        raise ValueError(f"{key!r} is both {into[key]!r} and {label!r}")
            for key, labels in part.values.items():
                if values.setdefault(key, labels) is not labels:
                    raise ValueError(f"two areas name the values of {key!r}")
        return cls(actions, fields, values)

    def action(self, action: str) -> str:
        return self.actions.get(action, action)


# The actions several areas record; each area declares the rest of its own.
COMMON = LogWords(
    actions={
        "created": "Skapade",
        "updated": "Ändrade",
        "archived": "Arkiverade",
        "restored": "Återställde",
        "linked": "Kopplade",
        "unlinked": "Tog bort koppling",
        "state_changed": "Bytte läge",
        "checklist": "Ändrade checklistan",
    },
    fields={"link": "koppling"},
)

EMPTY = "(tomt)"


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    before: str
    after: str


def _value(key: str, value: Any, catalogue: PhaseCatalogue, words: LogWords) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = str(value)
    if key == "current_step":
        return catalogue.name_of(text)
    return words.values.get(key, {}).get(text, text)


def _checklist_change(key: str, pair: list[Any], catalogue: PhaseCatalogue) -> FieldChange:
    _, step, item_key = [*key.split(":", 2), "", ""][:3]
    phase = catalogue.get(step)
    item = phase.checklist_item(item_key) if phase else None
    label = f"Checklista, {catalogue.name_of(step)}: {item.text if item else item_key}"
    before, after = (("avbockad" if done else "inte avbockad") for done in pair)
    return FieldChange(label, before, after)


def field_changes(changes: Any, catalogue: PhaseCatalogue, words: LogWords) -> list[FieldChange]:
    """The entry's changed fields as labelled before/after texts, in the order recorded."""
    if not isinstance(changes, dict):
        return []
    out = []
    for key, pair in changes.items():
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            continue
        if key.startswith("checklist:"):
            out.append(_checklist_change(key, list(pair), catalogue))
            continue
        if key.startswith("name-confirmed:"):
            field = words.fields.get(key.split(":", 1)[1], key.split(":", 1)[1])
            label = f"Inget namn enligt användaren, {field.lower()}"
            out.append(FieldChange(label, str(pair[0]), f"skäl: {pair[1]}"))
            continue
        label = words.fields.get(key, str(key))  # keys of JSON objects are strings
        out.append(
            FieldChange(
                label[:1].upper() + label[1:],
                _value(key, pair[0], catalogue, words),
                _value(key, pair[1], catalogue, words),
            )
        )
    return out
