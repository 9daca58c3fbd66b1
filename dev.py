#!/usr/bin/env python3
"""Set up and run the tracker on a fresh machine with nothing but Python 3.11+.

    python3 dev.py start   # the app with demo data on SQLite, http://127.0.0.1:8000
    python3 dev.py test    # every test (extra arguments go to pytest)
    python3 dev.py check   # lint, formatting, types, import contracts, then every test

Both create the virtual environment `.venv` and install what is needed the first time
(and again whenever pyproject.toml changes).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def _fail(message: str) -> None:
    sys.exit(f"dev.py: {message}")


def ensure_environment(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before any environment exists
        _fail(f"Python 3.11 eller senare behövs (du har {sys.version.split()[0]}).")
    if not PYTHON.exists():
        print("Skapar den virtuella miljön .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest() + extras
    stamp = VENV / f".installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print("Installerar beroenden (första gången tar det någon minut) …", flush=True)
    target = f".[{extras}]" if extras else "."
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True, cwd=ROOT)
    subprocess.run([*pip, "--editable", target], check=True, cwd=ROOT)
    stamp.write_text(wanted)


def run(*args: str) -> int:
    # Bytecode caches on, whatever the shell says: without them every test process compiles
    # the app and rewrites every test module's asserts anew (about 10 s of CPU each).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, env=env).returncode


def start(extra: list[str]) -> int:
    ensure_environment("")
    for step in (("tracker", "migrate"), ("tracker", "seed", "--if-empty")):
        if code := run(*step):
            return code
    try:
        return run("tracker", "serve", *extra)
    except KeyboardInterrupt:
        return 0


def test(extra: list[str]) -> int:
    ensure_environment("dev")
    return run("pytest", *extra)


CHECKS = (
    ("ruff", "check", "."),
    ("ruff", "format", "--check", "."),
    ("mypy",),
    ("lint-imports",),
)


def check(extra: list[str]) -> int:
    """What CI checks besides the tests (.ci/run runs the same), then the tests."""
    ensure_environment("dev")
    for step in CHECKS:
        print("==", " ".join(step), flush=True)
        begun = time.monotonic()
        if code := run(*step):
            return code
        print(f"   ({time.monotonic() - begun:.1f} s)", flush=True)
    return test(extra)


def main() -> None:
    commands = {"start": start, "test": test, "check": check}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        _fail("använd 'python3 dev.py start', 'python3 dev.py test' eller 'python3 dev.py check'")
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
