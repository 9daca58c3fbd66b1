"""The promise to residents, in one place: feedback promised after a dialogue is given once
feedback to the residents is registered (or the dialogue is marked Återkopplad).

The feedback ledger (tracker/dialogues/ledger.py), the reminders (tracker/mail/reminders.py),
Mitt arbete and the rule `dialogues.rules.ledger_status` read it the same way, as the report
does for its period (tracker/reports/strand_dialogues.py). It sits low, beside the other rules
of the text people write (dates, privacy), so that mail, below the areas, can use it too.
"""

from __future__ import annotations

RESIDENTS_TOLD_SQL = (
    "EXISTS (SELECT 1 FROM dialogue_feedback told WHERE told.dialogue = {table}.id "
    "AND told.audience = 'residents')"
)


def feedback_given_sql(table: str = "dialogue") -> str:
    """SQL that is true for a dialogue whose promised feedback has been given."""
    return f"({table}.state = 'fed_back' OR {RESIDENTS_TOLD_SQL.format(table=table)})"
