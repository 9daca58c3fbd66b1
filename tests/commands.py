"""Running the `tracker` command as a separate process against the test database."""

from __future__ import annotations

import asyncio
import os
import sys


async def run_tracker(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """The exit code, standard output and standard error of `tracker ARGS…`."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tracker.cli",
        *args,
        env=dict(os.environ),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(stdin), timeout=120)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()
