"""The figures are exact at the period's edges, and each knows the records behind it."""

from __future__ import annotations

import httpx
import pytest

from tests.reports import crafted
from tests.reports.crafted import END, START
from tests.reports.factories import lists, make_report
from tests.support import text_of
from tracker.db import QUERIES
from tracker.reports import figures


@pytest.fixture
async def edges(db: None) -> crafted.Ids:
    return await crafted.period_edges()


async def _figures() -> dict[str, dict]:
    return (await figures.compute(START, END, lists())).figures


async def test_dialogues_held_on_the_last_day_count_and_the_day_after_do_not(
    edges: crafted.Ids,
) -> None:
    found = await _figures()
    d = edges.dialogues

    assert found["dialogues.held"]["ids"] == sorted([d["last_day"], d["first_day"]])
    assert found["dialogues.held"]["value"] == 2
    assert found["dialogues.sessions"]["value"] == 2
    assert found["dialogues.participants"]["value"] == 12
    # Active: held, decided or fed back in the period; never archived.
    assert found["dialogues.active"]["ids"] == sorted(
        [d["last_day"], d["first_day"], d["day_before"], d["due_last_day"]]
    )
    assert found["dialogues.state.fed_back"]["ids"] == sorted([d["last_day"], d["day_before"]])
    assert found["dialogues.state.held"]["ids"] == [d["first_day"]]
    assert found["dialogues.state.decided"]["ids"] == [d["due_last_day"]]


async def test_levels_promised_and_achieved(edges: crafted.Ids) -> None:
    found = await _figures()
    d = edges.dialogues
    assert found["dialogues.promised.dialog"]["ids"] == [d["last_day"]]
    assert found["dialogues.promised.inflytande"]["ids"] == [d["first_day"]]
    assert found["dialogues.achieved.konsultation"]["ids"] == [d["last_day"]]
    assert found["dialogues.achieved.inflytande"]["ids"] == [d["first_day"]]
    assert found["dialogues.promised.medbeslutande"]["value"] == 0
    assert found["dialogues.short"]["ids"] == [d["last_day"]]


async def test_feedback_on_time_and_overdue(edges: crafted.Ids) -> None:
    found = await _figures()
    d = edges.dialogues
    assert found["feedback.due"]["ids"] == sorted(
        [d["last_day"], d["first_day"], d["due_last_day"]]
    )
    assert found["feedback.on_time"]["ids"] == [d["last_day"]]
    assert found["feedback.share"]["value"] == 33
    assert found["feedback.share"]["unit"] == "%"
    # Due before the last day with nothing given by then; due on the last day is not late yet.
    assert found["feedback.overdue"]["ids"] == [d["first_day"]]


async def test_collaborations_organisations_and_contributions(edges: crafted.Ids) -> None:
    found = await _figures()
    c, o = edges.collaborations, edges.organisations
    assert found["collaborations.active"]["ids"] == sorted([c["active"], c["ends_first_day"]])
    assert found["collaborations.form.iop"]["ids"] == [c["active"]]
    assert found["collaborations.form.dialogforum"]["ids"] == [c["ends_first_day"]]
    assert found["collaborations.organisations"]["ids"] == sorted([o["idea"], o["other"]])
    assert found["collaborations.idea_based"]["ids"] == [o["idea"]]
    assert found["contributions.municipality.amount"]["value"] == 100_000
    assert found["contributions.organisations.amount"]["value"] == 5_000
    assert found["contributions.organisations.in_kind"]["value"] == 1
    assert found["contributions.municipality.in_kind"]["value"] == 0


