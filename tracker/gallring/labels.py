"""The Swedish words of gallring: its change-log actions and fields."""

from tracker.audit.display import LogWords

LOG_WORDS = LogWords(
    actions={
        "disposed": "Gallrade",
        "legal_hold_set": "Satte bevarandebeslut",
        "legal_hold_removed": "Tog bort bevarandebeslut",
    },
    fields={
        "legal_hold": "bevarandebeslut",
        "counts": "antal per slag",
        "decisions": "gallringsbeslut",
        "as_of": "tiderna räknade till",
        "gaps": "luckor i ändringsloggens kedja",
    },
)
