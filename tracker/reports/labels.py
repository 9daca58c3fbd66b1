"""What the actions on reports are called in the change log."""

from __future__ import annotations

from tracker.audit.display import LogWords

LOG_WORDS = LogWords(
    actions={"frozen": "Fastställde version", "new_version": "Skapade ny version"},
)
