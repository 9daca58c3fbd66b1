"""The theme list (teman): renamed and merged without losing any insight's links.

A theme's name is unique regardless of case ("hemtjänst" is "Hemtjänst"): the key is
`theme_key` (the Swedish sort key, case- and accent-blind), stored as `theme.name_sort` under a
unique index. A name typed for a new theme that matches an existing one gets that one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.db import fetch_rows, write_transaction
from tracker.insights.rules import ChainRefused
from tracker.insights.tables import InsightTheme, Theme
from tracker.text import control_character_problem, swedish_sort_key

THEME = "theme"
# The unique index on theme.name_sort (migration insights_2026_12_07t03_45_00_000000).
UNIQUE_KEY_INDEX = "theme_name_sort_unique"


def theme_key(name: str) -> str:
    """What two names of one theme share: case and accents do not count."""
    return swedish_sort_key(name.strip())


async def matching_theme(name: str, *, other_than: int | None = None) -> dict[str, Any] | None:
    """The existing theme (id, name) that `name` names regardless of case, if any."""
    rows = await fetch_rows(
        "SELECT id, name FROM theme WHERE name_sort = {} AND id <> {} ORDER BY id",
        theme_key(name),
        other_than or 0,
    )
    return rows[0] if rows else None


# How many existing names are offered at most while a theme is typed.
SUGGESTION_LIMIT = 10


def suggest_themes(typed: str, names: Iterable[str], limit: int = SUGGESTION_LIMIT) -> list[str]:
    """What to offer while the field "Teman" (names with commas between) is typed: the whole
    field with its last part completed to an existing name, for a `<datalist>`.

    The last part matches a name regardless of case (`theme_key`); names that
    start with it come first, then names that contain it, each in Swedish order. Names
    already typed before it are not offered again; an empty last part offers the first
    names. At most `limit`."""
    *before, part = typed.split(",")
    chosen = {theme_key(name) for name in before if name.strip()}
    wanted = theme_key(part)
    starts: list[tuple[str, str]] = []
    contains: list[tuple[str, str]] = []
    for name in names:
        key = theme_key(name)
        if key in chosen:
            continue
        if key.startswith(wanted):
            starts.append((key, name))
        elif any(key.startswith(wanted, at) for at in range(4, len(key), 4)):
            contains.append((key, name))  # (the key has four hex digits a letter)
    prefix = "".join(f"{name.strip()}, " for name in before if name.strip())
    return [prefix + name for _, name in (sorted(starts) + sorted(contains))[:limit]]


async def theme_suggestions(typed: str) -> list[str]:
    """`suggest_themes` among the stored themes."""
    rows = await fetch_rows("SELECT name FROM theme ORDER BY name_sort")
    return suggest_themes(typed, [row["name"] for row in rows])


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


class ThemeExists(ChainRefused):
    """A rename to a name another theme has (regardless of case): offer to merge with it."""

    def __init__(self, existing: dict[str, Any]) -> None:
        super().__init__(
            f"Det finns redan ett tema som heter ”{existing['name']}”. Slå ihop dem i stället.",
            "name",
        )
        self.existing = existing


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
        clash = await matching_theme(name, other_than=theme_id)
        if clash:
            raise ThemeExists(clash)
        await Theme.update({Theme.name: name, Theme.name_sort: theme_key(name)}).where(
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


async def merge_case_duplicates(actor: Principal) -> int:
    """Merge the themes whose names differ only in case or accents (from before names were
    unique regardless of case) into the one with the most insights (the oldest when even),
    with `merge_themes`, so every insight keeps its links and the change log says so. Also
    brings each name's key up to date. Returns how many themes were merged away."""
    rows = await fetch_rows(
        "SELECT t.id, t.name, t.name_sort, COUNT(it.id) AS insight_count FROM theme t "
        "LEFT JOIN insight_theme it ON it.theme = t.id GROUP BY t.id, t.name, t.name_sort "
        "ORDER BY t.id"
    )
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(theme_key(row["name"]), []).append(row)
    merged = 0
    for key, themes in groups.items():
        kept = min(themes, key=lambda theme: (-theme["insight_count"], theme["id"]))
        for theme in themes:
            if theme is not kept:
                await merge_themes(theme["id"], kept["id"], actor)
                merged += 1
        if kept["name_sort"] != key:
            await Theme.update({Theme.name_sort: key}).where(Theme.id == kept["id"])
    return merged
