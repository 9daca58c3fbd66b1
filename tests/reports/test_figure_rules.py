"""The report's rules for figures (issue 20): as of the period's end, archived means gone
everywhere the same way, one term one set, and the records behind a figure add up to it."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from tests.reports import crafted
from tests.reports.crafted import END, START, swedish
from tests.reports.factories import lists, make_report
from tests.support import text_of
from tracker.clock import now
from tracker.collaborations.tables import Organisation
from tracker.dialogues.history import record_state
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import (
    ChangeInsight,
    Evidence,
    InsightEvidence,
    InsightUse,
    ServiceChange,
)
from tracker.projects.tables import Project
from tracker.reports import figures


@pytest.fixture
async def edges(db: None) -> crafted.Ids:
    return await crafted.period_edges()


async def _figures() -> dict[str, dict]:
    return (await figures.compute(START, END, lists())).figures


async def _evidence(dialogue: int, insight: int, *, archived: bool = False) -> int:
    row = Evidence(
        text="Belysningen är viktig.",
        source_type="dialogue",
        source_id=dialogue,
        speaker_category="förälder, 30–44 år",
        internal=False,
        created_at=swedish(2026, 2, 1, 10),
        created_by="Test",
        archived_at=now() if archived else None,
    )
    await row.save()
    await InsightEvidence.insert(
        InsightEvidence(
            insight=insight, evidence=row.id, linked_at=swedish(2026, 2, 1, 10), linked_by="Test"
        )
    )
    return int(row.id)


# --- rule 1: as of the period's end ------------------------------------------------------------


async def test_a_dialogue_is_counted_in_the_state_it_had_at_the_periods_end(
    edges: crafted.Ids,
) -> None:
    """Decided in the period, Genomförd on 2026-09-21 and Återkopplad on 2026-12-01: a report
    drafted in December counts it as Beslutad, as one drafted on 1 April did."""
    decided = await crafted.dialogue(
        "Beslutad i perioden", state="decided", decided_on=date(2026, 2, 1)
    )
    before = await _figures()
    await Dialogue.update({Dialogue.state: "fed_back"}).where(Dialogue.id == decided)
    await crafted.logged("dialogue", decided, "state", ("decided", "held"), swedish(2026, 9, 21))
    await crafted.logged("dialogue", decided, "state", ("held", "fed_back"), swedish(2026, 12, 1))
    after = await _figures()
    assert decided in after["dialogues.state.decided"]["ids"]
    assert (
        "dialogues.state.fed_back" not in after
        or decided not in (after["dialogues.state.fed_back"]["ids"])
    )
    assert decided not in after["dialogues.done"]["ids"]
    assert {k: v["ids"] for k, v in after.items()} == {k: v["ids"] for k, v in before.items()}


async def test_a_state_recorded_on_the_last_evening_counts_and_one_after_midnight_does_not(
    edges: crafted.Ids,
) -> None:
    late = await crafted.dialogue("Sent", state="held", decided_on=date(2026, 2, 1))
    early = await crafted.dialogue("Tidigt", state="held", decided_on=date(2026, 2, 1))
    await crafted.logged(
        "dialogue", late, "state", ("decided", "held"), swedish(2026, 3, 31, 23, 30)
    )
    await crafted.logged(
        "dialogue", early, "state", ("decided", "held"), swedish(2026, 4, 1, 0, 30)
    )
    found = await _figures()
    assert late in found["dialogues.state.held"]["ids"]
    assert early in found["dialogues.state.decided"]["ids"]
    assert late in found["dialogues.done"]["ids"] and early not in found["dialogues.done"]["ids"]


async def test_a_project_is_counted_in_the_step_it_was_in_at_the_periods_end(
    edges: crafted.Ids,
) -> None:
    """In Undersöka from 2026-01-30 to 2026-09-25: counted in Undersöka, not Fokusera."""
    project = await crafted.project("Flyttat efter perioden", date(2026, 1, 1), "ringa-in")
    await crafted.move(project, "ringa-in", "undersoka", swedish(2026, 1, 30, 10))
    await crafted.move(project, "undersoka", "fokusera", swedish(2026, 9, 25, 10))
    await Project.update({Project.current_step: "fokusera"}).where(Project.id == project)
    found = await _figures()
    assert project in found["projects.step.undersoka"]["ids"]
    assert project not in found["projects.step.fokusera"]["ids"]


async def test_a_step_move_dated_back_to_the_last_day_counts_and_one_dated_the_day_after_not(
    edges: crafted.Ids,
) -> None:
    """Both recorded in December: Gäller från 2026-03-31 counts at the end, 2026-04-01 not."""
    last = await crafted.project("Flyttat sista dagen", date(2026, 1, 1), "fokusera")
    after = await crafted.project("Flyttat dagen efter", date(2026, 1, 1), "fokusera")
    for project, on in ((last, date(2026, 3, 31)), (after, date(2026, 4, 1))):
        await crafted.move(project, "undersoka", "fokusera", swedish(2026, 12, 1, 9), on)
    found = await _figures()
    assert last in found["projects.step.fokusera"]["ids"]
    assert after in found["projects.step.undersoka"]["ids"]


async def test_a_link_made_after_the_end_does_not_count(edges: crafted.Ids) -> None:
    """An insight first used by a project on 1 April was unused at the period's end."""
    await InsightUse.insert(
        InsightUse(
            insight=edges.insights["in"],
            project=edges.projects["old"],
            linked_at=swedish(2026, 4, 1, 9),
            linked_by="Test",
        )
    )
    found = await _figures()
    assert found["gaps.unused"]["ids"] == [edges.insights["in"]]


