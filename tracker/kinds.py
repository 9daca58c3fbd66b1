"""The kinds of record: what each is called, where its page is and how its title is read.

One registry for every area (the change log's record types, the sources of evidence, the links
from search hits and report figures), kept in the bottom layer so that any area may read it.
Each area's kinds are declared in its own section below; the key is the `entity_type` the
change log stores (and, for sources of evidence, the `source_type`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecordKind:
    key: str
    label: str  # "Projekt": the record type as the change log and lists name it
    page: str | None = None  # "/projekt/{id}"; None when the record has no page of its own
    table: str | None = None  # the table its rows are in, where titles are read by SQL
    title: str = "title"  # the column its title (or name) is read from
    source_label: str | None = None  # as a source of evidence and insights, if it is one
    # The column naming the project whose members change it, for a record that has no members
    # of its own (a test is its project's).
    members_via: str | None = None
    section: str = ""  # "projects": the part of the site (the menu's item) its page is in
    # ("Projekt", "/projekt"): the list its page is reached from, as breadcrumbs name it.
    list_page: tuple[str, str] | None = None

    def url(self, record_id: int) -> str | None:
        return self.page.format(id=record_id) if self.page else None

    def titles_sql(self) -> str:
        """SELECT each record's id and title (the caller adds its WHERE)."""
        if self.table is None:
            raise LookupError(f"{self.key} has no table to read titles from")
        title = "title" if self.title == "title" else f"{self.title} AS title"
        return f"SELECT id, {title} FROM {self.table}"


# --- accounts ------------------------------------------------------------------------------
ACCOUNT = RecordKind("account", "Konto", "/admin/konton/{id}", "account", "name")
# --- projects ------------------------------------------------------------------------------
PROJECT = RecordKind(
    "project",
    "Projekt",
    "/projekt/{id}",
    "project",
    source_label="Projektets egen undersökning",
    section="projects",
    list_page=("Projekt", "/projekt"),
)
# --- dialogues -----------------------------------------------------------------------------
DIALOGUE = RecordKind(
    "dialogue",
    "Dialog",
    "/dialoger/{id}",
    "dialogue",
    source_label="Dialog",
    section="dialogues",
    list_page=("Dialoger", "/dialoger"),
)
# --- collaborations ------------------------------------------------------------------------
COLLABORATION = RecordKind(
    "collaboration",
    "Samverkan",
    "/samverkan/{id}",
    "collaboration",
    source_label="Samverkan",
    section="collaborations",
    list_page=("Samverkan", "/samverkan"),
)
ORGANISATION = RecordKind(
    "organisation",
    "Organisation",
    "/organisationer/{id}",
    "organisation",
    "name",
    section="collaborations",
    list_page=("Organisationer", "/organisationer"),
)
# --- insights ------------------------------------------------------------------------------
EVIDENCE = RecordKind("evidence", "Underlag")
INSIGHT = RecordKind("insight", "Insikt", "/insikter/{id}", "insight", "statement")
SERVICE_CHANGE = RecordKind(
    "service_change", "Tjänsteförändring", "/forandringar/{id}", "service_change"
)
THEME = RecordKind("theme", "Tema")
# --- design --------------------------------------------------------------------------------
HYPOTHESIS = RecordKind("hypothesis", "Hypotes", None, "hypothesis", "if_we", section="projects")
PROTOTYPE = RecordKind(
    "prototype", "Prototyp", "/prototyper/{id}", "prototype", "name", section="projects"
)
DESIGN_TEST = RecordKind(
    "design_test",
    "Test",
    "/tester/{id}",
    "design_test",
    "method",
    source_label="Test av prototyp",
    members_via="project",
    section="projects",
)
SERVICE_EFFECT = RecordKind(
    "service_effect",
    "Effektmål",
    "/effekter/{id}",
    "service_effect",
    "indicator",
    section="insights",
)
# --- reports -------------------------------------------------------------------------------
REPORT = RecordKind("report", "Rapport", "/rapporter/{id}", "report")
# --- gallring (disposal by the information management plan) --------------------------------
GALLRING = RecordKind("gallring", "Gallring", "/admin/gallring/korningar/{id}")
# --- residents -----------------------------------------------------------------------------
ACCESSIBILITY = RecordKind(
    "accessibility_statement", "Tillgänglighetsredogörelse", "/tillganglighet"
)

KINDS: dict[str, RecordKind] = {
    kind.key: kind
    for kind in (
        PROJECT,
        ACCOUNT,
        DIALOGUE,
        COLLABORATION,
        ORGANISATION,
        EVIDENCE,
        INSIGHT,
        SERVICE_CHANGE,
        THEME,
        HYPOTHESIS,
        PROTOTYPE,
        DESIGN_TEST,
        SERVICE_EFFECT,
        REPORT,
        GALLRING,
        ACCESSIBILITY,
    )
}

# Where evidence comes from, in the order the forms and filters offer them: each has a table
# (with `archived_at`) and a page, and its evidence is captured on that page.
SOURCE_KINDS: tuple[RecordKind, ...] = (DIALOGUE, COLLABORATION, PROJECT, DESIGN_TEST)
SOURCE_LABELS: dict[str, str] = {
    kind.key: kind.source_label for kind in SOURCE_KINDS if kind.source_label
}


def label(key: str) -> str:
    """The kind's Swedish name; a key no area declares is shown as stored."""
    kind = KINDS.get(key)
    return kind.label if kind else key


def record_url(key: str, record_id: int) -> str | None:
    """Where a record's own page is, if it has one."""
    kind = KINDS.get(key)
    return kind.url(record_id) if kind else None
