"""Services of the insight chain: capture evidence and insights, give insights their themes,
and link them to the projects that use them. Service changes are in `changes/`, following the
chain in `trails`, where it is broken in `gaps`.

Every link is a row that records who made it and when; removing one is written to the change
log first.
"""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import fetch_rows, update_versioned, write_transaction
from tracker.insights.link_history import keep_removed
from tracker.insights.rules import (
    ChainRefused,
)
from tracker.insights.tables import (
    Evidence,
    Insight,
    InsightEvidence,
    InsightTheme,
    InsightUse,
    Theme,
)
from tracker.text import search_form, swedish_sort_key

INSIGHT = "insight"
CHANGE = "service_change"
EVIDENCE = "evidence"


async def add_evidence(
    *,
    source_type: str,
    source_id: int,
    text: str,
    speaker_category: str,
    internal: bool,
    actor: Principal,
) -> int:
    async with write_transaction():
        evidence = Evidence(
            text=text,
            source_type=source_type,
            source_id=source_id,
            speaker_category=speaker_category,
            internal=internal,
            created_at=now(),
            created_by=actor.name,
        )
        await evidence.save()
        await record_change(
            actor=actor,
            entity_type=EVIDENCE,
            entity_id=evidence.id,
            action="created",
            summary=f"Registrerade underlag ({speaker_category}).",
        )
        await record_change(
            actor=actor,
            entity_type=source_type,
            entity_id=source_id,
            action="evidence_added",
            summary=f"Registrerade underlag: ”{text[:80]}”.",
        )
    return int(evidence.id)


async def create_insight(
    *,
    statement: str,
    target_group: str,
    evidence_ids: list[int],
    actor: Principal,
    themes: list[str] | None = None,
) -> int:
    """An insight backed by at least one piece of evidence, with its themes (created if new)."""
    if not evidence_ids:
        raise ChainRefused("En insikt behöver minst ett underlag.", "evidence")
    stamp = now()
    async with write_transaction():
        found = await Evidence.count().where(Evidence.id.is_in(evidence_ids))
        if found != len(set(evidence_ids)):
            raise ChainRefused("Ett av underlagen finns inte.", "evidence")
        insight = Insight(
            statement=statement,
            statement_search=search_form(statement, 5000),
            target_group=target_group,
            created_at=stamp,
            created_by=actor.name,
            updated_at=stamp,
        )
        await insight.save()
        await InsightEvidence.insert(
            *[
                InsightEvidence(
                    insight=insight.id, evidence=evidence_id, linked_at=stamp, linked_by=actor.name
                )
                for evidence_id in dict.fromkeys(evidence_ids)
            ]
        )
        await record_change(
            actor=actor,
            entity_type=INSIGHT,
            entity_id=insight.id,
            action="created",
            summary=f"Formulerade insikten ”{statement[:80]}”.",
            changes={"evidence": [None, sorted(set(evidence_ids))]},
        )
        if themes:
            await attach_themes(int(insight.id), themes, actor)
    return int(insight.id)


async def attach_themes(insight_id: int, names: list[str], actor: Principal) -> None:
    """Link the insight to these themes, creating the ones that do not exist yet (call inside a
    write transaction). Names are matched without regard to case."""
    wanted: dict[str, str] = {}
    for name in names:
        if name.strip():
            wanted.setdefault(name.strip().casefold(), name.strip())  # the first spelling wins
    if not wanted:
        return
    existing = {
        row["name"].casefold(): row["id"]
        for row in await Theme.select(Theme.id, Theme.name).where(
            Theme.name_sort.is_in([swedish_sort_key(name) for name in wanted.values()])
        )
    }
    stamp = now()
    for key, name in wanted.items():
        if key not in existing:
            theme = Theme(name=name, name_sort=swedish_sort_key(name), created_at=stamp)
            await theme.save()
            existing[key] = theme.id
    linked = {
        row["theme"]
        for row in await InsightTheme.select(InsightTheme.theme).where(
            InsightTheme.insight == insight_id
        )
    }
    new = [existing[key] for key in wanted if existing[key] not in linked]
    if new:
        await InsightTheme.insert(
            *[
                InsightTheme(
                    insight=insight_id, theme=theme_id, linked_at=stamp, linked_by=actor.name
                )
                for theme_id in new
            ]
        )


