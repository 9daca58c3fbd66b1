"""The error summary above a form names the field of each message and links to it (issue 14):
two fields with the same message can be told apart."""

from __future__ import annotations

import re

import httpx

from tests.factories import make_project, project_form
from tests.support import post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.web.field_labels import labels_of
from tracker.web.templating import template_config


def _summary(html: str) -> list[tuple[str, str]]:
    box = re.search(r'<div class="error-summary".*?</ul>', html, flags=re.S)
    assert box, "no error summary"
    return [
        (href, text_of(text))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', box.group(0), flags=re.S)
    ]


async def test_each_line_names_its_field_and_links_to_it(client: httpx.AsyncClient) -> None:
    form = project_form(start_date="2026-02-30", planned_end="2026-13-01")
    response = await post_form(client, "/projekt", form)
    assert response.status_code == 422
    lines = dict(_summary(response.text))
    assert lines["#start_date"].startswith("Startdatum: ")
    assert lines["#planned_end"].startswith("Planerat slut")
    assert lines["#start_date"] != lines["#planned_end"]


async def test_a_form_with_a_prefix_on_a_record_page_names_its_fields(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    response = await post_form(
        client,
        f"/projekt/{project.id}/iterationer",
        {"started_on": "1999-01-01", "decision": "continue"},
    )
    assert response.status_code == 422
    lines = _summary(response.text)
    assert lines, response.text
    assert all(href.startswith("#it-") for href, _ in lines)
    assert all(":" in text for _, text in lines), lines


def test_labels_are_read_from_the_template_and_what_it_includes() -> None:
    environment = template_config("templates", {}, {}).engine_instance.engine
    labels = labels_of(environment, "projects/iteration.html")
    assert labels[("it-", "started_on")]
    assert labels_of(environment, None) == {}
