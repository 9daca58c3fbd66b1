"""Demo data for service design (seeds/design.toml): a project's hypotheses, a prototype in two
versions with pictures, three tests with their results and observations (as evidence), and the
change the tests support. Loaded after the chain (seeds/chain.toml), through the same services
the pages use; each picture is drawn here and then cleaned like an upload."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from tracker.accounts.permissions import Principal, system_actor
from tracker.clock import at
from tracker.design import change_tests, services
from tracker.design.forms import HypothesisInput, PrototypeInput, TestInput, VersionInput
from tracker.design.rules import clean_image
from tracker.insights import services as insights
from tracker.insights.tables import Insight, ServiceChange
from tracker.kinds import DESIGN_TEST
from tracker.projects.tables import Project
from tracker.settings import REPO_ROOT

DESIGN_FILE = REPO_ROOT / "seeds" / "design.toml"
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


class DesignSeedError(ValueError):
    pass


def read_design(path: Path = DESIGN_FILE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _font(size: int) -> Any:
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def wireframe_png(title: str, lines: list[str], button: str, colour: str = "#ffffff") -> bytes:
    """A simple drawn wireframe of a page: a heading, lines of text and a button."""
    image = Image.new("RGB", (480, 360), "#d9dde3")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([20, 16, 460, 344], radius=10, fill=colour, outline="#5a6270", width=2)
    draw.rectangle([20, 16, 460, 52], fill="#1f4e79")
    draw.text((36, 26), "Bygglov – e-tjänst", fill="#ffffff", font=_font(16))
    draw.text((36, 66), title, fill="#1a1a1a", font=_font(20))
    y = 104
    for line in lines:
        draw.text((40, y), line, fill="#333333", font=_font(15))
        y += 30
    draw.rounded_rectangle([36, 292, 250, 328], radius=6, fill="#1f4e79")
    draw.text((50, 301), button, fill="#ffffff", font=_font(15))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def _id(table: type[Project | Insight | ServiceChange], column: Any, value: str) -> int:
    row = await table.select(table.id).where(column == value).first()
    if row is None:
        raise DesignSeedError(f"seeds/design.toml: hittar inte ”{value}”.")
    return int(row["id"])


async def load_design(data: dict[str, Any]) -> dict[str, int]:
    """Load the design demo; returns how many of each kind were created."""
    actor = system_actor(data["actor"])
    project = await _id(Project, Project.title, data["project"])
    hypotheses: dict[str, int] = {}
    for item in data.get("hypotheses", []):
        ids = [await _id(Insight, Insight.statement, text) for text in item["insights"]]
        with at(item["at"]):
            hypotheses[item["key"]] = await services.create_hypothesis(
                project,
                HypothesisInput(item["if_we"], item["outcome"], item["because"], ids),
                actor,
            )
    versions: dict[tuple[str, int], int] = {}
    for item in data.get("prototypes", []):
        with at(item["at"]):
            prototype = await services.create_prototype(
                project, PrototypeInput(item["name"], item["description"]), actor
            )
        for number, version in enumerate(item.get("versions", []), start=1):
            versions[(item["key"], number)] = await _version(prototype, version, actor)
    tests = [await _test(project, item, hypotheses, versions, actor) for item in data["tests"]]
    for item in data.get("supported_changes", []):
        change = await _id(ServiceChange, ServiceChange.title, item["change"])
        with at(item["at"]):
            for number in item["tests"]:
                await change_tests.link_test(change, tests[number - 1], actor)
    return {"hypotheses": len(hypotheses), "versions": len(versions), "tests": len(tests)}


async def _version(prototype: int, item: dict[str, Any], actor: Principal) -> int:
    picture = wireframe_png(
        item["image_title"], item["image_lines"], item["image_button"], item["image_colour"]
    )
    data = VersionInput(item["description"], item["made_on"], "", item["image_alt"], True)
    with at(item["at"]):
        return await services.add_version(prototype, data, clean_image(picture), actor)


async def _test(
    project: int,
    item: dict[str, Any],
    hypotheses: dict[str, int],
    versions: dict[tuple[str, int], int],
    actor: Principal,
) -> int:
    data = TestInput(
        step=item["step"],
        prototype_version=versions[(item["prototype"], item["version"])],
        method=item["method"],
        tested_on=item["tested_on"],
        target_group=item["target_group"],
        participants=item["participants"],
        observations=item["observations"],
        decision=item["decision"],
        results={hypotheses[row["hypothesis"]]: row["result"] for row in item["results"]},
    )
    with at(item["at"]):
        test = await services.create_test(project, data, actor)
        for evidence in item.get("evidence", []):
            await insights.add_evidence(
                source_type=DESIGN_TEST.key,
                source_id=test,
                text=evidence["text"],
                speaker_category=evidence["speaker"],
                internal=evidence.get("internal", False),
                actor=actor,
            )
    return test
