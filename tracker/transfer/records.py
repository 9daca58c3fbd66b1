"""What the records of an export file say, checked beyond their types (the validation's last
step): only known roles and argon2 password hashes; step, level, form and type keys that are in
phases/ and lists/; evidence and memberships pointing at records in the file; organisation
names and numbers given once; an unbroken change-log chain; frozen and published versions
that are what was frozen and published. Each problem names the table, record id and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from argon2 import extract_parameters
from argon2.exceptions import InvalidHashError

from tracker.accounts.passwords import NO_PASSWORD
from tracker.accounts.permissions import Role
from tracker.audit.chain import break_in, digests_in
from tracker.collaborations.catalogue import load_collaboration_lists
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.dialogues.rules import KIND_LABELS
from tracker.insights.publication.integrity import version_digest
from tracker.kinds import SOURCE_KINDS
from tracker.phases.catalogue import load_phases
from tracker.reports.rules import sha256_of
from tracker.settings import get_settings
from tracker.transfer.validation import Batch

Rows = dict[str, list[dict[str, Any]]]
MEMBER_TABLES = {"project": "project", "dialogue": "dialogue", "collaboration": "collaboration"}
SOURCE_TABLES = {kind.key: str(kind.table) for kind in SOURCE_KINDS}


class Problems(Protocol):
    def add(self, table: str, record: str, field: str | None, text: str) -> None: ...


def _rows(batches: Iterable[Batch]) -> Rows:
    return {
        b.spec.name: [dict(zip(b.columns, row, strict=True)) for row in b.rows] for b in batches
    }


def _keys(rows: Rows, problems: Problems) -> None:
    settings = get_settings()
    steps = {phase.key for phase in load_phases(settings.phases_dir)}
    dialogue_lists = load_dialogue_lists(settings.lists_dir)
    collaboration_lists = load_collaboration_lists(settings.lists_dir)
    levels = {level.key for level in dialogue_lists.levels}
    phases = {phase.key for phase in dialogue_lists.checklist}
    allowed: dict[tuple[str, str], tuple[set[str], str]] = {
        ("project", "current_step"): (steps, "ett steg i phases/"),
        ("iteration", "step"): (steps, "ett steg i phases/"),
        ("step_move", "from_step"): (steps, "ett steg i phases/"),
        ("step_move", "to_step"): (steps, "ett steg i phases/"),
        ("checklist_mark", "step"): (steps, "ett steg i phases/"),
        ("dialogue", "level_promised"): (levels, "en nivå i lists/delaktighetstrappan.toml"),
        ("dialogue", "level_achieved"): (levels, "en nivå i lists/delaktighetstrappan.toml"),
        ("dialogue", "kind"): (set(KIND_LABELS), "citizen eller user"),
        ("dialogue_checklist_mark", "phase"): (phases, "en fas i lists/dialogue-checklist.toml"),
        ("collaboration", "form"): (
            set(collaboration_lists.form_keys()),
            "en samverkansform i lists/collaboration-forms.toml",
        ),
        ("organisation", "kind"): (
            set(collaboration_lists.type_keys()),
            "en organisationstyp i lists/collaboration-forms.toml",
        ),
    }
    for (table, field), (known, what) in allowed.items():
        for row in rows.get(table, []):
            value = row.get(field)
            if value not in (None, "") and value not in known:
                problems.add(table, f"id {row['id']}", field, f"{value!r} är inte {what}")


def _accounts(rows: Rows, problems: Problems) -> None:
    roles = {role.value for role in Role}
    for row in rows.get("account", []):
        record = f"id {row['id']}"
        if row["role"] not in roles:
            problems.add(
                "account", record, "role", f"{row['role']!r} är ingen roll (admin, editor, reader)"
            )
        if row["password_hash"] == NO_PASSWORD:  # signs in only through the identity provider
            continue
        try:
            extract_parameters(row["password_hash"] or "")
        except InvalidHashError:
            problems.add("account", record, "password_hash", "är ingen argon2-hash")


def _pointers(rows: Rows, problems: Problems) -> None:
    present = {
        kind: {row["id"] for row in rows.get(table, [])}
        for kind, table in (MEMBER_TABLES | SOURCE_TABLES).items()
    }
    for table, kind_field, id_field, kinds in (
        ("evidence", "source_type", "source_id", SOURCE_TABLES),
        ("membership", "record_type", "record_id", MEMBER_TABLES),
    ):
        for row in rows.get(table, []):
            kind, target = row[kind_field], row[id_field]
            if kind not in kinds:
                problems.add(table, f"id {row['id']}", kind_field, f"{kind!r} är ingen posttyp")
            elif target not in present[kind]:
                problems.add(
                    table,
                    f"id {row['id']}",
                    id_field,
                    f"pekar på {kind} {target}, som inte finns i filen",
                )


def _names(rows: Rows, problems: Problems) -> None:
    for field, what in (("name_search", "namn"), ("org_number", "organisationsnummer")):
        seen: dict[str, int] = {}
        for row in rows.get("organisation", []):
            value = (row.get(field) or "").strip().lower()
            if not value:
                continue
            first = seen.setdefault(value, row["id"])
            if first != row["id"]:
                problems.add(
                    "organisation",
                    f"id {row['id']}",
                    "name" if field == "name_search" else field,
                    f"samma {what} som organisationen med id {first} – två organisationer kan "
                    f"inte ha samma {what}",
                )


def _chain(rows: Rows, problems: Problems) -> None:
    # The same walk as `tracker verify`: a gap is accepted only where gallring named it.
    _, broken = break_in(rows.get("change_log", []))
    if broken is not None:
        problems.add(
            "change_log",
            f"id {broken.entry_id}",
            "entry_hash",
            f"kedjan är bruten: {broken.reason}",
        )


def _logged(rows: Rows, entity_type: str, action: str) -> dict[int, set[str]]:
    return digests_in(
        row
        for row in rows.get("change_log", [])
        if row["entity_type"] == entity_type and row["action"] == action
    )


def _versions(rows: Rows, problems: Problems) -> None:
    frozen = _logged(rows, "report", "frozen")
    for row in rows.get("report_version", []):
        if row["status"] != "frozen":
            continue
        record = f"id {row['id']}"
        if sha256_of(row["snapshot"] or "") != row["content_sha256"]:
            problems.add(
                "report_version", record, "snapshot", "stämmer inte med kontrollsumman (ändrad)"
            )
        elif row["content_sha256"] not in frozen.get(int(row["report"]), set()):
            problems.add(
                "report_version",
                record,
                "content_sha256",
                "är inte den kontrollsumma som ändringsloggen fick när versionen fastställdes",
            )
    published = _logged(rows, "dialogue", "published")
    for row in rows.get("feedback_page_version", []):
        digests = published.get(int(row["dialogue"]), set())
        if digests and version_digest(row) not in digests:
            problems.add(
                "feedback_page_version",
                f"id {row['id']}",
                None,
                "texten är inte den som publicerades (kontrollsumman i ändringsloggen stämmer inte)",
            )


def check_records(batches: Iterable[Batch], problems: Problems) -> None:
    rows = _rows(batches)
    for check in (_accounts, _keys, _pointers, _names, _chain, _versions):
        check(rows, problems)
