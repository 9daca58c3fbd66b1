"""The effect pages through the real app: adding an effect to a change, its page with the chart
and table, recording follow-ups, editing with a version, bad input and unknown ids."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests import personas
from tests.design.effect_factories import follow_up, make_change_with_effect, make_effect
from tests.factories import make_project
from tests.insights.factories import change_in
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.design.tables import EffectFollowUp, ServiceEffect
from tracker.phases.catalogue import PhaseCatalogue

KEY = "effektnyckel12345678"


def _form(**overrides: str) -> dict[str, str]:
    values = {
        "indicator": "Väntetid för bygglov",
        "method": "Medianen i ärendesystemet",
        "measured_by": "Bygglovsenheten",
        "unit": "dagar",
        "baseline_value": "30",
        "baseline_on": "2026-01-15",
        "target_value": "10",
        "target_on": "2026-09-30",
        "follow_up_dates": "2026-04-15\n2026-09-30",
        "once": KEY,
    }
    return values | overrides


async def test_an_effect_is_added_once_and_shown_on_the_change_page(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    change = await change_in(project.id)
    new = await client.get(f"/projekt/{project.id}/forandringar/{change}/effekter/ny")
    assert new.status_code == 200
    url = f"/projekt/{project.id}/forandringar/{change}/effekter"
    first = await post_form(client, url, _form())
    again = await post_form(client, url, _form())
    assert first.status_code == again.status_code == 303
    assert await ServiceEffect.count() == 1
    assert await EffectFollowUp.count() == 2
    effect = await ServiceEffect.select(ServiceEffect.id).first()
    assert first.headers["location"] == f"/effekter/{effect['id']}"
    page = await client.get(f"/forandringar/{change}")
    text = text_of(page.text)
    assert "Effektmål (1)" in text and "Väntetid för bygglov" in text
    assert "Inte mätt än" in text and "lägre är bättre" in text
    assert "Försenad Nästa uppföljning 2026-04-15" in text
    assert 'role="img"' in page.text and "Samma siffror som tabell" in text
    actions = {
        (row["entity_type"], row["action"])
        for row in await ChangeLogEntry.select(ChangeLogEntry.entity_type, ChangeLogEntry.action)
    }
    assert {("service_effect", "created"), ("service_change", "effect_added")} <= actions


async def test_bad_input_comes_back_beside_the_field_with_what_was_typed(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    change = await change_in(project.id)
    url = f"/projekt/{project.id}/forandringar/{change}/effekter"
    response = await post_form(client, url, _form(target_value="30", baseline_value="30"))
    assert response.status_code == 422
    assert "skilja sig från utgångsläget" in (field_error(response.text, "target_value") or "")
    assert field_value(response.text, "indicator") == "Väntetid för bygglov"
    words = await post_form(client, url, _form(baseline_value="trettio"))
    assert words.status_code == 422
    assert "Skriv ett tal" in (field_error(words.text, "baseline_value") or "")
    assert field_value(words.text, "baseline_value") == "trettio"
    assert await ServiceEffect.count() == 0


async def test_follow_ups_are_recorded_and_decide_the_outcome(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_change_with_effect(project.id)  # 60 % → 80 %, followed up at 70
    url = f"/projekt/{project.id}/effekter/{made['effect_id']}/uppfoljningar"
    form = {"measured_on": "2026-09-30", "value": "81,5", "comment": "Efter sms:en", "once": KEY}
    response = await post_form(client, url, form)
    assert response.status_code == 303
    page = await client.get(f"/effekter/{made['effect_id']}")
    text = text_of(page.text)
    assert "Målet nått" in text and "81,5 %" in text and "Efter sms:en" in text
    assert "108 % av vägen" in text
    measured = await EffectFollowUp.select(EffectFollowUp.value).order_by(EffectFollowUp.id)
    assert [row["value"] for row in measured] == [70.0, 81.5]


async def test_a_bad_follow_up_comes_back_with_its_message(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_change_with_effect(project.id)
    url = f"/projekt/{project.id}/effekter/{made['effect_id']}/uppfoljningar"
    response = await post_form(client, url, {"measured_on": "2025-01-01", "value": "x"})
    assert response.status_code == 422
    assert "före utgångslägets datum" in (field_error(response.text, "fu-measured_on") or "")
    assert "Skriv ett tal" in (field_error(response.text, "fu-value") or "")
    assert field_value(response.text, "fu-value") == "x"


async def test_editing_an_effect_keeps_a_newer_save_and_replans_follow_ups(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_change_with_effect(project.id)
    url = f"/projekt/{project.id}/effekter/{made['effect_id']}/redigera"
    page = await client.get(url)
    assert page.status_code == 200
    assert 'name="read_version" value="1"' in page.text
    assert field_value(page.text, "follow_up_dates") == "2026-09-30"
    form = _form(target_value="85", unit="%", baseline_value="60", read_version="1")
    form["follow_up_dates"] = "2026-06-30\n2026-09-30"
    del form["once"]
    assert (await post_form(client, url, form)).status_code == 303
    stale = await post_form(client, url, form | {"target_value": "90"})
    assert stale.status_code == 409
    assert "Någon annan har ändrat effektmålet" in text_of(stale.text)
    row = await ServiceEffect.select(ServiceEffect.target_value, ServiceEffect.version).first()
    assert row == {"target_value": 85.0, "version": 2}
    planned = await EffectFollowUp.select(EffectFollowUp.planned_on).order_by(
        EffectFollowUp.planned_on
    )
    assert [str(r["planned_on"]) for r in planned] == ["2026-04-15", "2026-06-30", "2026-09-30"]


async def test_unknown_and_foreign_ids_are_404(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    other = await make_project(catalogue)
    made = await make_change_with_effect(project.id)
    assert (await client.get("/effekter/999999")).status_code == 404
    assert (await client.get("/effekter/99999999999")).status_code == 404
    foreign = f"/projekt/{other.id}/effekter/{made['effect_id']}/redigera"
    assert (await client.get(foreign)).status_code == 404
    new = f"/projekt/{other.id}/forandringar/{made['change_id']}/effekter/ny"
    assert (await client.get(new)).status_code == 404
    posted = await post_form(
        client, f"/projekt/{project.id}/effekter/999999/uppfoljningar", {"value": "1"}
    )
    assert posted.status_code == 404


async def test_a_reader_sees_the_effect_but_no_forms(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    change = await change_in(project.id)
    effect = await make_effect(change)
    await follow_up(effect, 50.0)
    reader = client_as(await personas.lo())
    page = await reader.get(f"/effekter/{effect}")
    assert page.status_code == 200
    assert "Registrera en uppföljning" not in page.text
    assert "Målet inte nått" in text_of(page.text)
    refused = await post_form(
        reader, f"/projekt/{project.id}/effekter/{effect}/uppfoljningar", {"value": "1"}
    )
    assert refused.status_code == 403


async def test_clearing_the_follow_up_dates_drops_the_planned_ones_but_keeps_the_measured(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_change_with_effect(project.id)  # 2026-04-15 measured, 2026-09-30 planned
    url = f"/projekt/{project.id}/effekter/{made['effect_id']}/redigera"
    form = _form(target_value="80", unit="%", baseline_value="60", read_version="1")
    form |= {"indicator": "Kompletta ansökningar", "follow_up_dates": ""}
    del form["once"]
    assert (await post_form(client, url, form)).status_code == 303
    rows = await EffectFollowUp.select(EffectFollowUp.planned_on, EffectFollowUp.value)
    assert [(str(r["planned_on"]), r["value"]) for r in rows] == [("2026-04-15", 70.0)]
