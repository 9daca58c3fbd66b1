"""Demo data for the insight chain (seeds/chain.toml): evidence and insights from dialogues,
collaborations and a project's own research, service changes with their statuses (and a promised
effect followed up), feedback that names the changes, and one published "Ni sa – vi gjorde"
page."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from tracker.accounts.permissions import Principal, system_actor
from tracker.accounts.tables import Account
from tracker.clock import SWEDISH_TIME, at
from tracker.collaborations.tables import Collaboration
from tracker.design import effects
from tracker.design.effect_forms import EffectInput, FollowUpInput
from tracker.dialogues import register as dialogue_register
from tracker.dialogues.forms import FeedbackInput
from tracker.dialogues.tables import Dialogue
from tracker.insights import services
from tracker.insights.changes import services as change_services
from tracker.insights.feedback import add_feedback
from tracker.insights.publication import services as publication
from tracker.insights.publication.draft import draft_from_chain
from tracker.projects.tables import Project
from tracker.settings import REPO_ROOT

CHAIN_FILE = REPO_ROOT / "seeds" / "chain.toml"
SOURCE_TABLES: dict[str, type[Dialogue | Collaboration | Project]] = {
    "dialogue": Dialogue,
    "collaboration": Collaboration,
    "project": Project,
}


class ChainSeedError(ValueError):
    pass


def read_chain(path: Path = CHAIN_FILE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def _id_of(kind: str, title: str) -> int:
    table = SOURCE_TABLES[kind]
    row = await table.select(table.id).where(table.title == title).first()
    if row is None:
        raise ChainSeedError(f"seeds/chain.toml: hittar ingen {kind} med titeln ”{title}”.")
    return int(row["id"])


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), SWEDISH_TIME)


async def load_chain(data: dict[str, Any]) -> dict[str, int]:
    """Load the chain; returns how many of each kind were created."""
    insights: dict[str, int] = {}
    counts = {"evidence": 0, "insights": 0, "changes": 0}
    for source in data.get("sources", []):
        actor = system_actor(source["actor"])
        source_id = await _id_of(source["type"], source["title"])
        evidence: dict[str, int] = {}
        with at(source["at"]):
            for item in source.get("evidence", []):
                evidence[item["key"]] = await services.add_evidence(
                    source_type=source["type"],
                    source_id=source_id,
                    text=item["text"],
                    speaker_category=item["speaker"],
                    internal=item.get("internal", False),
                    actor=actor,
                )
            for item in source.get("insights", []):
                insight = await services.create_insight(
                    statement=item["statement"],
                    target_group=item.get("target_group", ""),
                    evidence_ids=[evidence[key] for key in item["evidence"]],
                    themes=item.get("themes", []),
                    actor=actor,
                )
                insights[item.get("key", str(insight))] = insight
                for title in item.get("projects", []):
                    await services.use_in_project(
                        insight, await _id_of("project", title), None, actor
                    )
        counts["evidence"] += len(evidence)
        counts["insights"] += len(source.get("insights", []))
    changes: dict[str, int] = {}
    for item in data.get("changes", []):
        actor = system_actor(item["actor"])
        first, *later = item["statuses"]
        with at(_noon(first["on"])):
            change = await change_services.create_change(
                project_id=await _id_of("project", item["project"]),
                title=item["title"],
                description=item.get("description", ""),
                status_on=first["on"],
                actor=actor,
            )
            for link in item.get("insights", []):
                await change_services.address_insight(
                    change, insights[link["key"]], link["strength"], actor
                )
        for step in later:
            with at(_noon(step["on"])):
                await change_services.set_change_status(
                    change, step["status"], step["on"], step.get("reason", ""), actor
                )
        changes[item["title"]] = change
        counts["changes"] += 1
        for effect in item.get("effects", []):
            await _effect(change, effect, actor)
    for item in data.get("feedback", []):
        dialogue = await dialogue_register.get_dialogue(await _id_of("dialogue", item["dialogue"]))
        assert dialogue is not None
        with at(item["at"]):
            await add_feedback(
                dialogue,
                FeedbackInput("residents", item["given_on"], item["channel"], item["text"], ""),
                system_actor(item["actor"]),
                [changes[title] for title in item["changes"]],
            )
    for item in data.get("published_pages", []):
        await _publish(item)
    return counts


async def _effect(change_id: int, item: dict[str, Any], actor: Principal) -> None:
    """A promised effect of the change, with the follow-ups measured so far."""
    data = EffectInput(
        indicator=item["indicator"],
        method=item["method"],
        measured_by=item["measured_by"],
        unit=item.get("unit", ""),
        baseline_value=float(item["baseline_value"]),
        baseline_on=item["baseline_on"],
        target_value=float(item["target_value"]),
        target_on=item["target_on"],
        follow_up_dates=sorted(item.get("follow_up_dates", [])),
    )
    with at(item["at"]):
        effect_id = await effects.create_effect(change_id, data, actor)
    for measured in item.get("follow_ups", []):
        with at(measured["at"]):
            await effects.record_follow_up(
                effect_id,
                FollowUpInput(
                    measured["measured_on"], float(measured["value"]), measured["comment"]
                ),
                actor,
            )


async def _account(email: str) -> Principal:
    row = await Account.select().where(Account.email == email).first()
    if row is None:
        raise ChainSeedError(f"seeds/chain.toml: inget demokonto med e-postadressen {email}.")
    return Principal(
        id=row["id"],
        name=row["name"],
        email=email,
        role=row["role"],
        report_manager=row["report_manager"],
    )


async def _publish(item: dict[str, Any]) -> None:
    """Draft from the chain, written by one person, approved and published by another."""
    dialogue_id = await _id_of("dialogue", item["dialogue"])
    writer, reviewer = await _account(item["writer"]), await _account(item["reviewer"])
    with at(item["at"]):
        text = await draft_from_chain(dialogue_id, item["dialogue"])
        await publication.save_page(dialogue_id, text, writer)
        await publication.request_review(dialogue_id, writer, reviewer_ids=[str(reviewer.id)])
        await publication.approve(dialogue_id, reviewer)
        await publication.publish(dialogue_id, reviewer)
