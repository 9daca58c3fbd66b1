"""The design area's services: what they store and what they write to the change log."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.design.factories import (
    make_design,
    make_hypothesis,
    make_insight,
    make_prototype,
    make_test,
    make_version,
)
from tests.factories import ACTOR, make_project
from tracker.audit.tables import ChangeLogEntry
from tracker.db import StaleVersion
from tracker.design import services, views
from tracker.design.forms import HypothesisInput, TestInput
from tracker.design.tables import DesignTest, PrototypeImage, PrototypeVersion
from tracker.phases.catalogue import PhaseCatalogue


async def _log(entity_type: str, entity_id: int) -> list[dict[str, object]]:
    return await (
        ChangeLogEntry.select(ChangeLogEntry.action, ChangeLogEntry.changes)
        .where(
            (ChangeLogEntry.entity_type == entity_type) & (ChangeLogEntry.entity_id == entity_id)
        )
        .order_by(ChangeLogEntry.id)
    )


async def test_everything_made_is_in_the_change_log(db: None, catalogue: PhaseCatalogue) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    assert [row["action"] for row in await _log("hypothesis", made["hypothesis_id"])] == ["created"]
    assert [row["action"] for row in await _log("prototype", made["prototype_id"])] == [
        "created",
        "version_added",
    ]
    test_log = await _log("design_test", made["test_id"])
    assert [row["action"] for row in test_log] == ["created"]
    assert "hypotes" in str(test_log[0]["changes"]) and "stödd" in str(test_log[0]["changes"])


async def test_versions_are_numbered_and_only_images_have_an_image_row(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    prototype = await make_prototype(project.id)
    first = await make_version(prototype)
    second = await make_version(prototype, image=False)
    numbers = await PrototypeVersion.select(PrototypeVersion.number).order_by(PrototypeVersion.id)
    assert [row["number"] for row in numbers] == [1, 2]
    assert await PrototypeImage.count() == 1
    stored = await views.image(first)
    assert stored is not None and stored[1] == "image/png" and stored[0].startswith(b"\x89PNG")
    assert await views.image(second) is None
    assert [row["number"] for row in await views.gallery(project.id)] == [2]


async def test_editing_a_hypothesis_changes_its_insights_and_logs_both(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    first, second = await make_insight(project.id), await make_insight(project.id)
    hypothesis_id = await make_hypothesis(project.id, [first])
    hypothesis = await views.hypothesis_of(project.id, hypothesis_id)
    assert hypothesis is not None
    data = HypothesisInput("skickar sms", "fler svarar", "de glömmer", [second])
    changes = await services.update_hypothesis(hypothesis, data, ACTOR, hypothesis["version"])
    assert set(changes) == {"if_we", "outcome", "because", "insights"}
    assert await services.insight_ids_of(hypothesis_id) == [second]
    with pytest.raises(StaleVersion):  # the form read version 1; the row is now at 2
        await services.update_hypothesis(
            hypothesis, replace(data, because="annat"), ACTOR, hypothesis["version"]
        )
    assert [row["action"] for row in await _log("hypothesis", hypothesis_id)] == [
        "created",
        "updated",
    ]


async def test_editing_a_test_replaces_its_results(db: None, catalogue: PhaseCatalogue) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    other = await make_hypothesis(project.id, [made["insight"]])
    test = await views.test_of(project.id, made["test_id"])
    assert test is not None
    data = await _input_of(test)
    data = replace(data, results={other: "unclear"}, decision="pilot")
    changes = await services.update_test(test, data, ACTOR, test["version"])
    assert set(changes) == {"results", "decision"}
    assert await services.results_of(made["test_id"]) == {other: "unclear"}
    assert (await DesignTest.select(DesignTest.version).first())["version"] == 2


async def _input_of(test: dict[str, Any]) -> TestInput:
    keys = ("step", "prototype_version", "method", "tested_on", "target_group", "participants")
    return TestInput(**{key: test[key] for key in (*keys, "observations", "decision")}, results={})


async def test_a_project_offers_the_insights_it_uses_and_its_own(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project, other = await make_project(catalogue), await make_project(catalogue)
    own = await make_insight(project.id)
    await make_insight(other.id)
    assert [row["id"] for row in await views.project_insights(project.id)] == [own]


async def test_lookups_stay_within_their_project(db: None, catalogue: PhaseCatalogue) -> None:
    project, other = await make_project(catalogue), await make_project(catalogue)
    made = await make_design(project.id)
    assert await views.hypothesis_of(other.id, made["hypothesis_id"]) is None
    assert await views.prototype_of(other.id, made["prototype_id"]) is None
    assert await views.test_of(other.id, made["test_id"]) is None
    assert await views.test_page(2**40) is None
    version = await make_version(made["prototype_id"])
    await make_test(project.id, version, [made["hypothesis_id"]])
    tests, results = await views.tests_of(project.id)
    assert len(tests) == 2 and all(results[row["id"]] for row in tests)
