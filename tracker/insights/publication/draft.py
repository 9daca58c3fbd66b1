"""The first draft of the page, in plain language, from what the chain holds: the dialogue's
insights (through public evidence only) and the changes that address them or that feedback to
residents reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.insights.publication.rules import PageText
from tracker.insights.publication.tables import FeedbackPage

QUOTE_LENGTH = 200

# Change statuses in plain words, with their date ({on}).
STATUS_PHRASES: dict[str, str] = {
    "idea": "en idé som vi arbetar med sedan {on}",
    "testing": "testas sedan {on}",
    "decided": "beslutad {on}",
    "implemented": "införd {on}",
    "closed": "avslutad {on}",
}


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


def _you_said(insights: list[RaisedInsight]) -> list[str]:
    """One line per insight; a quote appears once, under the first insight it backs, and the
    others refer to it."""
    first_with: dict[str, RaisedInsight] = {}
    lines = []
    for insight in insights:
        line = f"- {_sentence(insight.statement)}"
        quote = _quote(insight.quote) if insight.quote else ""
        if quote and quote in first_with:
            earlier = " ".join(first_with[quote].statement.split()).rstrip(".")
            line += f" Se citatet under ”{earlier}”."
        elif quote:
            first_with[quote] = insight
            line += f" Någon sa: ”{quote}”"
        lines.append(line)
    return lines


def compose_draft(
    dialogue_title: str, insights: list[RaisedInsight], changes: list[ChainChange]
) -> PageText:
    """The first draft, in plain language, from what the chain holds."""
    intro = (
        f"Här berättar vi vad som kom fram i dialogen ”{dialogue_title}” och vad kommunen "
        "har gjort med det. Vi uppdaterar sidan när något nytt händer."
    )
    if insights:
        you_said = "\n".join(_you_said(insights))
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
