"""The register of organisations: listing, registering, editing, archiving, and an
organisation's whole history with the municipality. Every change is audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from piccolo.custom_types import Combinable

from tracker.accounts.permissions import Principal
from tracker.audit.services import changes_for, diff, record_change
from tracker.clock import now
from tracker.collaborations.filters import OrganisationFilters
from tracker.collaborations.forms import OrganisationInput
from tracker.collaborations.labels import ORGANISATION_LABELS
from tracker.collaborations.tables import (
    CollaborationDialogue,
    CollaborationOrganisation,
    CollaborationProject,
    Contribution,
    Organisation,
)
from tracker.db import MAX_ID, update_versioned, write_transaction
from tracker.shared import archive
from tracker.text import like_term, search_form, swedish_sort_key
from tracker.web.pagination import PAGE_SIZE, Page

ORGANISATION = "organisation"

DUPLICATE_NAME = "Det finns redan en organisation med det namnet."

DUPLICATE_NUMBER = "Det finns redan en organisation med det organisationsnumret."


def _organisation_where(filters: OrganisationFilters) -> Any:
    condition: Combinable = (
        Organisation.archived_at.is_not_null()
        if filters.archived
        else Organisation.archived_at.is_null()
    )
    if term := like_term(filters.q):
        condition &= Organisation.name_search.like(f"%{term}%") | Organisation.org_number.like(
            f"%{term}%"
        )
    if filters.kind:
        condition &= Organisation.kind == filters.kind
    if filters.idea_based:
        condition &= Organisation.idea_based.eq(True)
    return condition


async def list_organisations(filters: OrganisationFilters, size: int | None = PAGE_SIZE) -> Page:
    """One page of the register (or every matching row when size is None, for exports)."""
    where = _organisation_where(filters)
    query = (
        Organisation.select()
        .where(where)
        .order_by(Organisation.name_sort)
        .order_by(Organisation.id)
    )
    if size is None:
        rows = await query
        return Page(rows=rows, number=1, size=max(1, len(rows)), total=len(rows))
    total = await Organisation.count().where(where)
    number = min(filters.page, max(1, -(-total // size)))
    rows = await query.limit(size).offset((number - 1) * size)
    return Page(rows=rows, number=number, size=size, total=total)


async def organisation_choices() -> list[dict[str, Any]]:
    return await (
        Organisation.select(Organisation.id, Organisation.name)
        .where(Organisation.archived_at.is_null())
        .order_by(Organisation.name_sort)
    )


async def get_organisation(organisation_id: int) -> Organisation | None:
    if not 0 < organisation_id <= MAX_ID:
        return None
    return await Organisation.objects().get(Organisation.id == organisation_id)


async def duplicate_problems(
    data: OrganisationInput, except_id: int | None = None
) -> dict[str, str]:
    """Another organisation (archived ones too) with the same name or number."""
    condition: Combinable = Organisation.name_search == search_form(data.name)
    if data.org_number:
        condition |= Organisation.org_number == data.org_number
    rows = await Organisation.select(
        Organisation.id, Organisation.name_search, Organisation.org_number
    ).where(condition)
    problems = {}
    for row in rows:
        if row["id"] == except_id:
            continue
        if row["name_search"] == search_form(data.name):
            problems["name"] = DUPLICATE_NAME
        if data.org_number and row["org_number"] == data.org_number:
            problems["org_number"] = DUPLICATE_NUMBER
    return problems


PRIVATE_CONTACT = "private_contact_confirmed"  # the change log's key for the confirmation


def _stored_values(data: OrganisationInput) -> dict[str, Any]:
    """The form's values the organisation keeps (a confirmation goes to the change log)."""
    values = asdict(data)
    del values[PRIVATE_CONTACT]
    return values


def _organisation_values(data: OrganisationInput) -> dict[str, Any]:
    return _stored_values(data) | {
        "name_search": search_form(data.name),
        "name_sort": swedish_sort_key(data.name),
    }


def _confirmation(data: OrganisationInput) -> tuple[str, dict[str, list[Any]]]:
    """What the change log says when the user confirmed a contact at a private mail domain."""
    if not data.private_contact_confirmed:
        return "", {}
    domain = data.contact.rsplit("@", 1)[-1]
    sentence = f" Bekräftade att kontaktvägen på {domain} är organisationens egen."
    return sentence, {PRIVATE_CONTACT: ["", data.contact]}


async def create_organisation(data: OrganisationInput, actor: Principal) -> Organisation:
    stamp = now()
    organisation = Organisation(**_organisation_values(data), created_at=stamp, updated_at=stamp)
    async with write_transaction():
        await organisation.save()
        confirmed, changes = _confirmation(data)
        await record_change(
            actor=actor,
            entity_type=ORGANISATION,
            entity_id=organisation.id,
            action="created",
            summary=f"Registrerade organisationen {data.name}.{confirmed}",
            changes=changes,
        )
    return organisation


