"""The administrators' change log at /admin/logg: the list, its filters and pages, who may see
it, and each project's own history on its page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests import personas
from tests.factories import CONFIRMED, make_project
from tests.support import field_error, field_value, post_form, text_of, version_of
from tracker.accounts.permissions import Principal, system_actor
from tracker.audit.services import record_change
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import at
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue

URL = "/admin/logg"


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _table_rows(html: str) -> list[list[str]]:
    """The visible text of each cell of each row in the log's table."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    if body is None:
        return []
    return [
        [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), flags=re.S)
    ]


def _summaries(html: str) -> list[str]:
    """The summary of each row, without the list of changed fields."""
    return [row[4].split(" Ändrade fält (")[0] for row in _table_rows(html)]


class Log:
    """A small log with one entry of each sort, at known Swedish times (CET, UTC+1)."""

    def __init__(self, alva: Principal, lo: Principal, project_id: int) -> None:
        self.alva = alva
        self.lo = lo
        self.project_id = project_id


@pytest.fixture
async def log(admin_user: Principal, catalogue: PhaseCatalogue) -> Log:
    lo = await personas.lo()
    # 2026-03-14 23:30 in Sweden; made by a command, so no account (actor_id NULL).
    with at(_utc(2026, 3, 14, 22, 30)):
        project = await make_project(catalogue, title="Trygg start i hemtjänsten")

    async def add(moment: datetime, actor: Principal, *args: Any, **changes: Any) -> None:
        entity_type, entity_id, action, summary = args
        with at(moment):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action=action,
                summary=summary,
                changes=changes,
            )

    # 2026-03-15 00:30 in Sweden
    await add(
        _utc(2026, 3, 14, 23, 30),
        admin_user,
        *("project", project.id, "updated", "Ändrade titel, status."),
        title=["Trygg start", "Trygg start i hemtjänsten"],
        status=["ongoing", "paused"],
    )
    await add(_utc(2026, 3, 15, 10, 0), lo, "account", lo.id, "signed_in", "Loggade in.")
    # 2026-03-15 23:30 in Sweden
    await add(
        _utc(2026, 3, 15, 22, 30),
        admin_user,
        *("account", lo.id, "updated", "Ändrade kontot lo@kommun.example."),
        role=["reader", "editor"],
        report_manager=[False, True],
    )
    # 2026-03-16 00:30 in Sweden
    await add(
        _utc(2026, 3, 15, 23, 30),
        admin_user,
        *("project", project.id, "restored", "Återställde projektet från arkivet."),
    )
    await add(
        _utc(2026, 3, 16, 8, 0),
        system_actor("Import"),
        *("report", 7, "frozen", "Frös rapporten 100% digitalt_."),
    )
    return Log(admin_user, lo, project.id)


ALL = [
    "Frös rapporten 100% digitalt_.",
    "Återställde projektet från arkivet.",
    "Ändrade kontot lo@kommun.example.",
    "Loggade in.",
    "Ändrade titel, status.",
    "Skapade projektet i steget Ringa in.",
]


async def test_the_log_lists_every_entry_newest_first(client: httpx.AsyncClient, log: Log) -> None:
    response = await client.get(URL)

    assert response.status_code == 200
    assert "<h1>Ändringslogg</h1>" in response.text
    assert _summaries(response.text) == ALL
    assert "6 händelser" in text_of(response.text)
    rows = _table_rows(response.text)
    assert rows[0][:4] == ["2026-03-16 09:00", "Import", "Fastställde version", "Rapport nr 7"]
    assert '<a href="/rapporter/7">nr 7</a>' in response.text
    assert "/report" not in response.text
    assert rows[1][:4] == [
        "2026-03-16 00:30",
        "Testanvändare",
        "Återställde",
        "Projekt Trygg start i hemtjänsten",
    ]
    assert rows[3][:4] == ["2026-03-15 11:00", "Lo Läsare", "Loggade in", "Konto Lo Läsare"]
    assert f'<a href="/projekt/{log.project_id}">Trygg start i hemtjänsten</a>' in response.text
    assert f'<a href="/admin/konton/{log.lo.id}">Lo Läsare</a>' in response.text
    assert '<a href="/admin/logg" aria-current="page">Ändringslogg</a>' in response.text


