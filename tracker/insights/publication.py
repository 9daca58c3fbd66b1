"""The "Ni sa – vi gjorde" page of a dialogue: drafted from the chain, edited, reviewed by a
second person, and published as a numbered version that is never changed afterwards.

The rules are plain functions; the services store and write the change log (on the dialogue,
so every step shows in the dialogue's history).

Review rule (four eyes): whoever approves must be someone other than the person who last
changed the public text. Changing the public text of a page that waits for review or is
approved sends it back to draft, so what was approved is exactly what is published. The
internal note is never public, so changing only the note keeps the review as it is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now, today
from tracker.db import update_versioned, write_transaction
from tracker.insights.publication_integrity import version_digest
from tracker.insights.publication_tables import FeedbackPage, FeedbackPageVersion
from tracker.mail import notices
from tracker.web.forms import Fields

ENTITY = "dialogue"  # the change log entries show in the dialogue's history
QUOTE_LENGTH = 200
SECTION_LENGTH = 10_000


class PageState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"


STATE_LABELS: dict[str, str] = {
    PageState.DRAFT: "Utkast",
    PageState.IN_REVIEW: "Väntar på granskning",
    PageState.APPROVED: "Godkänd, inte publicerad",
    PageState.PUBLISHED: "Publicerad",
}

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

# Change statuses in plain words, with their date ({on}).
STATUS_PHRASES: dict[str, str] = {
    "idea": "en idé som vi arbetar med sedan {on}",
    "testing": "testas sedan {on}",
    "decided": "beslutad {on}",
    "implemented": "införd {on}",
    "closed": "avslutad {on}",
}


class PublicationRefused(ValueError):
    """A step the rules do not allow now; the message says why, in Swedish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


# --- drafting from the chain ------------------------------------------------------------------


@dataclass(slots=True)
class RaisedInsight:
    """An insight from the dialogue, backed by at least one piece of public evidence."""

    id: int
    statement: str
    quote: str = ""  # the first public piece of evidence from the dialogue


@dataclass(slots=True)
class ChainChange:
    id: int
    title: str
    status: str
    status_on: date | None
    closed_reason: str
    insight_ids: set[int]


def status_phrase(status: str, on: date | None) -> str:
    phrase = STATUS_PHRASES.get(status, status)
    return phrase.format(on=on.isoformat() if on else "").strip()


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def compose_draft(
    dialogue_title: str, insights: list[RaisedInsight], changes: list[ChainChange]
) -> PageText:
    """The first draft, in plain language, from what the chain holds."""
    intro = (
        f"Här berättar vi vad som kom fram i dialogen ”{dialogue_title}” och vad kommunen "
        "har gjort med det. Vi uppdaterar sidan när något nytt händer."
    )
    if insights:
        you_said = "\n".join(
            f"- {_sentence(i.statement)}" + (f" Någon sa: ”{_quote(i.quote)}”" if i.quote else "")
            for i in insights
        )
    else:
        you_said = "Vi har ännu inte sammanställt vad som kom fram i dialogen."
    going = [c for c in changes if c.status != "closed"]
    closed = [c for c in changes if c.status == "closed"]
    if going:
        we_did = "\n".join(
            f"- {' '.join(c.title.split())} – {status_phrase(c.status, c.status_on)}."
            for c in going
        )
    else:
        we_did = "Vi har inte gjort några förändringar ännu."
    addressed = {insight for c in changes for insight in c.insight_ids}
    lines = [
        f"- {' '.join(c.title.split())} – vi genomför inte den här förändringen "
        f"({status_phrase(c.status, c.status_on)}). "
        + (f"Skälet: {_sentence(c.closed_reason)}" if c.closed_reason.strip() else "")
        for c in closed
    ]
    lines += [
        f"- {_sentence(i.statement)} Vi har inte gjort något åt det här ännu."
        for i in insights
        if i.id not in addressed
    ]
    if lines:
        not_done = "\n".join(line.rstrip() for line in lines)
    elif insights:
        not_done = "Allt som kom fram har lett till en förändring som vi arbetar med."
    else:
        not_done = ""
    return PageText(
        title=f"Ni sa – vi gjorde: {dialogue_title}"[:200],
        intro=intro,
        you_said=you_said,
        we_did=we_did,
        not_done=not_done,
    )


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


