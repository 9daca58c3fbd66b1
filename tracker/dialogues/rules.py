"""The governance process of a dialogue (after Sollentuna's process, seed document 004).

Idé → Utredning → Förslag → Beslutad → Genomförd → Återkopplad, with the side path
Ej dialog → Informationsmöte. Each transition lists what must be recorded first; the
functions here decide, the services store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class State(StrEnum):
    IDEA = "idea"
    INQUIRY = "inquiry"
    PROPOSAL = "proposal"
    DECIDED = "decided"
    HELD = "held"
    FED_BACK = "fed_back"
    NO_DIALOGUE = "no_dialogue"
    INFORMATION_MEETING = "information_meeting"


STATE_LABELS: dict[str, str] = {
    State.IDEA: "Idé",
    State.INQUIRY: "Utredning",
    State.PROPOSAL: "Förslag",
    State.DECIDED: "Beslutad",
    State.HELD: "Genomförd",
    State.FED_BACK: "Återkopplad",
    State.NO_DIALOGUE: "Ej dialog",
    State.INFORMATION_MEETING: "Informationsmöte",
}
MAIN_PATH = (State.IDEA, State.INQUIRY, State.PROPOSAL, State.DECIDED, State.HELD, State.FED_BACK)
SIDE_PATH = (State.NO_DIALOGUE, State.INFORMATION_MEETING)

# Which states may follow which. Leaving Utredning goes to Förslag or Ej dialog depending on
# the board's two answers; the board may also decide against a proposed dialogue.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.IDEA: (State.INQUIRY,),
    State.INQUIRY: (State.PROPOSAL, State.NO_DIALOGUE),
    State.PROPOSAL: (State.DECIDED, State.NO_DIALOGUE),
    State.DECIDED: (State.HELD,),
    State.HELD: (State.FED_BACK,),
    State.FED_BACK: (),
    State.NO_DIALOGUE: (State.INFORMATION_MEETING,),
    State.INFORMATION_MEETING: (),
}


class Kind(StrEnum):
    CITIZEN = "citizen"  # medborgardialog: elected members and all residents
    USER = "user"  # brukardialog: a service and its users


KIND_LABELS: dict[str, str] = {Kind.CITIZEN: "Medborgardialog", Kind.USER: "Brukardialog"}
IDEA_SOURCES = {"politician": "Förtroendevald", "resident": "Invånare", "official": "Tjänsteperson"}
FEEDBACK_CHANNELS = {
    "web": "Webbplats",
    "letter": "Brev",
    "meeting": "Möte",
    "partner": "Via en civilsamhällespartner",
    "other": "Annat",
}


# Once the board has decided, the level promised to residents is a promise: it stays as decided.
LEVEL_LOCKED_STATES = (State.DECIDED, State.HELD, State.FED_BACK)
# The level achieved is judged afterwards, when the dialogue has been held.
LEVEL_ACHIEVED_STATES = (State.HELD, State.FED_BACK)


def level_promised_problem(state: str, before: str | None, after: str | None) -> str | None:
    """A Swedish message when the promised level may not change from `before` to `after`."""
    if before != after and state in LEVEL_LOCKED_STATES:
        return (
            "Nämnden har redan beslutat om dialogen. Den utlovade nivån kan inte ändras i "
            "efterhand – registrera i stället vilken nivå som uppnåddes."
        )
    return None


# Sessions are held, and feedback given, once the board has decided that the dialogue happens.
RECORDING_STATES = (State.DECIDED, State.HELD, State.FED_BACK)


def recording_problem(state: str, what: str) -> str | None:
    """A Swedish message when sessions or feedback (`what`) cannot be recorded in `state`."""
    if state not in RECORDING_STATES:
        return (
            f"{what} registreras när nämnden har beslutat att dialogen ska genomföras. "
            f"Dialogen är i läget {STATE_LABELS.get(state, state)}."
        )
    return None


def level_achieved_problem(state: str) -> str | None:
    """A Swedish message when the level achieved cannot be recorded yet."""
    if state not in LEVEL_ACHIEVED_STATES:
        return "Uppnådd nivå registreras när dialogen är genomförd."
    return None


class TransitionRefused(Exception):
    """The dialogue cannot move to the state asked for. `field` names a form field, or None
    when the state itself forbids it (a conflict, answered with 409)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def after_inquiry(needs_knowledge: bool, open_to_influence: bool) -> State:
    """The board's two questions: both yes → a dialogue is proposed; else the information path."""
    return State.PROPOSAL if needs_knowledge and open_to_influence else State.NO_DIALOGUE


@dataclass(frozen=True, slots=True)
class DialogueFacts:
    """What the rules need to know about a dialogue and its records."""

    state: str
    level_promised: str | None
    sessions: int
    feedback_to_residents: int
    feedback_to_board: int


