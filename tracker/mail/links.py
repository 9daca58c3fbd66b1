"""One-time sign-in links by e-mail: an invitation to a new account, a password reset.

Only the SHA-256 of a link's token is stored. A link works once and until it expires; opening
it shows a form to choose a password, and choosing one uses the link and signs the person in
(a mail scanner that opens the link uses nothing).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from tracker.accounts import services as accounts
from tracker.accounts.permissions import Principal, system_actor
from tracker.accounts.tables import Account
from tracker.clock import now
from tracker.db import write_transaction
from tracker.mail import recipients
from tracker.mail.outbox import Mail, enqueue
from tracker.mail.tables import SignInLink

LIFETIME = {"invitation": timedelta(days=7), "reset": timedelta(hours=1)}
ADMIN_RESET_LIFETIME = timedelta(hours=24)  # an administrator's *Nytt lösenord*
RESET_INTERVAL = timedelta(minutes=5)
LINK_PATH = "/inloggningslank/{token}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _new_link(account_id: int, purpose: str, lifetime: timedelta | None = None) -> str:
    token = secrets.token_urlsafe(32)
    stamp = now()
    await SignInLink.insert(
        SignInLink(
            account_id=account_id,
            purpose=purpose,
            token_sha256=_hash(token),
            expires_at=stamp + (lifetime or LIFETIME[purpose]),
            created_at=stamp,
        )
    )
    return LINK_PATH.format(token=token)


async def invite(values: dict[str, object], actor: Principal) -> tuple[int, str]:
    """Create the account (with no usable password) and mail it an invitation, together.
    Returns the account's id and the link's path (shown only when mail is not set up)."""
    async with write_transaction():
        account_id = await accounts.create_account(
            **values,  # type: ignore[arg-type]  # the checked values of read_account_form
            password=secrets.token_urlsafe(32),
            actor=actor,
        )
        person = await recipients.account(account_id)
        assert person is not None
        link = await _new_link(account_id, "invitation")
        mail = Mail(
            kind="invitation",
            subject="Du har fått ett konto i Tjänstedesignspåraren",
            summary="",
            link=link,
            context={"actor": actor.name, "email": person.email, "days": 7},
        )
        await enqueue([person], mail)
    return account_id, link


async def send_reset(account_id: int, actor: Principal) -> str:
    """An administrator's *Nytt lösenord*: the current password stops working and the person
    is signed out everywhere (as the change log's "Återställde lösenord" says), and a one-time
    link to choose a new one is mailed (no password is made up or shown). Returns the link's
    path."""
    async with write_transaction():
        person = await recipients.account(account_id)
        if person is None:
            raise LookupError(account_id)
        await accounts.set_password(account_id, secrets.token_urlsafe(32), actor, reset=True)
        link = await _new_link(account_id, "reset", ADMIN_RESET_LIFETIME)
        mail = Mail(
            kind="password_reset",
            template="password_reset_by_admin",
            subject="Välj ett nytt lösenord till Tjänstedesignspåraren",
            summary="",
            link=link,
            context={
                "actor": actor.name,
                "hours": int(ADMIN_RESET_LIFETIME.total_seconds() // 3600),
            },
        )
        await enqueue([person], mail)
    return link


async def request_reset(email: str, *, break_glass: frozenset[str] | None = None) -> None:
    """Mail a reset link if an active account has this address and may use a password (all
    may, unless local sign-in is off: then only the `break_glass` administrators); say
    nothing either way."""
    row = await (
        Account.select(Account.id, Account.email, Account.name, Account.role)
        .where((Account.email == accounts.normalise_email(email)[:254]) & Account.active.eq(True))
        .first()
    )
    if (
        row is None
        or not accounts.password_allowed(break_glass, row)
        or await _recent_reset(row["id"])
    ):
        return
    async with write_transaction():
        link = await _new_link(row["id"], "reset")
        mail = Mail(
            kind="password_reset",
            subject="Välj ett nytt lösenord till Tjänstedesignspåraren",
            summary="",
            link=link,
            context={"minutes": 60},
        )
        await enqueue([recipients.Recipient(row["id"], row["email"], row["name"])], mail)


async def _recent_reset(account_id: int) -> bool:
    """Whether a reset link went to this account in the last few minutes (so that nobody can
    fill a person's inbox by asking again and again)."""
    return await SignInLink.exists().where(
        (SignInLink.account_id == account_id)
        & (SignInLink.purpose == "reset")
        & (SignInLink.created_at > now() - RESET_INTERVAL)
    )


async def valid_link(token: str) -> dict[str, object] | None:
    """The unused, unexpired link with this token and its active account, or None."""
    return await (
        SignInLink.select(SignInLink.id, SignInLink.account_id, SignInLink.purpose)
        .where(
            (SignInLink.token_sha256 == _hash(token))
            & SignInLink.used_at.is_null()
            & (SignInLink.expires_at > now())
        )
        .first()
    )


async def use_link(
    token: str, password: str, *, break_glass: frozenset[str] | None = None
) -> accounts.SignedIn | None:
    """Set the password and use the link up, once; None if it is used, expired or unknown, or
    the account may not use a password (local sign-in off and not a `break_glass`
    administrator: the link is used up all the same)."""
    async with write_transaction():
        link = await valid_link(token)
        if link is None:
            return None
        used = (
            await SignInLink.update({SignInLink.used_at: now()})
            .where((SignInLink.id == link["id"]) & SignInLink.used_at.is_null())
            .returning(SignInLink.id)
        )
        account = (
            await Account.select()
            .where((Account.id == link["account_id"]) & Account.active.eq(True))
            .first()
        )
        if not used or account is None or not accounts.password_allowed(break_glass, account):
            return None
        actor = system_actor(account["name"])
        await accounts.set_password(
            account["id"], password, actor, reset=link["purpose"] == "reset"
        )
        version = await accounts.session_version(account["id"])
    return accounts.SignedIn(accounts.principal_of(account), version)
