"""Build organisations and collaborations for tests through the real services."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal, system_actor
from tracker.collaborations import follow_ups, links, organisations, register
from tracker.collaborations.forms import CollaborationInput, FollowUpInput, OrganisationInput
from tracker.collaborations.tables import Collaboration, FollowUp, Organisation

ACTOR = system_actor("Testanvändare")


def organisation_input(**overrides: Any) -> OrganisationInput:
    values: dict[str, Any] = {
        "name": "Föreningen Läslust",
        "org_number": "802012-3454",
        "kind": "ideell-forening",
        "activity_area": "Läsfrämjande för barn och unga",
        "idea_based": True,
        "contact": "info@laslust.example",
        "notes": "",
    }
    values.update(overrides)
    return OrganisationInput(**values)


def organisation_form(**overrides: str) -> dict[str, str]:
    values = {
        "name": "Idrottsalliansen Norr",
        "org_number": "802456-7896",
        "kind": "ideell-forening",
        "activity_area": "Idrott för unga",
        "idea_based": "ja",
        "contact": "https://idrottsalliansen.example",
        "notes": "",
    }
    values.update(overrides)
    return values


async def make_organisation(actor: Principal = ACTOR, **overrides: Any) -> Organisation:
    return await organisations.create_organisation(organisation_input(**overrides), actor)


def collaboration_input(organisation_ids: list[int], **overrides: Any) -> CollaborationInput:
    values: dict[str, Any] = {
        "title": "Läxhjälp på biblioteket",
        "form": "iop",
        "organisation_ids": organisation_ids,
        "goal": "Fler elever klarar godkänt i årskurs 9.",
        "department": "Kultur- och fritidsförvaltningen",
        "contact_role": "Föreningsutvecklare",
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 12, 31),
        "renewal_date": date(2027, 9, 1),
        "status": "ongoing",
        "results": "",
    }
    values.update(overrides)
    return CollaborationInput(**values)


def collaboration_form(organisation_ids: list[int], **overrides: Any) -> list[tuple[str, str]]:
    values = {
        "title": "Lokal överenskommelse 2026",
        "form": "lokal-overenskommelse",
        "goal": "Bättre villkor för föreningslivet.",
        "department": "Kommunledningskontoret",
        "contact_role": "Samordnare för civilsamhället",
        "start_date": "2026-02-01",
        "end_date": "2028-01-31",
        "renewal_date": "2027-11-01",
        "status": "planned",
        "results": "",
    }
    values.update(overrides)
    return [*values.items(), *[("organisation_ids", str(i)) for i in organisation_ids]]


async def make_collaboration(
    organisation_ids: list[int] | None = None, actor: Principal = ACTOR, **overrides: Any
) -> Collaboration:
    if organisation_ids is None:
        existing = await Organisation.select(Organisation.id).order_by(Organisation.id).first()
        organisation_ids = [existing["id"] if existing else (await make_organisation()).id]
    return await register.create_collaboration(
        collaboration_input(organisation_ids, **overrides), actor
    )


async def make_collaboration_setting(
    actor: Principal, project_id: int, dialogue_id: int
) -> tuple[Organisation, Collaboration, int]:
    """For the route table: an organisation, a collaboration linked to the project and the
    dialogue, with one follow-up."""
    organisation = await make_organisation()
    collaboration = await make_collaboration([organisation.id], actor=actor)
    await links.link_project(collaboration, project_id, actor)
    await links.link_dialogue(collaboration, dialogue_id, actor)
    await follow_ups.add_follow_up(
        collaboration, FollowUpInput(date(2026, 6, 1), "Halvårsavstämning"), actor
    )
    row = await FollowUp.select(FollowUp.id).first()
    assert row is not None
    return organisation, collaboration, row["id"]
