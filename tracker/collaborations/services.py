"""Organisations and collaborations: registers, records, contributions, follow-ups, links to
projects and dialogues, the follow-up agenda and the exports. Every change is audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from tracker.accounts.permissions import Principal, Role
from tracker.accounts.tables import Membership
from tracker.audit.services import changes_for, diff, record_change
from tracker.clock import now
from tracker.collaborations.filters import CollaborationFilters, OrganisationFilters
from tracker.collaborations.forms import (
    CollaborationInput,
    ContributionInput,
    FollowUpInput,
    OrganisationInput,
)
from tracker.collaborations.labels import FIELD_LABELS, ORGANISATION_LABELS
from tracker.collaborations.links import DIALOGUES, PROJECTS
from tracker.collaborations.party_history import record_parties
from tracker.collaborations.rules import STATUS_LABELS, is_overdue
from tracker.collaborations.status_history import HISTORY
from tracker.collaborations.tables import (
    Collaboration,
    CollaborationDialogue,
    CollaborationOrganisation,
    CollaborationProject,
    Contribution,
    FeedbackPartner,
    FollowUp,
    Organisation,
)
from tracker.db import MAX_ID, distinct_values, update_versioned, write_transaction
from tracker.shared import links
from tracker.shared.status_history import dated, record_registration, status_changed
from tracker.text import like_term, search_form, swedish_sort_key
from tracker.web.pagination import PAGE_SIZE, Page
from tracker.web.tabular import day

ENTITY = "collaboration"
ORGANISATION = "organisation"

DUPLICATE_NAME = "Det finns redan en organisation med det namnet."
DUPLICATE_NUMBER = "Det finns redan en organisation med det organisationsnumret."


def _valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


# --- organisations ---------------------------------------------------------------------------


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
    if not _valid_id(organisation_id):
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


def _organisation_values(data: OrganisationInput) -> dict[str, Any]:
    return asdict(data) | {
        "name_search": search_form(data.name),
        "name_sort": swedish_sort_key(data.name),
    }


async def create_organisation(data: OrganisationInput, actor: Principal) -> Organisation:
    stamp = now()
    organisation = Organisation(**_organisation_values(data), created_at=stamp, updated_at=stamp)
    async with write_transaction():
        await organisation.save()
        await record_change(
            actor=actor,
            entity_type=ORGANISATION,
            entity_id=organisation.id,
            action="created",
            summary=f"Registrerade organisationen {data.name}.",
        )
    return organisation


async def update_organisation(
    organisation: Organisation,
    data: OrganisationInput,
    actor: Principal,
    version: int | None = None,
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if it was saved since `version` was read."""
    values = asdict(data)
    changes = diff({key: getattr(organisation, key) for key in values}, values)
    if not changes:
        return changes
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
            summary="Ändrade " + ", ".join(ORGANISATION_LABELS[k] for k in changes) + ".",
            changes=changes,
        )
    return changes


