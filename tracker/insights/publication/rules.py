"""The page's text and form, and when it may be sent for review or published, as plain
functions (the states and the four-eyes rule are the shared ones: tracker.publishing.rules)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from tracker.publishing.rules import PageState
from tracker.web.forms import Fields

ENTITY = "dialogue"  # the change log entries show in the dialogue's history
SECTION_LENGTH = 10_000


# The change log's keys for the page's fields (shown as they are in the dialogue's history).
FIELD_KEYS: dict[str, str] = {
    "title": "rubrik",
    "intro": "inledning",
    "you_said": "det här sa ni",
    "we_did": "det här har vi gjort",
    "not_done": "det här har vi inte gjort",
    "internal_note": "intern anteckning",
}
PUBLIC_FIELDS = ("title", "intro", "you_said", "we_did", "not_done")
ASK_WHOM = "Be en kollega som får redigera dialogen."


@dataclass(frozen=True, slots=True)
class PageText:
    title: str
    intro: str
    you_said: str
    we_did: str
    not_done: str
    internal_note: str = ""

    def public_part(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PUBLIC_FIELDS}


# --- the form -------------------------------------------------------------------------------


def read_page_form(raw: dict[str, str]) -> tuple[PageText | None, Fields]:
    """The edit form: a message beside each field that is wrong, the typed text kept."""
    form = Fields(raw)
    title = form.free_text("title", missing="Skriv en rubrik.", max_length=200)
    intro = form.free_text("intro", max_length=2000)
    you_said = form.free_text(
        "you_said", missing="Skriv vad invånarna sa.", max_length=SECTION_LENGTH
    )
    we_did = form.free_text(
        "we_did",
        missing="Skriv vad kommunen har gjort, eller att inget är gjort ännu.",
        max_length=SECTION_LENGTH,
    )
    not_done = form.free_text("not_done", max_length=SECTION_LENGTH)
    note = form.free_text("internal_note", max_length=5000)
    if not form.ok:
        return None, form
    return PageText(title, intro, you_said, we_did, not_done, note), form


def fields_of(text: PageText) -> Fields:
    return Fields(asdict(text))


def text_of_page(page: dict[str, Any]) -> PageText:
    return PageText(**{f.name: page[f.name] or "" for f in fields(PageText)})


def text_blocks(text: str) -> list[tuple[str, Any]]:
    """Published text as blocks: ("p", text) for paragraphs (single line breaks kept) and
    ("ul", [items]) for paragraphs whose lines all start with "- " or "• "."""
    blocks: list[tuple[str, Any]] = []
    for chunk in "\n".join(line.rstrip() for line in text.splitlines()).split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(("- ", "• ")) for line in lines):
            blocks.append(("ul", [line.lstrip()[2:].strip() for line in lines]))
        else:
            blocks.append(("p", "\n".join(lines)))
    return blocks


# --- review rules ---------------------------------------------------------------------------


def submit_problem(state: str | None) -> str | None:
    if state is None:
        return "Spara utkastet innan du skickar det för granskning."
    if state == PageState.IN_REVIEW:
        return "Sidan väntar redan på granskning."
    if state == PageState.APPROVED:
        return "Sidan är redan godkänd. Publicera den, eller ändra texten först."
    if state == PageState.PUBLISHED:
        return "Den här texten är redan publicerad. Ändra texten för att publicera en ny version."
    return None


def publish_problem(state: str | None) -> str | None:
    if state == PageState.PUBLISHED:
        return "Den här texten är redan publicerad. Ändra texten för att publicera en ny version."
    if state != PageState.APPROVED:
        return "Sidan måste granskas och godkännas av en annan person innan den publiceras."
    return None
