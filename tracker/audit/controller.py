"""The administrators' view of the whole change log: search by user, record type, action,
date and text, newest first, a page at a time. A fixed number of queries whatever its size."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from tracker.accounts.guard import ADMIN
from tracker.accounts.tables import Account
from tracker.audit import services
from tracker.audit.display import LogWords, field_changes
from tracker.audit.filters import SYSTEM, read_filters
from tracker.audit.tables import ChangeLogEntry
from tracker.kinds import ACCOUNT, KINDS, PROJECT, record_url
from tracker.kinds import label as kind_label
from tracker.phases.catalogue import PhaseCatalogue
from tracker.text import swedish_sort_key


async def _accounts() -> list[dict[str, Any]]:
    rows = await Account.select(Account.id, Account.name, Account.email, Account.active)
    return sorted(rows, key=lambda row: (swedish_sort_key(row["name"]), row["email"]))


def _user_options(accounts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Accounts by name; the e-mail address tells apart two people with the same name."""
    names = Counter(row["name"] for row in accounts)
    options = [(SYSTEM, "Systemet")]
    for row in accounts:
        label = f"{row['name']} ({row['email']})" if names[row["name"]] > 1 else row["name"]
        options.append((str(row["id"]), label if row["active"] else f"{label} – inaktiverat"))
    return options


def _with_current(options: list[tuple[str, str]], current: str) -> list[tuple[str, str]]:
    """A value typed into the address that is not among the options still shows as chosen."""
    if current and current not in {value for value, _ in options}:
        return [*options, (current, current)]
    return options


NAMED = (PROJECT.key, ACCOUNT.key)  # the record types whose names the log looks up


async def _record_names(
    rows: list[dict[str, Any]], accounts: list[dict[str, Any]]
) -> dict[tuple[str, int], str]:
    """The title or name of each record on the page: one query for the projects, none else."""
    names: dict[tuple[str, int], str] = {(ACCOUNT.key, row["id"]): row["name"] for row in accounts}
    project_ids = sorted({row["entity_id"] for row in rows if row["entity_type"] == PROJECT.key})
    if project_ids:
        marks = ", ".join("{}" for _ in project_ids)
        # The title as the registry of kinds reads it; raw() runs it on the one database.
        projects = await ChangeLogEntry.raw(
            f"{PROJECT.titles_sql()} WHERE id IN ({marks})", *project_ids
        )
        names.update({(PROJECT.key, row["id"]): row["title"] for row in projects})
    return names


def _entries(
    rows: list[dict[str, Any]],
    names: dict[tuple[str, int], str],
    catalogue: PhaseCatalogue,
    words: LogWords,
) -> list[dict[str, Any]]:
    entries = []
    for row in rows:
        key = (row["entity_type"], row["entity_id"])
        entries.append(
            {
                **row,
                "action_label": words.action(row["action"]),
                "entity_label": kind_label(row["entity_type"]),
                "record_name": names.get(key, f"nr {key[1]}"),
                # Projects and accounts are never deleted, so a missing name means no page.
                "record_url": record_url(*key) if key in names or key[0] not in NAMED else None,
                "field_changes": field_changes(row["changes"], catalogue, words),
            }
        )
    return entries


def _params(request: Request) -> dict[str, str]:
    """The query string for the page links, without the page number."""
    return {key: value for key, value in request.query_params.items() if key != "sida"}


class AuditLogController(Controller):
    path = "/admin/logg"
    opt = ADMIN

    @get("/", name="audit:list")
    async def audit_log(
        self,
        request: Request,
        catalogue: NamedDependency[PhaseCatalogue],
        log_words: NamedDependency[LogWords],
    ) -> Template:
        filters, fields = read_filters(request.query_params)
        accounts = await _accounts()
        if filters.actor_id is not None and filters.actor_id not in {r["id"] for r in accounts}:
            filters = replace(filters, actor="")  # no such account: show everyone
        fields.raw["anvandare"] = filters.actor
        types = await services.entity_types()
        page = await services.search_changes(filters)
        names = await _record_names(page.rows, accounts)
        type_options = [(key, kind.label) for key, kind in KINDS.items()] + [
            (key, kind_label(key)) for key in types if key not in KINDS
        ]
        return Template(
            "audit/list.html",
            context={
                "page": page,
                "entries": _entries(page.rows, names, catalogue, log_words),
                "filters": filters,
                "fields": fields,
                "params": _params(request),
                "user_options": _user_options(accounts),
                "type_options": _with_current(type_options, filters.entity_type),
                "action_options": _with_current(list(log_words.actions.items()), filters.action),
            },
            status_code=HTTP_200_OK if fields.ok else HTTP_400_BAD_REQUEST,
        )
