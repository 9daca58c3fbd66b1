"""Managed lists: the municipality's förvaltningar and nämnder (`lists/organisation.toml`).

A record's *Ansvarig förvaltning* and *Ansvarig nämnd* are picked from these lists instead of
typed freely, so filters never split one board into "Kultur- och fritidsnämnden" and "Kultur
och fritidsnämnden". A typed value is matched to its list entry without regard to case, white
space, hyphens or the entry's other spellings (`also`); a value that matches nothing is refused
with the nearest entry as a suggestion. The upgrade maps stored values the same way
(`mapped`), leaving alone what matches nothing rather than guessing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tracker import datafiles as df
from tracker.datafiles import DataFileError
from tracker.settings import get_settings
from tracker.web.forms import Fields

FILE_NAME = "organisation.toml"
# How alike a stored value must be to an entry for the upgrade to map it without a person:
# a typo or a dropped letter, never another board ("Kulturnämnden" is not "Kultur- och …").
MAP_CUTOFF = 0.9
SUGGEST_CUTOFF = 0.6


def normalised(value: str) -> str:
    """What two spellings of one name share: lower case, hyphens as spaces, spaces folded."""
    return " ".join(re.sub(r"[-–‑]", " ", value.casefold()).split())


@dataclass(frozen=True)
class ManagedList:
    """One list: its entries in order, and every known spelling (normalised) → entry."""

    what: str  # "förvaltningar", "nämnder": for messages
    entries: tuple[str, ...]
    spellings: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self.spellings.setdefault(normalised(entry), entry)

    def entry_for(self, value: str) -> str | None:
        """The entry `value` is a spelling of, None when it is none of them."""
        return self.spellings.get(normalised(value))

    def nearest(self, value: str, cutoff: float = SUGGEST_CUTOFF) -> str | None:
        """The entry most like `value` (difflib), None when none is alike enough."""
        if entry := self.entry_for(value):
            return entry
        close = difflib.get_close_matches(normalised(value), list(self.spellings), 1, cutoff)
        return self.spellings[close[0]] if close else None

    def mapped(self, value: str) -> str | None:
        """The entry a stored value is to become at the upgrade: a spelling of it, or one so
        close that it can only be a typo; None when a person has to choose."""
        return self.nearest(value, MAP_CUTOFF) if value.strip() else None

    def read(self, f: Fields, name: str, missing: str) -> str:
        """The form field as its list entry; a refusal naming the nearest entry otherwise."""
        typed = f.text(name, missing=missing)
        if not typed:
            return typed
        if entry := self.entry_for(typed):
            return entry
        suggestion = self.nearest(typed)
        f.error(
            name,
            f"”{typed}” finns inte i listan över {self.what}. "
            + (
                f"Menade du ”{suggestion}”?"
                if suggestion
                else "Välj en i listan, eller be en administratör lägga till den."
            ),
        )
        return typed


@dataclass(frozen=True)
class OrganisationLists:
    departments: ManagedList
    boards: ManagedList


def load_organisation_lists(path: Path) -> OrganisationLists:
    shown = df.shown_path(path, path.parent)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("department", "board"), "", fail)
    lists = []
    for key, what in (("department", "förvaltningar"), ("board", "nämnder")):
        entries: list[str] = []
        spellings: dict[str, str] = {}
        for prefix, table in df.tables(df.required(data, key, "", fail), key, fail):
            df.reject_unknown(table, ("name", "also"), prefix, fail)
            name = df.text(df.required(table, "name", prefix, fail), f"{prefix}name", fail)
            also = df.texts(table.get("also", []), f"{prefix}also", fail)
            for spelling in (name, *also):
                earlier = spellings.setdefault(normalised(spelling), name)
                if earlier != name:
                    raise fail(f"{prefix}name", f'"{spelling}" står redan under "{earlier}"')
            entries.append(name)
        lists.append(ManagedList(what, tuple(entries), spellings))
    return OrganisationLists(departments=lists[0], boards=lists[1])


@cache
def _load(path: Path) -> OrganisationLists:
    return load_organisation_lists(path)


def organisation_lists(lists_dir: Path | None = None) -> OrganisationLists:
    """The lists in the lists folder (read once, checked at start-up by the app)."""
    return _load((lists_dir or get_settings().lists_dir) / FILE_NAME)
