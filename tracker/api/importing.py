"""Reading dialogues and organisations from CSV/XLSX: the same columns the exports write, the
same rules the registration forms apply, a preview before anything is saved.

Plain functions: `preview_*` turns a table into rows to create and errors per row (row number,
column, Swedish message) and the cells that looked like names (tracker/api/import_names.py);
`create_*` saves a clean preview in one transaction through the areas' own services, so every
record is in the change log (with its confirmations that a name is none).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.accounts.tokens import TokenSpent, spend_once
from tracker.api import import_names
from tracker.api.import_names import Confirmed, Suspect
from tracker.api.rows import DIALOGUE_COLUMNS, DIALOGUE_FIELDS, METHOD_SEPARATOR
from tracker.collaborations import organisations as collaboration_organisations
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.exports import ORGANISATION_COLUMNS
from tracker.collaborations.forms import OrganisationInput, read_organisation_form
from tracker.collaborations.tables import Organisation
from tracker.db import write_transaction
from tracker.dialogues import register as dialogue_register
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.forms import DialogueInput, read_dialogue_form
from tracker.dialogues.rules import IDEA_SOURCES, KIND_LABELS
from tracker.text import search_form
from tracker.web.forms import Fields
from tracker.web.tabular import TableProblem

Table = list[tuple[int, list[str]]]


@dataclass
class RowResult:
    number: int  # the row in the file (the header is row 1)
    shown: list[str]  # what the preview table shows
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    value: Any = None  # the validated input, None when the row has errors
    suspects: list[Suspect] = field(default_factory=list)  # cells that looked like names
    confirmed: tuple[Confirmed, ...] = ()  # confirmed not to be names, for the change log


@dataclass
class Preview:
    kind: str  # "dialogues" | "organisations"
    columns: tuple[str, ...]  # the preview table's columns
    rows: list[RowResult]
    ignored: list[str]  # columns in the file that are not read (e.g. Id, Status)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [
            (row.number, column, message) for row in self.rows for column, message in row.errors
        ]

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def suspects(self) -> list[Suspect]:
        """Every cell that looked like a name, confirmed or not, in the file's order."""
        return [suspect for row in self.rows for suspect in row.suspects]


# --- columns -------------------------------------------------------------------------------

# column in the file -> field of the registration form
ORGANISATION_FIELDS = {
    "Namn": "name",
    "Organisationsnummer": "org_number",
    "Typ": "kind",
    "Verksamhetsområde": "activity_area",
    "Idéburen": "idea_based",
    "Kontaktväg": "contact",
    "Anteckningar": "notes",
}
ORGANISATION_REQUIRED = ("Namn", "Typ")
ORGANISATION_IGNORED = tuple(c for c in ORGANISATION_COLUMNS if c not in ORGANISATION_FIELDS)

DIALOGUE_REQUIRED = (
    "Titel",
    "Typ",
    "Frågeställning",
    "Ansvarig nämnd",
    "Ansvarig förvaltning",
    "Idén kom från",
    "Syfte",
    "Målgrupper",
)
DIALOGUE_IGNORED = tuple(c for c in DIALOGUE_COLUMNS if c not in DIALOGUE_FIELDS)
ORGANISATION_PREVIEW = ("Namn", "Organisationsnummer", "Typ", "Idéburen", "Kontaktväg")
DIALOGUE_PREVIEW = ("Titel", "Typ", "Ansvarig nämnd", "Utlovad nivå", "Metoder")


@dataclass(frozen=True, slots=True)
class FileColumns:
    """The columns of one kind of import file."""

    kind: str  # "dialogues" | "organisations"
    fields: Mapping[str, str]  # column -> field of the registration form
    required: tuple[str, ...]
    ignored: tuple[str, ...]  # the export's other columns: allowed, not read
    shown: tuple[str, ...]  # the preview table's columns
    row: str  # what one row holds: "dialog"

    @property
    def columns(self) -> dict[str, str]:
        """Field of the registration form -> its column."""
        return {form_field: column for column, form_field in self.fields.items()}


