"""The report's figures for the promised effects of the changes introduced in the period: met,
not met and not yet measured by the latest follow-up measured by the period's last day, in the
direction each target sets; each figure with its records, in a bounded number of statements."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from tests.reports import crafted
from tests.reports.crafted import END, START
from tests.reports.factories import lists, make_report
from tests.support import text_of
from tracker.clock import now
from tracker.db import QUERIES
from tracker.design.tables import EffectFollowUp, ServiceEffect
from tracker.reports import figures


async def _effect(
    change_id: int, name: str, baseline: float, target: float, measured: list[tuple[date, float]]
) -> int:
    stamp = now()
    row = ServiceEffect(
        change=change_id,
        indicator=name,
        method="m",
        measured_by="Enheten",
        unit="",
        baseline_value=baseline,
        baseline_on=date(2025, 12, 1),
        target_value=target,
        target_on=date(2026, 6, 30),
        created_at=stamp,
        created_by="Test",
        updated_at=stamp,
    )
    await row.save()
    for on, value in measured:
        await EffectFollowUp.insert(
            EffectFollowUp(
                effect=row.id,
                planned_on=on,
                measured_on=on,
                value=value,
                recorded_at=stamp,
                recorded_by="Test",
            )
        )
    return int(row.id)


@pytest.fixture
async def effects(db: None) -> dict[str, int]:
    edges = await crafted.period_edges()
    introduced, after = edges.changes["introduced"], edges.changes["after"]
    return {
        "higher_met": await _effect(introduced, "Kompletta", 60, 80, [(END, 85)]),
        "lower_met": await _effect(introduced, "Väntetid", 30, 10, [(date(2026, 2, 1), 9)]),
        # Measured 12 in the period; the 8 the day after the period does not count.
        "lower_not_met": await _effect(
            introduced, "Handläggning", 30, 10, [(date(2026, 3, 1), 12), (date(2026, 4, 1), 8)]
        ),
        "went_back": await _effect(
            introduced, "Nöjdhet", 3, 4, [(date(2026, 2, 1), 4.5), (date(2026, 3, 1), 3.5)]
        ),
        "unmeasured": await _effect(introduced, "Samtal", 100, 50, []),
        "only_after": await _effect(introduced, "Besök", 10, 20, [(date(2026, 4, 1), 30)]),
        "not_introduced": await _effect(after, "Annan", 1, 2, [(END, 5)]),
    }


async def test_effects_of_introduced_changes_are_met_not_met_or_not_measured(
    effects: dict[str, int],
) -> None:
    found = (await figures.compute(START, END, lists())).figures
    assert found["effects.met"]["ids"] == sorted([effects["higher_met"], effects["lower_met"]])
    assert found["effects.not_met"]["ids"] == sorted(
        [effects["lower_not_met"], effects["went_back"]]
    )
    assert found["effects.not_measured"]["ids"] == sorted(
        [effects["unmeasured"], effects["only_after"]]
    )
    assert found["effects.met"]["value"] == 2
    assert "högre eller lägre än utgångsläget" in found["effects.met"]["definition"]


async def test_an_effect_figure_links_to_its_records(
    client: httpx.AsyncClient, effects: dict[str, int]
) -> None:
    report = await make_report(period_start=START, period_end=END)
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    link = f"/rapporter/{report.id}/versioner/1/underlag/effects.not_met"
    assert f'href="{link}"' in page.text
    assert "Effektmål för tjänsteförändringar införda under perioden" in text_of(page.text)
    listing = await client.get(link)
    text = text_of(listing.text)
    assert "Införd sista dagen: Handläggning" in text and "Införd sista dagen: Nöjdhet" in text
    assert "Kompletta" not in text
    assert f'href="/effekter/{effects["went_back"]}"' in listing.text


async def test_the_effect_figures_take_one_statement_whatever_the_number(
    effects: dict[str, int],
) -> None:
    QUERIES.reset()
    await figures.compute(START, END, lists())
    small = QUERIES.count
    introduced = (
        await ServiceEffect.select(ServiceEffect.change)
        .where(ServiceEffect.id == effects["higher_met"])
        .first()
    )
    for n in range(20):
        await _effect(introduced["change"], f"Extra {n}", 0, 10, [(date(2026, 2, 1), n)])
    QUERIES.reset()
    found = (await figures.compute(START, END, lists())).figures
    assert QUERIES.count == small
    assert found["effects.met"]["value"] == 2 + 10  # 10 to 19 reach the target 10
