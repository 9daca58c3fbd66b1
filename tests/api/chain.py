"""A small world for the API and export tests: a project, a dialogue that informs it, an
organisation in a collaboration, evidence (one piece internal), an insight and a change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.collaborations.factories import make_collaboration, make_organisation
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tracker.dialogues.links import link_project
from tracker.dialogues.rules import State
from tracker.insights import services as insights
from tracker.insights.changes import services as change_services
from tracker.phases.catalogue import PhaseCatalogue

INTERNAL_NOTE = "Intern anteckning: rektorn var skeptisk"
SHARED_QUOTE = "Det är mörkt på vägen till skolan."


@dataclass(frozen=True)
class Chain:
    project_id: int
    dialogue_id: int
    organisation_id: int
    collaboration_id: int
    insight_id: int
    change_id: int


async def make_chain(catalogue: PhaseCatalogue, suffix: str = "") -> Chain:
    """The chain; `suffix` makes the names unique when several are made."""
    project = await make_project(catalogue, title=f"Enklare ansökan om bygglov{suffix}")
    dialogue = await make_dialogue(
        state=State.FED_BACK, feedback_due=date(2026, 6, 30), title=f"Trygghet i centrum{suffix}"
    )
    await link_project(dialogue, project.id, ACTOR)
    organisation = await make_organisation(
        name=f"Föreningen Läslust{suffix}", org_number="" if suffix else "802012-3454"
    )
    collaboration = await make_collaboration([organisation.id])
    shared = await insights.add_evidence(
        source_type="dialogue",
        source_id=dialogue.id,
        text=SHARED_QUOTE,
        speaker_category="förälder, 30–44 år",
        internal=False,
        actor=ACTOR,
    )
    internal = await insights.add_evidence(
        source_type="dialogue",
        source_id=dialogue.id,
        text=INTERNAL_NOTE,
        speaker_category="personal",
        internal=True,
        actor=ACTOR,
    )
    insight = await insights.create_insight(
        statement=f"Föräldrar känner sig otrygga på skolvägen{suffix}",
        target_group="Föräldrar",
        evidence_ids=[shared, internal],
        themes=["Trygghet", "Belysning"],
        actor=ACTOR,
    )
    await insights.use_in_project(insight, project.id, None, ACTOR)
    change = await change_services.create_change(
        project_id=project.id,
        title="Bättre belysning på skolvägen",
        description="Fler lampor längs gång- och cykelvägen.",
        status_on=date(2026, 5, 1),
        actor=ACTOR,
    )
    await change_services.address_insight(change, insight, 3, ACTOR)
    return Chain(project.id, dialogue.id, organisation.id, collaboration.id, insight, change)
