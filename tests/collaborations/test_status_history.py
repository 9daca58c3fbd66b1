"""A collaboration's dated status history (planned, ongoing, ended): each change kept with the
date it took effect, who recorded it and when; dated back with "Status gäller från" (never
ahead, never before the collaboration began); filled from the change log for older databases."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from tests.support import field_error, field_value, form_of, post_form
from tracker.clock import SWEDISH_TIME, today
from tracker.collaborations import register, status_history
from tracker.collaborations.tables import Collaboration, CollaborationStatusEvent
from tracker.db import fetch_rows

from .factories import ACTOR, collaboration_input, make_collaboration


async def _history(collaboration_id: int) -> list[tuple[object, ...]]:
    rows = await fetch_rows(
        "SELECT from_status, status, status_on, recorded_by FROM collaboration_status_event "
        "WHERE collaboration = {} ORDER BY id",
        collaboration_id,
    )
    return [
        (row["from_status"], row["status"], str(row["status_on"]), row["recorded_by"])
        for row in rows
    ]


async def _stored(collaboration_id: int) -> Collaboration:
    found = await Collaboration.objects().get(Collaboration.id == collaboration_id)
    assert found is not None
    return found


async def test_each_change_of_status_is_kept_with_the_date_it_took_effect(db: None) -> None:
    collaboration = await make_collaboration(status="planned")
    organisations = await register.organisation_ids_of(collaboration.id)
    registered = collaboration.created_at.astimezone(SWEDISH_TIME).date()
    await register.update_collaboration(
        collaboration,
        collaboration_input(organisations, status="ongoing", status_on=date(2026, 1, 1)),
        ACTOR,
    )
    ongoing = await _stored(collaboration.id)
    await register.update_collaboration(
        ongoing, collaboration_input(organisations, status="ended"), ACTOR
    )

    assert await _history(collaboration.id) == [
        (None, "planned", min(date(2026, 1, 1), registered).isoformat(), ACTOR.name),
        ("planned", "ongoing", "2026-01-01", ACTOR.name),
        ("ongoing", "ended", today().isoformat(), ACTOR.name),
    ]


async def test_the_history_is_filled_from_the_change_log_as_the_services_wrote_it(
    db: None,
) -> None:
    first = await make_collaboration(status="planned")
    organisations = await register.organisation_ids_of(first.id)
    await register.update_collaboration(
        first,
        collaboration_input(organisations, status="ongoing", status_on=date(2026, 3, 31)),
        ACTOR,
    )
    second = await make_collaboration(organisations, title="En annan samverkan")
    written = {c: await _history(c) for c in (first.id, second.id)}
    await CollaborationStatusEvent.delete(force=True)

    assert await status_history.fill_from_change_log() == 3
    assert {c: await _history(c) for c in (first.id, second.id)} == written
    assert await status_history.fill_from_change_log() == 0


async def test_the_edit_form_dates_a_change_back_and_refuses_a_date_ahead_or_before_the_start(
    client: httpx.AsyncClient,
) -> None:
    collaboration = await make_collaboration(status="ongoing", start_date=date(2026, 1, 1))
    url = f"/samverkan/{collaboration.id}/redigera"
    form = form_of((await client.get(url)).text, url)
    ahead = (today() + timedelta(days=1)).isoformat()

    refused = await post_form(client, url, {**form, "status": "ended", "status_on": ahead})
    early = await post_form(client, url, {**form, "status": "ended", "status_on": "2025-12-31"})

    assert refused.status_code == early.status_code == 422
    assert field_error(refused.text, "status_on") == (
        f"Datumet kan inte ligga i framtiden (i dag är det {today().isoformat()})."
    )
    assert field_value(refused.text, "status_on") == ahead
    assert field_error(early.text, "status_on") == (
        "Datumet kan inte ligga före 2026-01-01, då samverkan började."
    )
    assert len(await _history(collaboration.id)) == 1

    saved = await post_form(client, url, {**form, "status": "ended", "status_on": "2026-03-31"})

    assert saved.status_code == 303
    assert (await _history(collaboration.id))[-1][:3] == ("ongoing", "ended", "2026-03-31")
