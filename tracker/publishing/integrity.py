"""Whether each published version of a text is still exactly what was published.

Publishing records the version's SHA-256 in the change log (itself a hash chain) on the record
it belongs to; `broken_versions` compares each stored version with it, so a version changed
behind the database's guards – even with a new digest of its own – is named. `tracker verify`
asks it for "Ni sa – vi gjorde" and for the design history.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tracker.audit.chain import logged_digests
from tracker.db import fetch_rows


async def broken_versions(
    table: str,
    fields: Sequence[str],
    entity: str,
    action: str,
    digest: Callable[[Mapping[str, Any]], str],
    describe: Callable[[Mapping[str, Any]], str],
) -> tuple[int, list[str], int]:
    """(versions checked, what `describe` says of each version that differs from what was
    published, versions published before digests were logged). `fields` are the sealed
    columns, the first naming the record (`entity`) whose log holds the `action`'s digests."""
    rows = await fetch_rows(
        f"SELECT id, {', '.join(fields)} FROM {table} ORDER BY {fields[0]}, number"
    )
    logged = await logged_digests(entity, action)
    problems, unsealed = [], 0
    for row in rows:
        digests = logged.get(int(row[fields[0]]), set())
        if not digests:
            unsealed += 1
        elif digest(row) not in digests:
            problems.append(
                f"{describe(row)}: texten är inte den som publicerades "
                "(kontrollsumman i ändringsloggen stämmer inte)"
            )
    return len(rows), problems, unsealed
