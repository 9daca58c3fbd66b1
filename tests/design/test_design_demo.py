"""The demo data holds a project with two hypotheses, three tests across two prototype versions
with pictures, and a change (resting on two of the tests) with an effect followed up twice."""

from __future__ import annotations

import io
import re

import httpx
from PIL import Image

from tests.support import text_of
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.insights.tables import ServiceChange
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.seeding import load_demo, read_demo
from tracker.seeding_design import read_design
from tracker.settings import get_settings


async def test_the_demo_project_has_hypotheses_tests_versions_and_a_followed_up_effect(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await load_demo(read_demo(), catalogue, load_dialogue_lists(get_settings().lists_dir))
    title = read_design()["project"]
    project = await Project.select(Project.id).where(Project.title == title).first()
    page = await client.get(f"/projekt/{project['id']}/design")
    text = text_of(page.text)
    assert "Om vi frågar vad den sökande ska bygga" in text
    assert "Om vi visar en exempelritning för varje ritning som krävs" in text
    assert text.count("Ritningsguiden i e-tjänsten") >= 1
    for method in (
        "Pappersprototyp med uppgifter på biblioteket",
        "Genomgång av pappersprototypen med handläggare",
        "Klickbar prototyp, tänka högt",
    ):
        assert method in text
    prototype_id = re.search(r'href="/prototyper/(\d+)"', page.text)
    assert prototype_id is not None
    prototype_page = await client.get(f"/prototyper/{prototype_id[1]}")
    prototype_text = text_of(prototype_page.text)
    assert "Version 1, 2026-06-15" in prototype_text and "Version 2, 2026-10-20" in prototype_text
    pictures = sorted(set(re.findall(r'src="(/prototypbilder/\d+)"', prototype_page.text)))
    assert len(pictures) == 2
    for url in pictures:
        response = await client.get(url)
        assert response.headers["content-type"] == "image/png"
        with Image.open(io.BytesIO(response.content)) as image:
            assert image.size == (480, 360)
            assert not image.info.get("exif")
    change = (
        await ServiceChange.select(ServiceChange.id)
        .where(ServiceChange.title == "En checklista för ritningar direkt i e-tjänsten")
        .first()
    )
    change_text = text_of((await client.get(f"/forandringar/{change['id']}")).text)
    assert "Effektmål (1)" in change_text
    assert "2026-10-01 52" in change_text and "2026-11-17 44" in change_text
    assert "Klickbar prototyp, tänka högt" in change_text
