"""The forms of collaboration and the types of organisation: a data file in `lists/` that the
municipality may extend, validated at start-up like the other lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker import datafiles as df
from tracker.collaborations.rules import private_mail_domain
from tracker.datafiles import DataFileError

FORMS_FILE = "collaboration-forms.toml"
PRIVATE_MAIL_FILE = "private-mail-domains.toml"


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class CollaborationLists:
    forms: tuple[Choice, ...]
    organisation_types: tuple[Choice, ...]
    # Where private persons have their mail (gmail.com): an organisation's contact there is
    # confirmed by the user before it is saved.
    private_mail_domains: frozenset[str] = frozenset()

    def form_name(self, key: str | None) -> str:
        return next((c.name for c in self.forms if c.key == key), key or "")

    def type_name(self, key: str | None) -> str:
        return next((c.name for c in self.organisation_types if c.key == key), key or "")

    def private_mail_domain(self, contact: str) -> str | None:
        """The private mail domain (gmail.com) of a contact address, if it is at one."""
        return private_mail_domain(contact.strip(), self.private_mail_domains)

    def form_keys(self) -> list[str]:
        return [c.key for c in self.forms]

    def type_keys(self) -> list[str]:
        return [c.key for c in self.organisation_types]


def load_collaboration_lists(directory: Path) -> CollaborationLists:
    path = directory / FORMS_FILE
    shown = df.shown_path(path, directory)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("forms", "organisation_types"), "", fail)
    return CollaborationLists(
        forms=_choices(df.required(data, "forms", "", fail), "forms", fail),
        organisation_types=_choices(
            df.required(data, "organisation_types", "", fail), "organisation_types", fail
        ),
        private_mail_domains=load_private_mail_domains(directory),
    )


def load_private_mail_domains(directory: Path) -> frozenset[str]:
    path = directory / PRIVATE_MAIL_FILE
    shown = df.shown_path(path, directory)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("domains",), "", fail)
    domains = df.texts(df.required(data, "domains", "", fail), "domains", fail)
    for number, domain in enumerate(domains, 1):
        if domain != domain.strip().lower() or "@" in domain or "." not in domain:
            raise fail(f"domains[{number}]", "ska vara en domän i gemener, till exempel gmail.com")
    return frozenset(domains)


def _choices(value: object, field: str, fail: df.Fail) -> tuple[Choice, ...]:
    choices = []
    for prefix, entry in df.tables(value, field, fail):
        df.reject_unknown(entry, ("key", "name"), prefix, fail)
        choices.append(
            Choice(
                key=df.key(df.required(entry, "key", prefix, fail), f"{prefix}key", fail),
                name=df.text(df.required(entry, "name", prefix, fail), f"{prefix}name", fail),
            )
        )
    if not choices:
        raise fail(field, "måste ha minst ett val")
    df.unique_keys([choice.key for choice in choices], field, fail)
    return tuple(choices)