async def use_in_project(
    insight_id: int, project_id: int, iteration_id: int | None, actor: Principal
) -> bool:
    """Record that a project used the insight (reuse across projects is the point)."""
    async with write_transaction():
        exists = await InsightUse.exists().where(
            (InsightUse.insight == insight_id) & (InsightUse.project == project_id)
        )
        if exists:
            return False
        await InsightUse.insert(
            InsightUse(
                insight=insight_id,
                project=project_id,
                iteration=iteration_id,
                linked_at=now(),
                linked_by=actor.name,
            )
        )
        for entity_type, entity_id in ((INSIGHT, insight_id), ("project", project_id)):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action="linked",
                summary="Insikten används i projektet.",
                changes={"link": [None, f"insight:{insight_id}-project:{project_id}"]},
            )
    return True


async def stop_using(insight_id: int, project_id: int, actor: Principal) -> bool:
    async with write_transaction():
        row = (
            await InsightUse.select(InsightUse.id)
            .where((InsightUse.insight == insight_id) & (InsightUse.project == project_id))
            .first()
        )
        if row is None:
            return False
        for entity_type, entity_id in ((INSIGHT, insight_id), ("project", project_id)):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action="unlinked",
                summary="Insikten används inte längre i projektet.",
                changes={"link": [f"insight:{insight_id}-project:{project_id}", None]},
            )
        await keep_removed(InsightUse, row["id"], now(), actor.name)
        await InsightUse.delete().where(InsightUse.id == row["id"])
    return True


async def update_insight(
    insight_id: int,
    *,
    statement: str,
    target_group: str,
    themes: list[str],
    actor: Principal,
    version: int | None = None,
) -> bool:
    """Change the wording, target group and themes; False when nothing changed. StaleVersion
    if the insight was saved since `version` was read."""
    async with write_transaction():
        row = (
            await Insight.select(Insight.statement, Insight.target_group)
            .where(Insight.id == insight_id)
            .first()
        )
        if row is None:
            raise LookupError(insight_id)
        linked = await fetch_rows(
            "SELECT t.id, t.name FROM theme t JOIN insight_theme it ON it.theme = t.id "
            "WHERE it.insight = {} ORDER BY t.name_sort",
            insight_id,
        )
        wanted = {name.casefold() for name in themes}
        dropped = [theme for theme in linked if theme["name"].casefold() not in wanted]
        before = [theme["name"] for theme in linked]
        changes: dict[str, list[Any]] = {}
        if row["statement"] != statement:
            changes["statement"] = [row["statement"], statement]
        if row["target_group"] != target_group:
            changes["target_group"] = [row["target_group"], target_group]
        if sorted(n.casefold() for n in before) != sorted(wanted):
            changes["themes"] = [before, themes]
        if not changes:
            return False
        await update_versioned(
            Insight,
            insight_id,
            version,
            {
                Insight.statement: statement,
                Insight.statement_search: search_form(statement, 5000),
                Insight.target_group: target_group,
                Insight.updated_at: now(),
            },
        )
        if dropped:
            await InsightTheme.delete().where(
                (InsightTheme.insight == insight_id)
                & InsightTheme.theme.is_in([theme["id"] for theme in dropped])
            )
        await attach_themes(insight_id, themes, actor)
        await record_change(
            actor=actor,
            entity_type=INSIGHT,
            entity_id=insight_id,
            action="updated",
            summary="Ändrade insikten.",
            changes=changes,
        )
    return True


async def archive_evidence(
    evidence_id: int, source_type: str, source_id: int, actor: Principal
) -> bool:
    """Archive a piece of evidence of this source (it stays, with its links, but is no longer
    shown or searched); False when the source has no such evidence."""
    async with write_transaction():
        row = (
            await Evidence.select(Evidence.text, Evidence.archived_at)
            .where(
                (Evidence.id == evidence_id)
                & (Evidence.source_type == source_type)
                & (Evidence.source_id == source_id)
            )
            .first()
        )
        if row is None:
            return False
        if row["archived_at"] is None:
            await Evidence.update({Evidence.archived_at: now()}).where(Evidence.id == evidence_id)
            for entity_type, entity_id in ((EVIDENCE, evidence_id), (source_type, source_id)):
                await record_change(
                    actor=actor,
                    entity_type=entity_type,
                    entity_id=entity_id,
                    action="archived",
                    summary=f"Arkiverade underlaget ”{row['text'][:80]}”.",
                )
    return True
