"""Apply every pending migration of every area, on SQLite or PostgreSQL."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards

from tracker import data_version


class MigrationError(RuntimeError):
    pass


async def migrate(*, quiet: bool = True) -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output) if quiet else contextlib.nullcontext():
        result = await run_forwards("all")
    if not result.success:
        raise MigrationError(f"Migreringen misslyckades: {result.message}\n{output.getvalue()}")
    await data_version.install()
