"""Who may use the insight chain's routes (read by tests/test_route_access.py)."""

from __future__ import annotations

from datetime import date

from tracker.accounts.permissions import Principal
from tracker.db import fetch_rows
from tracker.insights import services
from tracker.insights.changes import services as change_services

ACCESS: dict[tuple[str, str], str] = {
    # Where the chain is broken (the gap views): any signed-in user.
    ("GET", "/kedjan"): "read",
    # Capturing evidence and insights on a source's page: the source's members.
    ("POST", "/dialoger/{dialogue_id}/underlag"): "edit",
    ("POST", "/dialoger/{dialogue_id}/underlag/{evidence_id}/arkivera"): "edit",
    ("POST", "/samverkan/{collaboration_id}/underlag/{evidence_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/underlag/{evidence_id}/arkivera"): "edit",
    ("POST", "/dialoger/{dialogue_id}/insikter/ny"): "edit",
    ("POST", "/samverkan/{collaboration_id}/underlag"): "edit",
    ("POST", "/samverkan/{collaboration_id}/insikter/ny"): "edit",
    ("POST", "/projekt/{project_id}/underlag"): "edit",
    ("POST", "/projekt/{project_id}/insikter/ny"): "edit",
    # Their forms, each on its own page (issue 14): the source's members.
    ("GET", "/dialoger/{dialogue_id}/underlag/ny"): "edit",
    ("GET", "/dialoger/{dialogue_id}/insikter/ny"): "edit",
    ("GET", "/samverkan/{collaboration_id}/underlag/ny"): "edit",
    ("GET", "/samverkan/{collaboration_id}/insikter/ny"): "edit",
    ("GET", "/projekt/{project_id}/underlag/ny"): "edit",
    ("GET", "/projekt/{project_id}/insikter/ny"): "edit",
    # Following the chain: every signed-in user.
    ("GET", "/dialoger/{dialogue_id}/kedjan"): "read",
    ("GET", "/samverkan/{collaboration_id}/kedjan"): "read",
    ("GET", "/insikter"): "read",
    ("GET", "/insikter/{insight_id}"): "read",
    ("GET", "/forandringar"): "read",
    ("GET", "/forandringar/{change_id}"): "read",
    ("GET", "/teman"): "read",
    ("GET", "/teman/forslag"): "read",
    # An insight belongs to its source's team (the members of a record whose evidence backs
    # it); themes are shared by everyone, so only administrators rename or merge them.
    ("POST", "/insikter/{insight_id}"): "edit",
    ("POST", "/teman/{theme_id}/namn"): "admin",
    ("POST", "/teman/{theme_id}/sla-ihop"): "admin",
    # A project's use of insights and its changes: the project's members.
    ("POST", "/projekt/{project_id}/insikter"): "edit",
    ("POST", "/projekt/{project_id}/insikter/{insight_id}/ta-bort"): "edit",
    ("POST", "/projekt/{project_id}/forandringar"): "edit",
    ("POST", "/projekt/{project_id}/forandringar/{change_id}/status"): "edit",
    ("POST", "/projekt/{project_id}/forandringar/{change_id}/insikter"): "edit",
    (
        "POST",
        "/projekt/{project_id}/forandringar/{change_id}/insikter/{insight_id}/ta-bort",
    ): "edit",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """An insight from the dialogue, used in the project, and a change of the project built on
    it; the insight has a theme."""
    evidence = await services.add_evidence(
        source_type="dialogue",
        source_id=ids["dialogue_id"],
        text="Det är mörkt på vägen till skolan.",
        speaker_category="förälder, 30–44 år",
        internal=False,
        actor=robin,
    )
    insight = await services.create_insight(
        statement="Föräldrar känner sig otrygga på skolvägen",
        target_group="Föräldrar",
        evidence_ids=[evidence],
        themes=["Trygghet"],
        actor=robin,
    )
    await services.use_in_project(insight, ids["project_id"], None, robin)
    change = await change_services.create_change(
        project_id=ids["project_id"],
        title="Belysning på skolvägen",
        description="",
        status_on=date(2026, 3, 1),
        actor=robin,
    )
    await change_services.address_insight(change, insight, 3, robin)
    theme = await fetch_rows("SELECT id FROM theme")
    return {
        "insight_id": insight,
        "change_id": change,
        "theme_id": theme[0]["id"],
        "evidence_id": evidence,
    }
