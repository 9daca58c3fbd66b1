"""The rules of a dialogue without HTTP: every transition allowed and refused, the board's two
questions, the feedback gate, promised against achieved level, the ledger and the forms."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.datafiles import DataFileError
from tracker.dialogues.catalogue import DialogueLists, load_dialogue_lists
from tracker.dialogues.filters import read_filters, read_ledger_filters
from tracker.dialogues.forms import (
    read_dialogue_form,
    read_document_form,
    read_feedback_form,
    read_level_form,
    read_session_form,
    read_transition_form,
)
from tracker.dialogues.rules import (
    STATE_LABELS,
    TRANSITIONS,
    DialogueFacts,
    LedgerStatus,
    State,
    TransitionRefused,
    after_inquiry,
    check_transition,
    days_overdue,
    ledger_status,
    level_achieved_problem,
    level_promised_problem,
    recording_problem,
)
from tracker.settings import get_settings

from .factories import dialogue_form


@pytest.fixture(scope="module")
def lists() -> DialogueLists:
    return load_dialogue_lists(get_settings().lists_dir)


def facts(state: str, **overrides: Any) -> DialogueFacts:
    values: dict[str, Any] = {
        "state": state,
        "level_promised": "dialog",
        "sessions": 1,
        "feedback_to_residents": 1,
        "feedback_to_board": 1,
    }
    values.update(overrides)
    return DialogueFacts(**values)


# What each allowed transition records: enough for the rules to let it through.
VALID_VALUES: dict[tuple[str, str], dict[str, Any]] = {
    (State.INQUIRY, State.PROPOSAL): {"needs_knowledge": True, "open_to_influence": True},
    (State.INQUIRY, State.NO_DIALOGUE): {"needs_knowledge": False, "open_to_influence": True},
    (State.PROPOSAL, State.DECIDED): {
        "decided_on": date(2026, 3, 10),
        "decision_reference": "KS 2026/0042 § 17",
        "feedback_due": date(2026, 6, 30),
    },
    (State.NO_DIALOGUE, State.INFORMATION_MEETING): {
        "info_meeting_on": date(2026, 4, 2),
        "why_decision": "Budgeten var redan beslutad.",
        "why_no_dialogue": "Frågan gick inte att påverka.",
    },
}
ALLOWED = [(source, target) for source, targets in TRANSITIONS.items() for target in targets]
REFUSED = [
    (source, target)
    for source in STATE_LABELS
    for target in STATE_LABELS
    if target not in TRANSITIONS[source]
]


def test_the_process_has_the_states_and_ways_of_the_governance_process() -> None:
    assert list(STATE_LABELS.values()) == [
        "Idé",
        "Utredning",
        "Förslag",
        "Beslutad",
        "Genomförd",
        "Återkopplad",
        "Ej dialog",
        "Informationsmöte",
    ]
    assert sorted(ALLOWED) == sorted(
        [
            ("idea", "inquiry"),
            ("inquiry", "proposal"),
            ("inquiry", "no_dialogue"),
            ("proposal", "decided"),
            ("proposal", "no_dialogue"),
            ("decided", "held"),
            ("held", "fed_back"),
            ("no_dialogue", "information_meeting"),
        ]
    )
    assert len(ALLOWED) + len(REFUSED) == len(STATE_LABELS) ** 2


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_transition_goes_through_with_what_it_records(
    source: str, target: str
) -> None:
    check_transition(facts(source), target, VALID_VALUES.get((source, target), {}))


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_other_transition_is_a_conflict(source: str, target: str) -> None:
    with pytest.raises(TransitionRefused) as refused:
        check_transition(facts(source), target, VALID_VALUES.get((State.PROPOSAL, target), {}))
    assert refused.value.field is None  # answered with 409, not as a typing mistake
    assert STATE_LABELS[source] in refused.value.message
    assert STATE_LABELS[target] in refused.value.message


@pytest.mark.parametrize("target", ["", "okant", "Förslag", "PROPOSAL"])
def test_an_unknown_state_is_refused(target: str) -> None:
    with pytest.raises(TransitionRefused, match="finns inte") as refused:
        check_transition(facts(State.IDEA), target, {})
    assert refused.value.field is None


@pytest.mark.parametrize(
    ("needs_knowledge", "open_to_influence", "way_on"),
    [
        (True, True, State.PROPOSAL),
        (True, False, State.NO_DIALOGUE),
        (False, True, State.NO_DIALOGUE),
        (False, False, State.NO_DIALOGUE),
    ],
)
def test_both_questions_must_be_yes_for_a_dialogue(
    needs_knowledge: bool, open_to_influence: bool, way_on: str
) -> None:
    assert after_inquiry(needs_knowledge, open_to_influence) == way_on
    answers = {"needs_knowledge": needs_knowledge, "open_to_influence": open_to_influence}
    check_transition(facts(State.INQUIRY), way_on, answers)
    other = State.NO_DIALOGUE if way_on == State.PROPOSAL else State.PROPOSAL
    with pytest.raises(TransitionRefused, match="två ja") as refused:
        check_transition(facts(State.INQUIRY), other, answers)
    assert refused.value.field == "open_to_influence"


@pytest.mark.parametrize("target", [State.PROPOSAL, State.NO_DIALOGUE])
@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({}, "needs_knowledge"),
        ({"open_to_influence": True}, "needs_knowledge"),
        ({"needs_knowledge": True}, "open_to_influence"),
        ({"needs_knowledge": False, "open_to_influence": None}, "open_to_influence"),
    ],
)
def test_leaving_the_inquiry_needs_both_answers(
    target: str, answers: dict[str, Any], field: str
) -> None:
    with pytest.raises(TransitionRefused, match="Svara ja eller nej") as refused:
        check_transition(facts(State.INQUIRY), target, answers)
    assert refused.value.field == field


@pytest.mark.parametrize("field", ["decided_on", "decision_reference", "feedback_due"])
def test_the_decision_records_date_reference_and_feedback_date(field: str) -> None:
    values = VALID_VALUES[(State.PROPOSAL, State.DECIDED)] | {field: None}
    with pytest.raises(TransitionRefused) as refused:
        check_transition(facts(State.PROPOSAL), State.DECIDED, values)
    assert refused.value.field == field
    with pytest.raises(TransitionRefused):
        check_transition(facts(State.PROPOSAL), State.DECIDED, values | {field: ""})


def test_the_decision_needs_a_promised_level_already_chosen_or_chosen_now() -> None:
    values = VALID_VALUES[(State.PROPOSAL, State.DECIDED)]
    with pytest.raises(TransitionRefused, match="nivå") as refused:
        check_transition(facts(State.PROPOSAL, level_promised=None), State.DECIDED, values)
    assert refused.value.field == "level_promised"
    check_transition(
        facts(State.PROPOSAL, level_promised=None),
        State.DECIDED,
        values | {"level_promised": "konsultation"},
    )


def test_feedback_cannot_be_due_before_the_decision() -> None:
    values = VALID_VALUES[(State.PROPOSAL, State.DECIDED)] | {"feedback_due": date(2026, 3, 9)}
    with pytest.raises(TransitionRefused, match="före beslutet") as refused:
        check_transition(facts(State.PROPOSAL), State.DECIDED, values)
    assert refused.value.field == "feedback_due"
    same_day = values | {"feedback_due": date(2026, 3, 10)}
    check_transition(facts(State.PROPOSAL), State.DECIDED, same_day)


@pytest.mark.parametrize("field", ["info_meeting_on", "why_decision", "why_no_dialogue"])
def test_the_information_meeting_records_date_and_both_explanations(field: str) -> None:
    values = VALID_VALUES[(State.NO_DIALOGUE, State.INFORMATION_MEETING)] | {field: ""}
    with pytest.raises(TransitionRefused) as refused:
        check_transition(facts(State.NO_DIALOGUE), State.INFORMATION_MEETING, values)
    assert refused.value.field == field


def test_a_dialogue_is_held_only_with_a_session_recorded() -> None:
    with pytest.raises(TransitionRefused, match="minst ett dialogtillfälle") as refused:
        check_transition(facts(State.DECIDED, sessions=0), State.HELD, {})
    assert refused.value.field is None
    check_transition(facts(State.DECIDED, sessions=3), State.HELD, {})


@pytest.mark.parametrize(
    ("residents", "board", "missing"),
    [
        (0, 0, "till invånarna och till nämnden"),
        (1, 0, "till nämnden"),
        (0, 2, "till invånarna"),
    ],
)
def test_fed_back_only_when_feedback_to_residents_and_board_is_recorded(
    residents: int, board: int, missing: str
) -> None:
    state = facts(State.HELD, feedback_to_residents=residents, feedback_to_board=board)
    with pytest.raises(TransitionRefused) as refused:
        check_transition(state, State.FED_BACK, {})
    assert refused.value.field is None
    assert refused.value.message.endswith(f"återkoppling {missing} är registrerad.")


def test_fed_back_with_feedback_to_both() -> None:
    check_transition(
        facts(State.HELD, feedback_to_residents=1, feedback_to_board=1), State.FED_BACK, {}
    )


# --- Delaktighetstrappan: promised before, achieved after -----------------------------------


def test_the_ladder_has_five_levels_lowest_first_with_methods(lists: DialogueLists) -> None:
    assert [level.key for level in lists.levels] == [
        "information",
        "konsultation",
        "dialog",
        "inflytande",
        "medbeslutande",
    ]
    assert [level.residents_get for level in lists.levels] == [
        "veta",
        "tycka",
        "resonera",
        "påverka",
        "bestämma",
    ]
    assert all(level.methods for level in lists.levels)
    assert "Enkät" in lists.level("konsultation").methods  # type: ignore[union-attr]
    assert lists.rank("information") == 1 and lists.rank("medbeslutande") == 5
    assert lists.rank(None) == 0 and lists.rank("okand") == 0


@pytest.mark.parametrize(
    ("promised", "achieved", "short"),
    [
        ("dialog", "konsultation", True),
        ("medbeslutande", "information", True),
        ("dialog", "dialog", False),
        ("dialog", "inflytande", False),
        ("dialog", None, False),
        (None, "dialog", False),
        ("dialog", "okand", False),
    ],
)
def test_an_achieved_level_below_the_promise_falls_short(
    lists: DialogueLists, promised: str | None, achieved: str | None, short: bool
) -> None:
    assert lists.falls_short(promised, achieved) is short


@pytest.mark.parametrize("state", [State.IDEA, State.INQUIRY, State.PROPOSAL])
def test_the_promised_level_may_change_until_the_board_decides(state: str) -> None:
    assert level_promised_problem(state, "dialog", "konsultation") is None
    assert level_promised_problem(state, None, "dialog") is None
    assert level_promised_problem(state, "dialog", None) is None


@pytest.mark.parametrize("state", [State.DECIDED, State.HELD, State.FED_BACK])
def test_the_promised_level_is_fixed_once_the_board_has_decided(state: str) -> None:
    assert level_promised_problem(state, "dialog", "dialog") is None
    problem = level_promised_problem(state, "dialog", "konsultation")
    assert problem is not None and "kan inte ändras" in problem
    assert level_promised_problem(state, "dialog", None) is not None


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (State.IDEA, False),
        (State.INQUIRY, False),
        (State.PROPOSAL, False),
        (State.DECIDED, False),
        (State.HELD, True),
        (State.FED_BACK, True),
        (State.NO_DIALOGUE, False),
        (State.INFORMATION_MEETING, False),
    ],
)
def test_the_achieved_level_is_recorded_after_the_dialogue(state: str, allowed: bool) -> None:
    assert (level_achieved_problem(state) is None) is allowed


def test_the_level_forms_accept_only_levels_in_the_list(lists: DialogueLists) -> None:
    assert read_level_form({"level_achieved": "dialog"}, lists)[0] == "dialog"
    assert read_level_form({"level_achieved": ""}, lists)[0] is None
    level, fields = read_level_form({"level_achieved": "Dialog"}, lists)
    assert level is None and fields.errors == {"level_achieved": "Välj en nivå i listan."}
    values, fields = read_transition_form({"level_promised": "hogsta"}, State.PROPOSAL, lists)
    assert fields.errors == {"level_promised": "Välj en nivå i listan."}
    assert values["level_promised"] is None


# --- the feedback ledger ----------------------------------------------------------------------

TODAY = date(2026, 7, 10)


@pytest.mark.parametrize(
    ("state", "due", "status"),
    [
        (State.FED_BACK, date(2026, 6, 30), LedgerStatus.GIVEN),
        (State.FED_BACK, date(2026, 8, 1), LedgerStatus.GIVEN),
        (State.HELD, date(2026, 7, 9), LedgerStatus.OVERDUE),
        (State.DECIDED, date(2026, 1, 1), LedgerStatus.OVERDUE),
        (State.HELD, TODAY, LedgerStatus.DUE),
        (State.DECIDED, date(2026, 12, 31), LedgerStatus.DUE),
        (State.PROPOSAL, None, None),
    ],
)
def test_ledger_status(state: str, due: date | None, status: LedgerStatus | None) -> None:
    assert ledger_status(state, due, TODAY) == status


def test_days_overdue() -> None:
    assert days_overdue(date(2026, 7, 9), TODAY) == 1
    assert days_overdue(date(2026, 6, 30), TODAY) == 10
    assert days_overdue(TODAY, TODAY) == 0
    assert days_overdue(date(2026, 8, 1), TODAY) == 0
    assert days_overdue(None, TODAY) == 0


# --- the forms --------------------------------------------------------------------------------


def test_a_complete_registration_is_read(lists: DialogueLists) -> None:
    data, fields = read_dialogue_form(
        dialogue_form(other_methods="Promenad, Workshop\nPromenad"),
        ["Enkät", "Cafémetoden"],
        lists,
    )
    assert fields.ok and data is not None
    assert data.title == "Ny lekplats i Enebyberg"
    assert data.kind == "citizen"
    assert data.idea_source == "resident"
    assert data.decision_planned_on == date(2026, 10, 15)
    assert data.level_promised == "dialog"
    assert data.methods == ["Enkät", "Cafémetoden", "Promenad", "Workshop"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Skriv dialogens titel."),
        ("title", "x" * 201, "högst 200 tecken"),
        ("question", "", "Skriv frågeställningen."),
        ("kind", "samråd", "medborgardialog eller en brukardialog"),
        ("board", "", "Skriv vilken nämnd"),
        ("department", "", "Skriv vilken förvaltning"),
        ("idea_source", "", "Välj var idén kom ifrån."),
        ("purpose", "", "Beskriv syftet"),
        ("target_groups", "", "Skriv vilka målgrupperna är."),
        ("decision_planned_on", "15/10/2026", "ÅÅÅÅ-MM-DD"),
        ("decision_planned_on", "2026-02-30", "Datumet finns inte"),
        ("level_promised", "allt", "Välj en nivå i listan."),
        ("purpose", "Ring Anna på 070-123 45 67", "telefonnummer"),
        ("target_groups", "Kontakt: anna.andersson@example.se", "e-postadress"),
        ("question", "Gäller 19800101-1234", "personnummer"),
    ],
)
def test_a_registration_with_a_mistake_names_the_field(
    lists: DialogueLists, field: str, value: str, message: str
) -> None:
    data, fields = read_dialogue_form(dialogue_form(**{field: value}), [], lists)
    assert data is None
    assert message in fields.errors[field]
    assert fields.raw[field] == value  # what the user typed is kept


def session_form(**overrides: str) -> dict[str, str]:
    values = {
        "held_on": "2026-04-20",
        "place": "Biblioteket",
        "method": "Cafémetoden",
        "participants": "24",
        "breakdown_age": "13–19 år: 10\n20–64 år: 14",
        "breakdown_area": "",
        "breakdown_group": "Föräldrar: 5\n\nFöräldrar: 3",
    }
    values.update(overrides)
    return values


def test_a_session_is_numbers_with_optional_breakdowns() -> None:
    data, fields = read_session_form(session_form(participants="1 024"))
    assert fields.ok and data is not None
    assert data.participants == 1024
    assert data.breakdown == {
        "age": {"13–19 år": 10, "20–64 år": 14},
        "group": {"Föräldrar": 8},
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("held_on", "", "Skriv när tillfället hölls."),
        ("participants", "", "Skriv hur många som deltog."),
        ("participants", "-3", "heltal"),
        ("participants", "tjugo", "heltal"),
        ("method", "", "Skriv vilken metod"),
        ("place", "", "Skriv plats eller kanal"),
        ("breakdown_age", "många unga", "Rad 1 ska se ut som"),
        ("breakdown_age", "Anna Andersson: 1", "ser ut som ett namn"),
        ("breakdown_age", "13–19 år: 10\nmånga", "Rad 2"),
        ("breakdown_area", "Djursholm: 30", "större än antalet deltagare"),
        ("breakdown_group", "anna@example.se: 1", "e-postadress"),
        ("place", "Hemma hos 070-1234567", "telefonnummer"),
    ],
)
def test_a_session_with_a_mistake_names_the_field(field: str, value: str, message: str) -> None:
    data, fields = read_session_form(session_form(**{field: value}))
    assert data is None
    assert message in fields.errors[field]


def test_feedback_to_residents_needs_channel_and_text() -> None:
    data, fields = read_feedback_form(
        {"audience": "residents", "given_on": "2026-06-01", "channel": "web", "text": "Vi gjorde"}
    )
    assert fields.ok and data is not None and data.channel == "web" and data.reference == ""
    data, fields = read_feedback_form({"audience": "residents", "given_on": "2026-06-01"})
    assert data is None
    assert set(fields.errors) == {"channel", "text"}


def test_feedback_to_the_board_needs_a_reference() -> None:
    data, fields = read_feedback_form(
        {"audience": "board", "given_on": "2026-06-01", "reference": "KS 2026/1 § 2"}
    )
    assert fields.ok and data is not None and data.channel == "" and data.text == ""
    data, fields = read_feedback_form({"audience": "board", "given_on": "2026-06-01"})
    assert data is None and set(fields.errors) == {"reference"}


def test_feedback_needs_an_audience_and_a_date_and_no_personal_data() -> None:
    data, fields = read_feedback_form(
        {"audience": "alla", "given_on": "i går", "text": "Mejla ola@example.se"}
    )
    assert data is None
    assert set(fields.errors) == {"audience", "given_on"}
    data, fields = read_feedback_form(
        {"audience": "residents", "given_on": "2026-06-01", "channel": "web", "text": "ola@ex.se"}
    )
    assert data is None and "e-postadress" in fields.errors["text"]


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("https://diariet.kommun.example/ks-2026-42", True),
        ("http://intranat/dialoger/1", True),
        ("", True),
        ("javascript:alert(1)", False),
        ("ftp://server/fil.pdf", False),
        ("www.kommun.example", False),
        ('https://a.example/"onmouseover="x', False),
    ],
)
def test_a_document_link_is_http_or_https(link: str, ok: bool) -> None:
    values, fields = read_document_form(
        {"title": "Sammanställning", "document_date": "2026-05-02", "link": link}
    )
    assert (values is not None) is ok
    if not ok:
        assert "https://" in fields.errors["link"]


def test_a_document_needs_title_and_date() -> None:
    values, fields = read_document_form({"title": "", "document_date": "maj"})
    assert values is None and set(fields.errors) == {"title", "document_date"}


def test_filters_ignore_what_they_do_not_know(lists: DialogueLists) -> None:
    filters = read_filters(
        {
            "status": "okand",
            "typ": "x",
            "niva": "allt",
            "ar": "tjugo",
            "sortera": "x",
            "sida": "-1",
        },
        lists,
    )
    assert (filters.state, filters.kind, filters.level, filters.year) == ("", "", "", None)
    assert filters.sort == "updated" and filters.page == 1
    filters = read_filters(
        {"status": "held", "typ": "user", "niva": "dialog", "ar": "2026", "namnd": " KS "}, lists
    )
    assert (filters.state, filters.kind, filters.level, filters.year) == (
        "held",
        "user",
        "dialog",
        2026,
    )
    assert filters.board == "KS"
    ledger = read_ledger_filters({"status": "overdue", "niva": "x", "ordning": "fallande"}, lists)
    assert (ledger.status, ledger.level, ledger.descending) == ("overdue", "", True)


def test_the_lists_refuse_a_mistake_and_name_the_file_and_field(tmp_path: Path) -> None:
    source = get_settings().lists_dir
    for name in ("delaktighetstrappan.toml", "dialogue-checklist.toml"):
        (tmp_path / name).write_text((source / name).read_text(encoding="utf-8"), "utf-8")
    assert len(load_dialogue_lists(tmp_path).checklist) == 3
    broken = (source / "delaktighetstrappan.toml").read_text(encoding="utf-8")
    (tmp_path / "delaktighetstrappan.toml").write_text(
        broken.replace('key = "dialog"', 'key = "Dialog nivå"'), "utf-8"
    )
    with pytest.raises(DataFileError) as error:
        load_dialogue_lists(tmp_path)
    assert "delaktighetstrappan.toml" in str(error.value)
    assert error.value.field == "levels[3].key"


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (State.IDEA, False),
        (State.INQUIRY, False),
        (State.PROPOSAL, False),
        (State.DECIDED, True),
        (State.HELD, True),
        (State.FED_BACK, True),
        (State.NO_DIALOGUE, False),
        (State.INFORMATION_MEETING, False),
    ],
)
def test_sessions_and_feedback_are_recorded_once_the_board_has_decided(
    state: str, allowed: bool
) -> None:
    problem = recording_problem(state, "Återkoppling")
    assert (problem is None) is allowed
    if problem:
        assert problem.startswith("Återkoppling registreras när nämnden har beslutat")
        assert STATE_LABELS[state] in problem