async def update_organisation(
    organisation: Organisation,
    data: OrganisationInput,
    actor: Principal,
    version: int | None = None,
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if it was saved since `version` was read."""
    values = _stored_values(data)
    changes = diff({key: getattr(organisation, key) for key in values}, values)
    if not changes:
        return changes
    confirmed, confirmation = _confirmation(data)
    async with write_transaction():
        await update_versioned(
            Organisation,
            organisation.id,
            version,
            {**_organisation_values(data), "updated_at": now()},
        )
        await record_change(
            actor=actor,
            entity_type=ORGANISATION,
            entity_id=organisation.id,
            action="updated",
            summary="Ändrade "
            + ", ".join(ORGANISATION_LABELS[k] for k in changes)
            + "."
            + confirmed,
            changes=changes | confirmation,
        )
    return changes


async def set_organisation_archived(
    organisation: Organisation, archived: bool, actor: Principal
) -> None:
    await archive.set_archived(
        Organisation,
        ORGANISATION,
        organisation.id,
        archived,
        actor,
        ("Arkiverade organisationen.", "Återställde organisationen från arkivet."),
    )


@dataclass(slots=True)
class OrganisationHistory:
    collaborations: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    dialogues: list[dict[str, Any]]
    # {"year", "amount", "in_kind": [texts], "municipality": the municipality's kronor in the
    # collaborations the organisation is a party of}
    per_year: list[dict[str, Any]]
    changes: list[dict[str, Any]]

    @property
    def total(self) -> int:
        return sum(row["amount"] for row in self.per_year)

    @property
    def municipality_total(self) -> int:
        return sum(row["municipality"] for row in self.per_year)


async def organisation_history(organisation: Organisation) -> OrganisationHistory:
    """The organisation's whole history with the municipality: five queries."""
    collaborations = await (
        CollaborationOrganisation.select(
            CollaborationOrganisation.collaboration.id.as_alias("id"),
            CollaborationOrganisation.collaboration.title.as_alias("title"),
            CollaborationOrganisation.collaboration.form.as_alias("form"),
            CollaborationOrganisation.collaboration.status.as_alias("status"),
            CollaborationOrganisation.collaboration.start_date.as_alias("start_date"),
            CollaborationOrganisation.collaboration.end_date.as_alias("end_date"),
            CollaborationOrganisation.collaboration.archived_at.as_alias("archived_at"),
        )
        .where(CollaborationOrganisation.organisation == organisation.id)
        .order_by(CollaborationOrganisation.collaboration.start_date, ascending=False)
    )
    ids = [row["id"] for row in collaborations] or [0]
    projects = await (
        CollaborationProject.select(
            CollaborationProject.project.id.as_alias("id"),
            CollaborationProject.project.title.as_alias("title"),
            CollaborationProject.project.current_step.as_alias("current_step"),
            CollaborationProject.collaboration.title.as_alias("collaboration_title"),
        )
        .where(CollaborationProject.collaboration.is_in(ids))
        .order_by(CollaborationProject.project.title_sort)
    )
    dialogues = await (
        CollaborationDialogue.select(
            CollaborationDialogue.dialogue.id.as_alias("id"),
            CollaborationDialogue.dialogue.title.as_alias("title"),
            CollaborationDialogue.dialogue.state.as_alias("state"),
            CollaborationDialogue.collaboration.title.as_alias("collaboration_title"),
        )
        .where(CollaborationDialogue.collaboration.is_in(ids))
        .order_by(CollaborationDialogue.dialogue.title_sort)
    )
    contributions = await (
        Contribution.select(
            Contribution.year, Contribution.amount, Contribution.in_kind, Contribution.organisation
        )
        .where(
            (Contribution.organisation == organisation.id)
            | (Contribution.organisation.is_null() & Contribution.collaboration.is_in(ids))
        )
        .order_by(Contribution.year)
        .order_by(Contribution.id)
    )
    years: dict[int, dict[str, Any]] = {}
    for row in contributions:
        entry = years.setdefault(
            row["year"], {"year": row["year"], "amount": 0, "municipality": 0, "in_kind": []}
        )
        if row["organisation"] is None:  # the municipality's part of a shared collaboration
            entry["municipality"] += row["amount"]
            continue
        entry["amount"] += row["amount"]
        if row["in_kind"]:
            entry["in_kind"].append(row["in_kind"])
    return OrganisationHistory(
        collaborations=collaborations,
        projects=_unique(projects),
        dialogues=_unique(dialogues),
        per_year=[years[year] for year in sorted(years)],
        changes=await changes_for(ORGANISATION, organisation.id),
    )


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per record, with every collaboration it came through."""
    merged: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = merged.setdefault(row["id"], {**row, "through": []})
        entry["through"].append(row["collaboration_title"])
    return list(merged.values())
