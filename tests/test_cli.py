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
