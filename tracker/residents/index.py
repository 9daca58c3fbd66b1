"""The published "Ni sa – vi gjorde" pages: the index (filters by year and board, newest
first) and the Atom feeds, built with `feedgenerator`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import feedgenerator

from tracker.db import fetch_rows
from tracker.text import clean

# The latest published version of each dialogue's page, with the dialogue's board; one query.
LATEST_SQL = (
    "SELECT v.dialogue AS dialogue_id, v.number, v.title, v.intro, v.published_on, "
    "v.published_at, d.board FROM feedback_page_version v JOIN dialogue d ON d.id = v.dialogue "
    "WHERE v.number = (SELECT MAX(w.number) FROM feedback_page_version w "
    "WHERE w.dialogue = v.dialogue)"
)
VERSIONS_SQL = (
    "SELECT dialogue AS dialogue_id, number, title, intro, published_on, published_at "
    "FROM feedback_page_version WHERE dialogue = {} ORDER BY number DESC"
)


@dataclass(frozen=True, slots=True)
class IndexFilters:
    year: int | None = None
    board: str = ""


def read_filters(params: Mapping[str, str]) -> IndexFilters:
    raw = params.get("ar", "")
    year = int(raw) if raw.isdigit() and 1900 < int(raw) < 2200 else None
    return IndexFilters(year=year, board=clean(params.get("namnd", "")).strip()[:200])


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normalised(row: dict[str, Any]) -> dict[str, Any]:
    return row | {
        "published_on": _date(row["published_on"]),
        "published_at": _moment(row["published_at"]),
    }


@dataclass(slots=True)
class PublishedIndex:
    pages: list[dict[str, Any]]  # the pages the filters keep, newest first
    years: list[int]  # every year a latest version was published, newest first
    boards: list[str]  # every board with a published page, in order


async def published_index(filters: IndexFilters) -> PublishedIndex:
    rows = [_normalised(row) for row in await fetch_rows(LATEST_SQL)]
    rows.sort(key=lambda row: (row["published_at"], row["dialogue_id"]), reverse=True)
    kept = [
        row
        for row in rows
        if (filters.year is None or row["published_on"].year == filters.year)
        and (not filters.board or row["board"] == filters.board)
    ]
    return PublishedIndex(
        pages=kept,
        years=sorted({row["published_on"].year for row in rows}, reverse=True),
        boards=sorted({row["board"] for row in rows if row["board"]}),
    )


async def dialogue_versions(dialogue_id: int) -> list[dict[str, Any]]:
    return [_normalised(row) for row in await fetch_rows(VERSIONS_SQL, dialogue_id)]


def atom_feed(
    *, title: str, link: str, feed_url: str, subtitle: str, entries: list[dict[str, Any]]
) -> bytes:
    """An Atom 1.0 feed: one entry per version, its id the version's own permanent URL."""
    feed = feedgenerator.Atom1Feed(
        title=title,
        link=link,
        description=subtitle,
        subtitle=subtitle,
        language="sv",
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    for entry in entries:
        feed.add_item(
            title=entry["title"],
            link=entry["url"],
            description=entry["intro"] or entry["title"],
            unique_id=entry["url"],
            pubdate=entry["published_at"],
            updateddate=entry["published_at"],
        )
    return feed.writeString("utf-8").encode("utf-8")
