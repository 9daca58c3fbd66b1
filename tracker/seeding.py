"""Load the demo data in `seeds/` through the same services the pages use."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from tracker.accounts import memberships as account_memberships
from tracker.accounts import services as account_services
from tracker.accounts.permissions import Principal, system_actor
from tracker.clock import at, swedish_moment
from tracker.collaborations import contributions as collaboration_contributions
from tracker.collaborations import follow_ups as collaboration_follow_ups
from tracker.collaborations import links as collaboration_links
from tracker.collaborations import organisations as collaboration_organisations
from tracker.collaborations import register as collaboration_register
from tracker.collaborations.catalogue import CollaborationLists, load_collaboration_lists
from tracker.collaborations.forms import (
    read_collaboration_form,
    read_contribution_form,
    read_follow_up_form,
    read_organisation_form,
)
from tracker.collaborations.tables import FollowUp
from tracker.db import write_transaction
from tracker.dialogues import governance as dialogue_governance
from tracker.dialogues import links as dialogue_links
from tracker.dialogues import records as dialogue_records
from tracker.dialogues import register as dialogue_register
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.forms import (
    read_dialogue_form,
    read_feedback_form,
    read_session_form,
    read_transition_form,
)
from tracker.dialogues.rules import after_inquiry
from tracker.dialogues.tables import Dialogue
from tracker.insights.feedback import add_feedback
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects import steps as project_steps
from tracker.projects.forms import read_iteration_form, read_move_form, read_project_form
from tracker.projects.tables import Project
from tracker.reports.demo import load_demo as load_report_demo
from tracker.seeding_chain import load_chain, read_chain
from tracker.seeding_design import load_design, read_design
from tracker.settings import REPO_ROOT, get_settings

DEMO_FILE = REPO_ROOT / "seeds" / "demo.toml"


class SeedError(ValueError):
    pass


def _as_form(record: dict[str, Any]) -> dict[str, str]:
    return {
        key: value.isoformat() if isinstance(value, date) else str(value)
        for key, value in record.items()
    }


def _checked(fields_ok: bool, errors: dict[str, str], where: str) -> None:
    if not fields_ok:
        raise SeedError(f"{where}: {errors}")


async def is_empty() -> bool:
    return await Project.count() == 0


def read_demo(path: Path = DEMO_FILE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def load_demo(
    data: dict[str, Any],
    catalogue: PhaseCatalogue,
    dialogue_lists: DialogueLists,
    collaboration_lists: CollaborationLists | None = None,
) -> int:
    """Load the demo accounts and every project in the parsed demo file.

    Returns how many projects were created. Demo accounts share one password, printed in the
    README; they are for trying the tool, never for real use.
    """
    async with write_transaction():  # all or nothing, and one connection for every statement
        return await _load_demo(data, catalogue, dialogue_lists, collaboration_lists)


async def _load_demo(
    data: dict[str, Any],
    catalogue: PhaseCatalogue,
    dialogue_lists: DialogueLists,
    collaboration_lists: CollaborationLists | None,
) -> int:
    admin = system_actor("Demodata")
    emails: dict[str, int] = {}
    for account in data.get("accounts", []):
        emails[account["email"]] = await account_services.create_account(
            email=account["email"],
            name=account["name"],
            role=account["role"],
            report_manager=account.get("report_manager", False),
            password=data["demo_password"],
            actor=admin,
        )
    projects: dict[str, int] = {}
    for number, record in enumerate(data.get("projects", []), start=1):
        record = dict(record)
        members = record.pop("members", [])
        project = await _load_project(record, catalogue, f"projekt {number}")
        projects[project.title] = project.id
        for email in members:
            await account_memberships.add_member(
                "project", project.id, emails[email], admin, label=f"projektet {project.title}"
            )
    for number, record in enumerate(data.get("dialogues", []), start=1):
        await _load_dialogue(dict(record), dialogue_lists, emails, projects, f"dialog {number}")
    await _load_civil_society(
        data, collaboration_lists or load_collaboration_lists(get_settings().lists_dir), emails
    )
    await load_chain(read_chain())
    await load_design(read_design())
    await load_report_demo(admin)
    return len(data.get("projects", []))


async def _load_civil_society(
    data: dict[str, Any], lists: CollaborationLists, emails: dict[str, int]
) -> None:
    """Organisations, then collaborations with their contributions, follow-ups and links."""
    actor = system_actor("Demodata")
    organisations: dict[str, int] = {}
    for number, record in enumerate(data.get("organisations", []), start=1):
        organisation_values, fields = read_organisation_form(_as_form(record), lists)
        _checked(organisation_values is not None, fields.errors, f"organisation {number}")
        assert organisation_values is not None
        organisation = await collaboration_organisations.create_organisation(
            organisation_values, actor
        )
        organisations[organisation_values.name] = organisation.id
    projects = {row["title"]: row["id"] for row in await Project.select(Project.id, Project.title)}
    dialogues = {
        row["title"]: row["id"] for row in await Dialogue.select(Dialogue.id, Dialogue.title)
    }
    for number, raw in enumerate(data.get("collaborations", []), start=1):
        record = dict(raw)
        where = f"samverkan {number}"
        names = record.pop("organisations")
        linked_projects = record.pop("projects", [])
        linked_dialogues = record.pop("dialogues", [])
        members = record.pop("members", [])
        follow_ups = record.pop("follow_ups", [])
        contributions = record.pop("contributions", [])
        created_at = swedish_moment(record.pop("created_at"))
        ids = [str(organisations[name]) for name in names]
        values, fields = read_collaboration_form(
            _as_form(record), ids, lists, set(organisations.values())
        )
        _checked(values is not None, fields.errors, where)
        assert values is not None
        with at(created_at):
            collaboration = await collaboration_register.create_collaboration(values, actor)
            for email in members:
                await account_memberships.add_member(
                    "collaboration",
                    collaboration.id,
                    emails[email],
                    actor,
                    label=f"samverkan {collaboration.title}",
                )
            for title in linked_projects:
                await collaboration_links.link_project(collaboration, projects[title], actor)
            for title in linked_dialogues:
                await collaboration_links.link_dialogue(collaboration, dialogues[title], actor)
            for item in contributions:
                item = dict(item)
                party = item.pop("party")
                form = _as_form(item) | {
                    "party": party if party == "kommunen" else str(organisations[party])
                }
                contribution, fields = read_contribution_form(form, set(organisations.values()))
                _checked(contribution is not None, fields.errors, where)
                assert contribution is not None
                await collaboration_contributions.add_contribution(
                    collaboration, contribution, actor, party
                )
            for item in follow_ups:
                item = dict(item)
                done = item.pop("done", False)
                follow_up, fields = read_follow_up_form(_as_form(item))
                _checked(follow_up is not None, fields.errors, where)
                assert follow_up is not None
                await collaboration_follow_ups.add_follow_up(collaboration, follow_up, actor)
                if done:
                    row = (
                        await FollowUp.select(FollowUp.id)
                        .order_by(FollowUp.id, ascending=False)
                        .first()
                    )
                    assert row is not None
                    await collaboration_follow_ups.mark_follow_up_done(
                        collaboration, row["id"], actor
                    )


async def _load_dialogue(
    record: dict[str, Any],
    lists: DialogueLists,
    emails: dict[str, int],
    projects: dict[str, int],
    where: str,
) -> None:
    events = record.pop("events", [])
    created_at = swedish_moment(record.pop("created_at"))
    members = record.pop("members", [])
    linked = record.pop("projects", [])
    actor = system_actor(record.pop("actor", "Demodata"))
    methods = record.pop("methods", [])
    data, fields = read_dialogue_form(_as_form(record), methods, lists)
    _checked(data is not None, fields.errors, where)
    assert data is not None
    with at(created_at):
        dialogue = await dialogue_register.create_dialogue(data, actor)
        for email in members:
            await account_memberships.add_member(
                "dialogue", dialogue.id, emails[email], actor, label=f"dialogen {dialogue.title}"
            )
        for title in linked:
            await dialogue_links.link_project(dialogue, projects[title], actor)
    for event in events:
        current = await dialogue_register.get_dialogue(dialogue.id)
        assert current is not None
        await _dialogue_event(current, dict(event), lists, actor, where)


async def _dialogue_event(
    dialogue: Dialogue, event: dict[str, Any], lists: DialogueLists, actor: Principal, where: str
) -> None:
    kind = event.pop("type")
    with at(swedish_moment(event.pop("at"))):
        if kind == "transition":
            form = _as_form(event)
            values, fields = read_transition_form(form, dialogue.state, lists)
            _checked(fields.ok, fields.errors, f"{where}, övergång")
            target = form.get("target") or after_inquiry(
                bool(values.get("needs_knowledge")), bool(values.get("open_to_influence"))
            )
            await dialogue_governance.transition(dialogue, target, values, actor)
        elif kind == "session":
            session, fields = read_session_form(_as_form(event))
            _checked(session is not None, fields.errors, f"{where}, tillfälle")
            assert session is not None
            await dialogue_records.add_session(dialogue, session, actor)
        elif kind == "feedback":
            feedback, fields = read_feedback_form(_as_form(event))
            _checked(feedback is not None, fields.errors, f"{where}, återkoppling")
            assert feedback is not None
            await add_feedback(dialogue, feedback, actor)
        elif kind == "level":
            await dialogue_register.set_level_achieved(dialogue, event["level_achieved"], actor)
        elif kind == "results":
            await dialogue_register.set_results(dialogue, event["results_summary"], actor)
        elif kind == "checklist":
            await dialogue_governance.save_checklist(
                dialogue, event["phase"], set(event["done"]), lists, actor
            )
        else:
            raise SeedError(f"{where}: okänd händelsetyp {kind!r}")


async def _load_project(record: dict[str, Any], catalogue: PhaseCatalogue, where: str) -> Project:
    events = record.pop("events", [])
    created_at = swedish_moment(record.pop("created_at"))
    archived_at = record.pop("archived_at", None)
    team_actor = system_actor(record.pop("actor", "Demodata"))
    form = _as_form({**record, "current_step": record.pop("step")})
    data, fields = read_project_form(form, catalogue, creating=True)
    _checked(data is not None, fields.errors, where)
    assert data is not None
    with at(created_at):
        project = await project_register.create_project(data, catalogue, team_actor)
    for event in events:
        project = await project_register.get_project(project.id) or project
        await _load_event(project, event, catalogue, team_actor, where)
    if archived_at is not None:
        with at(swedish_moment(archived_at)):
            await project_register.set_archived(project, True, team_actor)
    return project


async def _load_event(
    project: Project,
    event: dict[str, Any],
    catalogue: PhaseCatalogue,
    actor: Principal,
    where: str,
) -> None:
    kind = event.pop("type")
    with at(swedish_moment(event.pop("at"))):
        if kind == "iteration":
            data, fields = read_iteration_form(_as_form(event), catalogue, project.current_step)
            _checked(data is not None, fields.errors, f"{where}, iteration")
            assert data is not None
            await project_steps.log_iteration(project, data, catalogue, actor)
        elif kind == "move":
            move, fields = read_move_form(
                _as_form(event), catalogue, project.current_step, project.start_date
            )
            _checked(move is not None, fields.errors, f"{where}, stegbyte")
            assert move is not None
            await project_steps.move_step(project, move, catalogue, actor)
        elif kind == "checklist":
            step = event.get("step", project.current_step)
            await project_steps.save_checklist(project, step, set(event["done"]), catalogue, actor)
        else:
            raise SeedError(f"{where}: okänd händelsetyp {kind!r}")
