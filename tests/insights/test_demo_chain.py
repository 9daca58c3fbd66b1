"""The demo data shows the whole chain – and where it is broken – from a fresh start."""

from __future__ import annotations

import httpx

from tests.support import text_of
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.dialogues.tables import Dialogue
from tracker.insights import gaps
from tracker.phases.catalogue import PhaseCatalogue
from tracker.seeding import load_demo, read_demo
from tracker.settings import get_settings


async def _demo(catalogue: PhaseCatalogue) -> None:
    await load_demo(read_demo(), catalogue, load_dialogue_lists(get_settings().lists_dir))


async def test_the_demo_chain_shows_each_kind_of_gap(db: None, catalogue: PhaseCatalogue) -> None:
    await _demo(catalogue)

    promises = [row["title"] for row in await gaps.broken_promises()]
    unused = [row["statement"] for row in await gaps.insights_never_used()]
    unbacked = [row["title"] for row in await gaps.changes_without_evidence()]

    assert promises == ["Ny spontanidrottsplats i södra kommundelen"]
    assert sorted(unused) == [
        "Flickor vill ha ytor för dans och träning, inte bara för bollsport",
        "Nya hemtjänsttagare vill veta vilka medarbetare som kommer hem till dem",
        "Unga väljer platser som känns trygga och upplysta på kvällen",
        "Äldre behöver hjälp med datorn när biblioteket har som flest besökare",
    ]
    assert unbacked == ["Ny broschyr om skolvalet"]


async def test_the_library_dialogue_can_be_followed_to_what_was_done(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await _demo(catalogue)
    row = (
        await Dialogue.select(Dialogue.id)
        .where(Dialogue.title == "Ny biblioteksplan för 2027–2030")
        .first()
    )
    assert row is not None

    trail = text_of((await client.get(f"/dialoger/{row['id']}/kedjan")).text)
    assert (
        "Kvällsöppet för unga på huvudbiblioteket Införd 2026-08-17 (Avgörande) – återkopplad till invånarna"
        in trail
    )
    assert "Fler tysta platser på läktaren Avslutad utan införande 2026-05-20" in trail

    public = await anonymous.get(f"/ni-sa-vi-gjorde/{row['id']}")
    assert public.status_code == 200
    assert "Kvällsöppet för unga" in text_of(public.text)
    assert "samma skolklass" not in public.text  # internal evidence stays internal
