"""Memberships: the editors who may change a record, and who may edit what. Every change
is audited."""

from __future__ import annotations

import datetime
from typing import Any

from tracker.accounts.permissions import Access, Principal, Role, allowed
from tracker.accounts.tables import Account, Membership
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import MAX_ID, write_transaction


async def is_member(user: Principal, record_type: str, record_id: int) -> bool:
    return await Membership.exists().where(
        (Membership.account == user.id)
        & (Membership.record_type == record_type)
        & (Membership.record_id == record_id)
    )


async def may_edit(user: Principal | None, record_type: str, record_id: int) -> bool:
    """Whether the user may edit the record: an administrator, or an editor who is a member."""
    if user is None:
        return False
    member = not user.is_admin and await is_member(user, record_type, record_id)
    return allowed(user, Access.EDIT, is_member=member)


async def may_edit_one_of(user: Principal | None, records: list[tuple[str, int]]) -> bool:
    """Whether the user may edit at least one of the records (type, id): an administrator, or
    an editor who is a member of one. How a record of several teams' records is guarded (an
    insight, by the sources of its evidence)."""
    if user is None:
        return False
    member = False
    if not user.is_admin and records:
        wanted = Membership.account == user.id
        either: Any = None
        for record_type, record_id in set(records):
            one = (Membership.record_type == record_type) & (Membership.record_id == record_id)
            either = one if either is None else either | one
        member = await Membership.exists().where(wanted & either)
    return allowed(user, Access.EDIT, is_member=member)


async def members_of(record_type: str, record_id: int) -> list[dict[str, Any]]:
    return await (
        Membership.select(
            Membership.id,
            Membership.account.id.as_alias("account_id"),
            Membership.account.name.as_alias("name"),
            Membership.account.email.as_alias("email"),
            Membership.account.role.as_alias("role"),
            Membership.added_at,
            Membership.added_by,
        )
        .where((Membership.record_type == record_type) & (Membership.record_id == record_id))
        .order_by(Membership.account.name)
    )


async def editors() -> list[dict[str, Any]]:
    """Active accounts that can be made members (editors; admins edit everything anyway)."""
    return await (
        Account.select(Account.id, Account.name, Account.email)
        .where(Account.active.eq(True) & (Account.role == Role.EDITOR))
        .order_by(Account.name)
    )


def not_yet_members(
    candidates: list[dict[str, Any]], members: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The editors the member picker offers: those who are not members already."""
    taken = {member["account_id"] for member in members}
    return [editor for editor in candidates if editor["id"] not in taken]


async def join_creator(
    actor: Principal, record_type: str, record_id: int, at: datetime.datetime
) -> None:
    """An editor who creates a record can go on editing it: they become its first member (in
    the caller's transaction; an administrator needs no membership)."""
    if actor.role == Role.EDITOR:
        await Membership.insert(
            Membership(
                account=actor.id,
                record_type=record_type,
                record_id=record_id,
                added_at=at,
                added_by=actor.name,
            )
        )


async def add_member(
    record_type: str, record_id: int, account_id: int, actor: Principal, *, label: str
) -> bool:
    """Make an editor a member; False when they already are. `label` names the record."""
    if not 0 < account_id <= MAX_ID:
        raise LookupError(account_id)
    async with write_transaction():
        account = (
            await Account.select(Account.name, Account.role).where(Account.id == account_id).first()
        )
        if account is None or account["role"] != Role.EDITOR:
            raise LookupError(account_id)
        exists = await Membership.exists().where(
            (Membership.account == account_id)
            & (Membership.record_type == record_type)
            & (Membership.record_id == record_id)
        )
        if exists:
            return False
        await Membership.insert(
            Membership(
                account=account_id,
                record_type=record_type,
                record_id=record_id,
                added_at=now(),
                added_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=record_type,
            entity_id=record_id,
            action="member_added",
            summary=f"Lade till {account['name']} som medlem i {label}.",
            changes={"members": [None, account["name"]]},
        )
    return True


async def remove_member(
    record_type: str, record_id: int, account_id: int, actor: Principal, *, label: str
) -> bool:
    if not 0 < account_id <= MAX_ID:
        return False
    async with write_transaction():
        row = await (
            Membership.select(Membership.id, Membership.account.name.as_alias("name"))
            .where(
                (Membership.account == account_id)
                & (Membership.record_type == record_type)
                & (Membership.record_id == record_id)
            )
            .first()
        )
        if row is None:
            return False
        # A membership is a link, not an official record: removing it is kept in the audit log.
        await Membership.delete().where(Membership.id == row["id"])
        await record_change(
            actor=actor,
            entity_type=record_type,
            entity_id=record_id,
            action="member_removed",
            summary=f"Tog bort {row['name']} som medlem i {label}.",
            changes={"members": [row["name"], None]},
        )
    return True