# --- rule 2: archived means gone, everywhere, the same way -------------------------------------


async def test_an_archived_organisation_is_not_counted(edges: crafted.Ids) -> None:
    await Organisation.update({Organisation.archived_at: now()}).where(
        Organisation.id == edges.organisations["idea"]
    )
    found = await _figures()
    assert found["collaborations.organisations"]["ids"] == [edges.organisations["other"]]
    assert found["collaborations.idea_based"]["value"] == 0
    # Its contribution (5 000 kr and the room) goes with it.
    assert found["contributions.organisations.amount"]["value"] == 0
    assert found["contributions.organisations.in_kind"]["value"] == 0


async def test_archived_links_make_gaps_in_the_report_on_kedjan_and_on_the_pages_alike(
    client: httpx.AsyncClient, edges: crafted.Ids
) -> None:
    d, insight = edges.dialogues, edges.insights["in"]
    # The dialogue's only evidence is archived: it has no insight, everywhere.
    await _evidence(d["first_day"], insight, archived=True)
    # The insight is used only by an archived project.
    archived_project = await crafted.project("Arkiverat projekt", date(2026, 1, 1), "undersoka")
    await Project.update({Project.archived_at: now()}).where(Project.id == archived_project)
    await InsightUse.insert(
        InsightUse(
            insight=insight,
            project=archived_project,
            linked_at=swedish(2026, 2, 1),
            linked_by="T",
        )
    )
    # The change's only insight is backed by archived evidence only.
    change = edges.changes["introduced"]
    await ChangeInsight.insert(
        ChangeInsight(
            change=change, insight=insight, strength=3, linked_at=swedish(2026, 2, 1), linked_by="T"
        )
    )
    found = await _figures()
    assert d["first_day"] in found["gaps.silent"]["ids"]
    assert found["gaps.unused"]["ids"] == [insight]
    assert change in found["gaps.unbacked"]["ids"]

    kedjan = text_of((await client.get("/kedjan")).text)
    assert "Held on the first day" in kedjan
    assert "Sent på sista dagen" in kedjan
    assert "Införd sista dagen" in kedjan
    page = text_of((await client.get(f"/dialoger/{d['first_day']}/kedjan")).text)
    assert "Sent på sista dagen" not in page


async def test_the_changes_of_an_archived_project_do_not_count(edges: crafted.Ids) -> None:
    await Project.update({Project.archived_at: now()}).where(Project.id == edges.projects["old"])
    found = await _figures()
    assert found["changes.introduced"]["value"] == 0
    assert found["changes.status.implemented"]["value"] == 0
    assert found["gaps.unbacked"]["value"] == 0


# --- rule 3: one term, one set -----------------------------------------------------------------


async def test_sessions_in_the_period_and_genomforda_at_the_end_are_two_named_sets(
    edges: crafted.Ids,
) -> None:
    found = await _figures()
    d = edges.dialogues
    assert found["dialogues.held"]["label"] == "Dialoger med dialogtillfällen under perioden"
    assert found["dialogues.done"]["label"] == "Dialoger som var genomförda vid periodens slut"
    assert found["gaps.silent"]["label"].startswith(found["dialogues.done"]["label"])
    # The gap is a subset of the set its label names.
    assert set(found["gaps.silent"]["ids"]) <= set(found["dialogues.done"]["ids"])
    assert set(found["gaps.promises"]["ids"]) <= set(found["dialogues.done"]["ids"])
    assert d["day_before"] in found["dialogues.done"]["ids"]
    assert d["day_before"] not in found["dialogues.held"]["ids"]


# --- rule 5: the records behind a figure are exactly what it counts ----------------------------


async def test_every_amount_equals_the_total_of_its_records(edges: crafted.Ids) -> None:
    found = await _figures()
    for key, figure in found.items():
        if "amounts" in figure:
            assert sum(figure["amounts"].values()) == figure["value"], key
            assert sorted(int(i) for i in figure["amounts"]) == figure["ids"], key
    # In-kind from the municipality: none, so no collaboration behind it (not the money ones).
    assert found["contributions.municipality.in_kind"]["ids"] == []
    assert found["contributions.organisations.in_kind"]["ids"] == [edges.collaborations["active"]]
    # Participants: the dialogues with sessions in the period, each with its own count.
    assert found["dialogues.participants"]["ids"] == found["dialogues.held"]["ids"]