async def test_changed_fields_are_shown_before_and_after_in_swedish(
    client: httpx.AsyncClient, log: Log
) -> None:
    rows = _table_rows((await client.get(URL)).text)

    account_update, project_update = rows[2][4], rows[4][4]
    assert "Ändrade fält (2)" in account_update
    assert "Roll: från Läsare → till Redaktör" in account_update
    assert "Rapportansvarig: från nej → till ja" in account_update
    assert "Titel: från Trygg start → till Trygg start i hemtjänsten" in project_update
    assert "Status: från Pågående → till Pausad" in project_update
    assert "Ändrade fält" not in rows[1][4]  # nothing to list for a restore


async def test_checklist_steps_and_empty_values_read_as_words(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, planned_end=None)
    item = catalogue.get("ringa-in").checklist[0]
    await post_form(
        client, f"/projekt/{project.id}/checklista", [("step", "ringa-in"), ("done", item.key)]
    )
    await post_form(client, f"/projekt/{project.id}/steg", {"to_step": "undersoka", **CONFIRMED})
    await post_form(
        client,
        f"/projekt/{project.id}/redigera",
        {
            **await version_of(client, f"/projekt/{project.id}/redigera"),
            "title": project.title,
            "challenge": project.challenge,
            "target_group": project.target_group,
            "department": project.department,
            "board": project.board,
            "lead": project.lead,
            "start_date": project.start_date.isoformat(),
            "planned_end": "2027-01-31",
            "status": project.status,
        },
    )

    text = text_of((await client.get(URL)).text)

    assert "Planerat slut: från (tomt) → till 2027-01-31" in text
    assert "Steg: från Ringa in → till Undersöka" in text
    assert f"Checklista, Ringa in: {item.text}: från inte avbockad → till avbockad" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"typ": "project"}, [ALL[1], ALL[4], ALL[5]]),
        ({"typ": "account"}, [ALL[2], ALL[3]]),
        ({"typ": "report"}, [ALL[0]]),
        ({"handling": "frozen"}, [ALL[0]]),
        ({"handling": "updated"}, [ALL[2], ALL[4]]),
        ({"handling": "signed_in"}, [ALL[3]]),
        ({"typ": "project", "handling": "updated"}, [ALL[4]]),
        ({"anvandare": "systemet"}, [ALL[0], ALL[5]]),
        ({"fran": "2026-03-15", "till": "2026-03-15"}, [ALL[2], ALL[3], ALL[4]]),
        ({"fran": "2026-03-16"}, [ALL[0], ALL[1]]),
        ({"till": "2026-03-14"}, [ALL[5]]),
        ({"q": "återställde"}, [ALL[1]]),
        ({"q": "ÅTERSTÄLLDE PROJEKTET"}, [ALL[1]]),
        ({"q": "  ändrade  "}, [ALL[2], ALL[4]]),
        ({"q": "LO@KOMMUN"}, [ALL[2]]),
        ({"q": "100%"}, [ALL[0]]),
        ({"q": "%"}, [ALL[0]]),
        ({"q": "_"}, [ALL[0]]),
        ({"q": "finns inte"}, []),
    ],
)
async def test_each_filter_narrows_the_list(
    client: httpx.AsyncClient, log: Log, query: dict[str, str], expected: list[str]
) -> None:
    response = await client.get(URL, params=query)

    assert response.status_code == 200
    assert _summaries(response.text) == expected


async def test_filtering_by_user(client: httpx.AsyncClient, log: Log) -> None:
    by_alva = await client.get(URL, params={"anvandare": str(log.alva.id)})
    by_lo = await client.get(URL, params={"anvandare": str(log.lo.id), "handling": "signed_in"})

    assert _summaries(by_alva.text) == [ALL[1], ALL[2], ALL[4]]
    assert _summaries(by_lo.text) == [ALL[3]]
    assert f'<option value="{log.lo.id}" selected>Lo Läsare</option>' in by_lo.text
    assert '<option value="signed_in" selected>Loggade in</option>' in by_lo.text


