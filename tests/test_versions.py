"""The three-way merge behind every edit form's conflict page (tracker/web/versions.py)."""

from tracker.web.versions import SEEN, VERSION, conflict, read_version, versioned

LABELS = {"title": "titel", "lead": "projektledare", "board": "nämnd"}
READ = {"title": "Trygg start", "lead": "Utvecklare", "board": "Vård- och omsorgsnämnden"}


def test_the_users_changes_go_on_top_of_the_other_persons() -> None:
    form = versioned(READ, 3)
    posted = {**form, "lead": "Projektledare"}  # the user changed the lead
    stored = {**READ, "title": "Trygg start i hemtjänsten"}  # someone else, the title

    found = conflict(posted, stored, 4, LABELS)

    assert found.merged == {**READ, "title": "Trygg start i hemtjänsten", "lead": "Projektledare"}
    assert [(c.name, c.theirs, c.yours_changed) for c in found.changes] == [
        ("title", "Trygg start i hemtjänsten", False)
    ]
    assert found.fields.raw[VERSION] == "4"
    assert found.fields.errors["form"].startswith("Någon annan har sparat")


def test_both_changing_one_field_keeps_the_users_value_beside_theirs() -> None:
    posted = {**versioned(READ, 1), "board": "Kulturnämnden"}
    found = conflict(posted, {**READ, "board": "Socialnämnden"}, 2, LABELS)

    assert found.merged["board"] == "Kulturnämnden"
    (change,) = found.changes
    assert (change.label, change.theirs, change.yours, change.yours_changed) == (
        "nämnd",
        "Socialnämnden",
        "Kulturnämnden",
        True,
    )


def test_no_overlap_when_the_other_save_changed_none_of_the_forms_fields() -> None:
    found = conflict({**versioned(READ, 1), "lead": "Chef"}, READ, 2, LABELS)
    assert not found.overlaps
    # Line endings from a browser's text area are no change.
    windows = {**versioned({"text": "a\nb"}, 1), "text": "a\r\nb"}
    assert not conflict(windows, {"text": "a\nb"}, 2, {}).overlaps


def test_a_post_without_digests_lists_every_differing_field() -> None:
    found = conflict({VERSION: "1", SEEN: "", **READ, "lead": "Chef"}, READ, 2, LABELS)
    assert [change.name for change in found.changes] == ["lead"]
    assert found.merged["lead"] == "Chef"


def test_only_a_plain_small_number_is_a_version() -> None:
    assert read_version({VERSION: "12"}) == 12
    for bad in ("", "-1", "1.5", "x", "9" * 12):
        assert read_version({VERSION: bad}) is None
