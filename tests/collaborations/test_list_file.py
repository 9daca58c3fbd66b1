"""A malformed lists/collaboration-forms.toml stops `tracker serve`, naming file and field."""

import os
import subprocess
import sys
from pathlib import Path

from tracker.settings import get_settings


def test_serve_stops_when_the_collaboration_forms_file_is_wrong(tmp_path: Path) -> None:
    for source in get_settings().lists_dir.glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        if source.name == "collaboration-forms.toml":
            text = text.replace('key = "iop"', 'key = "IOP"')
        (tmp_path / source.name).write_text(text, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "serve", "--port", "1"],
        env={**os.environ, "TRACKER_LISTS_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "collaboration-forms.toml" in result.stderr
    assert 'fältet "forms[2].key"' in result.stderr
    assert "Traceback" not in result.stderr