def check_target(state: str, target: str) -> None:
    """Raise TransitionRefused (a conflict) unless a dialogue in `state` may go to `target`."""
    if target not in STATE_LABELS:
        raise TransitionRefused("Det tillståndet finns inte.")
    if target not in TRANSITIONS.get(state, ()):
        raise TransitionRefused(
            f"En dialog i läget {STATE_LABELS.get(state, state)} kan inte gå till "
            f"{STATE_LABELS[target]}."
        )


def check_state_on(state_on: date | None, began: date, today: date) -> None:
    """A move may be dated back to when it took effect, never into the future and never before
    the dialogue was registered. Raises TransitionRefused on the field `state_on`."""
    if state_on is None:
        return
    if state_on > today:
        raise TransitionRefused(
            f"Datumet kan inte ligga i framtiden (i dag är det {today.isoformat()}).", "state_on"
        )
    if state_on < began:
        raise TransitionRefused(
            f"Datumet kan inte ligga före {began.isoformat()}, då dialogen registrerades.",
            "state_on",
        )


def check_transition(facts: DialogueFacts, target: str, values: Mapping[str, Any]) -> None:
    """Raise TransitionRefused unless the dialogue may move to `target` with these values."""
    check_target(facts.state, target)
    if facts.state == State.INQUIRY:
        answers = (values.get("needs_knowledge"), values.get("open_to_influence"))
        for field, answer in zip(("needs_knowledge", "open_to_influence"), answers, strict=True):
            if answer is None:
                raise TransitionRefused("Svara ja eller nej på nämndens fråga.", field)
        if after_inquiry(*answers) != target:  # type: ignore[arg-type]
            raise TransitionRefused(
                "Nämndens svar avgör vägen: två ja ger förslag om dialog, annars informationsmöte.",
                "open_to_influence",
            )
    if target == State.DECIDED:
        _require(values, ("decided_on", "decision_reference", "feedback_due"))
        if not (values.get("level_promised") or facts.level_promised):
            raise TransitionRefused(
                "Välj vilken nivå på delaktighetstrappan som utlovas innan beslutet.",
                "level_promised",
            )
        decided_on, due = values["decided_on"], values["feedback_due"]
        if isinstance(decided_on, date) and isinstance(due, date) and due < decided_on:
            raise TransitionRefused("Återkopplingen kan inte ske före beslutet.", "feedback_due")
    if target == State.INFORMATION_MEETING:
        _require(values, ("info_meeting_on", "why_decision", "why_no_dialogue"))
    if target == State.HELD and facts.sessions == 0:
        raise TransitionRefused(
            "Registrera minst ett dialogtillfälle innan dialogen markeras som genomförd."
        )
    if target == State.FED_BACK and not (facts.feedback_to_residents and facts.feedback_to_board):
        missing = [
            name
            for name, count in (
                ("invånarna", facts.feedback_to_residents),
                ("nämnden", facts.feedback_to_board),
            )
            if not count
        ]
        raise TransitionRefused(
            "Dialogen kan inte markeras som återkopplad förrän återkoppling till "
            + " och till ".join(missing)
            + " är registrerad."
        )


REQUIRED_MESSAGES = {
    "decided_on": "Skriv datum för nämndens beslut.",
    "decision_reference": "Skriv beslutets paragraf eller diarienummer, till exempel ”KS 2025/0123 § 45”.",
    "feedback_due": "Skriv när återkopplingen ska ske.",
    "info_meeting_on": "Skriv när informationsmötet hålls.",
    "why_decision": "Förklara varför beslutet fattades.",
    "why_no_dialogue": "Förklara varför det inte blir någon dialog.",
}


def _require(values: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    for field in fields:
        if values.get(field) in (None, ""):
            raise TransitionRefused(REQUIRED_MESSAGES[field], field)


class LedgerStatus(StrEnum):
    GIVEN = "given"
    OVERDUE = "overdue"
    DUE = "due"


LEDGER_LABELS = {
    LedgerStatus.GIVEN: "Återkopplad",
    LedgerStatus.OVERDUE: "Försenad",
    LedgerStatus.DUE: "Väntar",
}


def ledger_status(
    state: str, feedback_due: date | None, today: date, residents_on: date | None = None
) -> LedgerStatus | None:
    """Where a dialogue stands in the feedback ledger; None when no feedback is promised yet.
    The promise is kept once feedback to the residents is registered (`residents_on`, its
    first date), whether or not the dialogue is marked Återkopplad yet."""
    if state == State.FED_BACK or residents_on is not None:
        return LedgerStatus.GIVEN
    if feedback_due is None:
        return None
    return LedgerStatus.OVERDUE if feedback_due < today else LedgerStatus.DUE


def days_overdue(feedback_due: date | None, today: date) -> int:
    return max(0, (today - feedback_due).days) if feedback_due else 0
