"""The theme list (teman): renamed and merged without losing any insight's links."""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.db import fetch_rows, write_transaction
from tracker.insights.rules import ChainRefused
from tracker.insights.tables import InsightTheme, Theme
from tracker.text import control_character_problem, swedish_sort_key

THEME = "theme"


async def themes_with_counts() -> list[dict[str, Any]]:
    return await fetch_rows(
        "SELECT t.id, t.name, COUNT(it.id) AS insight_count FROM theme t "
        "LEFT JOIN insight_theme it ON it.theme = t.id GROUP BY t.id, t.name, t.name_sort "
        "ORDER BY t.name_sort"
    )


async def _name_of(theme_id: int) -> str:
    row = await Theme.select(Theme.name).where(Theme.id == theme_id).first()
    if row is None:
        raise LookupError(theme_id)
    return str(row["name"])


async def rename_theme(theme_id: int, name: str, actor: Principal) -> None:
    name = name.strip()
    if not name:
        raise ChainRefused("Skriv temats nya namn.", "name")
    if len(name) > 100:
        raise ChainRefused("Ett tema får vara högst 100 tecken.", "name")
    if problem := control_character_problem(name):
        raise ChainRefused(problem, "name")
    async with write_transaction():
        old = await _name_of(theme_id)
        clash = await fetch_rows(
            "SELECT id, name FROM theme WHERE name_sort = {} AND id <> {}",
            swedish_sort_key(name),
            theme_id,
        )
        if clash:
            raise ChainRefused(
                f"Det finns redan ett tema som heter ”{clash[0]['name']}”. Slå ihop dem i stället.",
                "name",
            )
        await Theme.update({Theme.name: name, Theme.name_sort: swedish_sort_key(name)}).where(
            Theme.id == theme_id
        )
        await record_change(
            actor=actor,
            entity_type=THEME,
            entity_id=theme_id,
            action="updated",
            summary=f"Bytte namn på temat ”{old}” till ”{name}”.",
            changes={"name": [old, name]},
        )


async def merge_themes(theme_id: int, into_id: int, actor: Principal) -> int:
    """Move every insight of `theme_id` to `into_id` and remove the merged theme; returns how
    many insights moved. An insight that had both keeps one link."""
    if theme_id == into_id:
        raise ChainRefused("Välj ett annat tema att slå ihop med.", "into")
    async with write_transaction():
        old, target = await _name_of(theme_id), await _name_of(into_id)
        both = [
            row["insight"]
            for row in await fetch_rows(
                "SELECT a.insight FROM insight_theme a JOIN insight_theme b "
                "ON b.insight = a.insight AND b.theme = {} WHERE a.theme = {}",
                into_id,
                theme_id,
            )
        ]
        if both:
            await InsightTheme.delete().where(
                (InsightTheme.theme == theme_id) & InsightTheme.insight.is_in(both)
            )
        moved = await InsightTheme.count().where(InsightTheme.theme == theme_id)
        await InsightTheme.update({InsightTheme.theme: into_id}).where(
            InsightTheme.theme == theme_id
        )
        await Theme.delete().where(Theme.id == theme_id)
        for entity_id, summary in (
            (theme_id, f"Slog ihop temat ”{old}” med ”{target}”."),
            (into_id, f"Tog emot {moved + len(both)} insikter från temat ”{old}”."),
        ):
            await record_change(
                actor=actor,
                entity_type=THEME,
                entity_id=entity_id,
                action="merged",
                summary=summary,
                changes={"merged": [old, target]},
            )
    return moved + len(both)
