"""Who gets a message: the members of a record, the report managers, the administrators."""

from __future__ import annotations

from collections import defaultdict

from tracker.accounts.tables import Account, Membership
from tracker.mail.outbox import Recipient


async def members(record_type: str, record_ids: list[int]) -> dict[int, list[Recipient]]:
    """The active members of each record, in one query."""
    if not record_ids:
        return {}
    rows = await Membership.select(
        Membership.record_id,
        Membership.account.id.as_alias("account_id"),
        Membership.account.email.as_alias("email"),
        Membership.account.name.as_alias("name"),
    ).where(
        (Membership.record_type == record_type)
        & Membership.record_id.is_in(record_ids)
        & (Membership.account.active == True)  # noqa: E712 - Piccolo builds SQL from ==
    )
    found: dict[int, list[Recipient]] = defaultdict(list)
    for row in rows:
        found[row["record_id"]].append(Recipient(row["account_id"], row["email"], row["name"]))
    return found


async def report_managers() -> list[Recipient]:
    rows = await Account.select(Account.id, Account.email, Account.name).where(
        Account.report_manager.eq(True) & Account.active.eq(True)
    )
    return [Recipient(row["id"], row["email"], row["name"]) for row in rows]


async def administrators() -> list[Recipient]:
    rows = await Account.select(Account.id, Account.email, Account.name).where(
        (Account.role == "admin") & Account.active.eq(True)
    )
    return [Recipient(row["id"], row["email"], row["name"]) for row in rows]


async def account(account_id: int) -> Recipient | None:
    row = (
        await Account.select(Account.id, Account.email, Account.name)
        .where(Account.id == account_id)
        .first()
    )
    return Recipient(row["id"], row["email"], row["name"]) if row else None


def without(recipients: list[Recipient], account_id: int | None) -> list[Recipient]:
    """The recipients, each once, leaving out one account (the person who acted)."""
    seen: dict[str, Recipient] = {}
    for recipient in recipients:
        if recipient.account_id != account_id:
            seen.setdefault(recipient.email, recipient)
    return list(seen.values())
