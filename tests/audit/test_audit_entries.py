"""Every kind of change, made through the real app, writes exactly one change-log entry: the
signed-in account as actor, the record, the action and the changed fields before and after."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests import personas
from tests.factories import CONFIRMED, make_project, project_form, stored_project
from tests.support import post_form, text_of, version_of
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Membership
from tracker.audit.tables import ChangeLogEntry
from tracker.mail.tables import OutboxMessage
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project

NEW_PASSWORD = "blåbär-kanot-fjällräv-97"


async def _last_id() -> int:
    row = await (
        ChangeLogEntry.select(ChangeLogEntry.id).order_by(ChangeLogEntry.id, ascending=False)
    ).first()
    return int(row["id"]) if row else 0


async def _entries_after(last_id: int) -> list[dict[str, Any]]:
    return await (
        ChangeLogEntry.select()
        .where(ChangeLogEntry.id > last_id)
        .order_by(ChangeLogEntry.id)
        .output(load_json=True)
    )


async def _only_entry_after(last_id: int) -> dict[str, Any]:
    entries = await _entries_after(last_id)
    assert len(entries) == 1, [(e["action"], e["summary"]) for e in entries]
    return entries[0]


def _assert_by(entry: dict[str, Any], user: Principal) -> None:
    assert entry["actor"] == user.name
    assert entry["actor_id"] == user.id


def _assert_about(entry: dict[str, Any], entity_type: str, entity_id: int, action: str) -> None:
    assert (entry["entity_type"], entry["entity_id"], entry["action"]) == (
        entity_type,
        entity_id,
        action,
    )


def _edit_form(project: Project, **changes: str) -> dict[str, str]:
    values = {
        "read_version": str(project.version),
        "title": project.title,
        "challenge": project.challenge,
        "target_group": project.target_group,
        "department": project.department,
        "board": project.board,
        "lead": project.lead,
        "start_date": project.start_date.isoformat(),
        "planned_end": project.planned_end.isoformat() if project.planned_end else "",
        "status": project.status,
    }
    values.update(changes)
    return values


def _iteration_form(**overrides: str) -> dict[str, str]:
    return {
        "started_on": "2026-03-02",
        "ended_on": "2026-03-20",
        "summary": "Intervjuade tolv sökande och fyra handläggare.",
        "methods": "16 intervjuer",
        "learnings": "Få visste vilka ritningar som krävs.",
        "decision": "continue",
        **overrides,
    }


# --- projects -------------------------------------------------------------------------------


async def test_creating_a_project(client: httpx.AsyncClient, admin_user: Principal) -> None:
    before = await _last_id()
    form = project_form(title="Biblioteket som mötesplats för unga")

    response = await post_form(client, "/projekt", form)

    assert response.status_code == 303
    project_id = int(response.headers["location"].rsplit("/", 1)[1])
    entry = await _only_entry_after(before)
    _assert_about(entry, "project", project_id, "created")
    _assert_by(entry, admin_user)
    assert entry["summary"] == "Skapade projektet i steget Ringa in."
    # Whatever a creation records of the new values, nothing existed before it.
    for field, (old, new) in entry["changes"].items():
        assert old is None
        assert new == form.get(field, new)


async def test_updating_a_project_logs_only_the_changed_fields(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    before = await _last_id()
    form = _edit_form(
        project,
        title="Enklare ansökan om bygglov för altaner",
        start_date="2026-02-02",
        planned_end="",
        status="paused",
    )

    response = await post_form(client, f"/projekt/{project.id}/redigera", form)

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "project", project.id, "updated")
    _assert_by(entry, admin_user)
    assert entry["changes"] == {
        "title": ["Enklare ansökan om bygglov", "Enklare ansökan om bygglov för altaner"],
        "start_date": ["2026-01-12", "2026-02-02"],
        "planned_end": ["2026-12-31", None],
        "status": ["ongoing", "paused"],
    }
    assert entry["summary"] == "Ändrade titel, startdatum, planerat slut, status."


async def test_saving_an_unchanged_project_logs_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    before = await _last_id()

    response = await post_form(client, f"/projekt/{project.id}/redigera", _edit_form(project))

    assert response.status_code == 303
    assert await _entries_after(before) == []


async def test_the_actor_is_whoever_is_signed_in(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue)
    await Membership.insert(
        Membership(
            account=robin.id,
            record_type="project",
            record_id=project.id,
            added_at=project.created_at,
            added_by="Test",
        )
    )
    before = await _last_id()

    response = await post_form(
        client_as(robin), f"/projekt/{project.id}/redigera", _edit_form(project, lead="Strateg")
    )

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_by(entry, robin)
    assert entry["actor"] == "Robin Redaktör"
    assert entry["changes"] == {"lead": ["Verksamhetsutvecklare", "Strateg"]}


async def test_archiving_and_restoring(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    before = await _last_id()
    assert (await post_form(client, f"/projekt/{project.id}/arkivera", {})).status_code == 303
    archived = await _only_entry_after(before)

    before = await _last_id()
    assert (await post_form(client, f"/projekt/{project.id}/aterstall", {})).status_code == 303
    restored = await _only_entry_after(before)

    _assert_about(archived, "project", project.id, "archived")
    _assert_by(archived, admin_user)
    assert archived["summary"] == "Arkiverade projektet."
    assert archived["changes"] == {}
    _assert_about(restored, "project", project.id, "restored")
    _assert_by(restored, admin_user)
    assert restored["summary"] == "Återställde projektet från arkivet."
    assert restored["changes"] == {}


async def test_logging_an_iteration(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    before = await _last_id()

    response = await post_form(client, f"/projekt/{project.id}/iterationer", _iteration_form())

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "project", project.id, "iteration_logged")
    _assert_by(entry, admin_user)
    assert entry["summary"] == "Loggade en iteration i steget Undersöka: fortsätt i samma steg."
    assert entry["changes"] == {}


async def test_an_iteration_that_moves_on_logs_the_step_change_too(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    before = await _last_id()

    response = await post_form(
        client,
        f"/projekt/{project.id}/iterationer",
        _iteration_form(decision="forward", **CONFIRMED),
    )

    assert response.status_code == 303
    logged, moved = await _entries_after(before)
    _assert_about(logged, "project", project.id, "iteration_logged")
    _assert_about(moved, "project", project.id, "step_moved")
    _assert_by(moved, admin_user)
    assert moved["changes"] == {"current_step": ["undersoka", "fokusera"]}


async def test_moving_a_project_to_another_step(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    before = await _last_id()

    response = await post_form(
        client,
        f"/projekt/{project.id}/steg",
        {"to_step": "undersoka", "reason": "Vi behöver fler intervjuer."},
    )

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "project", project.id, "step_moved")
    _assert_by(entry, admin_user)
    assert entry["changes"] == {"current_step": ["fokusera", "undersoka"]}
    assert entry["summary"] == "Flyttade projektet från Fokusera till Undersöka."
    assert (await stored_project(project.id)).current_step == "undersoka"


async def test_ticking_and_unticking_the_checklist(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    first, second, *_ = [item.key for item in catalogue.get("ringa-in").checklist]
    url = f"/projekt/{project.id}/checklista"

    before = await _last_id()
    response = await post_form(client, url, [("step", "ringa-in"), ("done", first)])
    assert response.status_code == 303
    ticked = await _only_entry_after(before)

    before = await _last_id()
    response = await post_form(client, url, [("step", "ringa-in"), ("done", second)])
    assert response.status_code == 303
    swapped = await _only_entry_after(before)

    before = await _last_id()
    await post_form(client, url, [("step", "ringa-in"), ("done", second)])
    assert await _entries_after(before) == []  # nothing changed, nothing logged

    _assert_about(ticked, "project", project.id, "checklist")
    _assert_by(ticked, admin_user)
    assert ticked["changes"] == {f"checklist:ringa-in:{first}": [False, True]}
    assert ticked["summary"].startswith("Checklistan för Ringa in: bockade av ”")
    assert swapped["changes"] == {
        f"checklist:ringa-in:{first}": [True, False],
        f"checklist:ringa-in:{second}": [False, True],
    }


async def test_adding_and_removing_a_member(
    client: httpx.AsyncClient, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg start i hemtjänsten")
    robin = await personas.robin()

    before = await _last_id()
    response = await post_form(
        client, f"/projekt/{project.id}/medlemmar", {"account_id": str(robin.id)}
    )
    assert response.status_code == 303
    added = await _only_entry_after(before)

    before = await _last_id()
    response = await post_form(client, f"/projekt/{project.id}/medlemmar/{robin.id}/ta-bort", {})
    assert response.status_code == 303
    removed = await _only_entry_after(before)

    _assert_about(added, "project", project.id, "member_added")
    _assert_by(added, admin_user)
    assert added["changes"] == {"members": [None, "Robin Redaktör"]}
    assert added["summary"] == (
        "Lade till Robin Redaktör som medlem i projektet Trygg start i hemtjänsten."
    )
    _assert_about(removed, "project", project.id, "member_removed")
    _assert_by(removed, admin_user)
    assert removed["changes"] == {"members": ["Robin Redaktör", None]}


# --- accounts -------------------------------------------------------------------------------


def _no_password_in(entry: dict[str, Any], *passwords: str) -> None:
    as_text = json.dumps(entry, default=str, ensure_ascii=False)
    assert "password" not in json.dumps(entry["changes"])
    assert "$argon2" not in as_text and "pbkdf2" not in as_text
    for password in passwords:
        assert password not in as_text


async def test_creating_an_account_never_logs_the_password(
    client: httpx.AsyncClient, admin_user: Principal
) -> None:
    before = await _last_id()

    response = await post_form(
        client,
        "/admin/konton",
        {
            "email": "Sara.Strand@Kommun.example",
            "name": "Sara Strand",
            "role": "editor",
            "report_manager": "ja",
            "password": NEW_PASSWORD,
        },
    )

    assert response.status_code == 303
    account_id = int(response.headers["location"].rsplit("/", 1)[1])
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", account_id, "created")
    _assert_by(entry, admin_user)
    assert entry["changes"] == {
        "email": [None, "sara.strand@kommun.example"],
        "name": [None, "Sara Strand"],
        "role": [None, "editor"],
        "report_manager": [None, True],
    }
    _no_password_in(entry, NEW_PASSWORD)


async def test_the_invitation_link_of_a_new_account_is_not_logged_either(
    client: httpx.AsyncClient,
) -> None:
    before = await _last_id()

    response = await post_form(
        client,
        "/admin/konton",
        {"email": "sara@kommun.example", "name": "Sara Strand", "role": "reader"},
    )

    assert response.status_code == 303
    invitation = await OutboxMessage.select(OutboxMessage.body_text).first()
    assert invitation is not None
    link = re.search(r"/inloggningslank/(\S+)", invitation["body_text"])
    assert link is not None
    _no_password_in(await _only_entry_after(before), link.group(1))


async def test_updating_an_account(client: httpx.AsyncClient, admin_user: Principal) -> None:
    lo = await personas.lo()
    before = await _last_id()

    response = await post_form(
        client,
        f"/admin/konton/{lo.id}",
        {
            **await version_of(client, f"/admin/konton/{lo.id}"),
            "email": lo.email,
            "name": "Lo Läsare-Berg",
            "role": "editor",
        },
    )

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", lo.id, "updated")
    _assert_by(entry, admin_user)
    assert entry["changes"] == {
        "name": ["Lo Läsare", "Lo Läsare-Berg"],
        "role": ["reader", "editor"],
    }


async def test_deactivating_and_activating_an_account(
    client: httpx.AsyncClient, admin_user: Principal
) -> None:
    lo = await personas.lo()

    before = await _last_id()
    response = await post_form(client, f"/admin/konton/{lo.id}/inaktivera", {})
    assert response.status_code == 303
    deactivated = await _only_entry_after(before)

    before = await _last_id()
    response = await post_form(client, f"/admin/konton/{lo.id}/aktivera", {})
    assert response.status_code == 303
    activated = await _only_entry_after(before)

    _assert_about(deactivated, "account", lo.id, "deactivated")
    _assert_by(deactivated, admin_user)
    assert deactivated["changes"] == {"active": [True, False]}
    _assert_about(activated, "account", lo.id, "activated")
    _assert_by(activated, admin_user)
    assert activated["changes"] == {"active": [False, True]}


async def test_sending_a_reset_link_never_logs_the_link(
    client: httpx.AsyncClient, admin_user: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_SMTP_HOST", raising=False)  # the link is shown on the page
    lo = await personas.lo()
    before = await _last_id()

    response = await post_form(client, f"/admin/konton/{lo.id}/nytt-losenord", {})

    assert response.status_code == 303
    shown = text_of((await client.get(response.headers["location"])).text)
    given = re.search(r"/inloggningslank/([\w-]+)", shown)
    assert given is not None
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", lo.id, "password_reset")
    _assert_by(entry, admin_user)
    assert entry["changes"] == {}
    _no_password_in(entry, given.group(1))


async def test_changing_your_own_password_never_logs_it(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = await personas.lo()
    before = await _last_id()

    response = await post_form(
        client_as(lo),
        "/konto/losenord",
        {
            "current_password": personas.PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", lo.id, "password_changed")
    _assert_by(entry, lo)
    _no_password_in(entry, NEW_PASSWORD, personas.PASSWORD)


# --- signing in and out ---------------------------------------------------------------------


async def _sign_in_form(http: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    await http.get("/logga-in")  # sets the CSRF cookie, as the browser's first visit does
    return await post_form(http, "/logga-in", {"email": email, "password": password})


async def test_signing_in(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    before = await _last_id()

    response = await _sign_in_form(anonymous, "LO@kommun.example", personas.PASSWORD)

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", lo.id, "signed_in")
    _assert_by(entry, lo)
    assert entry["summary"] == "Loggade in."
    _no_password_in(entry, personas.PASSWORD)


async def test_a_failed_sign_in_to_a_known_account(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    before = await _last_id()

    response = await _sign_in_form(anonymous, lo.email, "fel-lösenord-123")

    assert response.status_code == 401
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", lo.id, "sign_in_failed")
    # The record is Lo's account; who typed the wrong password is not known.
    assert entry["actor_id"] is None
    assert entry["actor"] == "Okänd besökare"
    assert entry["summary"] == "Misslyckad inloggning."
    _no_password_in(entry, "fel-lösenord-123")


async def test_a_failed_sign_in_to_an_unknown_address_has_no_record_to_log(
    anonymous: httpx.AsyncClient,
) -> None:
    before = await _last_id()

    response = await _sign_in_form(anonymous, "ingen@kommun.example", "vad-som-helst-1")

    assert response.status_code == 401
    assert await _entries_after(before) == []


async def test_signing_out(client_as: Callable[[Principal], httpx.AsyncClient]) -> None:
    lo = await personas.lo()
    http = client_as(lo)
    before = await _last_id()

    response = await post_form(http, "/logga-ut", {})

    assert response.status_code == 303
    entry = await _only_entry_after(before)
    _assert_about(entry, "account", lo.id, "signed_out")
    _assert_by(entry, lo)


@pytest.mark.parametrize("role", ["reader", "editor"])
async def test_refused_changes_log_nothing(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue, role: str
) -> None:
    user = await personas.make_account("Kim Utanför", role)
    project = await make_project(catalogue)
    before = await _last_id()

    response = await post_form(
        client_as(user), f"/projekt/{project.id}/redigera", _edit_form(project, title="Nytt")
    )

    assert response.status_code == 403
    assert await _entries_after(before) == []
