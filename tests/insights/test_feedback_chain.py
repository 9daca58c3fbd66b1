"""Feedback as a link in the chain (tracker.insights.feedback): the feedback, its partner and
the changes it reported are written together, or not at all."""

from __future__ import annotations

import pytest

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import feedback_input, make_dialogue
from tests.factories import ACTOR, make_project
from tracker.audit.tables import ChangeLogEntry
from tracker.collaborations.tables import FeedbackPartner
from tracker.dialogues.tables import DialogueFeedback
from tracker.insights.changes import services as change_services
from tracker.insights.feedback import add_feedback
from tracker.insights.tables import FeedbackChange
from tracker.phases.catalogue import PhaseCatalogue

from .factories import change_in, evidence_from, insight_on


async def test_feedback_is_written_with_its_partner_and_changes(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    partner = await make_collaboration()
    project = await make_project(catalogue)
    change = await change_in(project.id, "Belysning på skolvägen")
    insight = await insight_on([await evidence_from(dialogue.id)])
    await change_services.address_insight(change, insight, 2, ACTOR)

    await add_feedback(dialogue, feedback_input("residents", partner=partner.id), ACTOR, [change])

    feedback = await DialogueFeedback.select().where(DialogueFeedback.dialogue == dialogue.id)
    assert len(feedback) == 1
    assert (
        await FeedbackPartner.count().where(
            (FeedbackPartner.feedback == feedback[0]["id"])
            & (FeedbackPartner.collaboration == partner.id)
        )
        == 1
    )
    assert await FeedbackChange.count().where(FeedbackChange.feedback == feedback[0]["id"]) == 1
    entry = (
        await ChangeLogEntry.select()
        .where(
            (ChangeLogEntry.action == "feedback_added")
            & (ChangeLogEntry.entity_type == "dialogue")
            & (ChangeLogEntry.entity_id == dialogue.id)
        )
        .order_by(ChangeLogEntry.id, ascending=False)
        .first()
    )
    assert entry is not None and entry["summary"].endswith("som berättar om 1 förändring.")


async def test_feedback_to_the_board_names_no_changes(db: None, catalogue: PhaseCatalogue) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    change = await change_in(project.id)

    await add_feedback(dialogue, feedback_input("board"), ACTOR, [change])

    assert await FeedbackChange.count() == 0


async def test_nothing_is_written_when_a_link_fails(db: None) -> None:
    dialogue = await make_dialogue(state="held")
    before = await ChangeLogEntry.count()

    with pytest.raises(Exception):  # noqa: B017 - the database refuses the unknown change
        await add_feedback(dialogue, feedback_input("residents"), ACTOR, [987654])

    assert await DialogueFeedback.count().where(DialogueFeedback.dialogue == dialogue.id) == 0
    assert await ChangeLogEntry.count() == before
