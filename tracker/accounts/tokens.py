"""One-time tokens: a signed token (an import preview) is honoured once.

The token's SHA-256 is stored when it is spent, in the same transaction as what it does; the
unique index makes a second use, even one sent at the same moment, find it spent.
"""

from __future__ import annotations

import hashlib

from tracker.clock import now
from tracker.db import fetch_rows


class TokenSpent(Exception):
    """The token has been used before."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def is_spent(token: str) -> bool:
    """Whether the token has been used (to say so before checking what it carries again)."""
    return bool(await fetch_rows("SELECT 1 FROM spent_token WHERE digest = {}", _digest(token)))


async def spend_once(token: str, account_id: int) -> None:
    """Mark the token used; TokenSpent if it already was. Call inside the write transaction
    of what the token allows, so a failure leaves it unspent."""
    digest = _digest(token)
    inserted = await fetch_rows(
        "INSERT INTO spent_token (digest, account, spent_at) VALUES ({}, {}, {}) "
        "ON CONFLICT (digest) DO NOTHING RETURNING id",
        digest,
        account_id,
        now(),
    )
    if not inserted:
        raise TokenSpent()
