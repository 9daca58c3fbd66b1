"""A form that opens on demand from a record's page, on a page of its own (issue 14).

Every such page has one frame (templates/_form_page.html): breadcrumbs back through the list
to the record, the form's heading, the record's name, and the block that htmx loads in place
of the record's button (tracker/web/fragments.py). The record's kind (tracker/kinds.py) says
which list and which part of the menu. The forms are the areas' own: a project's iteration, a
dialogue's session, a record's members and links, the evidence and insights of a source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.response import Template

from tracker.kinds import KINDS


@dataclass(frozen=True, slots=True)
class Frame:
    title: str  # the record's title: the breadcrumb back to it, and the page's lead
    url: str  # the record's page
    section: str  # the part of the site the record's page is in (the menu's item)
    list_page: tuple[str, str] | None  # (name, address) of the list the record is reached from


def form_page(
    template: str,
    kind: str,
    title: str,
    url: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> Template:
    """The page of a form of the record of `kind` called `title` at `url`: its template
    extends templates/_form_page.html and sets `form_title`."""
    record_kind = KINDS[kind]
    frame = Frame(title, url, record_kind.section, record_kind.list_page)
    return Template(template, context={"frame": frame} | context, status_code=status)
