"""Slowing down password guessing, counted and checked atomically.

Each attempt is reserved before its password is checked: in one serialised transaction the
recent failures are counted and the attempt is stored as a failure, and only a right password
turns it into a success afterwards. So parallel attempts see each other: of 30 sent at once
for one e-mail address, at most five are checked.

- Per e-mail address: five failures in 15 minutes lock the address (the account's owner can
  ask an administrator for a new password).
- Per client address: many people may share one (a town hall behind one proxy), so it is
  never locked; after ten failures each further attempt waits a delay that doubles with every
  failure, up to one minute.
"""

from __future__ import annotations

from datetime import timedelta

from piccolo.engine.postgres import PostgresEngine

from tracker.accounts.tables import SignInAttempt
from tracker.clock import now
from tracker.db import fetch_rows, get_engine, write_transaction

LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
CLIENT_FREE_FAILURES = 10  # failures from one client address before it is slowed down
CLIENT_MAX_DELAY = 60  # seconds: the longest a client address ever waits

SIGN_IN_LOCKED = (
    "För många misslyckade inloggningar. Vänta 15 minuter och försök igen, "
    "eller be en administratör att återställa ditt lösenord."
)
SIGN_IN_SLOW = (
    "För många misslyckade inloggningar från din adress. Vänta {seconds} sekunder och försök igen."
)


class Throttled(Exception):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def client_delay(failures: int) -> int:
    """Seconds a client address waits after its latest failure: none for the first ten, then
    1, 2, 4 … up to a minute."""
    if failures < CLIENT_FREE_FAILURES:
        return 0
    return int(min(2 ** (failures - CLIENT_FREE_FAILURES), CLIENT_MAX_DELAY))


async def _serialise() -> None:
    """On PostgreSQL, one reservation at a time (SQLite's write transaction already is)."""
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl("LOCK TABLE sign_in_attempt IN SHARE ROW EXCLUSIVE MODE")


async def reserve_attempt(email: str, client: str) -> int:
    """Count the recent failures and store this attempt as one, atomically; the attempt's id.
    Throttled, storing nothing, when the address is locked or the client must wait."""
    stamp = now()
    since = stamp - LOCK_WINDOW
    async with write_transaction():
        await _serialise()
        counts = await fetch_rows(
            "SELECT "
            "(SELECT COUNT(*) FROM sign_in_attempt WHERE succeeded = {} AND attempted_at > {} "
            "AND email = {}) AS by_email, "
            "(SELECT COUNT(*) FROM sign_in_attempt WHERE succeeded = {} AND attempted_at > {} "
            "AND client = {}) AS by_client, "
            "(SELECT MAX(attempted_at) FROM sign_in_attempt WHERE succeeded = {} "
            "AND attempted_at > {} AND client = {}) AS latest",
            False,
            since,
            email,
            False,
            since,
            client,
            False,
            since,
            client,
        )
        by_email, by_client = int(counts[0]["by_email"]), int(counts[0]["by_client"])
        if by_email >= MAX_FAILURES_PER_EMAIL:
            raise Throttled(SIGN_IN_LOCKED, int(LOCK_WINDOW.total_seconds()))
        latest = counts[0]["latest"]
        if latest is not None and not hasattr(latest, "timestamp"):
            latest = None  # SQLite gives the aggregate as text: take the latest row instead
            row = (
                await SignInAttempt.select(SignInAttempt.attempted_at)
                .where(
                    SignInAttempt.succeeded.eq(False)
                    & (SignInAttempt.client == client)
                    & (SignInAttempt.attempted_at > since)
                )
                .order_by(SignInAttempt.attempted_at, ascending=False)
                .first()
            )
            latest = row["attempted_at"] if row else None
        wait = client_delay(by_client)
        if wait and latest is not None:
            left = wait - (stamp - latest).total_seconds()
            if left > 0:
                seconds = max(1, int(left + 0.999))
                raise Throttled(SIGN_IN_SLOW.format(seconds=seconds), seconds)
        attempt = await SignInAttempt.insert(
            SignInAttempt(email=email, client=client, succeeded=False, attempted_at=stamp)
        ).returning(SignInAttempt.id)
    return int(attempt[0]["id"])


async def settle_attempt(attempt_id: int) -> None:
    """The password was right: the reserved attempt was not a failure."""
    await SignInAttempt.update({SignInAttempt.succeeded: True}).where(
        SignInAttempt.id == attempt_id
    )
