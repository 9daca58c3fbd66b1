"""The demo data's organisations and collaborations load through the real services."""

from __future__ import annotations

import httpx

from tracker.collaborations.tables import (
    Collaboration,
    CollaborationDialogue,
    CollaborationProject,
    Contribution,
    FollowUp,
    Organisation,
)
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.seeding import load_demo, read_demo
from tracker.settings import get_settings


async def test_the_demo_has_organisations_and_linked_collaborations(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await load_demo(read_demo(), catalogue, load_dialogue_lists(get_settings().lists_dir))

    assert await Organisation.count() == 6
    assert await Collaboration.count() == 5
    assert await CollaborationProject.count() >= 2
    assert await CollaborationDialogue.count() >= 3
    assert await Contribution.count() > 0
    assert await FollowUp.count() > 0
    for path in ("/samverkan", "/samverkan/uppfoljning", "/organisationer", "/samverkan/1"):
        assert (await client.get(path)).status_code == 200, path