async def test_the_user_list_names_every_account_and_the_system(
    client: httpx.AsyncClient, log: Log
) -> None:
    twin = await personas.make_account(
        "Lo Läsare", "reader", email="lo.andra@kommun.example", active=False
    )

    html = (await client.get(URL)).text

    select = re.search(r'<select[^>]*id="anvandare".*?</select>', html, flags=re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    assert options == [
        ("", "Alla användare"),
        ("systemet", "Systemet"),
        (str(twin.id), "Lo Läsare (lo.andra@kommun.example) – inaktiverat"),
        (str(log.lo.id), "Lo Läsare (lo@kommun.example)"),
        (str(log.alva.id), "Testanvändare"),
    ]
    assert '<option value="project">Projekt</option>' in html
    assert '<option value="account">Konto</option>' in html
    assert '<option value="dialogue">Dialog</option>' in html
    assert '<option value="report">Rapport</option>' in html


async def test_a_chosen_value_without_a_label_stays_chosen(
    client: httpx.AsyncClient, log: Log
) -> None:
    with at(_utc(2026, 3, 16, 9, 0)):
        await record_change(
            actor=system_actor("Import"),
            entity_type="survey",
            entity_id=3,
            action="imported",
            summary="Läste in enkäten.",
        )
    html = (await client.get(URL, params={"handling": "imported", "typ": "survey"})).text

    assert '<option value="imported" selected>imported</option>' in html
    assert '<option value="survey" selected>survey</option>' in html
    assert _summaries(html) == ["Läste in enkäten."]
    labelled = (await client.get(URL, params={"handling": "frozen", "typ": "report"})).text
    assert '<option value="frozen" selected>Fastställde version</option>' in labelled
    assert '<option value="report" selected>Rapport</option>' in labelled
    assert _summaries(labelled) == [ALL[0]]


async def test_the_log_shows_swedish_words_not_stored_keys(
    client: httpx.AsyncClient, admin_user: Principal
) -> None:
    for entity_type, action, summary in [
        ("collaboration", "project_linked", "Kopplade projektet Trygg start."),
        ("collaboration", "contribution_added", "Lade till en insats från Röda korset."),
        ("collaboration", "follow_up_done", "Markerade uppföljningen som gjord."),
        ("report", "frozen", "Fastställde version 1."),
        ("report", "new_version", "Skapade version 2."),
    ]:
        await record_change(
            actor=admin_user, entity_type=entity_type, entity_id=1, action=action, summary=summary
        )

    html = (await client.get(URL)).text

    cells = [cell for row in _table_rows(html) for cell in row[2:4]]
    assert cells == [
        "Skapade ny version",
        "Rapport nr 1",
        "Fastställde version",
        "Rapport nr 1",
        "Markerade uppföljning som gjord",
        "Samverkan nr 1",
        "Lade till insats",
        "Samverkan nr 1",
        "Kopplade projekt",
        "Samverkan nr 1",
    ]
    for key in ("project_linked", "frozen", "new_version", "follow_up_done", "contribution_added"):
        assert f'<option value="{key}">{key}</option>' not in html
    assert '<option value="report">report</option>' not in html


async def test_dates_are_whole_days_in_swedish_summer_time_too(
    client: httpx.AsyncClient,
) -> None:
    actor = system_actor("Import")
    for moment, summary in [
        (_utc(2026, 6, 30, 21, 59), "Sent den 30 juni."),  # 23:59 in Sweden
        (_utc(2026, 6, 30, 22, 0), "Vid midnatt den 1 juli."),  # 00:00 in Sweden
        (_utc(2026, 7, 1, 21, 59, 59), "Sist den 1 juli."),
        (_utc(2026, 7, 1, 22, 0), "Först den 2 juli."),
    ]:
        with at(moment):
            await record_change(
                actor=actor, entity_type="project", entity_id=1, action="updated", summary=summary
            )

    response = await client.get(URL, params={"fran": "2026-07-01", "till": "2026-07-01"})

    assert _summaries(response.text) == ["Sist den 1 juli.", "Vid midnatt den 1 juli."]


async def test_a_malformed_date_is_explained_kept_and_ignored(
    client: httpx.AsyncClient, log: Log
) -> None:
    response = await client.get(URL, params={"fran": "2026-13-01", "typ": "project"})

    assert response.status_code == 400
    message = field_error(response.text, "fran")
    assert message is not None
    assert message.startswith("Datumet finns inte eller har fel form.")
    assert "2026-03-15" in message
    assert field_value(response.text, "fran") == "2026-13-01"
    assert 'aria-invalid="true" aria-describedby="fran-error"' in response.text
    # Shown as text, so the browser does not hide what was typed; the other stays a date field.
    assert re.search(r'<input class="input" type="text" id="fran"', response.text)
    assert re.search(r'<input class="input" type="date" id="till"', response.text)
    # Still filtered by type, but not by the date that could not be read.
    assert _summaries(response.text) == [ALL[1], ALL[4], ALL[5]]


async def test_a_period_that_ends_before_it_starts_is_explained(
    client: httpx.AsyncClient, log: Log
) -> None:
    response = await client.get(URL, params={"fran": "2026-03-16", "till": "2026-03-15"})

    assert response.status_code == 400
    assert "före" in (field_error(response.text, "till") or "")
    assert field_value(response.text, "till") == "2026-03-15"
    assert _summaries(response.text) == [ALL[0], ALL[1]]


@pytest.mark.parametrize(
    "query",
    [
        {"fran": "0001-01-01", "till": "9999-12-31"},
        {"fran": "9999-12-31"},
        {"till": "0001-01-01"},
        {"fran": "15/3 2026"},
        {"till": "2026-02-30"},
        {"anvandare": "abc", "typ": "<script>", "handling": "DROP TABLE", "sida": "-4"},
        {"anvandare": "99999999999999", "post": "0", "sida": "99999999999"},
        {"anvandare": "123456", "q": "x" * 5000},
        {"fran": '"><script>alert(1)</script>', "q": '"><script>alert(2)</script>'},
    ],
)
async def test_odd_input_never_breaks_the_page(
    client: httpx.AsyncClient, log: Log, query: dict[str, str]
) -> None:
    response = await client.get(URL, params=query)

    assert response.status_code in (200, 400)
    assert "<h1>Ändringslogg</h1>" in response.text
    assert "<script>" not in response.text.split('id="results"')[0].split("</head>")[1]


async def test_an_unknown_user_shows_everyone(client: httpx.AsyncClient, log: Log) -> None:
    response = await client.get(URL, params={"anvandare": "123456"})

    assert response.status_code == 200
    assert _summaries(response.text) == ALL
    assert 'value="123456"' not in response.text


async def test_one_records_history_by_address(client: httpx.AsyncClient, log: Log) -> None:
    response = await client.get(URL, params={"typ": "account", "post": str(log.lo.id)})

    assert _summaries(response.text) == [ALL[2], ALL[3]]
    assert f'<input type="hidden" name="post" value="{log.lo.id}">' in response.text
    assert "Visa alla poster" in text_of(response.text)


async def _fill(count: int, *, actor: Principal | None = None) -> None:
    start = _utc(2026, 1, 1, 8, 0)
    await ChangeLogEntry.insert(
        *[
            ChangeLogEntry(
                occurred_at=start + timedelta(minutes=n),
                actor=actor.name if actor else "Import",
                actor_id=actor.id if actor else None,
                entity_type=("project", "account", "dialogue")[n % 3],
                entity_id=n % 5 + 1,
                action=("created", "updated", "step_moved")[n % 3],
                summary=f"Händelse {n}.",
                changes={"title": [f"Före {n}", f"Efter {n}"]} if n % 2 else {},
            )
            for n in range(count)
        ]
    )


async def test_long_logs_come_a_page_at_a_time(client: httpx.AsyncClient) -> None:
    await _fill(60)

    first = await client.get(URL, params={"typ": "project"})
    second = await client.get(URL, params={"typ": "project", "sida": "2"})
    beyond = await client.get(URL, params={"typ": "project", "sida": "7"})

    assert _summaries(first.text) == [
        f"Händelse {n}." for n in range(57, 57 - 3 * 25, -3) if n >= 0
    ]
    assert "20 händelser" in text_of(first.text)
    summaries = _summaries((await client.get(URL)).text)
    assert len(summaries) == 25
    assert summaries[0] == "Händelse 59."
    assert "60 händelser – sida 1 av 3" in text_of((await client.get(URL)).text)
    # 20 entries fit on one page; a page number past the end shows the last page.
    assert 'rel="next"' not in first.text
    for later in (second, beyond):
        assert later.status_code == 200
        assert _summaries(later.text) == _summaries(first.text)


async def test_page_links_keep_the_filters(client: httpx.AsyncClient) -> None:
    await _fill(60)

    first = await client.get(URL, params={"q": "händelse", "handling": "created"})
    page_two = await client.get(URL, params={"q": "händelse", "sida": "2"})

    assert "20 händelser" in text_of(first.text)
    assert 'rel="next"' not in first.text
    assert "60 händelser – sida 2 av 3" in text_of(page_two.text)
    assert _summaries(page_two.text)[0] == "Händelse 34."
    assert len(_summaries(page_two.text)) == 25
    assert '<a rel="prev" href="?q=h%C3%A4ndelse&amp;sida=1">' in page_two.text
    assert '<a rel="next" href="?q=h%C3%A4ndelse&amp;sida=3">' in page_two.text


async def test_an_empty_log_and_an_empty_result_say_so(
    client: httpx.AsyncClient,
) -> None:
    empty = await client.get(URL)
    await _fill(2)
    no_match = await client.get(URL, params={"q": "inget sådant"})

    assert empty.status_code == 200
    assert "Inga händelser hittades." in text_of(empty.text)
    assert "Loggen är tom." in text_of(empty.text)
    assert "<table" not in empty.text
    assert "Inga händelser matchar filtret." in text_of(no_match.text)
    assert 'href="/admin/logg">Visa hela loggen</a>' in no_match.text


async def test_the_filters_work_with_and_without_javascript(client: httpx.AsyncClient) -> None:
    html = (await client.get(URL)).text

    form = re.search(r"<form class=\"filters\"[^>]*>", html)
    assert form is not None
    assert 'method="get" action="/admin/logg"' in form.group(0)
    assert 'hx-get="/admin/logg"' in form.group(0)
    assert 'hx-target="#results"' in form.group(0)
    assert "hx-select" not in form.group(0)  # htmx gets only the results (test_fragments.py)
    assert 'hx-push-url="true"' in form.group(0)
    assert '<div id="results">' in html
    assert '<button class="button" type="submit">Visa händelser</button>' in html
    for name, label in [
        ("q", "Sök i beskrivningen"),
        ("anvandare", "Användare"),
        ("typ", "Typ av post"),
        ("handling", "Händelse"),
        ("fran", "Från och med"),
        ("till", "Till och med"),
    ]:
        assert f'<label class="label" for="{name}">{label}</label>' in html
        assert f'id="{name}" name="{name}"' in html


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code in (200, 400)
    return QUERIES.count


async def test_the_log_takes_the_same_number_of_queries_whatever_its_size(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, admin_user: Principal
) -> None:
    for n in range(3):
        await make_project(catalogue, title=f"Projekt {n}")
    await _fill(10, actor=admin_user)
    urls = [
        URL,
        f"{URL}?typ=project&handling=updated&q=h%C3%A4ndelse",
        f"{URL}?anvandare={admin_user.id}&fran=2026-01-01&till=2026-12-31&sida=2",
        f"{URL}?fran=fel",
    ]
    small = {url: await _queries_for(client, url) for url in urls}

    await _fill(490, actor=admin_user)
    for n in range(20):
        await personas.make_account(f"Person {n}", "reader", email=f"p{n}@kommun.example")
    large = {url: await _queries_for(client, url) for url in urls}

    assert large == small
    # The user, the accounts, the record types, the count, the page and the project titles.
    assert max(small.values()) <= 6, small


async def test_readers_and_editors_may_not_see_the_log(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    for user in (await personas.lo(), await personas.robin(), await personas.rut()):
        response = await client_as(user).get(URL)

        assert response.status_code == 403
        assert "Du har inte behörighet" in text_of(response.text)


async def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.get(URL, params={"typ": "project"})

    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?nasta=" + quote(
        "/admin/logg?typ=project", safe=""
    )


async def test_the_project_page_shows_its_own_history(
    client: httpx.AsyncClient, log: Log, catalogue: PhaseCatalogue
) -> None:
    other = await make_project(catalogue, title="Biblioteket som mötesplats")

    page = await client.get(f"/projekt/{log.project_id}")

    assert page.status_code == 200
    assert "Ändringslogg" in page.text
    history = text_of(page.text.split("Ändringslogg", 1)[1].split("</details>")[0])
    shown = [
        "2026-03-16 00:30 · Testanvändare Återställde projektet från arkivet.",
        "2026-03-15 00:30 · Testanvändare Ändrade titel, status.",
        "2026-03-14 23:30 · Testanvändare Skapade projektet i steget Ringa in.",
    ]
    positions = [history.find(entry) for entry in shown]
    assert -1 not in positions, history
    assert positions == sorted(positions)  # newest first
    assert "Loggade in." not in history
    assert other.title not in history