ORGANISATION_FILE = FileColumns(
    "organisations",
    ORGANISATION_FIELDS,
    ORGANISATION_REQUIRED,
    ORGANISATION_IGNORED,
    ORGANISATION_PREVIEW,
    "organisation",
)
DIALOGUE_FILE = FileColumns(
    "dialogues", DIALOGUE_FIELDS, DIALOGUE_REQUIRED, DIALOGUE_IGNORED, DIALOGUE_PREVIEW, "dialog"
)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _columns(
    header: list[str], known: Mapping[str, str], required: tuple[str, ...], ignored: tuple[str, ...]
) -> dict[str, int]:
    """Where each known column is; TableProblem for missing, unknown or repeated columns."""
    by_name = {_folded(name): name for name in (*known, *ignored)}
    found: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        if not title:
            continue
        name = by_name.get(_folded(title))
        if name is None:
            unknown.append(title)
        elif name in found:
            raise TableProblem(f"Kolumnen ”{name}” finns två gånger. Ta bort den ena.")
        else:
            found[name] = index
    if unknown:
        raise TableProblem(
            "Filen har kolumner som inte känns igen: "
            + ", ".join(f"”{name}”" for name in unknown[:5])
            + ". Använd kolumnerna från listans export."
        )
    if missing := [name for name in required if name not in found]:
        raise TableProblem(
            "Filen saknar kolumnerna "
            + ", ".join(f"”{name}”" for name in missing)
            + ". Använd kolumnerna från listans export."
        )
    return found


def _cells(row: list[str], positions: dict[str, int]) -> dict[str, str]:
    return {name: (row[index] if index < len(row) else "") for name, index in positions.items()}


def _choice(
    value: str, options: Mapping[str, str], column: str, errors: list[tuple[str, str]]
) -> str:
    """A choice written as its Swedish name (as exported) or its key; '' if unknown."""
    if not value:
        return ""
    wanted = _folded(value)
    for key, name in options.items():
        if wanted in (_folded(name), _folded(key)):
            return key
    names = ", ".join(options.values())
    errors.append((column, f"”{value}” finns inte i listan. Skriv något av: {names}."))
    return ""


def _form_errors(
    field_errors: Mapping[str, str], columns: Mapping[str, str], errors: list[tuple[str, str]]
) -> None:
    already = {column for column, _ in errors}
    for name, message in field_errors.items():
        column = columns.get(name, name)
        if column not in already:
            errors.append((column, message))


def _body(table: Table, file: FileColumns) -> tuple[Table, dict[str, int]]:
    """The rows under the header and where the header's known columns stand; TableProblem for
    a file with no header or no rows."""
    if not table:
        raise TableProblem("Filen är tom. Den behöver en rubrikrad med kolumnernas namn.")
    (_, header), *body = table
    positions = _columns(header, file.fields, file.required, file.ignored)
    if not body:
        raise TableProblem(f"Filen har bara en rubrikrad. Lägg till en rad per {file.row}.")
    return body, positions


# A row's form fields (with the confirmations that a name is none) read by its registration
# form, problems with the choices added to `errors`.
ReadRow = Callable[[dict[str, str], list[tuple[str, str]]], tuple[Any, Fields]]


def _preview(
    file: FileColumns,
    source: tuple[Table, dict[str, int], Mapping[str, str] | None],
    read_row: ReadRow,
) -> Preview:
    """Every row of `source` (rows, column positions, confirmations) read by `read_row`."""
    body, positions, confirmations = source
    columns = file.columns
    rows = []
    for number, cells in body:
        values = _cells(cells, positions)
        errors: list[tuple[str, str]] = []
        confirmed = import_names.for_row(confirmations or {}, number, values, columns)
        raw = {
            file.fields[column]: value for column, value in values.items() if column in file.fields
        }
        value, fields = read_row(raw | confirmed, errors)
        _form_errors(fields.errors, columns, errors)
        suspects = import_names.suspects_of(number, fields, columns)
        rows.append(
            RowResult(
                number=number,
                shown=[values.get(column, "") for column in file.shown],
                errors=errors,
                value=None if errors else value,
                suspects=suspects,
                confirmed=import_names.accepted(suspects),
            )
        )
    ignored = [name for name in file.ignored if name in positions]
    return Preview(file.kind, file.shown, rows, ignored)


