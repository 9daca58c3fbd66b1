"""The Jinja2 environment: Swedish formatting filters and the globals every page needs.

The areas' own globals (their labels and lists) are handed in by the app factory, so that this
module, in the bottom layer, knows no area.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from tracker.clock import SWEDISH_TIME
from tracker.privacy import PERSONAL_DATA_HINT
from tracker.readability import measure
from tracker.web.counting import counted, number
from tracker.web.fragments import PageTemplate


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(SWEDISH_TIME).date().isoformat()
    return value.isoformat()


def local_time(value: datetime | None) -> str:
    """2026-03-15 14:05, in Swedish time."""
    if value is None:
        return ""
    return value.astimezone(SWEDISH_TIME).strftime("%Y-%m-%d %H:%M")


def query(current: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (None or '' removes one)."""
    merged = {**current, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "", False)})


def flash_messages(context: Mapping[str, Any]) -> list[dict[str, str]]:
    """Messages saved with litestar's `flash()`, read once; none where no session ran (404s)."""
    request = context.get("request")
    session = request.scope.get("session") if request is not None else None
    if not isinstance(session, dict):  # no session ran (404s), or it was just cleared
        return []
    return session.pop("_messages", [])


# A callable a template calls with its context first, as `may("create")`.
ContextCallable = Callable[..., Any]


def new_once_key() -> str:
    """A fresh one-time key for a create form (tracker/accounts/once.py)."""
    return secrets.token_urlsafe(24)


def template_config(
    directory: str,
    globals: Mapping[str, Any],
    callables: Mapping[str, ContextCallable] | None = None,
) -> TemplateConfig[JinjaTemplateEngine]:
    """The template engine with the areas' `globals` and context `callables` added."""

    def configure(engine: JinjaTemplateEngine) -> None:
        env: Environment = engine.engine
        env.filters.update(iso_date=iso_date, local_time=local_time, number=number, counted=counted)
        env.globals.update(
            personal_data_hint=PERSONAL_DATA_HINT,
            query=query,
            readability=measure,
            new_once_key=new_once_key,
        )
        env.globals.update(globals)
        engine.register_template_callable("flash_messages", flash_messages)
        for name, function in (callables or {}).items():
            engine.register_template_callable(name, function)
        env.template_class = PageTemplate  # an htmx request gets only the fragment it swaps
        env.trim_blocks = True
        env.lstrip_blocks = True

    return TemplateConfig(
        directory=directory, engine=JinjaTemplateEngine, engine_callback=configure
    )
