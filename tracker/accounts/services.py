"""Sign-in and accounts. Plain async functions; every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from piccolo.query.functions.aggregate import Count

from tracker.accounts.csrf import NONCE_KEY, new_nonce
from tracker.accounts.passwords import hash_password, verify_password
from tracker.accounts.permissions import Principal, Role, system_actor
from tracker.accounts.tables import Account
from tracker.accounts.throttle import Throttled, reserve_attempt, settle_attempt
from tracker.audit.services import diff, record_change
from tracker.clock import now
from tracker.db import MAX_ID, update_versioned, write_transaction

SESSION_LIFETIME = timedelta(hours=8)

ENTITY = "account"

SIGN_IN_FAILED = "Fel e-postadress eller lösenord. Kontrollera och försök igen."


class SignInError(Exception):
    def __init__(self, message: str, *, locked: bool = False, retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.locked = locked
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class SignedIn:
    principal: Principal
    session_version: int


def normalise_email(email: str) -> str:
    return email.strip().lower()


def principal_of(row: dict[str, Any]) -> Principal:
    return Principal(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        role=row["role"],
        report_manager=row["report_manager"],
    )


def password_allowed(break_glass: frozenset[str] | None, account: dict[str, Any] | None) -> bool:
    """Whether the account may sign in with a password: always while local sign-in is on
    (`break_glass` None); when it is off (TRACKER_LOCAL_SIGNIN=off), only an administrator
    named in TRACKER_BREAK_GLASS."""
    if break_glass is None:
        return True
    return account is not None and account["role"] == Role.ADMIN and account["email"] in break_glass


async def sign_in(
    email: str, password: str, client: str, *, break_glass: frozenset[str] | None = None
) -> SignedIn:
    """Check the credentials; raise SignInError with a Swedish message when refused. The
    attempt is counted before the password is checked (tracker.accounts.throttle).
    `break_glass`: the only accounts that may use a password, when local sign-in is off."""
    email = normalise_email(email)[:254]
    try:
        attempt = await reserve_attempt(email, client[:64])
    except Throttled as throttled:
        raise SignInError(
            throttled.message, locked=True, retry_after=throttled.retry_after
        ) from throttled
    account = await Account.select().where(Account.email == email).first()
    ok = verify_password(account["password_hash"] if account else None, password)
    ok = ok and account is not None and account["active"] and password_allowed(break_glass, account)
    stamp = now()
    if account is not None and not ok:
        # Whoever typed the wrong password is not known to be the account's owner.
        await record_change(
            actor=system_actor("Okänd besökare"),
            entity_type=ENTITY,
            entity_id=account["id"],
            action="sign_in_failed",
            summary="Misslyckad inloggning.",
        )
    if account is None or not ok:
        raise SignInError(SIGN_IN_FAILED)
    principal = principal_of(account)
    async with write_transaction():
        await settle_attempt(attempt)
        await Account.update({Account.last_sign_in_at: stamp}).where(Account.id == account["id"])
        await record_change(
            actor=principal,
            entity_type=ENTITY,
            entity_id=account["id"],
            action="signed_in",
            summary="Loggade in.",
        )
    return SignedIn(principal, account["session_version"])


async def principal_for_session(session: dict[str, Any]) -> Principal | None:
    """The signed-in user for a session, or None when it expired or was revoked."""
    try:
        account_id = int(session["account"])
        version = int(session["version"])
        since = float(session["since"])
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(session.get(NONCE_KEY), str):  # made before CSRF tokens were bound
        return None
    if now().timestamp() - since > SESSION_LIFETIME.total_seconds() or not 0 < account_id <= MAX_ID:
        return None
    row = await (
        Account.select(
            Account.id, Account.name, Account.email, Account.role, Account.report_manager
        )
        .where(
            (Account.id == account_id)
            & Account.active.eq(True)
            & (Account.session_version == version)
        )
        .first()
    )
    return principal_of(row) if row else None


def session_for(signed_in: SignedIn) -> dict[str, Any]:
    """A new session, with its own CSRF nonce (tracker.accounts.csrf)."""
    return {
        "account": signed_in.principal.id,
        "version": signed_in.session_version,
        "since": now().timestamp(),
        NONCE_KEY: new_nonce(),
    }


async def sign_out(user: Principal) -> None:
    """End the account's sessions: the cookie is cleared, and a copy of it stops working too."""
    async with write_transaction():
        await Account.update({Account.session_version: Account.session_version + 1}).where(
            Account.id == user.id
        )
        await record_change(
            actor=user,
            entity_type=ENTITY,
            entity_id=user.id,
            action="signed_out",
            summary="Loggade ut.",
        )


