"""Every change of hypotheses, prototypes, their versions and tests, each one written to the
change log in the same transaction."""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import diff, record_change
from tracker.clock import now
from tracker.db import update_versioned, write_transaction
from tracker.design.forms import HypothesisInput, PrototypeInput, TestInput, VersionInput
from tracker.design.labels import HYPOTHESIS_LABELS, PROTOTYPE_LABELS, TEST_LABELS
from tracker.design.rules import RESULT_LABELS, CleanImage
from tracker.design.tables import (
    DesignTest,
    Hypothesis,
    HypothesisInsight,
    Prototype,
    PrototypeImage,
    PrototypeVersion,
    TestResult,
)
from tracker.kinds import DESIGN_TEST, HYPOTHESIS, PROTOTYPE


def _ids(values: list[int]) -> str:
    return ", ".join(str(value) for value in sorted(values))


def _results_text(results: dict[int, str]) -> str:
    return "; ".join(
        f"hypotes {key}: {RESULT_LABELS[value].lower()}" for key, value in sorted(results.items())
    )


# --- hypotheses ----------------------------------------------------------------------------------


async def create_hypothesis(project_id: int, data: HypothesisInput, actor: Principal) -> int:
    stamp = now()
    hypothesis = Hypothesis(
        project=project_id,
        if_we=data.if_we,
        outcome=data.outcome,
        because=data.because,
        created_at=stamp,
        created_by=actor.name,
        updated_at=stamp,
    )
    async with write_transaction():
        await hypothesis.save()
        await _link_insights(hypothesis.id, data.insight_ids, actor)
        await record_change(
            actor=actor,
            entity_type=HYPOTHESIS.key,
            entity_id=hypothesis.id,
            action="created",
            summary=f"Skapade hypotesen i projekt {project_id}.",
            changes=diff({}, {**_hypothesis_values(data), "insights": _ids(data.insight_ids)}),
        )
    return int(hypothesis.id)


def _hypothesis_values(data: HypothesisInput) -> dict[str, Any]:
    return {"if_we": data.if_we, "outcome": data.outcome, "because": data.because}


async def _link_insights(hypothesis_id: int, insight_ids: list[int], actor: Principal) -> None:
    if insight_ids:
        stamp = now()
        await HypothesisInsight.insert(
            *[
                HypothesisInsight(
                    hypothesis=hypothesis_id, insight=insight, linked_at=stamp, linked_by=actor.name
                )
                for insight in insight_ids
            ]
        )


async def insight_ids_of(hypothesis_id: int) -> list[int]:
    rows = await HypothesisInsight.select(HypothesisInsight.insight).where(
        HypothesisInsight.hypothesis == hypothesis_id
    )
    return sorted(row["insight"] for row in rows)


