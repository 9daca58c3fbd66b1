"""The Jinja2 environment: Swedish formatting filters and the globals every page needs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from tracker.accounts.permissions import ROLE_LABELS, Access, Principal, allowed
from tracker.clock import SWEDISH_TIME
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.rules import STATUS_LABELS as COLLABORATION_STATUS_LABELS
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import (
    FEEDBACK_CHANNELS,
    IDEA_SOURCES,
    KIND_LABELS,
    LEDGER_LABELS,
    STATE_LABELS,
    days_overdue,
    ledger_status,
)
from tracker.insights.rules import CHANGE_STATUS_LABELS, SOURCE_LABELS, STRENGTH_LABELS
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import DECISION_LABELS, STATUS_LABELS
from tracker.text import PERSONAL_DATA_HINT


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


def number(value: int | float) -> str:
    """Swedish number format: space as thousands separator, decimal comma."""
    text = f"{value:,}".replace(",", "\u00a0")
    return text.replace(".", ",")


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


def signed_in_user(context: Mapping[str, Any]) -> Principal | None:
    request = context.get("request")
    user = request.scope.get("user") if request is not None else None
    return user if isinstance(user, Principal) else None


def may(context: Mapping[str, Any], access: str) -> bool:
    """Whether the signed-in user has an access that needs no record, e.g. may("create")."""
    return allowed(signed_in_user(context), Access(access))


def template_config(
    directory: str,
    catalogue: PhaseCatalogue,
    dialogue_lists: DialogueLists,
    collaboration_lists: CollaborationLists | None = None,
) -> TemplateConfig[JinjaTemplateEngine]:
    def configure(engine: JinjaTemplateEngine) -> None:
        env: Environment = engine.engine
        env.filters.update(iso_date=iso_date, local_time=local_time, number=number)
        env.globals.update(
            catalogue=catalogue,
            status_labels=STATUS_LABELS,
            decision_labels=DECISION_LABELS,
            role_labels=ROLE_LABELS,
            change_status_labels=CHANGE_STATUS_LABELS,
            strength_labels=STRENGTH_LABELS,
            source_labels=SOURCE_LABELS,
            dialogue_lists=dialogue_lists,
            state_labels=STATE_LABELS,
            kind_labels=KIND_LABELS,
            idea_sources=IDEA_SOURCES,
            feedback_channels=FEEDBACK_CHANNELS,
            ledger_labels=LEDGER_LABELS,
            ledger_status=ledger_status,
            days_overdue=days_overdue,
            personal_data_hint=PERSONAL_DATA_HINT,
            query=query,
            collaboration_lists=collaboration_lists,
            collaboration_status_labels=COLLABORATION_STATUS_LABELS,
        )
        engine.register_template_callable("flash_messages", flash_messages)
        engine.register_template_callable("signed_in_user", signed_in_user)
        engine.register_template_callable("may", may)
        env.trim_blocks = True
        env.lstrip_blocks = True

    return TemplateConfig(
        directory=directory, engine=JinjaTemplateEngine, engine_callback=configure
    )