async def test_projects_iterations_regressions_insights_and_changes(edges: crafted.Ids) -> None:
    found = await _figures()
    p = edges.projects
    assert found["projects.active"]["ids"] == sorted([p["old"], p["last_day"]])
    assert found["projects.step.fokusera"]["ids"] == [p["old"]]
    assert found["projects.step.ringa-in"]["ids"] == [p["last_day"]]
    assert found["projects.iterations"]["ids"] == sorted(
        [edges.iterations["last_day"], edges.iterations["first_day"]]
    )
    # 23:30 Swedish time on the last day counts; 00:30 the day after does not.
    assert found["projects.regressions"]["ids"] == [edges.moves["back_late_evening"]]
    assert found["projects.insights"]["ids"] == [edges.insights["in"]]
    assert found["changes.status.implemented"]["ids"] == [edges.changes["introduced"]]
    assert found["changes.status.idea"]["ids"] == [edges.changes["after"]]
    assert found["changes.introduced"]["ids"] == [edges.changes["introduced"]]


async def test_chain_gaps_for_the_period(edges: crafted.Ids) -> None:
    found = await _figures()
    d = edges.dialogues
    # Genomförd or Återkopplad at the period's end (Held the day after was still Beslutad).
    done = sorted([d["last_day"], d["first_day"], d["day_before"]])
    assert found["dialogues.done"]["ids"] == done
    assert found["gaps.silent"]["ids"] == done
    assert found["gaps.promises"]["ids"] == [d["first_day"]]
    assert found["gaps.unused"]["ids"] == [edges.insights["in"]]
    assert found["gaps.unbacked"]["ids"] == sorted(
        [edges.changes["introduced"], edges.changes["after"]]
    )


async def test_a_figure_links_to_exactly_its_records(
    client: httpx.AsyncClient, edges: crafted.Ids
) -> None:
    report = await make_report(period_start=START, period_end=END)
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    link = f"/rapporter/{report.id}/versioner/1/underlag/dialogues.held"
    assert f'href="{link}"' in page.text
    listing = await client.get(link)
    text = text_of(listing.text)
    assert "Dialoger med dialogtillfällen under perioden: 2" in text
    assert "Held on the last day" in text and "Held on the first day" in text
    assert "Held the day after" not in text and "Held the day before" not in text
    assert f'href="/dialoger/{edges.dialogues["last_day"]}"' in listing.text


async def test_drafting_sends_the_same_number_of_queries_for_small_and_large_data(
    client: httpx.AsyncClient, edges: crafted.Ids
) -> None:
    report = await make_report(period_start=START, period_end=END)
    url = f"/rapporter/{report.id}/versioner/1"

    async def count() -> tuple[int, int]:
        QUERIES.reset()
        await figures.compute(START, END, lists())
        computed = QUERIES.count
        QUERIES.reset()
        assert (await client.get(url)).status_code == 200
        return computed, QUERIES.count

    small = await count()
    await crafted.bulk(40)
    large = await count()
    assert large == small
    # The data version, then 5 dialogue, 4 collaboration, 6 project, 1 gap, 1 status and
    # 1 effect statement; the page right after reads the figures computed, not the tables.
    assert small[0] == 19, small
    found = await _figures()
    assert found["dialogues.held"]["value"] == 42


async def test_a_dialogue_with_an_insight_is_no_longer_a_gap(edges: crafted.Ids) -> None:
    from tracker.clock import now
    from tracker.insights.tables import Evidence, InsightEvidence

    evidence = Evidence(
        text="Belysningen är viktig.",
        source_type="dialogue",
        source_id=edges.dialogues["last_day"],
        speaker_category="förälder, 30–44 år",
        internal=False,
        created_at=now(),
        created_by="Test",
    )
    await evidence.save()
    await InsightEvidence.insert(
        InsightEvidence(
            insight=edges.insights["in"],
            evidence=evidence.id,
            linked_at=crafted.swedish(2026, 3, 1, 10),  # in the period: it counts at the end
            linked_by="Test",
        )
    )
    found = await _figures()
    d = edges.dialogues
    assert found["gaps.silent"]["ids"] == sorted([d["first_day"], d["day_before"]])
    assert found["gaps.unused"]["ids"] == [edges.insights["in"]]