async def update_hypothesis(
    hypothesis: dict[str, Any], data: HypothesisInput, actor: Principal, version: int | None
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if the hypothesis was saved since `version`."""
    before_ids = await insight_ids_of(hypothesis["id"])
    values = _hypothesis_values(data)
    changes = diff(
        {**{key: hypothesis[key] for key in values}, "insights": _ids(before_ids)},
        {**values, "insights": _ids(data.insight_ids)},
    )
    if not changes:
        return changes
    async with write_transaction():
        await update_versioned(
            Hypothesis, hypothesis["id"], version, {**values, "updated_at": now()}
        )
        if "insights" in changes:
            await HypothesisInsight.delete().where(
                (HypothesisInsight.hypothesis == hypothesis["id"])
                & HypothesisInsight.insight.not_in(data.insight_ids)
            )
            await _link_insights(
                hypothesis["id"], [i for i in data.insight_ids if i not in before_ids], actor
            )
        await record_change(
            actor=actor,
            entity_type=HYPOTHESIS.key,
            entity_id=hypothesis["id"],
            action="updated",
            summary="Ändrade " + ", ".join(HYPOTHESIS_LABELS[key] for key in changes) + ".",
            changes=changes,
        )
    return changes


# --- prototypes and their versions -----------------------------------------------------------


async def create_prototype(project_id: int, data: PrototypeInput, actor: Principal) -> int:
    stamp = now()
    prototype = Prototype(
        project=project_id,
        name=data.name,
        description=data.description,
        created_at=stamp,
        created_by=actor.name,
        updated_at=stamp,
    )
    async with write_transaction():
        await prototype.save()
        await record_change(
            actor=actor,
            entity_type=PROTOTYPE.key,
            entity_id=prototype.id,
            action="created",
            summary=f"Skapade prototypen {data.name}.",
            changes=diff({}, asdict(data)),
        )
    return int(prototype.id)


async def update_prototype(
    prototype: dict[str, Any], data: PrototypeInput, actor: Principal, version: int | None
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if the prototype was saved since `version`."""
    values = asdict(data)
    changes = diff({key: prototype[key] for key in values}, values)
    if not changes:
        return changes
    async with write_transaction():
        await update_versioned(Prototype, prototype["id"], version, {**values, "updated_at": now()})
        await record_change(
            actor=actor,
            entity_type=PROTOTYPE.key,
            entity_id=prototype["id"],
            action="updated",
            summary="Ändrade " + ", ".join(PROTOTYPE_LABELS[key] for key in changes) + ".",
            changes=changes,
        )
    return changes


async def add_version(
    prototype_id: int, data: VersionInput, image: CleanImage | None, actor: Principal
) -> int:
    """A new version, numbered after the prototype's last one, with its re-encoded image."""
    stamp = now()
    async with write_transaction():
        last = await (
            PrototypeVersion.select(PrototypeVersion.number)
            .where(PrototypeVersion.prototype == prototype_id)
            .order_by(PrototypeVersion.number, ascending=False)
            .first()
        )
        number = (last["number"] if last else 0) + 1
        version = PrototypeVersion(
            prototype=prototype_id,
            number=number,
            description=data.description,
            made_on=data.made_on,
            url=data.url,
            image_type=image.media_type if image else "",
            image_alt=data.image_alt if image else "",
            image_width=image.width if image else 0,
            image_height=image.height if image else 0,
            created_at=stamp,
            created_by=actor.name,
        )
        await version.save()
        if image:
            encoded = base64.b64encode(image.data).decode("ascii")
            await PrototypeImage.insert(PrototypeImage(version=version.id, data=encoded))
        await Prototype.update({Prototype.updated_at: stamp}).where(Prototype.id == prototype_id)
        logged = {
            "number": number,
            "description": data.description,
            "made_on": data.made_on,
            "url": data.url,
            "image_alt": version.image_alt,
            "image_type": version.image_type,
        }
        await record_change(
            actor=actor,
            entity_type=PROTOTYPE.key,
            entity_id=prototype_id,
            action="version_added",
            summary=f"Lade till version {number}" + (" med bild." if image else " med länk."),
            changes=diff({}, {key: value for key, value in logged.items() if value != ""}),
        )
    return int(version.id)


# --- tests ------------------------------------------------------------------------------------


def _test_values(data: TestInput) -> dict[str, Any]:
    values = asdict(data)
    values.pop("results")
    return values


async def create_test(project_id: int, data: TestInput, actor: Principal) -> int:
    stamp = now()
    test = DesignTest(
        project=project_id,
        **_test_values(data),
        created_at=stamp,
        created_by=actor.name,
        updated_at=stamp,
    )
    async with write_transaction():
        await test.save()
        await _save_results(test.id, data.results)
        await record_change(
            actor=actor,
            entity_type=DESIGN_TEST.key,
            entity_id=test.id,
            action="created",
            summary=f"Registrerade ett test i projekt {project_id}.",
            changes=diff({}, {**_test_values(data), "results": _results_text(data.results)}),
        )
    return int(test.id)


async def _save_results(test_id: int, results: dict[int, str]) -> None:
    await TestResult.insert(
        *[
            TestResult(test=test_id, hypothesis=hypothesis, result=result)
            for hypothesis, result in sorted(results.items())
        ]
    )


async def results_of(test_id: int) -> dict[int, str]:
    rows = await TestResult.select(TestResult.hypothesis, TestResult.result).where(
        TestResult.test == test_id
    )
    return {row["hypothesis"]: row["result"] for row in rows}


async def update_test(
    test: dict[str, Any], data: TestInput, actor: Principal, version: int | None
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if the test was saved since `version` was read."""
    before_results = await results_of(test["id"])
    values = _test_values(data)
    changes = diff(
        {**{key: test[key] for key in values}, "results": _results_text(before_results)},
        {**values, "results": _results_text(data.results)},
    )
    if not changes:
        return changes
    async with write_transaction():
        await update_versioned(DesignTest, test["id"], version, {**values, "updated_at": now()})
        if "results" in changes:
            await TestResult.delete().where(TestResult.test == test["id"])
            await _save_results(test["id"], data.results)
        await record_change(
            actor=actor,
            entity_type=DESIGN_TEST.key,
            entity_id=test["id"],
            action="updated",
            summary="Ändrade " + ", ".join(TEST_LABELS[key] for key in changes) + ".",
            changes=changes,
        )
    return changes