async def chain_of(dialogue_id: int) -> tuple[list[RaisedInsight], list[ChainChange]]:
    """The dialogue's insights (only through evidence that is not internal) and the changes
    that address them or that feedback to residents reported: two queries."""
    insight_rows = await FeedbackPage.raw(
        "SELECT i.id, i.statement, e.text FROM insight i "
        "JOIN insight_evidence ie ON ie.insight = i.id JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = 'dialogue' AND e.source_id = {} AND e.internal = {} "
        "AND e.archived_at IS NULL AND i.archived_at IS NULL ORDER BY i.id, e.id",
        dialogue_id,
        False,
    )
    insights: dict[int, RaisedInsight] = {}
    for row in insight_rows:
        insights.setdefault(row["id"], RaisedInsight(row["id"], row["statement"], row["text"]))
    change_rows = await FeedbackPage.raw(
        "SELECT c.id, c.title, c.status, c.status_on, c.closed_reason, ci.insight "
        "FROM service_change c JOIN change_insight ci ON ci.change = c.id "
        "WHERE c.archived_at IS NULL AND ci.insight IN ("
        "SELECT ie.insight FROM insight_evidence ie JOIN evidence e ON e.id = ie.evidence "
        "JOIN insight i ON i.id = ie.insight "
        "WHERE e.source_type = 'dialogue' AND e.source_id = {} AND e.internal = {} "
        "AND e.archived_at IS NULL AND i.archived_at IS NULL) "
        "UNION SELECT c.id, c.title, c.status, c.status_on, c.closed_reason, NULL "
        "FROM service_change c JOIN feedback_change fc ON fc.change = c.id "
        "JOIN dialogue_feedback f ON f.id = fc.feedback "
        "WHERE f.dialogue = {} AND f.audience = 'residents' AND c.archived_at IS NULL",
        dialogue_id,
        False,
        dialogue_id,
    )
    changes: dict[int, ChainChange] = {}
    for row in sorted(change_rows, key=lambda r: r["id"]):
        change = changes.setdefault(
            row["id"],
            ChainChange(
                row["id"],
                row["title"],
                row["status"],
                _as_date(row["status_on"]),
                row["closed_reason"] or "",
                set(),
            ),
        )
        if row["insight"] is not None:
            change.insight_ids.add(row["insight"])
    return list(insights.values()), list(changes.values())


async def draft_from_chain(dialogue_id: int, dialogue_title: str) -> PageText:
    insights, changes = await chain_of(dialogue_id)
    return compose_draft(dialogue_title, insights, changes)


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


def approve_problem(
    state: str | None, last_editor_id: int | None, reviewer: Principal
) -> str | None:
    """The four-eyes rule: the reviewer is someone other than the last editor of the text."""
    if state != PageState.IN_REVIEW:
        return "Bara en sida som väntar på granskning kan godkännas."
    if last_editor_id is not None and last_editor_id == reviewer.id:
        return (
            "Du ändrade texten senast, så någon annan behöver granska och godkänna den. "
            "Be en kollega som får redigera dialogen."
        )
    return None


def return_problem(state: str | None) -> str | None:
    if state not in (PageState.IN_REVIEW, PageState.APPROVED):
        return "Bara en sida som väntar på granskning eller är godkänd kan skickas tillbaka."
    return None


def publish_problem(state: str | None) -> str | None:
    if state == PageState.PUBLISHED:
        return "Den här texten är redan publicerad. Ändra texten för att publicera en ny version."
    if state != PageState.APPROVED:
        return "Sidan måste granskas och godkännas av en annan person innan den publiceras."
    return None


# --- services -------------------------------------------------------------------------------


async def get_page(dialogue_id: int) -> dict[str, Any] | None:
    return await FeedbackPage.select().where(FeedbackPage.dialogue == dialogue_id).first()


def stamp_of(page: dict[str, Any] | None) -> str:
    """What a form sends back to say which text the user saw."""
    value = page["edited_at"] if page else None
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


def _check_seen(page: dict[str, Any], seen: str | None) -> None:
    if seen is not None and seen != stamp_of(page):
        raise PublicationRefused(
            "Texten har ändrats sedan du öppnade sidan. Läs den nya texten och försök igen."
        )


async def save_page(
    dialogue_id: int, text: PageText, actor: Principal, read_version: int | None = None
) -> bool:
    """Save the draft; False if nothing changed. Changing the public text needs a new review.
    StaleVersion when someone saved the draft since `read_version` was read."""
    stamp = now()
    async with write_transaction():
        page = await get_page(dialogue_id)
        before = asdict(text_of_page(page)) if page else {}
        after = asdict(text)
        changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if not changed:
            return False
        public_changed = any(name in changed for name in PUBLIC_FIELDS)
        values: dict[Any, Any] = {getattr(FeedbackPage, k): v for k, v in after.items()}
        if public_changed:
            values |= {
                FeedbackPage.state: PageState.DRAFT,
                FeedbackPage.edited_at: stamp,
                FeedbackPage.edited_by: actor.name,
                FeedbackPage.edited_by_id: actor.id,
                FeedbackPage.review_requested_at: None,
                FeedbackPage.review_requested_by: "",
                FeedbackPage.approved_at: None,
                FeedbackPage.approved_by: "",
            }
        if page is None:
            await FeedbackPage.insert(
                FeedbackPage(
                    dialogue=dialogue_id,
                    **after,
                    state=PageState.DRAFT,
                    edited_at=stamp,
                    edited_by=actor.name,
                    edited_by_id=actor.id,
                    review_requested_by="",
                    approved_by="",
                    created_at=stamp,
                )
            )
        else:
            await update_versioned(FeedbackPage, page["id"], read_version, values)
        summary = "Sparade utkastet till Ni sa – vi gjorde."
        if page is not None and public_changed and page["state"] != PageState.DRAFT:
            summary += " Texten ändrades, så den behöver granskas igen."
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="feedback_page_saved",
            summary=summary,
            changes={FIELD_KEYS[k]: pair for k, pair in changed.items()},
        )
    return True