async def test_the_underlag_of_an_amount_shows_each_amount_and_their_total(
    client: httpx.AsyncClient, edges: crafted.Ids
) -> None:
    report = await make_report(period_start=START, period_end=END)
    base = f"/rapporter/{report.id}/versioner/1/underlag"
    text = text_of((await client.get(f"{base}/contributions.municipality.amount")).text)
    assert "Aktiv IOP 100 000" in text
    assert "Summa 100 000" in text
    changes = await client.get(f"{base}/changes.introduced")
    assert f'href="/forandringar/{edges.changes["introduced"]}"' in changes.text
    share = text_of((await client.get(f"{base}/feedback.share")).text)
    assert "33 % (1 av 3)" in share
    assert "räknas i täljaren" in share and "räknas bara i nämnaren" in share


async def test_a_change_page_of_the_underlag_is_its_own(edges: crafted.Ids) -> None:
    rows = await figures.records("service_change", [edges.changes["introduced"]], lists())
    assert rows[0]["url"] == f"/forandringar/{edges.changes['introduced']}"
    assert await ServiceChange.exists().where(ServiceChange.id == edges.changes["introduced"])


# --- rule 6: "Så har siffrorna räknats" --------------------------------------------------------


async def test_the_appendix_states_each_figures_definition_from_the_code(
    client: httpx.AsyncClient, edges: crafted.Ids
) -> None:
    from tracker.reports.definitions import definition_of

    found = await _figures()
    for key, figure in found.items():
        assert figure["definition"] == definition_of(key) != "", key
    report = await make_report(period_start=START, period_end=END)
    page = text_of((await client.get(f"/rapporter/{report.id}/versioner/1")).text)
    assert "Så har siffrorna räknats" in page
    assert "Dialoger som var genomförda vid periodens slut: Dialoger i läget Genomförd" in page
    assert "Projekt per steg vid periodens slut: Projekt efter det steg" in page


# --- rule 8: changed since frozen --------------------------------------------------------------


def test_changed_figures_names_each_figure_that_differs_and_by_how_much() -> None:
    from tracker.reports.rules import changed_figures

    frozen = {
        "a": {"label": "Iterationer", "value": 4, "unit": "", "ids": [1, 2, 3, 4]},
        "b": {"label": "Oförändrad", "value": 2, "unit": "", "ids": [1, 2]},
        "c": {"label": "Andra poster", "value": 1, "unit": "", "ids": [1]},
    }
    current = {
        "a": {"label": "Iterationer", "value": 5, "unit": "", "ids": [1, 2, 3, 4, 5]},
        "b": {"label": "Oförändrad", "value": 2, "unit": "", "ids": [1, 2]},
        "c": {"label": "Andra poster", "value": 1, "unit": "", "ids": [2]},
    }
    found = changed_figures(frozen, current)
    assert [(row["key"], row["before"], row["after"], row["difference"]) for row in found] == [
        ("a", "4", "5", 1),
        ("c", "1", "1", 0),
    ]


async def test_a_frozen_version_tells_which_figures_would_now_differ(
    client: httpx.AsyncClient, edges: crafted.Ids
) -> None:
    from tests.reports.factories import ACTOR
    from tracker.reports import freezing

    report = await make_report(period_start=START, period_end=END)
    await freezing.freeze(report, 1, lists(), ACTOR)
    url = f"/rapporter/{report.id}/versioner/1"
    assert "Inga siffror skulle bli annorlunda" in text_of((await client.get(url)).text)
    # A back-dated iteration, recorded after freezing, dated inside the period.
    await crafted.iteration(edges.projects["old"], date(2026, 2, 15))
    page = text_of((await client.get(url)).text)
    assert "Siffror som skulle bli annorlunda i dag" in page
    assert "Iterationer under perioden 2 3 +1" in page


async def test_a_state_dated_back_into_the_period_counts_from_that_date(
    edges: crafted.Ids,
) -> None:
    """Recorded in December, dated 2026-03-15: held at the period's end. Dated 2026-04-02 and
    recorded on the last day of the period (before the move took effect): not yet."""
    back = await crafted.dialogue("Daterad bakåt", state="held", decided_on=date(2026, 2, 1))
    ahead = await crafted.dialogue("Daterad framåt", state="held", decided_on=date(2026, 2, 1))
    for dialogue, on, at in (
        (back, date(2026, 3, 15), swedish(2026, 12, 1, 9)),
        (ahead, date(2026, 4, 2), swedish(2026, 3, 31, 9)),
    ):
        await record_state(
            dialogue, "decided", "held", state_on=on, recorded_at=at, recorded_by="T"
        )
    found = await _figures()
    assert back in found["dialogues.state.held"]["ids"]
    assert ahead in found["dialogues.state.decided"]["ids"]