ACCOUNT_FIELDS = ("email", "name", "role", "report_manager")


async def email_taken(email: str, except_id: int | None = None) -> bool:
    query = Account.exists().where(Account.email == normalise_email(email))
    if except_id is not None:
        query = Account.exists().where(
            (Account.email == normalise_email(email)) & (Account.id != except_id)
        )
    return await query


async def create_account(
    *, email: str, name: str, role: str, report_manager: bool, password: str, actor: Principal
) -> int:
    values: dict[str, Any] = {
        "email": normalise_email(email),
        "name": name.strip(),
        "role": Role(role).value,
        "report_manager": report_manager,
    }
    async with write_transaction():
        account = Account(**values, password_hash=hash_password(password), created_at=now())
        await account.save()
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=account.id,
            action="created",
            summary=f"Skapade kontot {values['email']}.",
            changes={key: [None, value] for key, value in values.items()},
        )
    return int(account.id)


async def get_account(account_id: int) -> dict[str, Any] | None:
    if not 0 < account_id <= MAX_ID:
        return None
    return await Account.select(*_PUBLIC_COLUMNS).where(Account.id == account_id).first()


_PUBLIC_COLUMNS = (
    Account.id,
    Account.email,
    Account.name,
    Account.role,
    Account.report_manager,
    Account.active,
    Account.created_at,
    Account.last_sign_in_at,
    Account.version,
)


async def list_accounts() -> list[dict[str, Any]]:
    return (
        await Account.select(*_PUBLIC_COLUMNS)
        .order_by(Account.active, ascending=False)
        .order_by(Account.name)
    )


async def update_account(
    account: dict[str, Any], values: dict[str, Any], actor: Principal, version: int | None = None
) -> bool:
    """Save the edit form; StaleVersion if the account was saved since `version` was read."""
    values = {**values, "email": normalise_email(values["email"]), "name": values["name"].strip()}
    changes = diff({key: account[key] for key in values}, values)
    if not changes:
        return False
    async with write_transaction():
        update: dict[Any, Any] = {getattr(Account, key): value for key, value in values.items()}
        if "role" in changes or "email" in changes:
            update[Account.session_version] = Account.session_version + 1  # sign in again
        await update_versioned(Account, account["id"], version, update)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=account["id"],
            action="updated",
            summary=f"Ändrade kontot {values['email']}.",
            changes=changes,
        )
    return True


async def set_active(account: dict[str, Any], active: bool, actor: Principal) -> None:
    async with write_transaction():
        await Account.update(
            {Account.active: active, Account.session_version: Account.session_version + 1}
        ).where(Account.id == account["id"])
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=account["id"],
            action="activated" if active else "deactivated",
            summary=("Aktiverade" if active else "Inaktiverade") + f" kontot {account['email']}.",
            changes={"active": [account["active"], active]},
        )


async def set_password(account_id: int, password: str, actor: Principal, *, reset: bool) -> None:
    """A new password signs the account out of every other session."""
    async with write_transaction():
        await Account.update(
            {
                Account.password_hash: hash_password(password),
                Account.session_version: Account.session_version + 1,
            }
        ).where(Account.id == account_id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=account_id,
            action="password_reset" if reset else "password_changed",
            summary="Återställde lösenordet." if reset else "Bytte lösenord.",
        )


async def password_matches(account_id: int, password: str) -> bool:
    row = await Account.select(Account.password_hash).where(Account.id == account_id).first()
    return verify_password(row["password_hash"] if row else None, password)


async def session_version(account_id: int) -> int:
    row = await Account.select(Account.session_version).where(Account.id == account_id).first()
    return int(row["session_version"]) if row else 0


async def count_accounts() -> int:
    rows = await Account.select(Count(alias="n"))
    return int(rows[0]["n"]) if rows else 0
