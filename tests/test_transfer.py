"""`tracker export` and `tracker import`: everything out, everything back, byte for byte; and a
bad file refused before anything is written, naming table, record and field."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import personas
from tests.collaborations.factories import make_collaboration, make_organisation
from tests.design.effect_factories import follow_up, make_change_with_effect
from tests.design.factories import make_design
from tests.design.history_publication_factories import publish_history
from tests.dialogues.factories import make_dialogue
from tests.factories import iteration_input, make_project
from tests.gallring.factories import failed_sign_in, years_ago
from tests.insights.factories import ask_review
from tests.reports.factories import ACTOR as REPORT_ACTOR
from tests.reports.factories import lists as report_lists
from tests.reports.factories import make_report
from tests.support import post_form, wipe_rows
from tracker.accounts import once
from tracker.accounts.federation import ProviderIdentity, sign_in_from_provider
from tracker.accounts.permissions import Role
from tracker.accounts.saml import replay as saml_replay
from tracker.accounts.services import SignInError, principal_of
from tracker.accounts.services import sign_in as try_sign_in
from tracker.accounts.sign_in_roles import SignInRoles
from tracker.accounts.tables import Account
from tracker.accounts.tokens import spend_once
from tracker.archive import services as archive
from tracker.clock import now
from tracker.db import write_transaction
from tracker.design import change_tests
from tracker.dialogues.rules import State
from tracker.gallring import services as gallring
from tracker.gallring.plan import plan
from tracker.insights import services as insight_services
from tracker.insights.publication import services as publication
from tracker.insights.publication.rules import PageText
from tracker.insights.tables import InsightUse
from tracker.mail import links as mail_links
from tracker.mail import services as mail_services
from tracker.municipality import load_municipality
from tracker.phases.catalogue import PhaseCatalogue, load_phases
from tracker.projects import steps as project_steps
from tracker.projects.tables import Project
from tracker.reports import freezing
from tracker.reports.tables import ReportVersion
from tracker.residents import accessibility
from tracker.scale import ADMIN_EMAIL, seed_scale
from tracker.settings import get_settings
from tracker.transfer import TransferError, export_file, import_document, import_file
from tracker.transfer.exporter import write_export
from tracker.transfer.importer import tables_with_rows
from tracker.transfer.schema import table_specs
from tracker.work import calendar

ROOT = Path(__file__).resolve().parent.parent


async def _rich_data() -> None:
    """Every table filled: the synthetic dataset, plus what it leaves out – a published
    "Ni sa – vi gjorde" page, a frozen report and a refused sign-in."""
    await seed_scale(0.005, quiet=True)
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin, title="Trygg skolväg i Norrby")
    text = PageText(
        title="Ni sa – vi gjorde: Trygg skolväg",
        intro="Så här gick det.",
        you_said="- Skolvägen är mörk.",
        we_did="- Ny belysning – införd 2026-03-15.",
        not_done="",
        internal_note="Bara för oss.",
    )
    await publication.save_page(dialogue.id, text, robin)
    await ask_review(dialogue.id, robin)
    await publication.approve(dialogue.id, kim)
    await publication.publish(dialogue.id, robin)
    report = await make_report()
    await freezing.freeze(report, 1, report_lists(), REPORT_ACTOR)
    municipality = load_municipality(get_settings().municipality_file)
    await archive.deliver_report(report.id, 1, municipality, REPORT_ACTOR, "command")
    with pytest.raises(SignInError):
        await try_sign_in("robin@kommun.example", "fel lösenord", "192.0.2.1")
    await calendar.create_feed(robin)
    await accessibility.save(accessibility.DEFAULT, REPORT_ACTOR)
    use = await InsightUse.select().first()  # a removed use is kept with when it was removed
    assert use is not None
    await insight_services.stop_using(use["insight"], use["project"], robin)
    await make_collaboration(actor=robin)  # its parties' joining is kept
    await mail_services.save_digest_setting(kim, {"frequency": "daily", "weekday": 0, "hour": 7})
    await mail_links.request_reset(robin.email)
    async with write_transaction():
        await spend_once("en bekräftad förhandsgranskning", robin.id)
    # A create form's one-time key, saved with what it created.
    await once.create_once(robin, {"once": "k" * 32}, _url_of_a_new_organisation)
    # Hypotheses, a prototype version with its image and a test (tracker.design).
    design_project = (await Project.select(Project.id).first())["id"]
    design = await make_design(design_project, robin)
    # A change's promised effect with a follow-up planned and one measured (72,5).
    effect = await make_change_with_effect((await Project.select(Project.id).first())["id"], robin)
    await follow_up(effect["effect_id"], 72.5, date(2026, 9, 1), robin)
    # The test supports the change (tracker.design.change_tests).
    await change_tests.link_test(effect["change_id"], design["test_id"], robin)
    # The project's design history, reviewed and published (tracker.design).
    await publish_history(design_project, robin, load_phases(get_settings().phases_dir), "Så här")
    # What the test observed, as evidence (a test is a source like a dialogue).
    await insight_services.add_evidence(
        source_type="design_test",
        source_id=design["test_id"],
        text="Fyra av sex förstod sms:et direkt.",
        speaker_category="deltagare i testet",
        internal=False,
        actor=robin,
    )
    # Gallring: a legal hold, and a run that removed an old failed sign-in (tracker.gallring).
    await gallring.set_hold("dialogue", dialogue.id, "Begäran om utlämnande", robin)
    await failed_sign_in(years_ago(3))
    await gallring.run(plan(), date.today(), robin)
    # Sign-in through the identity provider: a provider link, and a SAML id spent once.
    await sign_in_from_provider(FEDERATED, roles=FEDERATED_ROLES)
    await saml_replay.spend("https://idp.kommun.example/saml", ("_a1",), now() + timedelta(hours=1))


FEDERATED = ProviderIdentity(
    protocol="oidc",
    issuer="https://idp.kommun.example",
    subject="3f2a-stabil",
    name="Sam Federerad",
    email="sam@kommun.example",
    groups=("tracker-lasare",),
)
FEDERATED_ROLES = SignInRoles(groups={Role.READER: frozenset({"tracker-lasare"})})


async def _url_of_a_new_organisation() -> str:
    organisation = await make_organisation(name="Föreningen Trygg skolväg", org_number="")
    return f"/organisationer/{organisation.id}"


async def _document() -> dict[str, Any]:
    stream = io.StringIO()
    await write_export(stream)
    return json.loads(stream.getvalue())


_SMALL: list[dict[str, Any]] = []  # made once per run: each test gets a copy


async def _small_document(catalogue: PhaseCatalogue) -> dict[str, Any]:
    """A small valid export: an account, a project with an iteration and a ticked checklist
    item, a dialogue that has held a session. The database is left empty."""
    if not _SMALL:
        robin = await personas.robin()
        project = await make_project(catalogue, actor=robin)
        await project_steps.log_iteration(project, iteration_input(), catalogue, robin)
        item = catalogue.get("ringa-in").checklist[0].key
        await project_steps.save_checklist(project, "ringa-in", {item}, catalogue, robin)
        await make_dialogue(state=State.HELD, actor=robin)
        _SMALL.append(await _document())
        await wipe_rows()
    return copy.deepcopy(_SMALL[0])


async def _signed_in_as_imported_admin(anonymous: httpx.AsyncClient) -> httpx.AsyncClient:
    row = await Account.select().where(Account.email == ADMIN_EMAIL).first()
    assert row is not None
    personas.sign_in(anonymous, principal_of(row))
    return anonymous


# --- the round trip --------------------------------------------------------------------------


async def test_export_import_export_gives_the_identical_file_and_a_working_app(
    anonymous: httpx.AsyncClient, catalogue: PhaseCatalogue, tmp_path: Path
) -> None:
    await _rich_data()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    exported = await export_file(str(first), quiet=True)
    empty = [name for name, count in exported.counts.items() if count == 0]
    assert empty == [], f"the round trip should cover every table; these had no rows: {empty}"

    await wipe_rows()
    imported = await import_file(str(first), quiet=True)
    await export_file(str(second), quiet=True)

    assert imported.counts == exported.counts
    assert second.read_bytes() == first.read_bytes()
    # The frozen report came back unchanged: its content still matches its SHA-256.
    frozen = await ReportVersion.objects().where(ReportVersion.status == "frozen").first()
    assert frozen is not None and freezing.verify(frozen)

    # The imported municipality works: its administrator signs in and reads a project...
    document = json.loads(first.read_text(encoding="utf-8"))
    project_id = document["tables"]["project"][0]["id"]
    client = await _signed_in_as_imported_admin(anonymous)
    page = await client.get(f"/projekt/{project_id}")
    assert page.status_code == 200
    assert document["tables"]["project"][0]["title"] in page.text
    # ...and a new project gets a fresh id after the imported ones.
    response = await post_form(
        client,
        "/projekt/",
        {
            "title": "Nytt projekt efter importen",
            "challenge": "Att se att nya id:n fungerar.",
            "target_group": "Alla",
            "department": "Kommunledningskontoret",
            "board": "Kommunstyrelsen",
            "lead": "Utvecklingsstrateg",
            "start_date": "2026-03-15",
            "planned_end": "",
            "status": "ongoing",
            "current_step": "ringa-in",
        },
    )
    assert response.status_code == 303
    new = await Project.select(Project.id).where(Project.title == "Nytt projekt efter importen")
    assert new[0]["id"] == max(row["id"] for row in document["tables"]["project"]) + 1


async def test_the_file_is_sorted_and_keeps_ids_dates_and_json_as_they_are(
    db: None, catalogue: PhaseCatalogue
) -> None:
    document = await _small_document(catalogue)

    assert list(document) == ["format", "tables", "version"]
    assert (document["format"], document["version"]) == ("tracker-export", 2)
    assert list(document["tables"]) == sorted(spec.name for spec in table_specs())
    row = document["tables"]["project"][0]
    assert document["tables"]["iteration"][0]["project"] == row["id"]
    assert list(row) == sorted(row)
    assert row["start_date"] == "2026-01-12"
    assert row["created_at"].endswith("+00:00") and "T" in row["created_at"]
    log = document["tables"]["change_log"]
    assert [entry["id"] for entry in log] == sorted(entry["id"] for entry in log)
    assert all(isinstance(entry["changes"], dict) for entry in log)
    assert isinstance(document["tables"]["dialogue"][0]["methods"], list)
    # A full backup: accounts keep their password hashes (docs/data-format.md says why).
    assert document["tables"]["account"][0]["password_hash"].startswith("$argon2")


async def test_exporting_twice_gives_the_same_bytes_and_exported_at_is_optional(
    db: None, catalogue: PhaseCatalogue, tmp_path: Path
) -> None:
    await make_project(catalogue)
    one, two, stamped = tmp_path / "1.json", tmp_path / "2.json", tmp_path / "3.json"
    await export_file(str(one), quiet=True)
    await export_file(str(two), quiet=True)
    await export_file(str(stamped), with_time=True, quiet=True)

    assert one.read_bytes() == two.read_bytes()
    assert "exported_at" in json.loads(stamped.read_text(encoding="utf-8"))
    await wipe_rows()
    await import_file(str(stamped), quiet=True)  # the stamped file imports just the same
    assert await Project.count() == 1


# --- a bad file is refused, and nothing is imported ----------------------------------------


def _first(document: dict[str, Any], table: str) -> dict[str, Any]:
    return document["tables"][table][0]


def _set(table: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        _first(document, table)[field] = value

    return change


def _remove(table: str, field: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        del _first(document, table)[field]

    return change


def _duplicate_id(document: dict[str, Any]) -> None:
    rows = document["tables"]["iteration"]
    rows.append({**rows[0]})


def _unknown_table(document: dict[str, Any]) -> None:
    document["tables"]["widget"] = []


REFUSALS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str, str]] = {
    # name: (change to the file, table, field, words in the message)
    "missing field": (_remove("project", "title"), "project", "title", "fältet saknas"),
    "unknown field": (_set("project", "colour", "blå"), "project", "colour", "okänt fält"),
    "text for a date": (
        _set("iteration", "started_on", "15 mars 2026"),
        "iteration",
        "started_on",
        "väntade ett datum som 2026-03-15",
    ),
    "time without zone": (
        _set("project", "created_at", "2026-03-15T10:00:00"),
        "project",
        "created_at",
        "väntade en tidpunkt med tidszon",
    ),
    "text for a number": (
        _set("dialogue_session", "participants", "tolv"),
        "dialogue_session",
        "participants",
        "väntade ett heltal",
    ),
    "text for a boolean": (
        _set("checklist_mark", "done", "ja"),
        "checklist_mark",
        "done",
        "väntade true eller false",
    ),
    "null where required": (_set("project", "title", None), "project", "title", "null"),
    "too long": (_set("project", "title", "x" * 201), "project", "title", "200 tecken"),
    "dangling foreign key": (
        _set("iteration", "project", 999),
        "iteration",
        "project",
        "pekar på project med id 999, som inte finns i filen",
    ),
    "duplicate id": (_duplicate_id, "iteration", "id", "ska vara unikt"),
    # What the records say (tracker/transfer/records.py).
    "unknown role": (_set("account", "role", "superadmin"), "account", "role", "ingen roll"),
    "not argon2": (
        _set("account", "password_hash", "$2b$12$" + "a" * 53),
        "account",
        "password_hash",
        "ingen argon2-hash",
    ),
    "unknown step": (
        _set("project", "current_step", "hoppa-over"),
        "project",
        "current_step",
        "'hoppa-over' är inte ett steg i phases/",
    ),
    "unknown iteration step": (
        _set("iteration", "step", "steg-7"),
        "iteration",
        "step",
        "inte ett steg i phases/",
    ),
    "unknown level": (
        _set("dialogue", "level_promised", "allt"),
        "dialogue",
        "level_promised",
        "'allt' är inte en nivå i lists/delaktighetstrappan.toml",
    ),
    "edited change log": (
        _set("change_log", "summary", "Förfalskad"),
        "change_log",
        "entry_hash",
        "kedjan är bruten",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
async def test_a_bad_record_is_refused_naming_table_record_and_field(
    db: None, catalogue: PhaseCatalogue, case: str
) -> None:
    document = await _small_document(catalogue)
    change, table, field, words = REFUSALS[case]
    record_id = _first(document, table)["id"]
    change(document)

    with pytest.raises(TransferError) as refused:
        await import_document(document)

    message = str(refused.value)
    assert f'{table} (id {record_id}), fältet "{field}"' in message
    assert words in message
    assert "ingenting har importerats" in message
    assert await tables_with_rows() == []


_MEDIUM: list[dict[str, Any]] = []


async def _medium_document() -> dict[str, Any]:
    """Two organisations, a collaboration, evidence from a dialogue and a frozen report."""
    if not _MEDIUM:
        from tests.collaborations.factories import make_collaboration, make_organisation
        from tracker.insights import services as insight_services

        robin = await personas.robin()
        first = await make_organisation(name="Idrottsklubben Norr")
        await make_organisation(name="Hembygdsföreningen", org_number="")
        await make_collaboration([first.id], actor=robin)
        dialogue = await make_dialogue(actor=robin)
        await insight_services.add_evidence(
            source_type="dialogue",
            source_id=dialogue.id,
            text="Det är mörkt på vägen till skolan.",
            speaker_category="förälder, 30–44 år",
            internal=False,
            actor=robin,
        )
        report = await make_report()
        await freezing.freeze(report, 1, report_lists(), REPORT_ACTOR)
        _MEDIUM.append(await _document())
        await wipe_rows()
    return copy.deepcopy(_MEDIUM[0])


def _forge_snapshot(recompute: bool) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        from tracker.reports.rules import sha256_of

        version = _first(document, "report_version")
        version["snapshot"] = version["snapshot"].replace("Fastställ", "Förfalska", 1) + " "
        if recompute:
            version["content_sha256"] = sha256_of(version["snapshot"])

    return change


def _same_name(document: dict[str, Any]) -> None:
    first, second = document["tables"]["organisation"][:2]
    second["name"], second["name_search"] = first["name"].upper(), first["name_search"]


RECORD_REFUSALS: dict[str, tuple[Callable[[dict[str, Any]], None], str, int, str, str]] = {
    # case: (change, table, which row, field, words)
    "evidence of a missing dialogue": (
        _set("evidence", "source_id", 999),
        "evidence",
        0,
        "source_id",
        "pekar på dialogue 999, som inte finns i filen",
    ),
    "evidence from a kind that is no source": (
        _set("evidence", "source_type", "report"),
        "evidence",
        0,
        "source_type",
        "'report' är ingen posttyp",
    ),
    "unknown form": (
        _set("collaboration", "form", "kompisar"),
        "collaboration",
        0,
        "form",
        "inte en samverkansform i lists/collaboration-forms.toml",
    ),
    "unknown organisation type": (
        _set("organisation", "kind", "klubb"),
        "organisation",
        0,
        "kind",
        "inte en organisationstyp",
    ),
    "duplicate name": (
        _same_name,
        "organisation",
        1,
        "name",
        "samma namn som organisationen med id",
    ),
    "altered snapshot, stale digest": (
        _forge_snapshot(False),
        "report_version",
        0,
        "snapshot",
        "stämmer inte med kontrollsumman",
    ),
    "altered snapshot, recomputed digest": (
        _forge_snapshot(True),
        "report_version",
        0,
        "content_sha256",
        "inte den kontrollsumma som ändringsloggen fick",
    ),
}


@pytest.mark.parametrize("case", list(RECORD_REFUSALS))
async def test_a_record_that_says_the_wrong_thing_is_refused_by_name(db: None, case: str) -> None:
    document = await _medium_document()
    change, table, index, field, words = RECORD_REFUSALS[case]
    record_id = document["tables"][table][index]["id"]
    change(document)

    with pytest.raises(TransferError) as refused:
        await import_document(document)

    message = str(refused.value)
    assert f'{table} (id {record_id}), fältet "{field}"' in message, message
    assert words in message, message
    assert "UNIQUE" not in message and "constraint" not in message
    assert await tables_with_rows() == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(version=3), "formatversion 3"),
        (lambda d: d.update(format="något annat"), 'ska ha "format": "tracker-export"'),
        (_unknown_table, "widget: okänd tabell"),
        (lambda d: d.update(extra=1), "okända nycklar på översta nivån: extra"),
    ],
)
async def test_a_file_that_is_not_this_format_is_refused(
    db: None, catalogue: PhaseCatalogue, change: Callable[[dict[str, Any]], None], words: str
) -> None:
    document = await _small_document(catalogue)
    change(document)

    with pytest.raises(TransferError) as refused:
        await import_document(document)

    assert words in str(refused.value)
    assert await tables_with_rows() == []


async def test_a_version_1_file_gets_each_dialogues_state_history_from_its_change_log(
    db: None, catalogue: PhaseCatalogue
) -> None:
    """Version 1 had no dated state histories: importing one derives them from the change log,
    the same rows the services wrote (a move dated back keeps its date)."""
    document = await _small_document(catalogue)
    written = document["tables"].pop("dialogue_state_event")
    document["version"] = 1

    counts = await import_document(document)

    assert counts["dialogue_state_event"] == len(written)
    derived = await _document()
    keep = ("dialogue", "from_state", "state", "state_on", "recorded_at", "recorded_by")
    assert [{k: row[k] for k in keep} for row in derived["tables"]["dialogue_state_event"]] == [
        {k: row[k] for k in keep} for row in written
    ]


async def test_a_file_that_is_not_json_is_refused(db: None, tmp_path: Path) -> None:
    path = tmp_path / "trasig.json"
    path.write_text('{"format": "tracker-export", "version": 1, "tables": {', encoding="utf-8")

    with pytest.raises(TransferError) as refused:
        await import_file(str(path), quiet=True)

    assert "inte giltig JSON (rad 1" in str(refused.value)
    assert await tables_with_rows() == []


async def test_a_refusal_by_the_database_half_way_leaves_nothing_behind(
    db: None, catalogue: PhaseCatalogue
) -> None:
    """Two marks for the same checklist item pass the file checks; the database's own unique
    index refuses them after projects and iterations are written – and they go too."""
    document = await _small_document(catalogue)
    marks = document["tables"]["checklist_mark"]
    marks.append({**marks[0], "id": max(mark["id"] for mark in marks) + 1})

    with pytest.raises(TransferError) as refused:
        await import_document(document)

    assert "tabellen checklist_mark" in str(refused.value)
    assert await tables_with_rows() == []


async def test_import_into_a_database_with_data_is_refused(
    db: None, catalogue: PhaseCatalogue
) -> None:
    document = await _small_document(catalogue)
    await make_project(catalogue, title="Redan här")

    with pytest.raises(TransferError) as refused:
        await import_document(document)

    assert "Databasen har redan data" in str(refused.value)
    assert "Import görs bara i en tom databas" in str(refused.value)
    titles = await Project.select(Project.title)
    assert titles == [{"title": "Redan här"}]


# --- the command line ------------------------------------------------------------------------


def _tracker(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
async def test_the_commands_move_a_database_into_a_new_sqlite_file_and_back_out(
    db: None, catalogue: PhaseCatalogue, tmp_path: Path
) -> None:
    """From the test database (SQLite or PostgreSQL) to a new SQLite file with the commands."""
    await make_project(catalogue)
    await make_dialogue()
    original, again = tmp_path / "original.json", tmp_path / "again.json"
    await export_file(str(original), quiet=True)
    database = tmp_path / "ny.sqlite"

    loaded = _tracker("import", str(original), database=database)
    assert loaded.returncode == 0, loaded.stderr
    assert "Importerade" in loaded.stdout and "project" in loaded.stdout
    dumped = _tracker("export", str(again), database=database)
    assert dumped.returncode == 0, dumped.stderr
    assert again.read_bytes() == original.read_bytes()

    refused = _tracker("import", str(original), database=database)
    assert refused.returncode == 1
    assert "Databasen har redan data" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_every_table_is_described_in_the_format_document() -> None:
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    missing = [spec.name for spec in table_specs() if f"| `{spec.name}` |" not in text]
    assert missing == [], f"add these tables to docs/data-format.md: {missing}"