async def _create_all(
    preview: Preview,
    kind: str,
    actor: Principal,
    token: str,
    create: Callable[[Any], Awaitable[Any]],
) -> list[int]:
    """Every row of a clean preview, in one transaction (nothing if any row fails), once per
    preview token; `create` makes one record of a row's input."""
    assert preview.ok and preview.kind == kind
    created = []
    async with write_transaction():
        await _spend(token, actor)
        for row in preview.rows:
            import_names.note(row.confirmed)  # in the row's "created" entry, as from a form
            created.append(int((await create(row.value)).id))
    return created


# --- organisations -------------------------------------------------------------------------


async def preview_organisations(
    table: Table, lists: CollaborationLists, confirmations: Mapping[str, str] | None = None
) -> Preview:
    body, positions = _body(table, ORGANISATION_FILE)
    # One query for every existing name and number, archived organisations too.
    existing = await Organisation.select(Organisation.name_search, Organisation.org_number)
    names = {row["name_search"] for row in existing}
    numbers = {row["org_number"] for row in existing if row["org_number"]}
    types = {choice.key: choice.name for choice in lists.organisation_types}

    def read_row(raw: dict[str, str], errors: list[tuple[str, str]]) -> tuple[Any, Fields]:
        raw["kind"] = _choice(raw.get("kind", ""), types, "Typ", errors)
        idea = _folded(raw.get("idea_based", ""))
        if idea not in ("", "ja", "nej"):
            errors.append(("Idéburen", "Skriv ja eller nej."))
        raw["idea_based"] = "ja" if idea == "ja" else ""
        data, fields = read_organisation_form(raw, lists)
        # (the form's own errors are added by _preview; a valid form, data, has none)
        if data is not None:
            key = search_form(data.name)
            if key in names:
                errors.append(("Namn", collaboration_organisations.DUPLICATE_NAME))
            if data.org_number and data.org_number in numbers:
                errors.append(("Organisationsnummer", collaboration_organisations.DUPLICATE_NUMBER))
            names.add(key)  # a second row with the same name is a duplicate too
            if data.org_number:
                numbers.add(data.org_number)
        return data, fields

    return _preview(ORGANISATION_FILE, (body, positions, confirmations), read_row)


async def create_organisations(preview: Preview, actor: Principal, token: str) -> list[int]:
    async def create(data: OrganisationInput) -> Any:
        return await collaboration_organisations.create_organisation(data, actor)

    return await _create_all(preview, "organisations", actor, token, create)


# --- dialogues -----------------------------------------------------------------------------


async def preview_dialogues(
    table: Table, lists: DialogueLists, confirmations: Mapping[str, str] | None = None
) -> Preview:
    body, positions = _body(table, DIALOGUE_FILE)
    levels = {level.key: level.name for level in lists.levels}

    def read_row(raw: dict[str, str], errors: list[tuple[str, str]]) -> tuple[Any, Fields]:
        raw["kind"] = _choice(raw.get("kind", ""), KIND_LABELS, "Typ", errors)
        raw["idea_source"] = _choice(
            raw.get("idea_source", ""), IDEA_SOURCES, "Idén kom från", errors
        )
        raw["level_promised"] = _choice(
            raw.get("level_promised", ""), levels, "Utlovad nivå", errors
        )
        methods = [m.strip() for m in raw.pop("methods", "").split(METHOD_SEPARATOR.strip())]
        return read_dialogue_form(raw, [m for m in methods if m], lists)

    return _preview(DIALOGUE_FILE, (body, positions, confirmations), read_row)


async def create_dialogues(preview: Preview, actor: Principal, token: str) -> list[int]:
    """Every row as a new dialogue (state Idé)."""

    async def create(data: DialogueInput) -> Any:
        return await dialogue_register.create_dialogue(data, actor)

    return await _create_all(preview, "dialogues", actor, token, create)


# --- confirming a preview once -------------------------------------------------------------

SPENT = (
    "Den här förhandsgranskningen är redan importerad, så inget importerades en gång till. "
    "Ladda upp filen igen om du verkligen vill importera den på nytt."
)


async def _spend(token: str, actor: Principal) -> None:
    """A preview is confirmed once: a second confirmation (a reload, a replay) is refused."""
    try:
        await spend_once(token, actor.id)
    except TokenSpent as spent:
        raise TableProblem(SPENT) from spent
