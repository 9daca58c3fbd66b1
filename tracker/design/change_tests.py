"""The tests a service change rests on: linking and unlinking them (each change written to the
change log of both the change and the test, in the same transaction) and reading them for the
change's page, the test's page and the form that picks them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import fetch_rows, write_transaction
from tracker.design.tables import ChangeTest, DesignTest
from tracker.kinds import DESIGN_TEST, SERVICE_CHANGE
from tracker.web.forms import Fields
from tracker.web.http import record_id

FIELD = "test_id"
OFFERED = 200  # tests offered at most: the project's own first, then the newest elsewhere


class TestRefused(ValueError):
    """A test that may not be linked; the message is for the user, beside the field."""

    __test__ = False  # not a pytest class


class TestArchived(TestRefused):
    """The test is archived: read-only until it is restored."""


def read_test_choice(raw: Mapping[str, str], offered: list[int]) -> tuple[int | None, Fields]:
    """The test picked in the form, if the form offered it."""
    fields = Fields(raw)
    chosen = record_id(fields.raw.get(FIELD, ""))
    if chosen is None or chosen not in set(offered):
        fields.error(FIELD, "Välj ett test i listan.")
        return None, fields
    return chosen, fields


async def _log_both(
    change_id: int, test_id: int, action: str, summary: str, actor: Principal, linked: bool
) -> None:
    pair = f"förändring {change_id} – test {test_id}"
    values = [None, pair] if linked else [pair, None]
    for kind, entity_id in ((SERVICE_CHANGE, change_id), (DESIGN_TEST, test_id)):
        await record_change(
            actor=actor,
            entity_type=kind.key,
            entity_id=entity_id,
            action=action,
            summary=summary,
            changes={"supporting_test": values},
        )


async def link_test(change_id: int, test_id: int, actor: Principal) -> bool:
    """The change rests on the test; False when it already did. TestRefused for an archived
    test (or one that does not exist)."""
    async with write_transaction():
        test = await (
            DesignTest.select(DesignTest.archived_at, DesignTest.method)
            .where(DesignTest.id == test_id)
            .first()
        )
        if test is None:
            raise TestRefused("Välj ett test i listan.")
        if test["archived_at"] is not None:
            raise TestArchived(
                "Testet är arkiverat och kan inte kopplas. Återställ det först om det ska stödja "
                "förändringen."
            )
        if await ChangeTest.exists().where(
            (ChangeTest.change == change_id) & (ChangeTest.test == test_id)
        ):
            return False
        await ChangeTest.insert(
            ChangeTest(change=change_id, test=test_id, linked_at=now(), linked_by=actor.name)
        )
        summary = f"Förändringen stöds av testet ”{test['method']}”."
        await _log_both(change_id, test_id, "test_linked", summary, actor, linked=True)
    return True


async def unlink_test(change_id: int, test_id: int, actor: Principal) -> bool:
    """The change no longer rests on the test; the removed link stays in the change log."""
    async with write_transaction():
        link = (ChangeTest.change == change_id) & (ChangeTest.test == test_id)
        if not await ChangeTest.exists().where(link):
            return False
        await ChangeTest.delete().where(link)
        summary = "Förändringen stöds inte längre av testet."
        await _log_both(change_id, test_id, "test_unlinked", summary, actor, linked=False)
    return True


TEST_ROW = (
    "t.id, t.project, t.method, t.tested_on, t.decision, t.target_group, t.participants, "
    "t.archived_at, v.number AS version_number, p.name AS prototype_name, "
    "pr.title AS project_title FROM design_test t "
    "JOIN prototype_version v ON v.id = t.prototype_version "
    "JOIN prototype p ON p.id = v.prototype JOIN project pr ON pr.id = t.project"
)


async def tests_of_change(change_id: int) -> list[dict[str, Any]]:
    """The tests the change rests on, newest first, archived ones too (marked): one query."""
    return await fetch_rows(
        f"SELECT ct.linked_at, ct.linked_by, {TEST_ROW} "
        "JOIN change_test ct ON ct.test = t.id WHERE ct.change = {} "
        "ORDER BY t.tested_on DESC, t.id DESC",
        change_id,
    )


async def changes_of_test(test_id: int) -> list[dict[str, Any]]:
    """The changes that rest on the test: one query."""
    return await fetch_rows(
        "SELECT c.id, c.title, c.status, c.project, ct.linked_at FROM change_test ct "
        "JOIN service_change c ON c.id = ct.change WHERE ct.test = {} ORDER BY c.id",
        test_id,
    )


async def test_choices(
    project_id: int, change_id: int, *, everywhere: bool
) -> list[dict[str, Any]]:
    """The tests the change may rest on (not archived, not linked yet): the project's own, and
    with `everywhere` after them the newest tests of other projects. One query."""
    scope = "" if everywhere else "AND t.project = {} "
    args: list[Any] = [change_id, *([] if everywhere else [project_id]), project_id]
    return await fetch_rows(
        f"SELECT {TEST_ROW} WHERE t.archived_at IS NULL AND p.archived_at IS NULL "
        "AND t.id NOT IN (SELECT ct.test FROM change_test ct WHERE ct.change = {}) "
        f"{scope}ORDER BY CASE WHEN t.project = {{}} THEN 0 ELSE 1 END, t.tested_on DESC, "
        f"t.id DESC LIMIT {OFFERED}",
        *args,
    )
