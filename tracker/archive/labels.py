"""The Swedish words of the archive area: its change-log action."""

from tracker.audit.display import LogWords

LOG_WORDS = LogWords(actions={"delivered_to_archive": "Levererade till e-arkivet"})
