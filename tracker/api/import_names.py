"""What looked like a resident's name in an imported file, and the user's confirmations that it
is none (issue 14).

A cell is read by the registration form's rules (`Fields.free_text`), so a name is refused in
an import as in a form. The preview names each such cell (row, column, what looked like a
name) and offers, per cell, the form's own box "Det är inget namn" with a reason; they are
posted back with the signed file as `rad-<row>-<field>-inget-namn` and `rad-<row>-<field>-skal`
and given to the row's form as `<field>-inget-namn` and `<field>-skal`. Each confirmation names
the words it is about (`rad-<row>-<field>-flaggat`) and holds only while that cell flags
exactly those words, so confirmations can go along with a corrected file, uploaded again,
without covering anything new. A confirmed row is created with its confirmations in its
"created" change-log entry, like a form's; a real name stays refused until the file is
corrected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tracker import privacy
from tracker.web.forms import Fields

CONFIRMATION = re.compile(r"rad-(\d+)-([a-z_]+)-(inget-namn|skal|flaggat)")

# (form field, what looked like a name, the user's reason), as privacy.confirm_not_a_name
Confirmed = tuple[str, str, str]


@dataclass(frozen=True)
class Suspect:
    """A cell that looked like it holds a name, and what the user said about it."""

    number: int  # the row in the file
    column: str  # "Frågeställning"
    field: str  # "question"
    flagged: str  # "Anna Svensson"
    text: str  # the whole cell
    confirmed: bool  # the box "Det är inget namn" ticked
    reason: str  # as typed
    error: str  # the cell's message when it is still refused, else ""

    @property
    def key(self) -> str:
        """The start of the cell's confirmation fields in the preview's form."""
        return f"rad-{self.number}-{self.field}"

    @property
    def accepted(self) -> bool:
        return self.confirmed and not self.error


def confirmations_in(form: Mapping[str, str]) -> dict[str, str]:
    """The confirmation fields of a posted preview (everything else left out)."""
    return {key: str(value) for key, value in form.items() if CONFIRMATION.fullmatch(key)}


def flagged_in(text: str) -> str:
    """What looked like a name in a text, as the preview names it ("Anna Svensson, Kalle")."""
    return ", ".join(dict.fromkeys(finding.text for finding in privacy.names(text)))


def for_row(
    confirmations: Mapping[str, str],
    number: int,
    cells: Mapping[str, str],
    columns: Mapping[str, str],
) -> dict[str, str]:
    """A row's confirmations as its form reads them (`question-inget-namn`, `question-skal`):
    those whose words are still what their cell flags (`cells`: column -> cell, `columns`:
    form field -> column)."""
    posted: dict[str, dict[str, str]] = {}
    for key, value in confirmations.items():
        match = CONFIRMATION.fullmatch(key)
        if match and int(match[1]) == number:
            posted.setdefault(match[2], {})[match[3]] = value
    row: dict[str, str] = {}
    for name, given in posted.items():
        cell = cells.get(columns.get(name, ""), "")
        if given.get("flaggat") and given["flaggat"] == flagged_in(cell):
            row |= {f"{name}-{part}": given.get(part, "") for part in ("inget-namn", "skal")}
    return row


def suspects_of(number: int, fields: Fields, columns: Mapping[str, str]) -> list[Suspect]:
    """The row's cells that looked like names (`columns`: form field -> column in the file).
    The confirmations its form noted are forgotten: `note` gives them to the row's own entry."""
    privacy.forget_confirmations()
    found = []
    order = list(columns)
    for name in sorted(fields.name_suspects, key=lambda n: order.index(n) if n in order else 99):
        flagged = flagged_in(fields.raw[name])
        found.append(
            Suspect(
                number=number,
                column=columns.get(name, name),
                field=name,
                flagged=flagged,
                text=fields.raw[name],
                confirmed=fields.raw.get(f"{name}-inget-namn", "").strip() == "ja",
                reason=fields.raw.get(f"{name}-skal", "").strip(),
                error=fields.errors.get(name, ""),
            )
        )
    return found


def accepted(suspects: list[Suspect]) -> tuple[Confirmed, ...]:
    """The row's confirmations that hold (ticked, with a reason), for its change-log entry."""
    return tuple((s.field, s.flagged, s.reason) for s in suspects if s.accepted)


def note(confirmed: tuple[Confirmed, ...]) -> None:
    """Hand a row's confirmations to the change log's next entry (the row's "created")."""
    privacy.forget_confirmations()
    for field, flagged, reason in confirmed:
        privacy.confirm_not_a_name(field, flagged, reason)