async def request_review(dialogue_id: int, actor: Principal, seen: str | None = None) -> None:
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := submit_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        _check_seen(page, seen)
        await FeedbackPage.update(
            {
                FeedbackPage.state: PageState.IN_REVIEW,
                FeedbackPage.review_requested_at: now(),
                FeedbackPage.review_requested_by: actor.name,
            }
        ).where(FeedbackPage.id == page["id"])
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="review_requested",
            summary="Skickade Ni sa – vi gjorde för granskning.",
            changes={"läge": [STATE_LABELS[PageState.DRAFT], STATE_LABELS[PageState.IN_REVIEW]]},
        )
        await notices.review_requested(dialogue_id, actor)


async def approve(dialogue_id: int, actor: Principal, seen: str | None = None) -> None:
    async with write_transaction():
        page = await get_page(dialogue_id)
        if page is None:
            raise PublicationRefused("Det finns inget utkast att granska.")
        if problem := approve_problem(page["state"], page["edited_by_id"], actor):
            raise PublicationRefused(problem)
        _check_seen(page, seen)
        await FeedbackPage.update(
            {
                FeedbackPage.state: PageState.APPROVED,
                FeedbackPage.approved_at: now(),
                FeedbackPage.approved_by: actor.name,
            }
        ).where(FeedbackPage.id == page["id"])
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="approved",
            summary="Granskade och godkände Ni sa – vi gjorde för publicering.",
            changes={"läge": [STATE_LABELS[PageState.IN_REVIEW], STATE_LABELS[PageState.APPROVED]]},
        )


async def send_back(dialogue_id: int, reason: str, actor: Principal) -> None:
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := return_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        await FeedbackPage.update(
            {
                FeedbackPage.state: PageState.DRAFT,
                FeedbackPage.review_requested_at: None,
                FeedbackPage.review_requested_by: "",
                FeedbackPage.approved_at: None,
                FeedbackPage.approved_by: "",
            }
        ).where(FeedbackPage.id == page["id"])
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="review_returned",
            summary="Skickade tillbaka Ni sa – vi gjorde till utkast."
            + (f" Skäl: {reason}" if reason else ""),
            changes={"läge": [STATE_LABELS[page["state"]], STATE_LABELS[PageState.DRAFT]]},
        )


async def publish(dialogue_id: int, actor: Principal, seen: str | None = None) -> int:
    """Publish the approved text as the next version; returns its number."""
    stamp = now()
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := publish_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        _check_seen(page, seen)
        latest = await latest_version(dialogue_id)
        number = (latest["number"] if latest else 0) + 1
        values: dict[str, Any] = {
            "dialogue": dialogue_id,
            "number": number,
            **text_of_page(page).public_part(),
            "published_on": today(),
            "published_by": actor.name,
            "approved_by": page["approved_by"],
        }
        await FeedbackPageVersion.insert(FeedbackPageVersion(**values, published_at=stamp))
        await FeedbackPage.update({FeedbackPage.state: PageState.PUBLISHED}).where(
            FeedbackPage.id == page["id"]
        )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="published",
            summary=f"Publicerade Ni sa – vi gjorde, version {number} "
            f"(godkänd av {page['approved_by']}).",
            changes={
                "version": [latest["number"] if latest else None, number],
                "sha256": [None, version_digest(values)],
            },
        )
    return number


# --- published versions ---------------------------------------------------------------------


async def versions(dialogue_id: int) -> list[dict[str, Any]]:
    """Every published version's number and date, newest first (no texts)."""
    return await (
        FeedbackPageVersion.select(
            FeedbackPageVersion.number,
            FeedbackPageVersion.published_on,
            FeedbackPageVersion.published_by,
            FeedbackPageVersion.approved_by,
        )
        .where(FeedbackPageVersion.dialogue == dialogue_id)
        .order_by(FeedbackPageVersion.number, ascending=False)
    )


async def latest_version(dialogue_id: int) -> dict[str, Any] | None:
    return await (
        FeedbackPageVersion.select()
        .where(FeedbackPageVersion.dialogue == dialogue_id)
        .order_by(FeedbackPageVersion.number, ascending=False)
        .first()
    )


async def version(dialogue_id: int, number: int) -> dict[str, Any] | None:
    return await (
        FeedbackPageVersion.select()
        .where(
            (FeedbackPageVersion.dialogue == dialogue_id) & (FeedbackPageVersion.number == number)
        )
        .first()
    )
