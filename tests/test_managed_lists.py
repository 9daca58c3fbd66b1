"""Förvaltning and nämnd are picked from the managed lists (lists/organisation.toml): a
spelling variant becomes the list's entry, a value not in the list is refused with the nearest
entry as a suggestion, and the upgrade maps stored values (the demo's too) onto the lists."""

from __future__ import annotations

import tomllib
from importlib import import_module
from pathlib import Path

import httpx
import pytest

from tests.dialogues.factories import dialogue_form, make_dialogue
from tests.factories import make_project, project_form, stored_project
from tests.support import field_error, field_value, post_form
from tracker.audit.tables import ChangeLogEntry
from tracker.datafiles import DataFileError
from tracker.dialogues.tables import Dialogue
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.settings import get_settings
from tracker.web.managed_lists import (
    load_organisation_lists,
    normalised,
    organisation_lists,
)

LISTS = organisation_lists()
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_spellings_that_differ_in_case_hyphens_or_spaces_are_one_entry() -> None:
    assert normalised(" Kultur-  och Fritidsnämnden") == normalised("kultur och fritidsnämnden")
    boards = LISTS.boards
    for typed in (
        "Kultur och fritidsnämnden",
        "kultur- och fritidsnämnden",
        "KULTUR OCH FRITIDSNÄMNDEN",
    ):
        assert boards.entry_for(typed) == "Kultur- och fritidsnämnden"
    assert boards.entry_for("KS") == "Kommunstyrelsen"  # another spelling in the file
    assert boards.entry_for("Fritidsnämnden") is None


def test_the_nearest_entry_is_suggested_and_only_a_typo_is_mapped() -> None:
    boards = LISTS.boards
    assert boards.nearest("Socialnämden") == "Socialnämnden"
    assert boards.mapped("Socialnämden") == "Socialnämnden"
    assert boards.nearest("Kulturnämnd") == "Kulturnämnden"
    assert boards.mapped("Idrottsnämnden") is None  # a person has to choose
    assert boards.mapped("") is None
    assert LISTS.departments.nearest("zzz") is None


def test_every_demo_value_is_in_the_lists() -> None:
    found: list[tuple[str, str]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("department", "board") and isinstance(item, str):
                    found.append((key, item))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in SEEDS.glob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    assert found
    for key, value in found:
        managed = LISTS.departments if key == "department" else LISTS.boards
        assert managed.entry_for(value) == value, (key, value)


def test_a_list_file_with_a_spelling_under_two_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "organisation.toml"
    path.write_text(
        '[[department]]\nname = "KLK"\n[[board]]\nname = "Kommunstyrelsen"\n'
        '[[board]]\nname = "KS"\nalso = ["kommunstyrelsen"]\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"board\[2\]\.name"):
        load_organisation_lists(path)
    assert load_organisation_lists(get_settings().lists_dir / "organisation.toml") == LISTS


async def test_the_project_form_takes_a_variant_and_refuses_what_is_not_listed(
    client: httpx.AsyncClient,
) -> None:
    form = (await client.get("/projekt/ny")).text
    assert 'list="forvaltningar"' in form and '<datalist id="namnder">' in form
    assert '<option value="Kultur- och fritidsnämnden">' in form

    refused = await post_form(
        client, "/projekt", project_form(board="Kultur och fritidsnamnden", department="Fritid")
    )
    assert refused.status_code == 422
    assert field_error(refused.text, "board") == (
        "”Kultur och fritidsnamnden” finns inte i listan över nämnder. "
        "Menade du ”Kultur- och fritidsnämnden”?"
    )
    assert field_value(refused.text, "board") == "Kultur och fritidsnamnden"
    assert await Project.count() == 0

    created = await post_form(client, "/projekt", project_form(board="kultur och fritidsnämnden"))
    assert created.status_code == 303
    project = await Project.objects().first()
    assert project is not None and project.board == "Kultur- och fritidsnämnden"


async def test_the_dialogue_form_uses_the_same_lists(client: httpx.AsyncClient) -> None:
    refused = await post_form(client, "/dialoger", dialogue_form(department="Tekniska förvaltning"))
    assert refused.status_code == 422
    assert field_error(refused.text, "department") == (
        "”Tekniska förvaltning” finns inte i listan över förvaltningar. "
        "Menade du ”Tekniska förvaltningen”?"
    )
    created = await post_form(client, "/dialoger", dialogue_form(board="ks"))
    assert created.status_code == 303
    dialogue = await Dialogue.objects().first()
    assert dialogue is not None and dialogue.board == "Kommunstyrelsen"


async def test_the_upgrade_maps_stored_values_and_logs_each_record(
    db: None, catalogue: PhaseCatalogue
) -> None:
    variant = await make_project(catalogue, board="Kultur och fritidsnämnden", department="KLK")
    unknown = await make_project(catalogue, board="Idrottsnämnden")
    listed = await make_project(catalogue)
    dialogue = await make_dialogue(board="Socialnämden", department="MSF")

    for area, name in (("projects", "projects"), ("dialogues", "dialogues")):
        module = f"tracker.{area}.piccolo_migrations.{name}_2026_12_07t03_50_00_000000"
        for step in (await import_module(module).forwards()).raw:
            await step()

    moved = await stored_project(variant.id)
    assert (moved.board, moved.department) == (
        "Kultur- och fritidsnämnden",
        "Kommunledningskontoret",
    )
    assert moved.version == variant.version + 2  # one per column: a form read before is stale
    assert (await stored_project(unknown.id)).board == "Idrottsnämnden"
    assert (await stored_project(listed.id)).version == listed.version
    row = (
        await Dialogue.select(Dialogue.board, Dialogue.department)
        .where(Dialogue.id == dialogue.id)
        .first()
    )
    assert row == {"board": "Socialnämnden", "department": "Miljö- och stadsbyggnadsförvaltningen"}
    log = await ChangeLogEntry.select(
        ChangeLogEntry.entity_type, ChangeLogEntry.entity_id, ChangeLogEntry.summary
    ).where(ChangeLogEntry.actor == "Uppgradering")
    assert {(e["entity_type"], e["entity_id"]) for e in log} == {
        ("project", variant.id),
        ("dialogue", dialogue.id),
    }
    assert (
        "Ändrade nämnd från ”Kultur och fritidsnämnden” till ”Kultur- och fritidsnämnden”, "
        "som den heter i listan över nämnder." in [e["summary"] for e in log]
    )
