"""Mitt arbete lists the follow-ups of promised effects of the user's projects' changes: the
overdue and those due within two weeks, not those further ahead or already measured."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx

from tests import personas
from tests.design.effect_factories import follow_up, make_effect
from tests.factories import make_project
from tests.insights.factories import change_in
from tests.support import text_of
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.phases.catalogue import PhaseCatalogue

Client = Callable[[Principal], httpx.AsyncClient]


async def test_due_effect_follow_ups_wait_for_the_project_members(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    project = await make_project(catalogue, title="Robins projekt", actor=robin)
    change = await change_in(project.id, "Sms-påminnelser", actor=robin)
    on = today()
    baseline = on - timedelta(days=200)
    overdue = await make_effect(
        change,
        robin,
        indicator="Kompletta ansökningar",
        baseline_on=baseline,
        follow_up_dates=[on - timedelta(days=3)],
    )
    await make_effect(
        change,
        robin,
        indicator="Väntetid",
        baseline_on=baseline,
        follow_up_dates=[on + timedelta(days=5)],
    )
    await make_effect(
        change,
        robin,
        indicator="Nöjdhet",
        baseline_on=baseline,
        follow_up_dates=[on + timedelta(days=60)],
    )
    done = await make_effect(
        change, robin, indicator="Samtal", baseline_on=baseline, follow_up_dates=[on]
    )
    await follow_up(done, 75.0, on, robin)

    html = (await client_as(robin).get("/")).text
    page = text_of(html)
    assert "Följ upp effektmålet: Kompletta ansökningar" in page
    assert f'href="/effekter/{overdue}#uppfoljningar"' in html
    assert "Följ upp effektmålet: Väntetid" in page
    assert "Nöjdhet" not in page and "Följ upp effektmålet: Samtal" not in page
    others = (await client_as(kim).get("/")).text
    assert "Följ upp effektmålet" not in others
