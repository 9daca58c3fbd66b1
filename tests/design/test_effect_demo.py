"""The demo data holds a change with a promised effect followed up twice, shown on its page."""

from __future__ import annotations

import httpx

from tests.support import text_of
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.insights.tables import ServiceChange
from tracker.phases.catalogue import PhaseCatalogue
from tracker.seeding import load_demo, read_demo
from tracker.settings import get_settings


async def test_the_demo_change_has_an_effect_followed_up_twice(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await load_demo(read_demo(), catalogue, load_dialogue_lists(get_settings().lists_dir))
    change = (
        await ServiceChange.select(ServiceChange.id)
        .where(ServiceChange.title == "Kvällsöppet för unga på huvudbiblioteket")
        .first()
    )
    page = await client.get(f"/forandringar/{change['id']}")
    text = text_of(page.text)
    assert "Effektmål (1)" in text
    assert "Målet inte nått" in text and "80 % av vägen" in text  # 40 → 104 of 40 → 120
    assert "2026-09-17 85" in text and "2026-11-19 104" in text