async def set_organisation_archived(
    organisation: Organisation, archived: bool, actor: Principal
) -> None:
    stamp = now()
    async with write_transaction():
        await Organisation.update(
            {Organisation.archived_at: stamp if archived else None, Organisation.updated_at: stamp}
        ).where(Organisation.id == organisation.id)
        await record_change(
            actor=actor,
            entity_type=ORGANISATION,
            entity_id=organisation.id,
            action="archived" if archived else "restored",
            summary="Arkiverade organisationen."
            if archived
            else "Återställde organisationen från arkivet.",
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


# --- collaborations --------------------------------------------------------------------------


async def _where(filters: CollaborationFilters) -> Any:
    condition: Combinable = (
        Collaboration.archived_at.is_not_null()
        if filters.archived
        else Collaboration.archived_at.is_null()
    )
    if term := like_term(filters.q):
        condition &= Collaboration.title_search.like(f"%{term}%")
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
    if not _valid_id(collaboration_id):
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
        if actor.role == Role.EDITOR:
            await Membership.insert(
                Membership(
                    account=actor.id,
                    record_type=ENTITY,
                    record_id=collaboration.id,
                    added_at=stamp,
                    added_by=actor.name,
                )
            )
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
    stamp = now()
    async with write_transaction():
        await Collaboration.update(
            {
                Collaboration.archived_at: stamp if archived else None,
                Collaboration.updated_at: stamp,
            }
        ).where(Collaboration.id == collaboration.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="archived" if archived else "restored",
            summary="Arkiverade samverkan." if archived else "Återställde samverkan från arkivet.",
        )


async def add_contribution(
    collaboration: Collaboration, data: ContributionInput, actor: Principal, party_name: str
) -> None:
    async with write_transaction():
        await Contribution.insert(
            Contribution(
                collaboration=collaboration.id,
                organisation=data.organisation_id,
                year=data.year,
                amount=data.amount,
                in_kind=data.in_kind,
                created_at=now(),
                created_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="contribution_added",
            summary=f"Lade till en insats från {party_name} för {data.year}.",
            changes={
                "contribution": [
                    None,
                    {
                        "party": party_name,
                        "year": data.year,
                        "amount": data.amount,
                        "in_kind": data.in_kind,
                    },
                ]
            },
        )


async def add_follow_up(
    collaboration: Collaboration, data: FollowUpInput, actor: Principal
) -> None:
    async with write_transaction():
        await FollowUp.insert(
            FollowUp(
                collaboration=collaboration.id,
                due_on=data.due_on,
                what=data.what,
                done=False,
                created_at=now(),
                created_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="follow_up_added",
            summary=f"Lade till uppföljningen ”{data.what}” {data.due_on.isoformat()}.",
        )


async def mark_follow_up_done(
    collaboration: Collaboration, follow_up_id: int, actor: Principal
) -> bool:
    """Mark a follow-up as done. LookupError if it is not this collaboration's."""
    if not _valid_id(follow_up_id):
        raise LookupError(follow_up_id)
    async with write_transaction():
        row = (
            await FollowUp.select()
            .where((FollowUp.id == follow_up_id) & (FollowUp.collaboration == collaboration.id))
            .first()
        )
        if row is None:
            raise LookupError(follow_up_id)
        if row["done"]:
            return False
        await FollowUp.update({FollowUp.done: True}).where(FollowUp.id == follow_up_id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="follow_up_done",
            summary=f"Markerade uppföljningen ”{row['what']}” som gjord.",
            changes={"follow_up": [row["due_on"].isoformat(), "gjord"]},
        )
    return True


# --- links to projects and dialogues ---------------------------------------------------------


async def link_project(
    collaboration: Collaboration, project_id: int | None, actor: Principal
) -> bool:
    """Link a project; False if already linked. LinkRefused (a LookupError) if it is unknown
    or archived."""
    return await links.link(PROJECTS, collaboration, project_id, actor)


async def unlink_project(collaboration: Collaboration, project_id: int, actor: Principal) -> bool:
    return await links.unlink(PROJECTS, collaboration, project_id, actor)


async def link_dialogue(
    collaboration: Collaboration, dialogue_id: int | None, actor: Principal
) -> bool:
    return await links.link(DIALOGUES, collaboration, dialogue_id, actor)


async def unlink_dialogue(collaboration: Collaboration, dialogue_id: int, actor: Principal) -> bool:
    return await links.unlink(DIALOGUES, collaboration, dialogue_id, actor)


_LINKED_COLUMNS = ("form", "status")


async def collaborations_of_project(project_id: int) -> list[dict[str, Any]]:
    return await links.owners_of(PROJECTS, project_id, _LINKED_COLUMNS)


async def feedback_partners(dialogue_id: int) -> dict[int, dict[str, Any]]:
    """Per piece of the dialogue's feedback, the collaboration whose partner carried it."""
    return {
        row["feedback"]: row
        for row in await FeedbackPartner.select(
            FeedbackPartner.feedback,
            FeedbackPartner.collaboration.id.as_alias("id"),
            FeedbackPartner.collaboration.title.as_alias("title"),
        ).where(FeedbackPartner.feedback.dialogue == dialogue_id)
    }


async def collaborations_of_dialogue(dialogue_id: int) -> list[dict[str, Any]]:
    return await links.owners_of(DIALOGUES, dialogue_id, _LINKED_COLUMNS)


# --- a collaboration's page ------------------------------------------------------------------


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


# --- follow-ups and renewals across all collaborations ----------------------------------------


async def agenda(today: date, *, include_ended: bool = False) -> list[dict[str, Any]]:
    """Follow-ups not yet done and renewal dates, sorted by date; two queries."""
    active: Combinable = Collaboration.archived_at.is_null()
    if not include_ended:
        active &= Collaboration.status != "ended"
    follow_ups = await FollowUp.select(
        FollowUp.id,
        FollowUp.due_on,
        FollowUp.what,
        FollowUp.collaboration.id.as_alias("collaboration_id"),
        FollowUp.collaboration.title.as_alias("title"),
        FollowUp.collaboration.department.as_alias("department"),
    ).where(
        FollowUp.done.eq(False)
        & FollowUp.collaboration.archived_at.is_null()
        & (
            FollowUp.collaboration.status != "ended"
            if not include_ended
            else FollowUp.collaboration.id.is_not_null()
        )
    )
    renewals = await Collaboration.select(
        Collaboration.id, Collaboration.title, Collaboration.department, Collaboration.renewal_date
    ).where(active & Collaboration.renewal_date.is_not_null())
    items = [
        {
            "kind": "follow_up",
            "date": row["due_on"],
            "what": row["what"],
            "collaboration_id": row["collaboration_id"],
            "title": row["title"],
            "department": row["department"],
            "overdue": is_overdue(row["due_on"], today),
        }
        for row in follow_ups
    ] + [
        {
            "kind": "renewal",
            "date": row["renewal_date"],
            "what": "Förnyelse av överenskommelsen",
            "collaboration_id": row["id"],
            "title": row["title"],
            "department": row["department"],
            "overdue": is_overdue(row["renewal_date"], today),
        }
        for row in renewals
    ]
    return sorted(items, key=lambda item: (item["date"], item["title"]))


# --- exports ---------------------------------------------------------------------------------

ORGANISATION_COLUMNS = (
    "Id",
    "Namn",
    "Organisationsnummer",
    "Typ",
    "Verksamhetsområde",
    "Idéburen",
    "Kontaktväg",
    "Anteckningar",
    "Arkiverad",
)
COLLABORATION_COLUMNS = (
    "Id",
    "Titel",
    "Form",
    "Organisationer",
    "Gemensamt mål",
    "Ansvarig förvaltning",
    "Kontaktroll",
    "Startdatum",
    "Slutdatum",
    "Förnyelsedatum",
    "Status",
    "Resultat",
    "Arkiverad",
)


def organisation_rows(rows: list[dict[str, Any]], lists: Any) -> list[list[Any]]:
    return [
        [
            row["id"],
            row["name"],
            row["org_number"],
            lists.type_name(row["kind"]),
            row["activity_area"],
            "ja" if row["idea_based"] else "nej",
            row["contact"],
            row["notes"],
            day(row["archived_at"]),
        ]
        for row in rows
    ]


def collaboration_rows(rows: list[dict[str, Any]], lists: Any) -> list[list[Any]]:
    return [
        [
            row["id"],
            row["title"],
            lists.form_name(row["form"]),
            "; ".join(row["organisations"]),
            row["goal"],
            row["department"],
            row["contact_role"],
            day(row["start_date"]),
            day(row["end_date"]),
            day(row["renewal_date"]),
            STATUS_LABELS.get(row["status"], row["status"]),
            row["results"],
            day(row["archived_at"]),
        ]
        for row in rows
    ]


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
