import shutil
from pathlib import Path

import pytest

from tracker.phases.catalogue import (
    DEFAULT_PHASES_DIR,
    KEY_PATTERN,
    ChecklistItem,
    PhaseCatalogue,
    PhaseFileError,
    load_phases,
)

EXPECTED_STEPS = [
    ("ringa-in", "Ringa in"),
    ("undersoka", "Undersöka"),
    ("fokusera", "Fokusera"),
    ("ta-fram-ideer", "Ta fram idéer"),
    ("testa-ideer", "Testa idéer"),
    ("forverkliga", "Förverkliga"),
]

HEAD = """\
key = "ett"
name = "Ett"
order = 1
aim = "Syftet med steget."
activities = ["Göra något"]
methods = ["En metod"]
done_questions = ["Är vi klara?"]
"""

CHECKLIST = """
[[checklist]]
key = "forsta"
text = "Första punkten"

[[checklist]]
key = "andra"
text = "Andra punkten"
"""

VALID = HEAD + CHECKLIST


@pytest.fixture(scope="module")
def shipped() -> PhaseCatalogue:
    return load_phases(DEFAULT_PHASES_DIR)


def write_step(directory: Path, name: str, content: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path


# --- The shipped step files -------------------------------------------------------------


def test_shipped_files_load_six_steps_in_order(shipped: PhaseCatalogue) -> None:
    assert [(phase.key, phase.name) for phase in shipped] == EXPECTED_STEPS
    assert [phase.order for phase in shipped] == [1, 2, 3, 4, 5, 6]
    assert len(shipped) == 6
    assert shipped.first.key == "ringa-in"


def test_shipped_files_follow_the_content_rules(shipped: PhaseCatalogue) -> None:
    for phase in shipped:
        assert 3 <= len(phase.activities) <= 5, phase.key
        assert 3 <= len(phase.methods) <= 6, phase.key
        assert 2 <= len(phase.done_questions) <= 4, phase.key
        assert all(question.endswith("?") for question in phase.done_questions), phase.key
        assert 4 <= len(phase.checklist) <= 6, phase.key
        assert all(KEY_PATTERN.fullmatch(item.key) for item in phase.checklist), phase.key


def test_shipped_files_name_the_methods_of_the_guide(shipped: PhaseCatalogue) -> None:
    def methods(key: str) -> str:
        phase = shipped.get(key)
        assert phase is not None
        return " ".join(phase.methods)

    assert "Aktörskarta" in methods("ringa-in")
    for method in ("Intervjuer (15–30 personer)", "Observation", "Dagböcker", "Användarresa"):
        assert method in methods("undersoka")
    assert "Hur skulle vi kunna" in methods("fokusera")
    for method in ("Brainwriting", "Tre prickar", "Idékort"):
        assert method in methods("ta-fram-ideer")
    for method in ("Pappersprototyper", "Rollspel", "Storyboard"):
        assert method in methods("testa-ideer")


def test_checklist_item_is_found_by_key(shipped: PhaseCatalogue) -> None:
    phase = shipped.get("ringa-in")
    assert phase is not None
    assert phase.checklist_item("utmaning-formulerad") == ChecklistItem(
        key="utmaning-formulerad",
        text="Utmaningen är formulerad utan att en lösning är given",
    )
    assert phase.checklist_item("finns-inte") is None


# --- Navigation ------------------------------------------------------------------------


def test_get_and_contains(shipped: PhaseCatalogue) -> None:
    phase = shipped.get("fokusera")
    assert phase is not None and phase.name == "Fokusera"
    assert shipped.get("finns-inte") is None
    assert "fokusera" in shipped
    assert "finns-inte" not in shipped
    assert 3 not in shipped


def test_position(shipped: PhaseCatalogue) -> None:
    assert shipped.position("ringa-in") == 0
    assert shipped.position("forverkliga") == 5
    with pytest.raises(KeyError):
        shipped.position("finns-inte")


def test_next_after_and_previous_before(shipped: PhaseCatalogue) -> None:
    after = shipped.next_after("undersoka")
    before = shipped.previous_before("undersoka")
    assert after is not None and after.key == "fokusera"
    assert before is not None and before.key == "ringa-in"
    assert shipped.next_after("forverkliga") is None
    assert shipped.previous_before("ringa-in") is None


@pytest.mark.parametrize(
    ("from_key", "to_key", "expected"),
    [
        ("fokusera", "ringa-in", True),
        ("fokusera", "undersoka", True),
        ("fokusera", "fokusera", False),
        ("fokusera", "ta-fram-ideer", False),
        ("ringa-in", "forverkliga", False),
    ],
)
def test_is_backwards(shipped: PhaseCatalogue, from_key: str, to_key: str, expected: bool) -> None:
    assert shipped.is_backwards(from_key, to_key) is expected


def test_name_of_falls_back_to_the_key_for_a_removed_step(shipped: PhaseCatalogue) -> None:
    assert shipped.name_of("ta-fram-ideer") == "Ta fram idéer"
    assert shipped.name_of("borttaget-steg") == "borttaget-steg"


def test_steps_are_sorted_by_order_not_by_file_name(tmp_path: Path) -> None:
    directory = tmp_path / "phases"
    write_step(
        directory,
        "a.toml",
        VALID.replace('key = "ett"', 'key = "tva"').replace("order = 1", "order = 2"),
    )
    write_step(directory, "b.toml", VALID)
    assert [phase.key for phase in load_phases(directory)] == ["ett", "tva"]


def test_texts_are_trimmed(tmp_path: Path) -> None:
    directory = tmp_path / "phases"
    write_step(directory, "ett.toml", VALID.replace('name = "Ett"', 'name = "  Ett  "'))
    assert load_phases(directory).name_of("ett") == "Ett"


# --- Editing the files -----------------------------------------------------------------


def test_renamed_step_keeps_its_key(tmp_path: Path) -> None:
    directory = tmp_path / "phases"
    shutil.copytree(DEFAULT_PHASES_DIR, directory)
    path = directory / "3-fokusera.toml"
    content = path.read_text(encoding="utf-8")
    assert 'name = "Fokusera"' in content
    path.write_text(content.replace('name = "Fokusera"', 'name = "Välj fokus"'), encoding="utf-8")

    catalogue = load_phases(directory)

    assert catalogue.name_of("fokusera") == "Välj fokus"
    assert catalogue.position("fokusera") == 2
    assert [phase.key for phase in catalogue] == [key for key, _ in EXPECTED_STEPS]


# --- Malformed files -------------------------------------------------------------------

MALFORMED = [
    pytest.param('aim = "Syftet med steget."', 'aim = "Syftet', None, "rad 4", id="invalid-toml"),
    pytest.param('name = "Ett"\n', "", "name", "saknas", id="missing-name"),
    pytest.param('key = "ett"\n', "", "key", "saknas", id="missing-key"),
    pytest.param(CHECKLIST, "", "checklist", "saknas", id="missing-checklist"),
    pytest.param("order = 1", 'order = "1"', "order", "heltal", id="order-is-text"),
    pytest.param("order = 1", "order = 0", "order", "heltal", id="order-zero"),
    pytest.param("order = 1", "order = -2", "order", "heltal", id="order-negative"),
    pytest.param("order = 1", "order = true", "order", "heltal", id="order-bool"),
    pytest.param("order = 1", "order = 1.5", "order", "heltal", id="order-float"),
    pytest.param("order = 1", 'order = 1\nresearch = "ja"', "research", "true", id="research-text"),
    pytest.param("order = 1", "order = 1\ntests = 1", "tests", "true", id="tests-not-flag"),
    pytest.param('name = "Ett"', 'name = "   "', "name", "inte är tom", id="name-blank"),
    pytest.param('name = "Ett"', "name = 1", "name", "text", id="name-not-text"),
    pytest.param(
        'activities = ["Göra något"]',
        'activities = "Göra något"',
        "activities",
        "lista",
        id="activities-not-list",
    ),
    pytest.param(
        'activities = ["Göra något"]',
        'activities = ["Göra något", ""]',
        "activities[2]",
        "inte är tom",
        id="activity-empty",
    ),
    pytest.param('methods = ["En metod"]', "methods = [1]", "methods[1]", "text", id="method-int"),
    pytest.param(
        CHECKLIST, 'checklist = "punkt"\n', "checklist", "[[checklist]]", id="checklist-not-list"
    ),
    pytest.param(
        CHECKLIST,
        'checklist = ["punkt"]\n',
        "checklist[1]",
        "tabell",
        id="checklist-item-not-table",
    ),
    pytest.param('text = "Andra punkten"\n', "", "checklist[2].text", "saknas", id="item-no-text"),
    pytest.param('key = "andra"\n', "", "checklist[2].key", "saknas", id="item-no-key"),
    pytest.param(
        'text = "Andra punkten"',
        'txt = "Andra punkten"',
        "checklist[2].txt",
        "okänt",
        id="item-unknown-field",
    ),
    pytest.param(
        'key = "andra"',
        'key = "Andra"',
        "checklist[2].key",
        "små bokstäver",
        id="item-key-uppercase",
    ),
    pytest.param(
        'key = "andra"',
        'key = "forsta"',
        "checklist[2].key",
        "checklist[1]",
        id="item-key-duplicate",
    ),
    pytest.param('aim = "', 'aims = "', "aims", "okänt", id="unknown-field"),
    pytest.param('key = "ett"', 'key = "Steg ett"', "key", "små bokstäver", id="key-space"),
    pytest.param('key = "ett"', 'key = "ett-"', "key", "små bokstäver", id="key-trailing-dash"),
    pytest.param('key = "ett"', 'key = "förslag"', "key", "små bokstäver", id="key-non-ascii"),
    pytest.param('key = "ett"', "key = 1", "key", "små bokstäver", id="key-not-text"),
]


@pytest.mark.parametrize(("old", "new", "field", "fragment"), MALFORMED)
def test_malformed_file_names_file_and_field(
    tmp_path: Path, old: str, new: str, field: str | None, fragment: str
) -> None:
    assert old in VALID
    directory = tmp_path / "phases"
    path = write_step(directory, "1-ett.toml", VALID.replace(old, new, 1))

    with pytest.raises(PhaseFileError) as caught:
        load_phases(directory)

    message = str(caught.value)
    assert message.startswith("phases/1-ett.toml: ")
    assert caught.value.path == path
    assert caught.value.field == field
    if field is not None:
        assert f'fältet "{field}"' in message
    assert fragment in message


def test_file_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    directory = tmp_path / "phases"
    directory.mkdir()
    (directory / "1-ett.toml").write_bytes(VALID.encode("latin-1"))
    with pytest.raises(PhaseFileError, match=r"^phases/1-ett\.toml: .*UTF-8"):
        load_phases(directory)


@pytest.mark.parametrize(
    ("second", "field"),
    [
        pytest.param(VALID.replace("order = 1", "order = 2"), "key", id="duplicate-key"),
        pytest.param(VALID.replace('key = "ett"', 'key = "tva"'), "order", id="duplicate-order"),
    ],
)
def test_duplicates_across_files_name_both_files(tmp_path: Path, second: str, field: str) -> None:
    directory = tmp_path / "phases"
    write_step(directory, "1-ett.toml", VALID)
    later = write_step(directory, "2-tva.toml", second)

    with pytest.raises(PhaseFileError) as caught:
        load_phases(directory)

    message = str(caught.value)
    assert message.startswith("phases/2-tva.toml: ")
    assert f'fältet "{field}"' in message
    assert "phases/1-ett.toml" in message
    assert caught.value.path == later
    assert caught.value.field == field


@pytest.mark.parametrize("other_files", [[], ["LÄSMIG.md"]], ids=["empty", "no-toml"])
def test_directory_without_step_files_is_rejected(tmp_path: Path, other_files: list[str]) -> None:
    directory = tmp_path / "phases"
    directory.mkdir()
    for name in other_files:
        (directory / name).write_text("Inte ett steg", encoding="utf-8")

    with pytest.raises(PhaseFileError) as caught:
        load_phases(directory)

    assert str(directory) in str(caught.value)
    assert ".toml" in str(caught.value)
    assert caught.value.path == directory
    assert caught.value.field is None


def test_missing_directory_is_rejected(tmp_path: Path) -> None:
    directory = tmp_path / "finns-inte"
    with pytest.raises(PhaseFileError, match="finns inte") as caught:
        load_phases(directory)
    assert str(directory) in str(caught.value)


def test_the_steps_that_take_tests_are_read_from_the_files() -> None:
    catalogue = load_phases(DEFAULT_PHASES_DIR)
    assert catalogue.test_steps == ("testa-ideer",)
    assert [phase.tests for phase in catalogue].count(True) == 1
