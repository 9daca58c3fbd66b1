"""Real processes the tests talk to: a free port, and the app served by its own process on the
worker's database, waited for until it answers (browser tests, the restart test)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    database_url: str,
    command: list[str],
    port: int,
    probe: str,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Run `python <command>` (it serves on `port`) on `database_url` and wait until `probe`
    answers 200; fail the test with the server's output if it never does. `env`: more
    environment variables for it."""
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env={**os.environ, "TRACKER_DATABASE_URL": database_url, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url + probe, "Servern")
    return process, url


def wait_until_up(process: subprocess.Popen[bytes], probe_url: str, name: str) -> None:
    """Wait until `probe_url` answers 200; fail the test with the process's output if it
    never does (`name` says which server, in Swedish)."""
    deadline = time.monotonic() + 120  # a busy machine imports slowly
    while True:
        try:
            if httpx.get(probe_url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"{name} startade inte:\n{output}")
        time.sleep(0.2)
