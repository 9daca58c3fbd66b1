"""The Swedish words of the work area: its change-log actions."""

from tracker.audit.display import LogWords

LOG_WORDS = LogWords(
    actions={
        "calendar_created": "Skapade kalenderadress",
        "calendar_revoked": "Återkallade kalenderadress",
    },
)
