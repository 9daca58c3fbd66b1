"""The register of collaborations: listing, registering, editing and archiving a
collaboration with its parties, and everything its page lists. Every change is audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from tracker.accounts.memberships import join_creator
from tracker.accounts.permissions import Principal
from tracker.audit.services import changes_for, diff, record_change
from tracker.clock import now
from tracker.collaborations.filters import CollaborationFilters
from tracker.collaborations.forms import CollaborationInput
from tracker.collaborations.labels import FIELD_LABELS
from tracker.collaborations.links import DIALOGUES, PROJECTS
from tracker.collaborations.party_history import record_parties
from tracker.collaborations.status_history import HISTORY
from tracker.collaborations.tables import (
    Collaboration,
    CollaborationOrganisation,
    Contribution,
    FeedbackPartner,
    FollowUp,
    Organisation,
)
from tracker.db import MAX_ID, distinct_values, update_versioned, write_transaction
from tracker.shared import archive, links
from tracker.shared.registration import title_or_number
from tracker.shared.status_history import dated, record_registration, status_changed
from tracker.text import like_term, search_form, swedish_sort_key
from tracker.web.pagination import PAGE_SIZE, Page

ENTITY = "collaboration"


async def _where(filters: CollaborationFilters) -> Any:
    condition: Combinable = (
        Collaboration.archived_at.is_not_null()
        if filters.archived
        else Collaboration.archived_at.is_null()
    )
    if term := like_term(filters.q):
        condition &= title_or_number(Collaboration.title_search, Collaboration.diarienummer, term)
    for column, value in (
        (Collaboration.form, filters.form),
        (Collaboration.status, filters.status),
        (Collaboration.department, filters.department),
    ):
        if value:
            condition &= column == value
    if filters.year:
        condition &= Collaboration.start_date <= date(filters.year, 12, 31)
        condition &= Collaboration.end_date.is_null() | (
            Collaboration.end_date >= date(filters.year, 1, 1)
        )
    if filters.organisation:
        rows = await CollaborationOrganisation.select(
            CollaborationOrganisation.collaboration
        ).where(CollaborationOrganisation.organisation == filters.organisation)
        condition &= Collaboration.id.is_in([row["collaboration"] for row in rows] or [0])
    return condition


async def list_collaborations(filters: CollaborationFilters, size: int | None = PAGE_SIZE) -> Page:
    """One page (or, with size None, every matching row), each with its organisations' names."""
    where = await _where(filters)
    query = (
        Collaboration.select()
        .where(where)
        .order_by(Collaboration.title_sort)
        .order_by(Collaboration.id)
    )
    if size is None:
        rows = await query
        page = Page(rows=rows, number=1, size=max(1, len(rows)), total=len(rows))
    else:
        total = await Collaboration.count().where(where)
        number = min(filters.page, max(1, -(-total // size)))
        rows = await query.limit(size).offset((number - 1) * size)
        page = Page(rows=rows, number=number, size=size, total=total)
    names = await _organisation_names([row["id"] for row in rows])
    for row in rows:
        row["organisations"] = names.get(row["id"], [])
    return page


async def _organisation_names(collaboration_ids: list[int]) -> dict[int, list[str]]:
    if not collaboration_ids:
        return {}
    rows = await (
        CollaborationOrganisation.select(
            CollaborationOrganisation.collaboration,
            CollaborationOrganisation.organisation.name.as_alias("name"),
        )
        .where(CollaborationOrganisation.collaboration.is_in(collaboration_ids))
        .order_by(CollaborationOrganisation.organisation.name_sort)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        names[row["collaboration"]].append(row["name"])
    return names


async def departments() -> list[str]:
    return await distinct_values("collaboration", "department")


async def get_collaboration(collaboration_id: int) -> Collaboration | None:
    if not 0 < collaboration_id <= MAX_ID:
        return None
    return await Collaboration.objects().get(Collaboration.id == collaboration_id)


def _collaboration_values(data: CollaborationInput) -> dict[str, Any]:
    values = asdict(data)
    values.pop("organisation_ids")
    values.pop("status_on")
    return values


def _search_columns(title: str) -> dict[str, str]:
    return {"title_search": search_form(title), "title_sort": swedish_sort_key(title)}


async def create_collaboration(data: CollaborationInput, actor: Principal) -> Collaboration:
    stamp = now()
    collaboration = Collaboration(
        **_collaboration_values(data),
        **_search_columns(data.title),  # type: ignore[arg-type]  # mypy matches ** to Table.__init__'s _data
        created_at=stamp,
        updated_at=stamp,
    )
    async with write_transaction():
        await collaboration.save()
        await CollaborationOrganisation.insert(
            *[
                CollaborationOrganisation(collaboration=collaboration.id, organisation=org)
                for org in data.organisation_ids
            ]
        )
        await join_creator(actor, ENTITY, collaboration.id, stamp)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="created",
            summary="Registrerade samverkan.",
            changes={"organisations": [None, await _names_of(data.organisation_ids)]},
            at=stamp,
        )
        await record_registration(HISTORY, collaboration, actor.name)
        await record_parties(collaboration.id, data.organisation_ids, [], stamp, actor.name)
    return collaboration


async def _names_of(organisation_ids: list[int]) -> list[str]:
    if not organisation_ids:
        return []
    rows = await (
        Organisation.select(Organisation.name)
        .where(Organisation.id.is_in(organisation_ids))
        .order_by(Organisation.name_sort)
    )
    return [row["name"] for row in rows]


async def organisation_ids_of(collaboration_id: int) -> list[int]:
    rows = await CollaborationOrganisation.select(CollaborationOrganisation.organisation).where(
        CollaborationOrganisation.collaboration == collaboration_id
    )
    return [row["organisation"] for row in rows]


async def update_collaboration(
    collaboration: Collaboration,
    data: CollaborationInput,
    actor: Principal,
    version: int | None = None,
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if it was saved since `version` was read."""
    values = _collaboration_values(data)
    changes = diff({key: getattr(collaboration, key) for key in values}, values)
    before_ids = await organisation_ids_of(collaboration.id)
    if set(before_ids) != set(data.organisation_ids):
        changes["organisations"] = [
            await _names_of(before_ids),
            await _names_of(data.organisation_ids),
        ]
    if not changes:
        return changes
    stamp, status_on = now(), data.status_on if "status" in changes else None
    async with write_transaction():
        await update_versioned(
            Collaboration,
            collaboration.id,
            version,
            {**values, **_search_columns(data.title), "updated_at": stamp},
        )
        removed = set(before_ids) - set(data.organisation_ids)
        added = [org for org in data.organisation_ids if org not in before_ids]
        if removed:
            # A link is not a record of its own; the change log keeps who was a party when.
            await CollaborationOrganisation.delete().where(
                (CollaborationOrganisation.collaboration == collaboration.id)
                & CollaborationOrganisation.organisation.is_in(list(removed))
            )
        if added:
            await CollaborationOrganisation.insert(
                *[
                    CollaborationOrganisation(collaboration=collaboration.id, organisation=org)
                    for org in added
                ]
            )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="updated",
            summary="Ändrade " + ", ".join(FIELD_LABELS.get(k, k) for k in changes) + ".",
            changes={**changes, **dated(status_on)},
            at=stamp,
        )
        await record_parties(collaboration.id, added, removed, stamp, actor.name)
        if "status" in changes:
            change = (collaboration.status, data.status)
            await status_changed(HISTORY, collaboration.id, change, stamp, actor.name, status_on)
    return changes


async def set_archived(collaboration: Collaboration, archived: bool, actor: Principal) -> None:
    await archive.set_archived(
        Collaboration,
        ENTITY,
        collaboration.id,
        archived,
        actor,
        ("Arkiverade samverkan.", "Återställde samverkan från arkivet."),
    )


@dataclass(slots=True)
class CollaborationRecords:
    organisations: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    follow_ups: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    dialogues: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    totals: list[dict[str, Any]] = field(default_factory=list)  # per year and party

    @property
    def organisation_ids(self) -> set[int]:
        return {row["id"] for row in self.organisations}


async def collaboration_records(collaboration: Collaboration) -> CollaborationRecords:
    """Everything the collaboration page lists: six queries whatever the amounts."""
    organisations = await (
        CollaborationOrganisation.select(
            CollaborationOrganisation.organisation.id.as_alias("id"),
            CollaborationOrganisation.organisation.name.as_alias("name"),
            CollaborationOrganisation.organisation.kind.as_alias("kind"),
            CollaborationOrganisation.organisation.archived_at.as_alias("archived_at"),
        )
        .where(CollaborationOrganisation.collaboration == collaboration.id)
        .order_by(CollaborationOrganisation.organisation.name_sort)
    )
    contributions = await (
        Contribution.select(
            Contribution.id,
            Contribution.year,
            Contribution.amount,
            Contribution.in_kind,
            Contribution.organisation.id.as_alias("organisation_id"),
            Contribution.organisation.name.as_alias("organisation_name"),
            Contribution.created_by,
        )
        .where(Contribution.collaboration == collaboration.id)
        .order_by(Contribution.year)
        .order_by(Contribution.id)
    )
    follow_ups = await (
        FollowUp.select()
        .where(FollowUp.collaboration == collaboration.id)
        .order_by(FollowUp.due_on)
        .order_by(FollowUp.id)
    )
    projects = await links.targets_of(PROJECTS, collaboration.id, ("current_step",))
    dialogues = await links.targets_of(DIALOGUES, collaboration.id, ("state",))
    carried: dict[int, list[Any]] = defaultdict(list)
    for row in await FeedbackPartner.select(
        FeedbackPartner.feedback.dialogue.as_alias("dialogue"),
        FeedbackPartner.feedback.given_on.as_alias("given_on"),
    ).where(FeedbackPartner.collaboration == collaboration.id):
        carried[row["dialogue"]].append(row["given_on"])
    for row in dialogues:
        row["feedback_carried"] = sorted(carried.get(row["id"], []))
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for row in contributions:
        totals[(row["year"], row["organisation_name"] or "Kommunen")] += row["amount"]
    return CollaborationRecords(
        organisations=organisations,
        contributions=contributions,
        follow_ups=follow_ups,
        projects=projects,
        dialogues=dialogues,
        changes=await changes_for(ENTITY, collaboration.id),
        totals=[
            {"year": year, "party": party, "amount": amount}
            for (year, party), amount in sorted(totals.items())
        ],
    )


async def collaboration_records_organisations(collaboration_id: int) -> list[dict[str, Any]]:
    """The collaboration's parties (id and name), archived organisations too."""
    return await (
        CollaborationOrganisation.select(
            CollaborationOrganisation.organisation.id.as_alias("id"),
            CollaborationOrganisation.organisation.name.as_alias("name"),
        )
        .where(CollaborationOrganisation.collaboration == collaboration_id)
        .order_by(CollaborationOrganisation.organisation.name_sort)
    )
