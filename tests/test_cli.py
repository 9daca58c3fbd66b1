"""The `tracker` command refuses to start on malformed step files, naming the file and field."""

import os
import subprocess
import sys
from pathlib import Path

from tracker.phases.catalogue import DEFAULT_PHASES_DIR


def _run_tracker(*args: str, phases_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_PHASES_DIR": str(phases_dir)}
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_stops_with_a_clear_message_when_a_step_file_is_wrong(tmp_path: Path) -> None:
    for source in DEFAULT_PHASES_DIR.glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        if source.name.startswith("3-"):
            text = text.replace('name = "Fokusera"', 'nmae = "Fokusera"')
        (tmp_path / source.name).write_text(text, encoding="utf-8")

    result = _run_tracker("serve", "--port", "1", phases_dir=tmp_path)

    assert result.returncode == 1
    assert "Stegfilerna har ett fel" in result.stderr
    assert "3-fokusera.toml" in result.stderr
    assert '"nmae"' in result.stderr
    assert "Traceback" not in result.stderr


def _serve_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("TRACKER_SECRET_KEY", None)
    env.update(extra)
    return env


def test_serve_refuses_a_public_address_without_a_secret_key() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "serve", "--host", "0.0.0.0", "--port", "1"],
        env=_serve_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "Appen startar inte på 0.0.0.0" in result.stderr
    assert "TRACKER_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_public_address_with_a_short_key() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "serve", "--host", "10.1.2.3", "--port", "1"],
        env=_serve_env(TRACKER_SECRET_KEY="hemlig"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "kortare än 32 tecken" in result.stderr
