"""Sections of a record's page that areas above the record's own area fill in.

A project's page lists its dialogues, collaborations and insights; a dialogue's page its
partners and the changes it led to. Those areas sit above projects and dialogues, so the page
cannot import them. Instead each area hands the app factory its panels (async functions that
return what their section of the page needs), the factory keeps them in the app's state, and
the page asks for the panels of its kind of record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from litestar import Request

from tracker.web.forms import Fields

STATE_KEY = "panels"


@dataclass(frozen=True, slots=True)
class PanelRequest:
    """What a panel is given: the page's request, its record and the forms it shows again."""

    request: Request[Any, Any, Any]
    record: Any  # the Project, Dialogue or Collaboration whose page it is
    can_edit: bool
    forms: Mapping[str, Fields]

    def form(self, name: str, default: Fields | None = None) -> Fields:
        """The form as posted (with its errors), or a blank one."""
        return self.forms.get(name) or default or Fields({})

    @property
    def just_saved(self) -> str:
        return self.request.query_params.get("sparat", "")


Panel = Callable[[PanelRequest], Awaitable[dict[str, Any]]]


async def panel_context(
    request: Request[Any, Any, Any],
    kind: str,
    record: Any,
    *,
    can_edit: bool,
    forms: Mapping[str, Fields],
) -> dict[str, Any]:
    """The context of every panel the app has for pages of this kind of record."""
    panels: Mapping[str, Sequence[Panel]] = request.app.state.get(STATE_KEY, {})
    asked = PanelRequest(request, record, can_edit, forms)
    context: dict[str, Any] = {}
    for panel in panels.get(kind, ()):
        context |= await panel(asked)
    return context
