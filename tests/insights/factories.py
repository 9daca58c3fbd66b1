"""Chains for tests: evidence from a source, insights, changes."""

from __future__ import annotations

from datetime import date

from tests.factories import ACTOR
from tracker.accounts.permissions import Principal
from tracker.insights import services
from tracker.insights.changes import services as change_services


async def evidence_from(
    source_id: int,
    text: str = "Gångvägen vid skolan är mörk",
    *,
    source_type: str = "dialogue",
    internal: bool = False,
    actor: Principal = ACTOR,
) -> int:
    return await services.add_evidence(
        source_type=source_type,
        source_id=source_id,
        text=text,
        speaker_category="förälder, 30–44 år",
        internal=internal,
        actor=actor,
    )


async def insight_on(
    evidence_ids: list[int],
    statement: str = "Föräldrar känner sig otrygga på skolvägen",
    *,
    themes: list[str] | None = None,
    actor: Principal = ACTOR,
) -> int:
    return await services.create_insight(
        statement=statement,
        target_group="Föräldrar",
        evidence_ids=evidence_ids,
        themes=themes,
        actor=actor,
    )


async def change_in(
    project_id: int, title: str = "Belysning på skolvägen", *, actor: Principal = ACTOR
) -> int:
    return await change_services.create_change(
        project_id=project_id,
        title=title,
        description="",
        status_on=date(2026, 3, 1),
        actor=actor,
    )


async def ask_review(dialogue_id: int, editor: Principal) -> Principal:
    """Send the saved draft for review, asking an administrator made for it (administrators may
    always review); returns that reviewer."""
    from secrets import token_hex

    from tests.personas import make_account
    from tracker.insights.publication import services as publication

    reviewer = await make_account(
        "Gun Granskare", "admin", email=f"gun-{token_hex(4)}@kommun.example"
    )
    await publication.request_review(dialogue_id, editor, reviewer_ids=[str(reviewer.id)])
    return reviewer
