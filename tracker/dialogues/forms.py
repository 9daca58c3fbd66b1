"""Read the dialogue pages' forms into plain values, with Swedish messages per field."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import FEEDBACK_CHANNELS, IDEA_SOURCES, KIND_LABELS, State
from tracker.shared.registration import read_registration
from tracker.text import control_character_problem
from tracker.web.forms import Fields
from tracker.web.managed_lists import organisation_lists

BREAKDOWNS = {"age": "Åldersgrupper", "area": "Områden", "group": "Användargrupper"}
_BREAKDOWN_LINE = re.compile(r"\s*(?P<label>[^:]{1,80}?)\s*:\s*(?P<count>\d{1,7})\s*")


@dataclass(frozen=True, slots=True)
class DialogueInput:
    title: str
    question: str
    kind: str
    board: str
    department: str
    idea_source: str
    purpose: str
    target_groups: str
    related_decision: str
    decision_planned_on: date | None
    level_promised: str | None
    methods: list[str]
    # Registration of the board's decision (tracker/shared/registration.py).
    diarienummer: str | None = None
    registered_on: date | None = None
    secrecy: str = ""


def read_dialogue_form(
    raw: Mapping[str, str], chosen_methods: list[str], lists: DialogueLists
) -> tuple[DialogueInput | None, Fields]:
    f = Fields(raw)
    title = f.text("title", missing="Skriv dialogens titel.")
    question = f.free_text("question", missing="Skriv frågeställningen.")
    kind = f.choice(
        "kind", KIND_LABELS, missing="Välj om det är en medborgardialog eller en brukardialog."
    )
    organisation = organisation_lists()
    board = organisation.boards.read(f, "board", "Skriv vilken nämnd som är avsändare.")
    department = organisation.departments.read(
        f, "department", "Skriv vilken förvaltning som ansvarar."
    )
    idea_source = f.choice("idea_source", IDEA_SOURCES, missing="Välj var idén kom ifrån.")
    purpose = f.free_text("purpose", missing="Beskriv syftet med dialogen.")
    target_groups = f.free_text(
        "target_groups", missing="Skriv vilka målgrupperna är.", max_length=1000
    )
    related_decision = f.free_text("related_decision", max_length=1000)
    decision_planned_on = f.date("decision_planned_on")
    level = _level(f, "level_promised", lists)
    methods = _methods(chosen_methods, f.text("other_methods", max_length=500))
    for name in chosen_methods:  # ticked boxes: only a forged post has such a value
        if problem := control_character_problem(name):
            f.error("methods", problem)
    registration = read_registration(f)
    if not f.ok:
        return None, f
    return (
        DialogueInput(
            title=title,
            question=question,
            kind=kind,
            board=board,
            department=department,
            idea_source=idea_source,
            purpose=purpose,
            target_groups=target_groups,
            related_decision=related_decision,
            decision_planned_on=decision_planned_on,
            level_promised=level,
            methods=methods,
            **registration.values(),
        ),
        f,
    )


def _level(f: Fields, name: str, lists: DialogueLists) -> str | None:
    """A level key from lists/delaktighetstrappan.toml, or None when none is chosen."""
    level = f.raw.get(name, "").strip() or None
    if level is not None and lists.level(level) is None:
        f.error(name, "Välj en nivå i listan.")
        return None
    return level


def read_level_form(raw: Mapping[str, str], lists: DialogueLists) -> tuple[str | None, Fields]:
    """The level achieved, judged after the dialogue (empty: not judged yet)."""
    f = Fields(raw)
    return _level(f, "level_achieved", lists), f


def _methods(chosen: list[str], typed: str) -> list[str]:
    """Suggested methods ticked, then any typed in (comma or line separated), each once."""
    names = [name.strip()[:200] for name in [*chosen, *re.split(r"[,\n]", typed)]]
    return list(dict.fromkeys(name for name in names if name))


def read_transition_form(
    raw: Mapping[str, str], current_state: str, lists: DialogueLists
) -> tuple[dict[str, Any], Fields]:
    """The values a transition may record. Which are required is decided by the rules."""
    f = Fields(raw)
    values: dict[str, Any] = {}
    if current_state == State.INQUIRY:
        values["needs_knowledge"] = f.yes_no(
            "needs_knowledge", missing="Svara ja eller nej: behöver de förtroendevalda mer kunskap?"
        )
        values["open_to_influence"] = f.yes_no(
            "open_to_influence", missing="Svara ja eller nej: går frågan att påverka?"
        )
        values["board_answered_on"] = f.date(
            "board_answered_on", label="Datumet för nämndens svar", happened=True
        )
    values["decided_on"] = f.date("decided_on", label="Beslutsdatum", happened=True)
    values["decision_reference"] = f.text("decision_reference")
    values["feedback_due"] = f.date("feedback_due")
    values["level_promised"] = _level(f, "level_promised", lists)
    values["info_meeting_on"] = f.date("info_meeting_on")
    values["why_decision"] = f.free_text("why_decision")
    values["why_no_dialogue"] = f.free_text("why_no_dialogue")
    values["state_on"] = f.date("state_on")  # when the move took effect; empty for today
    return values, f


@dataclass(frozen=True, slots=True)
class SessionInput:
    held_on: date
    place: str
    method: str
    participants: int
    breakdown: dict[str, dict[str, int]]


def read_session_form(raw: Mapping[str, str]) -> tuple[SessionInput | None, Fields]:
    f = Fields(raw)
    held_on = f.date(
        "held_on", missing="Skriv när tillfället hölls.", label="Datumet", happened=True
    )
    place = f.free_text(
        "place",
        missing="Skriv plats eller kanal, till exempel ”Biblioteket” eller ”Webbenkät”.",
        max_length=200,
    )
    method = f.text("method", missing="Skriv vilken metod som användes.")
    participants = f.number("participants", missing="Skriv hur många som deltog.")
    breakdown: dict[str, dict[str, int]] = {}
    for name in BREAKDOWNS:
        counts = _breakdown(f, f"breakdown_{name}")
        if counts:
            breakdown[name] = counts
    for name, counts in breakdown.items():
        if participants is not None and sum(counts.values()) > participants:
            f.error(
                f"breakdown_{name}",
                f"Summan ({sum(counts.values())}) är större än antalet deltagare ({participants}).",
            )
    if not f.ok or held_on is None or participants is None:
        return None, f
    return SessionInput(held_on, place, method, participants, breakdown), f


def _breakdown(f: Fields, field: str) -> dict[str, int]:
    """Lines like "13–19 år: 12" – groups and numbers only, never names."""
    text = f.free_text(field, max_length=2000)
    if field in f.errors:
        return {}
    counts: dict[str, int] = {}
    for number, line in enumerate(line for line in text.splitlines() if line.strip()):
        match = _BREAKDOWN_LINE.fullmatch(line)
        if not match:
            f.error(
                field,
                f"Rad {number + 1} ska se ut som ”13–19 år: 12” – en grupp, kolon och ett antal.",
            )
            return {}
        counts[match["label"]] = counts.get(match["label"], 0) + int(match["count"])
    return counts


@dataclass(frozen=True, slots=True)
class FeedbackInput:
    audience: str
    given_on: date
    channel: str
    text: str
    reference: str
    partner: int | None = None  # the collaboration whose partner carried it to residents


def read_feedback_form(
    raw: Mapping[str, str], partners: Collection[int] = (), first_session: date | None = None
) -> tuple[FeedbackInput | None, Fields]:
    """`partners`: the collaborations linked to the dialogue, the only partners to choose;
    feedback to residents is not given before the dialogue's `first_session`."""
    f = Fields(raw)
    audience = f.choice(
        "audience",
        ("residents", "board"),
        missing="Välj om återkopplingen gick till invånarna eller nämnden.",
    )
    given_on = f.date(
        "given_on",
        missing="Skriv när återkopplingen gavs.",
        label="Datumet då återkopplingen gavs",
        happened=True,
        not_before=[
            (first_session if audience == "residents" else None, "dialogens första tillfälle")
        ],
    )
    channel = text = reference = ""
    partner = None
    if audience == "residents":
        channel = f.choice(
            "channel", FEEDBACK_CHANNELS, missing="Välj hur återkopplingen nådde invånarna."
        )
        text = f.free_text("text", missing="Klistra in eller sammanfatta texten som skickades.")
        partner = _partner(f, channel, partners)
    elif audience == "board":
        reference = f.text("reference", missing="Skriv ärendets paragraf eller diarienummer.")
        text = f.free_text("text")
    if not f.ok or given_on is None:
        return None, f
    return FeedbackInput(audience, given_on, channel, text, reference, partner), f


def _partner(f: Fields, channel: str, partners: Collection[int]) -> int | None:
    if channel != "partner":
        return None
    if not partners:
        f.error(
            "channel",
            "Dialogen är inte kopplad till någon samverkan. Koppla samverkan till dialogen "
            "först, eller välj en annan kanal.",
        )
        return None
    chosen = f.choice(
        "partner",
        [str(partner) for partner in partners],
        missing="Välj vilken samverkan som förde återkopplingen vidare.",
    )
    return int(chosen) if chosen else None


def read_document_form(raw: Mapping[str, str]) -> tuple[dict[str, Any] | None, Fields]:
    f = Fields(raw)
    values = {
        "title": f.text("title", missing="Skriv dokumentets titel."),
        "document_date": f.date(
            "document_date", missing="Skriv dokumentets datum.", label="Dokumentets datum"
        ),
        "link": f.link("link"),
    }
    return (values if f.ok else None), f
