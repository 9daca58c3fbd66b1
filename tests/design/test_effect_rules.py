"""The rules of promised effects, without HTTP: direction, met / not met / not yet measured,
progress, due follow-ups, and reading values and dates as typed."""

from __future__ import annotations

from datetime import date

from tracker.design.effect_forms import read_effect_form
from tracker.design.effect_rules import (
    HIGHER,
    LOWER,
    MET,
    NOT_MEASURED,
    NOT_MET,
    Measurement,
    chart,
    direction,
    follow_up_state,
    format_value,
    outcome,
    parse_dates,
    parse_value,
    progress,
)

JAN, APR, JUN = date(2026, 1, 1), date(2026, 4, 1), date(2026, 6, 1)


def test_the_direction_follows_from_baseline_and_target() -> None:
    assert direction(60, 80) == HIGHER
    assert direction(30, 10) == LOWER


def test_without_measurements_an_effect_is_not_yet_measured() -> None:
    assert outcome(60, 80, []) == NOT_MEASURED


def test_higher_is_better_when_the_target_is_above_the_baseline() -> None:
    assert outcome(60, 80, [Measurement(APR, 80)]) == MET
    assert outcome(60, 80, [Measurement(APR, 85)]) == MET
    assert outcome(60, 80, [Measurement(APR, 79.9)]) == NOT_MET


def test_lower_is_better_when_the_target_is_below_the_baseline() -> None:
    assert outcome(30, 10, [Measurement(APR, 10)]) == MET
    assert outcome(30, 10, [Measurement(APR, 8)]) == MET
    assert outcome(30, 10, [Measurement(APR, 12)]) == NOT_MET


def test_the_latest_measurement_decides_not_the_best() -> None:
    went_back = [Measurement(JUN, 70), Measurement(APR, 82)]
    assert outcome(60, 80, went_back) == NOT_MET
    assert outcome(60, 80, [Measurement(APR, 70), Measurement(JUN, 82)]) == MET


def test_progress_counts_the_way_from_baseline_to_target() -> None:
    assert progress(70, 60, 80) == 50
    assert progress(20, 30, 10) == 50
    assert progress(50, 60, 80) == -50  # the wrong way
    assert progress(90, 60, 80) == 150


def test_a_follow_up_is_due_on_its_date_and_overdue_after_it() -> None:
    today = date(2026, 4, 10)
    assert follow_up_state(date(2026, 4, 9), False, today) == "overdue"
    assert follow_up_state(today, False, today) == "due"
    assert follow_up_state(date(2026, 4, 20), False, today) == "soon"
    assert follow_up_state(date(2026, 6, 20), False, today) == "planned"
    assert follow_up_state(date(2026, 4, 9), True, today) == "done"


def test_values_are_read_and_written_the_swedish_way() -> None:
    assert parse_value("72,5") == 72.5
    assert parse_value("1 200") == 1200
    assert parse_value("−3") == -3
    assert parse_value("mycket") is None
    assert format_value(72.5) == "72,5"
    assert format_value(40.0) == "40"


def test_follow_up_dates_are_read_one_per_line_or_comma_separated() -> None:
    assert parse_dates("2026-06-01\n2026-04-01, 2026-04-01") == [APR, JUN]
    assert parse_dates("") == []
    assert parse_dates("2026-02-30") is None
    assert parse_dates("i juni") is None


def test_the_chart_puts_the_target_above_the_baseline_when_higher_is_better() -> None:
    drawn = chart(Measurement(JAN, 60), Measurement(JUN, 80), [Measurement(APR, 70)])
    assert drawn.target_y < drawn.baseline_y  # SVG: y grows downwards
    assert [p.x for p in drawn.points] == sorted(p.x for p in drawn.points)
    assert drawn.points[1].label == "2026-04-01: 70"


def _form(**overrides: str) -> dict[str, str]:
    values = {
        "indicator": "Väntetid",
        "method": "Medianen i ärendesystemet",
        "measured_by": "Bygglovsenheten",
        "unit": "dagar",
        "baseline_value": "30",
        "baseline_on": "2026-01-15",
        "target_value": "10",
        "target_on": "2026-09-30",
        "follow_up_dates": "2026-04-15\n2026-09-30",
    }
    return values | overrides


def test_the_effect_form_reads_a_lower_target() -> None:
    data, fields = read_effect_form(_form())
    assert data is not None and fields.ok
    assert (data.baseline_value, data.target_value) == (30, 10)
    assert data.follow_up_dates == [date(2026, 4, 15), date(2026, 9, 30)]


def test_the_effect_form_refuses_a_target_equal_to_the_baseline() -> None:
    data, fields = read_effect_form(_form(target_value="30"))
    assert data is None and "target_value" in fields.errors


def test_the_effect_form_refuses_dates_before_the_baseline_and_words_as_values() -> None:
    data, fields = read_effect_form(
        _form(baseline_value="trettio", target_on="2025-12-01", follow_up_dates="2025-12-01")
    )
    assert data is None
    assert set(fields.errors) >= {"baseline_value", "target_on", "follow_up_dates"}
