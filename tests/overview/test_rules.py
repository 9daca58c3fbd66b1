"""The overview's quarters and filter, without HTTP."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from tracker.overview.rules import FlowFilter, quarters, read_filter, year_before

TODAY = date(2026, 12, 7)


def test_eight_quarters_end_with_the_one_under_way() -> None:
    found = quarters(TODAY)
    assert len(found) == 8
    assert (found[0].start, found[0].end, found[0].label) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
        "K1 2025",
    )
    assert (found[-1].start, found[-1].end, found[-1].label) == (
        date(2026, 10, 1),
        TODAY,
        "K4 2026",
    )
    assert all(a.end.toordinal() + 1 == b.start.toordinal() for a, b in pairwise(found))


def test_the_default_period_is_the_last_twelve_months() -> None:
    fields, flow = read_filter({}, TODAY)
    assert fields.ok
    assert flow == FlowFilter(date(2025, 12, 8), TODAY)
    assert year_before(date(2028, 2, 29)) == date(2027, 3, 1)


def test_a_filter_is_read_from_the_query() -> None:
    fields, flow = read_filter(
        {"fran": "2026-01-01", "till": "2026-03-31", "namnd": "Kommunstyrelsen", "tema": "3"},
        TODAY,
    )
    assert fields.ok
    assert flow == FlowFilter(date(2026, 1, 1), date(2026, 3, 31), "Kommunstyrelsen", 3)
    assert flow.query() == {
        "fran": "2026-01-01",
        "till": "2026-03-31",
        "namnd": "Kommunstyrelsen",
        "tema": "3",
    }


def test_bad_dates_get_a_message_beside_the_field() -> None:
    fields, _ = read_filter({"fran": "2026-02-30", "till": "igår"}, TODAY)
    assert set(fields.errors) == {"fran", "till"}
    assert fields.raw["till"] == "igår"
    fields, _ = read_filter({"fran": "2026-05-01", "till": "2026-04-30"}, TODAY)
    assert fields.errors == {"till": "Till och med kan inte vara före från och med."}
    fields, _ = read_filter({"tema": "trygghet"}, TODAY)
    assert set(fields.errors) == {"tema"}
