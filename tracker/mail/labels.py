"""Swedish words of the mail area: the change log's action and fields, the digest choices."""

from __future__ import annotations

from tracker.audit.display import LogWords
from tracker.mail.rules import FREQUENCIES, WEEKDAYS

LOG_WORDS = LogWords(
    actions={"mail_setting_changed": "Ändrade sina e-postval"},
    fields={"mail_frequency": "e-post", "mail_weekday": "veckodag", "mail_hour": "klockslag"},
    values={"mail_frequency": FREQUENCIES},
)

TEMPLATE_GLOBALS = {
    "mail_frequencies": FREQUENCIES,
    "mail_weekday_options": [(str(number), day) for number, day in enumerate(WEEKDAYS)],
    "mail_hour_options": [(str(hour), f"{hour:02d}:00") for hour in range(24)],
}
