"""The report's rules as plain functions: statuses, hashing, diffs, drafting and charts."""

from __future__ import annotations

from datetime import date

from tracker.reports import binding, charts, drafting
from tracker.reports.figures import months_of, percent, period_moments
from tracker.reports.rules import (
    canonical_json,
    period_problem,
    sha256_of,
    status_label,
)


def test_status_labels() -> None:
    assert status_label("draft", 2, [1]) == "Utkast"
    assert status_label("frozen", 1, [1]) == "Fastställd"
    assert status_label("frozen", 1, [1, 2]) == "Ersatt av version 2"
    assert status_label("frozen", 1, [1, 3, 2]) == "Ersatt av version 2"


def test_the_hash_does_not_depend_on_key_order() -> None:
    first = canonical_json({"b": 1, "a": ["å", 2]})
    second = canonical_json({"a": ["å", 2], "b": 1})
    assert first == second
    assert sha256_of(first) == sha256_of(second)
    assert len(sha256_of(first)) == 64


def test_period_helpers() -> None:
    assert period_problem(date(2026, 1, 2), date(2026, 1, 1))
    assert period_problem(date(2026, 1, 1), date(2026, 1, 1)) is None
    assert months_of(date(2025, 11, 20), date(2026, 2, 1)) == [
        "2025-11", "2025-12", "2026-01", "2026-02",
    ]  # fmt: skip
    first, after = period_moments(date(2026, 3, 1), date(2026, 3, 31))
    # Swedish time: winter (UTC+1) at the start, summer (UTC+2) after the last Sunday of March.
    assert (first.hour, after.day, after.hour) == (23, 31, 22)
    assert percent(1, 3) == 33 and percent(0, 0) == 0


def test_drafting_writes_swedish_text_from_the_figures() -> None:
    meta = {
        "title": "Återrapportering",
        "decision_body": "Kommunstyrelsen",
        "decision_date": date(2024, 4, 22),
        "decision_paragraph": "§ 69",
        "followup_date": date(2025, 4, 22),
        "followup_paragraph": "§ 58",
        "period_start": date(2025, 4, 22),
        "period_end": date(2026, 3, 31),
    }
    figures = {"dialogues.held": {"value": 12}, "feedback.due": {"value": 4},
               "feedback.on_time": {"value": 3}, "feedback.share": {"value": 75, "unit": "%"}}  # fmt: skip
    text = drafting.draft(meta, figures)
    # The numbers are bound to their figures; shown, they read as Swedish text.
    assert "{{figur:dialogues.held|dialog|dialoger}} genomfördes" in text["summary"]
    summary = binding.resolve(text["summary"], figures)
    assert "12 dialoger genomfördes" in summary
    assert "Av 4 återkopplingar som skulle ges under perioden gavs 3 i tid (75\u00a0%)" in summary
    assert "senast första kvartalet 2026" in text["background"]
    assert text["proposals"].splitlines()[0] == (
        "Kommunstyrelsen noterar återrapporteringen och lägger den till handlingarna."
    )
    assert "Kommunstyrelsens beslut 2024-04-22 (§ 69)" in text["documents"]


def test_a_chart_describes_its_numbers_in_words() -> None:
    chart = charts.build(
        "steps",
        {"title": "Projekt per steg", "series": ["Projekt"],
         "bars": [{"label": "Ringa in", "values": [3]}, {"label": "Fokusera", "values": [0]}]},
    )  # fmt: skip
    assert chart.description == "Stapeldiagram. Ringa in: projekt 3; Fokusera: projekt 0."
    assert chart.rows == [["Ringa in", "3"], ["Fokusera", "0"]]
    tallest = chart.groups[0].bars[0]
    assert tallest.height > 0 and chart.groups[1].bars[0].height == 0
    assert [value for _, value in chart.ticks] == [0, 1, 2, 3, 4]


def test_a_share_at_exactly_a_half_rounds_up_and_shows_its_parts() -> None:
    from tracker.reports.figureset import FigureSet, percent
    from tracker.reports.rules import figure_text

    assert percent(10, 16) == 63  # 62.5: half up, as Excel and a Swedish reader round
    assert percent(1, 8) == 13  # 12.5
    assert percent(1, 3) == 33 and percent(2, 3) == 67
    assert percent(0, 0) == 0 and percent(16, 16) == 100
    found = FigureSet()
    found.add_share("s", "Andel i tid", list(range(10)), list(range(16)), "dialogue")
    assert figure_text(found.figures["s"]) == "63\u00a0% (10\u00a0av\u00a016)"
    # Its records are the whole it is a share of; the part is marked among them.
    assert found.figures["s"]["ids"] == list(range(16))
    assert found.figures["s"]["part_ids"] == list(range(10))
