"""The flow's counts: the chain from the period's dialogues and collaborations to feedback,
archived records left out, the period's first and last day counted and the day after not, and
the board and theme filters."""

from __future__ import annotations

from datetime import date

from tests.collaborations.factories import make_collaboration
from tests.insights.factories import evidence_from
from tracker.clock import now
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import Insight, Theme
from tracker.overview.flow import flow_counts, flow_ids
from tracker.overview.rules import FlowFilter
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project

from .chain import make_chain

TODAY = date(2026, 12, 7)
HELD = date(2026, 4, 20)
WHOLE = {
    "dialogues": 1,
    "collaborations": 0,
    "evidence": 1,
    "insights": 1,
    "projects": 1,
    "changes": 1,
    "feedback": 1,
    "silent": 0,
    "unused": 0,
    "promises": 0,
    "overdue": 0,
}


async def test_the_whole_chain_flows_through(db: None, catalogue: PhaseCatalogue) -> None:
    chain = await make_chain(catalogue)
    flow = FlowFilter(date(2026, 1, 1), date(2026, 12, 31))
    assert await flow_counts(flow, TODAY) == WHOLE
    assert await flow_ids("feedback", flow, TODAY) == [chain.dialogue]
    assert await flow_ids("changes", flow, TODAY) == [chain.change]


async def test_the_first_and_last_day_count_and_the_day_after_does_not(
    db: None, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue)
    one_day = await flow_counts(FlowFilter(HELD, HELD), TODAY)
    assert one_day["dialogues"] == 1
    ending_before = await flow_counts(FlowFilter(date(2026, 4, 1), date(2026, 4, 19)), TODAY)
    starting_after = await flow_counts(FlowFilter(date(2026, 4, 21), date(2026, 5, 31)), TODAY)
    assert ending_before["dialogues"] == starting_after["dialogues"] == 0
    assert ending_before["feedback"] == starting_after["feedback"] == 0


async def test_collaborations_count_when_their_period_overlaps(db: None) -> None:
    collaboration = await make_collaboration(
        start_date=date(2026, 3, 1), end_date=date(2026, 6, 30)
    )
    await evidence_from(collaboration.id, "Läxhjälpen räcker inte", source_type="collaboration")
    on_last_day = await flow_counts(FlowFilter(date(2026, 6, 30), date(2026, 8, 1)), TODAY)
    on_first_day = await flow_counts(FlowFilter(date(2026, 1, 1), date(2026, 3, 1)), TODAY)
    day_after = await flow_counts(FlowFilter(date(2026, 7, 1), date(2026, 8, 1)), TODAY)
    day_before = await flow_counts(FlowFilter(date(2026, 1, 1), date(2026, 2, 28)), TODAY)
    assert on_last_day["collaborations"] == on_first_day["collaborations"] == 1
    assert on_last_day["evidence"] == 1
    assert day_after["collaborations"] == day_before["collaborations"] == 0


async def test_archived_records_never_count(db: None, catalogue: PhaseCatalogue) -> None:
    chain = await make_chain(catalogue)
    flow = FlowFilter(date(2026, 1, 1), date(2026, 12, 31))
    await Project.update({Project.archived_at: now()}).where(Project.id == chain.project)
    counts = await flow_counts(flow, TODAY)
    # The project and its change go, and with them the feedback about the change.
    assert (counts["projects"], counts["changes"], counts["feedback"]) == (0, 0, 0)
    assert counts["unused"] == 1  # no live project uses the insight any more
    await Insight.update({Insight.archived_at: now()}).where(Insight.id == chain.insight)
    counts = await flow_counts(flow, TODAY)
    assert (counts["evidence"], counts["insights"], counts["silent"]) == (1, 0, 1)
    await Dialogue.update({Dialogue.archived_at: now()}).where(Dialogue.id == chain.dialogue)
    assert set((await flow_counts(flow, TODAY)).values()) == {0}


async def test_a_board_keeps_its_dialogues_and_leaves_collaborations_out(
    db: None, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue)
    await make_collaboration()
    period = (date(2026, 1, 1), date(2026, 12, 31))
    everything = await flow_counts(FlowFilter(*period), TODAY)
    own = await flow_counts(FlowFilter(*period, board="Kommunstyrelsen"), TODAY)
    other = await flow_counts(FlowFilter(*period, board="Tekniska nämnden"), TODAY)
    assert everything["collaborations"] == 1
    assert own == WHOLE
    assert other["dialogues"] == other["feedback"] == other["collaborations"] == 0


async def test_a_theme_keeps_its_insights_and_what_follows(
    db: None, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue, theme="Trygghet", n=1)
    await make_chain(catalogue, theme="Lek", n=2)
    themes = {row["name"]: row["id"] for row in await Theme.select(Theme.id, Theme.name)}
    period = (date(2026, 1, 1), date(2026, 12, 31))
    safety = await flow_counts(FlowFilter(*period, theme=themes["Trygghet"]), TODAY)
    assert safety["dialogues"] == 2  # the theme does not choose the sources
    assert (safety["insights"], safety["projects"], safety["changes"]) == (1, 1, 1)
    assert safety["feedback"] == 1


async def test_the_breaks_show_where_the_flow_stops(db: None, catalogue: PhaseCatalogue) -> None:
    from tests.dialogues.factories import make_dialogue

    await make_dialogue(state="held", level_promised="inflytande", feedback_due=date(2026, 5, 1))
    counts = await flow_counts(FlowFilter(date(2026, 1, 1), date(2026, 12, 31)), TODAY)
    assert counts["dialogues"] == 1
    assert counts["silent"] == counts["promises"] == counts["overdue"] == 1
