"""Edit forms that never overwrite a newer save (optimistic locking, one mechanism for all).

An edit form carries the version of the record it was read from (`read_version`) and a short
digest of each field's value as it was then (`read_values`). Saving is a conditional UPDATE of
that version (`tracker.db.update_versioned`); when someone else saved in between, nothing is
written and the form comes back with 409: the fields the other person changed are listed
beside the user's own input, which is kept. The form shown again holds the user's changes on
top of the newer record (a three-way merge by the digests), and the newer version, so that
"Spara mina ändringar ovanpå" saves exactly the user's changes over the other person's.

A post to an edit form that names no version at all is refused the same way (nothing is
written; the form comes back with the record's version and the user's input), so that no form
can skip the check. Only the app's own writes (a step changing a project's status) save
without a version, by calling `tracker.db.update_versioned` with None directly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from tracker.db import StaleVersion
from tracker.web.forms import Fields

T = TypeVar("T")

VERSION = "read_version"  # the record version an edit form was read from
SEEN = "read_values"  # a digest of each field as the form was filled

CONFLICT_MESSAGE = (
    "Någon annan har sparat ändringar sedan du öppnade formuläret. Ingenting av ditt sparades. "
    "Det du skrev finns kvar nedan, bredvid det som ändrades."
)

MISSING_MESSAGE = (
    "Ingenting sparades: formuläret saknade uppgift om vilken version du utgick från. "
    "Ladda om sidan, eller kontrollera det du skrev nedan och spara igen."
)


def _digest(value: str) -> str:
    normal = "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").strip().split("\n"))
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def seen_token(values: Mapping[str, str]) -> str:
    """The digests of the values a form was filled with, as `name:digest,name:digest`."""
    return ",".join(f"{name}:{_digest(value)}" for name, value in sorted(values.items()))


def _read_seen(raw: Mapping[str, str]) -> dict[str, str]:
    pairs = (part.partition(":") for part in raw.get(SEEN, "").split(","))
    return {name: digest for name, _, digest in pairs if name and digest}


def versioned(values: Mapping[str, str], version: int) -> dict[str, str]:
    """An edit form's first values: the record's fields, its version and what they were."""
    return {**values, VERSION: str(version), SEEN: seen_token(values)}


def read_version(raw: Mapping[str, str]) -> int | None:
    """The version an edit form was read from; None when the post names none."""
    value = raw.get(VERSION, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field someone else changed: what is stored now, and what this user wrote."""

    name: str
    label: str
    theirs: str
    yours: str
    yours_changed: bool


@dataclass(slots=True)
class Conflict:
    """What a stale save shows: the merged form and the other person's changes."""

    fields: Fields
    changes: list[FieldChange] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)
    missing: bool = False  # the post named no version (not someone else's save)

    @property
    def overlaps(self) -> bool:
        """Whether the other person changed any field of this form at all."""
        return bool(self.changes)


def conflict(
    posted: Mapping[str, str],
    stored: Mapping[str, str],
    version: int,
    labels: Mapping[str, str],
    shown: Mapping[str, Mapping[str, str]] | None = None,
) -> Conflict:
    """Merge the user's post (read from an older version) with the record as stored now.

    `stored` holds the record's current values as the form shows them (same keys as when the
    form was first filled). A field the user changed keeps the user's value; any other field
    takes the stored one. Without digests (an old form), every differing field is listed.
    `shown` gives the words for stored values (a status key → its Swedish name).
    """
    seen = _read_seen(posted)
    merged: dict[str, str] = {}
    changes: list[FieldChange] = []
    for name, theirs in stored.items():
        yours = posted.get(name, "")
        original = seen.get(name)
        yours_changed = original is None or _digest(yours) != original
        theirs_changed = (
            _digest(theirs) != original if original else _digest(theirs) != _digest(yours)
        )
        merged[name] = yours if yours_changed else theirs
        if theirs_changed:
            words = (shown or {}).get(name, {})
            changes.append(
                FieldChange(
                    name,
                    labels.get(name, name),
                    words.get(theirs, theirs),
                    words.get(yours, yours),
                    yours_changed,
                )
            )
    fields = Fields({**posted, **merged, VERSION: str(version), SEEN: seen_token(stored)})
    fields.error("form", CONFLICT_MESSAGE)
    return Conflict(fields=fields, changes=changes, merged=merged)


async def save_or_conflict(
    posted: Mapping[str, str],
    save: Callable[[int | None], Awaitable[T]],
    reload: Callable[[], Awaitable[tuple[Mapping[str, str], int]]],
    labels: Mapping[str, str],
    shown: Mapping[str, Mapping[str, str]] | None = None,
) -> T | Conflict:
    """Save at the version the form was read from; if that is stale, a Conflict to show.

    When the newer saves changed none of this form's fields (a checklist tick, another form
    on the same record), the user's changes are saved on top at once: nothing is lost either
    way. `reload` gives the record's current form values and version.
    """
    version = read_version(posted)
    if version is None:
        stored, current = await reload()
        refused = conflict(posted, stored, current, labels, shown)
        refused.fields.errors["form"] = MISSING_MESSAGE
        refused.missing = True
        return refused
    for _ in range(3):
        try:
            return await save(version)
        except StaleVersion:
            stored, version = await reload()
            found = conflict(posted, stored, version, labels, shown)
            if found.overlaps:
                return found
    return found
