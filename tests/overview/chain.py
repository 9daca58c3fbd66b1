"""A whole chain for the overview's tests: a dialogue held on 2026-04-20 (board
Kommunstyrelsen), its evidence, an insight with a theme, a project using it, a change built on
it, and feedback to the residents reporting the change."""

from __future__ import annotations

from dataclasses import dataclass

from tests.dialogues.factories import feedback_input, make_dialogue
from tests.factories import ACTOR, make_project
from tests.insights.factories import change_in, evidence_from, insight_on
from tracker.insights import services
from tracker.insights.changes import services as changes
from tracker.insights.feedback import add_feedback
from tracker.phases.catalogue import PhaseCatalogue

HELD_ON = "2026-04-20"


@dataclass(slots=True)
class Chain:
    dialogue: int
    evidence: int
    insight: int
    project: int
    change: int


async def make_chain(catalogue: PhaseCatalogue, theme: str = "Trygghet", n: int = 0) -> Chain:
    dialogue = await make_dialogue(state="held", title=f"Dialog om skolvägen {n}")
    evidence = await evidence_from(dialogue.id, f"Det är mörkt vid skolan {n}")
    insight = await insight_on([evidence], f"Föräldrar känner sig otrygga {n}", themes=[theme])
    project = await make_project(catalogue, current_step="undersoka")
    await services.use_in_project(insight, project.id, None, ACTOR)
    change = await change_in(project.id)
    await changes.address_insight(change, insight, 2, ACTOR)
    await add_feedback(dialogue, feedback_input("residents"), ACTOR, [change])
    return Chain(dialogue.id, evidence, insight, project.id, change)
