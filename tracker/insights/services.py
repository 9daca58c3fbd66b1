"""Services of the insight chain: capture evidence and insights, link them to projects and
service changes, follow the chain both ways, and find where it is broken (gap views).

Every link is a row that records who made it and when; removing one is written to the change
log first. Trail and gap queries are a fixed number of statements, whatever the chain's depth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import StaleVersion, fetch_rows, update_versioned, write_transaction
from tracker.insights import counting
from tracker.insights.link_history import keep_removed
from tracker.insights.rules import (
    CHANGE_STATUS_LABELS,
    PROMISING_LEVELS,
    ChainRefused,
    ChangeStatus,
    check_status_change,
    check_strength,
)
from tracker.insights.tables import (
    ChangeInsight,
    ChangeStatusEvent,
    Evidence,
    Insight,
    InsightEvidence,
    InsightTheme,
    InsightUse,
    ServiceChange,
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


async def create_change(
    *, project_id: int, title: str, description: str, status_on: date, actor: Principal
) -> int:
    stamp = now()
    async with write_transaction():
        change = ServiceChange(
            project=project_id,
            title=title,
            description=description,
            status=ChangeStatus.IDEA,
            status_on=status_on,
            closed_reason="",
            created_at=stamp,
            updated_at=stamp,
        )
        await change.save()
        await ChangeStatusEvent.insert(
            ChangeStatusEvent(
                change=change.id,
                status=ChangeStatus.IDEA,
                status_on=status_on,
                reason="",
                recorded_at=stamp,
                recorded_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=CHANGE,
            entity_id=change.id,
            action="created",
            summary=f"Föreslog tjänsteförändringen ”{title}”.",
        )
    return int(change.id)


async def set_change_status(
    change_id: int,
    target: str,
    on: date | None,
    reason: str,
    actor: Principal,
    version: int | None = None,
) -> None:
    """Move a change to a new status with its date (ChainRefused when the rules say no;
    StaleVersion when its status changed since `version` was read)."""
    async with write_transaction():
        row = (
            await ServiceChange.select(
                ServiceChange.status, ServiceChange.status_on, ServiceChange.version
            )
            .where(ServiceChange.id == change_id)
            .first()
        )
        if row is None:
            raise LookupError(change_id)
        if version is not None and row["version"] != version:
            raise StaleVersion(change_id)  # the page showed another status: a conflict first
        check_status_change(row["status"], target, on, reason, row["status_on"])
        assert on is not None
        await update_versioned(
            ServiceChange,
            change_id,
            version,
            {
                ServiceChange.status: target,
                ServiceChange.status_on: on,
                ServiceChange.closed_reason: reason.strip()
                if target == ChangeStatus.CLOSED
                else "",
                ServiceChange.updated_at: now(),
            },
        )
        await ChangeStatusEvent.insert(
            ChangeStatusEvent(
                change=change_id,
                status=target,
                status_on=on,
                reason=reason.strip(),
                recorded_at=now(),
                recorded_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=CHANGE,
            entity_id=change_id,
            action="state_changed",
            summary=f"Ändrade status till {CHANGE_STATUS_LABELS[target].lower()} "
            f"({on.isoformat()}).",
            changes={"status": [row["status"], target]},
        )


async def address_insight(
    change_id: int, insight_id: int, strength: int | None, actor: Principal
) -> bool:
    """The change addresses the insight, motivated by it this strongly (1–3)."""
    strength = check_strength(strength)
    async with write_transaction():
        if await ChangeInsight.exists().where(
            (ChangeInsight.change == change_id) & (ChangeInsight.insight == insight_id)
        ):
            return False
        await ChangeInsight.insert(
            ChangeInsight(
                change=change_id,
                insight=insight_id,
                strength=strength,
                linked_at=now(),
                linked_by=actor.name,
            )
        )
        for entity_type, entity_id in ((CHANGE, change_id), (INSIGHT, insight_id)):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action="linked",
                summary="Förändringen bygger på insikten.",
                changes={"link": [None, f"change:{change_id}-insight:{insight_id}:{strength}"]},
            )
    return True


async def stop_addressing(change_id: int, insight_id: int, actor: Principal) -> bool:
    """The change no longer builds on the insight; the removed link stays in the change log."""
    async with write_transaction():
        row = (
            await ChangeInsight.select(ChangeInsight.id, ChangeInsight.strength)
            .where((ChangeInsight.change == change_id) & (ChangeInsight.insight == insight_id))
            .first()
        )
        if row is None:
            return False
        for entity_type, entity_id in ((CHANGE, change_id), (INSIGHT, insight_id)):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action="unlinked",
                summary="Förändringen bygger inte längre på insikten.",
                changes={
                    "link": [f"change:{change_id}-insight:{insight_id}:{row['strength']}", None]
                },
            )
        await keep_removed(ChangeInsight, row["id"], now(), actor.name)
        await ChangeInsight.delete().where(ChangeInsight.id == row["id"])
    return True


# --- following the chain ----------------------------------------------------------------------


@dataclass(slots=True)
class Trail:
    """A chain followed from one record: each list holds rows of one kind."""

    evidence: list[dict[str, Any]] = field(default_factory=list)
    insights: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


# The title of a piece of evidence's source, whichever kind it is, and a dialogue's levels on
# Delaktighetstrappan (promised and achieved). Used as `FROM evidence e {SOURCE_JOINS}`.
SOURCE_JOINS = (
    "LEFT JOIN dialogue sd ON e.source_type = 'dialogue' AND sd.id = e.source_id "
    "LEFT JOIN collaboration sc ON e.source_type = 'collaboration' AND sc.id = e.source_id "
    "LEFT JOIN project sp ON e.source_type = 'project' AND sp.id = e.source_id"
)
SOURCE_COLUMNS = (
    "COALESCE(sd.title, sc.title, sp.title) AS title, "
    "sd.level_promised AS level_promised, sd.level_achieved AS level_achieved"
)


async def trail_from_source(source_type: str, source_id: int) -> Trail:
    """Everything that came of a dialogue or collaboration: four queries at any depth."""
    evidence = await fetch_rows(
        "SELECT id, text, speaker_category, internal FROM evidence "
        "WHERE source_type = {} AND source_id = {} AND archived_at IS NULL ORDER BY id",
        source_type,
        source_id,
    )
    # Only what counts (tracker.insights.counting): live evidence, live insights, projects
    # and changes.
    insights = await fetch_rows(
        "SELECT DISTINCT i.id, i.statement, i.target_group FROM insight i "
        "JOIN insight_evidence ie ON ie.insight = i.id JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = {} AND e.source_id = {} "
        f"AND {counting.live('i')} AND {counting.live_evidence('e')} ORDER BY i.id",
        source_type,
        source_id,
    )
    projects = await fetch_rows(
        "SELECT DISTINCT p.id, p.title, p.current_step, u.insight FROM project p "
        "JOIN insight_use u ON u.project = p.id JOIN insight_evidence ie ON ie.insight = u.insight "
        "JOIN evidence e ON e.id = ie.evidence WHERE e.source_type = {} AND e.source_id = {} "
        f"AND {counting.live('p')} AND {counting.live_evidence('e')} ORDER BY p.id",
        source_type,
        source_id,
    )
    changes = await fetch_rows(
        "SELECT DISTINCT c.id, c.title, c.status, c.status_on, c.project, ci.insight, ci.strength "
        "FROM service_change c JOIN change_insight ci ON ci.change = c.id "
        "JOIN insight_evidence ie ON ie.insight = ci.insight JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = {} AND e.source_id = {} "
        f"AND {counting.live_change('c')} AND {counting.live_evidence('e')} ORDER BY c.id",
        source_type,
        source_id,
    )
    return Trail(evidence=evidence, insights=insights, projects=projects, changes=changes)


async def trail_to_change(change_id: int) -> Trail:
    """Every insight, piece of evidence and source behind a change: three queries."""
    insights = await fetch_rows(
        "SELECT i.id, i.statement, i.target_group, ci.strength FROM insight i "
        "JOIN change_insight ci ON ci.insight = i.id WHERE ci.change = {} ORDER BY ci.strength DESC, i.id",
        change_id,
    )
    evidence = await fetch_rows(
        "SELECT DISTINCT e.id, e.text, e.speaker_category, e.internal, e.source_type, e.source_id, "
        "ie.insight FROM evidence e JOIN insight_evidence ie ON ie.evidence = e.id "
        "JOIN change_insight ci ON ci.insight = ie.insight WHERE ci.change = {} ORDER BY e.id",
        change_id,
    )
    sources = await fetch_rows(
        f"SELECT DISTINCT e.source_type, e.source_id AS id, {SOURCE_COLUMNS} FROM evidence e "
        f"{SOURCE_JOINS} JOIN insight_evidence ie ON ie.evidence = e.id "
        "JOIN change_insight ci ON ci.insight = ie.insight WHERE ci.change = {} "
        "ORDER BY e.source_type, e.source_id",
        change_id,
    )
    return Trail(evidence=evidence, insights=insights, sources=sources)


# --- gap views: where the chain is broken ------------------------------------------------------
# Each row carries `total`: how many rows there are in all, when only the first `limit` are
# asked for.


def _limit(limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit)}"


async def dialogues_without_insights(limit: int | None = None) -> list[dict[str, Any]]:
    """Dialogues that were held (Genomförd or Återkopplad) with no insight that counts."""
    return await fetch_rows(
        "SELECT d.id, d.title, d.board, d.state, COUNT(*) OVER () AS total FROM dialogue d "
        f"WHERE d.state IN ('held', 'fed_back') AND {counting.live('d')} "
        f"AND NOT {counting.dialogue_has_insight()} ORDER BY d.id" + _limit(limit)
    )


async def insights_never_used(limit: int | None = None) -> list[dict[str, Any]]:
    """Insights that no project (that counts) uses."""
    return await fetch_rows(
        "SELECT i.id, i.statement, COUNT(*) OVER () AS total FROM insight i "
        f"WHERE {counting.live('i')} AND NOT {counting.insight_used()} ORDER BY i.id"
        + _limit(limit)
    )


async def changes_without_evidence(limit: int | None = None) -> list[dict[str, Any]]:
    """Changes that address no insight backed by evidence (that counts)."""
    return await fetch_rows(
        "SELECT c.id, c.title, c.status, c.project, COUNT(*) OVER () AS total "
        f"FROM service_change c WHERE {counting.live_change()} "
        f"AND NOT {counting.change_backed()} ORDER BY c.id" + _limit(limit)
    )


async def broken_promises(limit: int | None = None) -> list[dict[str, Any]]:
    """Dialogues that promised Inflytande or Medbeslutande, were held, and led to no change."""
    levels = ", ".join(f"'{level}'" for level in PROMISING_LEVELS)  # constants, not input
    return await fetch_rows(
        "SELECT d.id, d.title, d.board, d.level_promised, d.level_achieved, "
        "COUNT(*) OVER () AS total FROM dialogue d "
        f"WHERE d.level_promised IN ({levels}) AND d.state IN ('held', 'fed_back') "
        f"AND {counting.live('d')} AND NOT {counting.dialogue_led_to_change()} ORDER BY d.id"
        + _limit(limit)
    )


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
