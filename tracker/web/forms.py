"""Read form input field by field, collecting clear Swedish messages instead of raising.

Every reader returns a usable value (or None) and notes an error for the field, so a form can
be re-rendered with all its messages at once and with what the user typed kept.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping

from tracker import privacy
from tracker.dates import date_problem, year_problem
from tracker.text import clean, control_character_problem

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_HINT = "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15."


class Fields:
    def __init__(self, raw: Mapping[str, str]) -> None:
        self.raw: dict[str, str] = {key: clean(str(value)) for key, value in raw.items()}
        self.errors: dict[str, str] = {}
        # Fields whose text looked like a name: the template offers "Det är inget namn".
        self.name_suspects: set[str] = set()
        # (prefix, name) → the field's label, from the template that shows the form
        # (tracker/web/field_labels.py), for the error summary.
        self.labels: dict[tuple[str, str], str] = {}
        for key, value in raw.items():  # refused, not silently dropped: the user sees why
            if problem := control_character_problem(str(value)):
                self.error(key, problem)

    @property
    def ok(self) -> bool:
        return not self.errors

    def label_of(self, name: str, prefix: str = "") -> str:
        """The label of the field `name` as the page shows it, or "" when not known."""
        return self.labels.get((prefix, name), "")

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def _stripped(self, name: str) -> str:
        return self.raw.get(name, "").strip()

    def text(self, name: str, *, missing: str | None = None, max_length: int = 200) -> str:
        """A text; `missing` is the message when it is required but empty."""
        value = self._stripped(name)
        if not value and missing:
            self.error(name, missing)
        elif len(value) > max_length:
            self.error(name, f"Texten får vara högst {max_length} tecken (nu {len(value)}).")
        return value

    def free_text(self, name: str, *, missing: str | None = None, max_length: int = 5000) -> str:
        """Text about residents' views: refused if it looks like it holds personal data.

        A name may be a false positive ("Kalle Anka"): the user confirms with the box
        `<name>-inget-namn` and a reason in `<name>-skal`, which the change log keeps."""
        value = self.text(name, missing=missing, max_length=max_length)
        if not value:
            return value
        if problem := privacy.personal_data_problem(value):
            self.error(name, problem)
            return value
        suspects = privacy.names(value)
        if suspects:
            self._name_check(name, suspects)
        return value

    def _name_check(self, name: str, suspects: list[privacy.Finding]) -> None:
        self.name_suspects.add(name)
        flagged = ", ".join(dict.fromkeys(finding.text for finding in suspects))
        if self._stripped(f"{name}-inget-namn") != "ja":
            self.error(name, privacy.name_message(suspects[0], len(suspects)))
        elif not (reason := self._stripped(f"{name}-skal")):
            self.error(name, f"Skriv varför ”{flagged}” inte är namnet på en person.")
        elif len(reason) > 500:
            self.error(name, f"Skälet får vara högst 500 tecken (nu {len(reason)}).")
        else:
            privacy.confirm_not_a_name(name, flagged, reason)

    def number(
        self, name: str, *, missing: str | None = None, maximum: int = 1_000_000
    ) -> int | None:
        value = self._stripped(name).replace(" ", "").replace("\u00a0", "")
        if not value:
            if missing:
                self.error(name, missing)
            return None
        if not value.isdigit() or int(value) > maximum:
            self.error(name, f"Skriv ett heltal mellan 0 och {maximum:,}.".replace(",", " "))
            return None
        return int(value)

    def yes_no(self, name: str, *, missing: str) -> bool | None:
        value = self._stripped(name)
        if value not in ("ja", "nej"):
            self.error(name, missing)
            return None
        return value == "ja"

    def link(self, name: str) -> str:
        """An optional web address; only http and https, so a link can never run script."""
        value = self.text(name, max_length=500)
        if value and not re.fullmatch(r"https?://[^\s<>\"]+", value):
            self.error(
                name, "Skriv en webbadress som börjar med https://, eller lämna fältet tomt."
            )
        return value

    def date(
        self,
        name: str,
        *,
        missing: str | None = None,
        label: str = "Datumet",
        happened: bool = False,
        not_before: Iterable[tuple[datetime.date | None, str]] = (),
    ) -> datetime.date | None:
        """A date that keeps the date rules (`tracker.dates`): `happened` for what has already
        taken place, `not_before` for the dates it may not precede. `label` names the field."""
        value = self._stripped(name)
        if not value:
            if missing:
                self.error(name, missing)
            return None
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError(value)
            day = datetime.date.fromisoformat(value)
        except ValueError:
            self.error(name, f"{label} finns inte eller har fel form. {DATE_HINT}")
            return None
        if problem := date_problem(day, label=label, happened=happened, not_before=not_before):
            self.error(name, problem)
            return None
        return day

    def year(self, name: str, *, missing: str | None = None) -> int | None:
        """A year (for contributions): one message for every year outside the rule."""
        value = self._stripped(name)
        if not value:
            if missing:
                self.error(name, missing)
            return None
        year = int(value) if value.isdigit() and len(value) <= 4 else 0
        if problem := year_problem(year):
            self.error(name, problem)
            return None
        return year

    def choice(self, name: str, options: Iterable[str], *, missing: str) -> str:
        value = self._stripped(name)
        if value not in set(options):
            self.error(name, missing)
            return ""
        return value

    def date_not_before(
        self, name: str, later: datetime.date | None, earlier: datetime.date | None, message: str
    ) -> None:
        if later and earlier and later < earlier:
            self.error(name, message)
