"""Who may use gallring (read by tests/test_route_access.py through tests/route_areas.py):
administrators only. The ids: a run that removed one old failed sign-in, and a legal hold."""

from __future__ import annotations

from tests.gallring.factories import failed_sign_in, years_ago
from tracker.accounts.permissions import Principal, system_actor
from tracker.clock import today
from tracker.gallring import services
from tracker.gallring.plan import plan

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/admin/gallring"): "admin",
    ("GET", "/admin/gallring/bekrafta"): "admin",
    ("POST", "/admin/gallring/gallra"): "admin",
    ("GET", "/admin/gallring/korningar/{run_id}"): "admin",
    ("GET", "/admin/gallring/korningar/{run_id}/gallringsprotokoll.pdf"): "admin",
    ("POST", "/admin/gallring/bevarandebeslut"): "admin",
    ("POST", "/admin/gallring/bevarandebeslut/{hold_id}/ta-bort"): "admin",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    await failed_sign_in(years_ago(3))
    actor = system_actor("Testanvändare")
    run_id = await services.run(plan(), today(), actor)
    hold_id = await services.set_hold(
        "dialogue", ids["dialogue_id"], "Begäran om utlämnande", actor
    )
    return {"run_id": run_id, "hold_id": hold_id}
