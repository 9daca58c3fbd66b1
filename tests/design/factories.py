"""Build the design area's records through its real services."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from PIL import Image

from tests.factories import ACTOR
from tracker.accounts.permissions import Principal
from tracker.design import services
from tracker.design.forms import HypothesisInput, PrototypeInput, TestInput, VersionInput
from tracker.design.rules import clean_image
from tracker.insights import services as insights


def png_bytes(size: tuple[int, int] = (40, 30), colour: str = "teal", **info: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", **info)
    return out.getvalue()


async def make_insight(project_id: int, actor: Principal = ACTOR) -> int:
    """An insight from the project's own research."""
    evidence = await insights.add_evidence(
        source_type="project",
        source_id=project_id,
        text="Flera glömde sista dagen för ansökan.",
        speaker_category="sökande, 30–44 år",
        internal=False,
        actor=actor,
    )
    return await insights.create_insight(
        statement="Sökande glömmer sista dagen",
        target_group="Sökande",
        evidence_ids=[evidence],
        themes=[],
        actor=actor,
    )


async def make_hypothesis(project_id: int, insight_ids: list[int], actor: Principal = ACTOR) -> int:
    data = HypothesisInput(
        if_we="skickar en påminnelse två veckor före",
        outcome="fler ansökningar vara kompletta",
        because="många glömmer sista dagen",
        insight_ids=insight_ids,
    )
    return await services.create_hypothesis(project_id, data, actor)


async def make_prototype(project_id: int, actor: Principal = ACTOR) -> int:
    data = PrototypeInput(name="Påminnelse via sms", description="Ett sms med en länk.")
    return await services.create_prototype(project_id, data, actor)


async def make_version(prototype_id: int, *, image: bool = True, actor: Principal = ACTOR) -> int:
    data = VersionInput(
        description="Första skissen på papper.",
        made_on=date(2026, 2, 10),
        url="" if image else "https://example.org/prototyp",
        image_alt="Ett sms på en mobilskärm" if image else "",
        has_image=image,
    )
    clean = clean_image(png_bytes()) if image else None
    return await services.add_version(prototype_id, data, clean, actor)


async def make_test(
    project_id: int, version_id: int, hypothesis_ids: list[int], actor: Principal = ACTOR
) -> int:
    data = TestInput(
        step="testa-ideer",
        prototype_version=version_id,
        method="Pappersprototyp i rollspel",
        tested_on=date(2026, 2, 20),
        target_group="sökande i villa",
        participants=6,
        observations="Fyra av sex förstod sms:et direkt.",
        decision="again",
        results=dict.fromkeys(hypothesis_ids, "supported"),
    )
    return await services.create_test(project_id, data, actor)


async def make_design(project_id: int, actor: Principal = ACTOR) -> dict[str, int]:
    """An insight, a hypothesis on it, a prototype with a version (image) and a test."""
    insight = await make_insight(project_id, actor)
    hypothesis = await make_hypothesis(project_id, [insight], actor)
    prototype = await make_prototype(project_id, actor)
    version = await make_version(prototype, actor=actor)
    test = await make_test(project_id, version, [hypothesis], actor)
    return {
        "insight": insight,
        "hypothesis_id": hypothesis,
        "prototype_id": prototype,
        "version_id": version,
        "test_id": test,
    }
