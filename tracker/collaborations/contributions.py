"""What the parties put into a collaboration, year by year. Every change is audited."""

from __future__ import annotations

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.collaborations.forms import ContributionInput
from tracker.collaborations.register import ENTITY
from tracker.collaborations.tables import Collaboration, Contribution
from tracker.db import write_transaction


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
