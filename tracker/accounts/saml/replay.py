"""Replay protection: each SAML response and assertion id signs in once, in any process."""

from __future__ import annotations

import hashlib
from datetime import datetime

from tracker.accounts.saml.refusals import Refused
from tracker.clock import now
from tracker.db import fetch_rows, write_transaction


def _digest(issuer: str, once_id: str) -> str:
    return hashlib.sha256(f"{issuer}\n{once_id}".encode()).hexdigest()


async def spend(issuer: str, once_ids: tuple[str, ...], expires_at: datetime) -> None:
    """Record the ids as used; Refused("replayed") if one was used before (the unique index
    decides, so two posts of the same response at once cannot both pass). Ids past their
    expiry are forgotten: such a response is refused as expired before it gets here."""
    async with write_transaction():
        await fetch_rows("DELETE FROM saml_seen_id WHERE expires_at < {}", now())
        for once_id in once_ids:
            inserted = await fetch_rows(
                "INSERT INTO saml_seen_id (digest, expires_at) VALUES ({}, {}) "
                "ON CONFLICT (digest) DO NOTHING RETURNING id",
                _digest(issuer, once_id),
                expires_at,
            )
            if not inserted:
                raise Refused("replayed", once_id)
