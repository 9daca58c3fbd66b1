"""Theme names are unique regardless of case: a new theme that matches an existing one gets
that one, the database refuses a second spelling, a rename to another theme's name offers
the merge, and the migration merges the duplicates stored before."""

from __future__ import annotations

from importlib import import_module

import httpx
import pytest

from tests.dialogues.factories import make_dialogue
from tests.support import field_error, post_form
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import now
from tracker.db import fetch_rows
from tracker.insights import themes
from tracker.insights.tables import InsightTheme, Theme

from .factories import evidence_from, insight_on

MIGRATION = "tracker.insights.piccolo_migrations.insights_2026_12_07t03_45_00_000000"


def test_case_and_accents_do_not_make_another_theme() -> None:
    assert themes.theme_key("hemtjänst") == themes.theme_key(" Hemtjänst ")
    assert themes.theme_key("HEMTJÄNST") == themes.theme_key("Hemtjänst")
    assert themes.theme_key("Hemtjänst") != themes.theme_key("Hemtjänster")


async def test_a_new_theme_matching_an_existing_one_gets_that_one(db: None) -> None:
    dialogue = await make_dialogue(state="held")
    first = await insight_on([await evidence_from(dialogue.id)], themes=["Hemtjänst"])
    second = await insight_on(
        [await evidence_from(dialogue.id, "Personalen byts hela tiden")],
        "Brukare vill möta samma personal",
        themes=["hemtjänst", "HEMTJÄNST"],
    )

    assert [row["name"] for row in await Theme.select(Theme.name)] == ["Hemtjänst"]
    theme = await themes.matching_theme("hemtjänst")
    assert theme is not None and theme["name"] == "Hemtjänst"
    links = await InsightTheme.select(InsightTheme.insight, InsightTheme.theme)
    assert sorted(row["insight"] for row in links) == [first, second]
    assert {row["theme"] for row in links} == {theme["id"]}


async def test_the_database_refuses_a_second_spelling(db: None) -> None:
    await Theme.insert(
        Theme(name="Hemtjänst", name_sort=themes.theme_key("Hemtjänst"), created_at=now())
    )
    with pytest.raises(Exception, match=r"(?i)unique"):
        await Theme.insert(
            Theme(name="hemtjänst", name_sort=themes.theme_key("hemtjänst"), created_at=now())
        )


async def test_a_rename_to_another_themes_name_offers_that_theme_to_merge_with(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    await insight_on([await evidence_from(dialogue.id)], themes=["Hemtjänst", "Omsorg"])
    ids = {row["name"]: row["id"] for row in await Theme.select(Theme.id, Theme.name)}

    refused = await post_form(client, f"/teman/{ids['Omsorg']}/namn", {"name": "hemtjänst"})

    assert refused.status_code == 422
    assert field_error(refused.text, f"name-{ids['Omsorg']}") == (
        "Det finns redan ett tema som heter ”Hemtjänst”. Slå ihop dem i stället."
    )
    assert f'<option value="{ids["Hemtjänst"]}" selected>Hemtjänst</option>' in refused.text


async def test_the_migration_merges_duplicates_keeping_every_link_and_logging_it(
    db: None,
) -> None:
    manager = await import_module(MIGRATION).forwards()
    for step in manager.raw_backwards:  # as before: no unique index
        await step()
    dialogue = await make_dialogue(state="held")
    evidence = await evidence_from(dialogue.id)
    a = await insight_on([evidence], "Första", themes=["Hemtjänst"])
    b = await insight_on([evidence], "Andra", themes=["Hemtjänst"])
    c = await insight_on([evidence], "Tredje", themes=["Trygghet"])
    stamp = now()
    for name in ("hemtjänst", "HEMTJÄNST"):  # stored by hand, as older versions could
        await Theme.insert(Theme(name=name, name_sort=themes.theme_key(name), created_at=stamp))
    ids = {row["name"]: row["id"] for row in await Theme.select(Theme.id, Theme.name)}
    await InsightTheme.insert(
        InsightTheme(insight=c, theme=ids["hemtjänst"], linked_at=stamp, linked_by="Test"),
        InsightTheme(insight=a, theme=ids["HEMTJÄNST"], linked_at=stamp, linked_by="Test"),
    )

    for step in manager.raw:
        await step()

    names = [row["name"] for row in await Theme.select(Theme.name).order_by(Theme.id)]
    assert names == ["Hemtjänst", "Trygghet"]  # the one with the most insights is kept
    links = await fetch_rows(
        "SELECT it.insight, t.name FROM insight_theme it JOIN theme t ON t.id = it.theme"
    )
    assert sorted((row["insight"], row["name"]) for row in links) == [
        (a, "Hemtjänst"),
        (b, "Hemtjänst"),
        (c, "Hemtjänst"),
        (c, "Trygghet"),
    ]
    merges = await ChangeLogEntry.select(ChangeLogEntry.summary, ChangeLogEntry.actor).where(
        (ChangeLogEntry.entity_type == "theme") & (ChangeLogEntry.action == "merged")
    )
    assert {row["actor"] for row in merges} == {"Uppgradering"}
    assert "Slog ihop temat ”hemtjänst” med ”Hemtjänst”." in [row["summary"] for row in merges]
    with pytest.raises(Exception, match=r"(?i)unique"):  # and the index is back
        await Theme.insert(
            Theme(name="hemTjänst", name_sort=themes.theme_key("hemTjänst"), created_at=stamp)
        )
