"""The shapes the JSON API answers with. Litestar documents them in the OpenAPI schema.

Codes (status, step, state, level, kind, form) are the stable keys stored in the database;
each has a `…_label` beside it with the Swedish name the pages show. Nothing here names a
resident: evidence is de-identified by rule, and evidence marked internal is never included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class ApiError:
    status_code: int
    detail: str


@dataclass(frozen=True, slots=True)
class ProjectOut:
    id: int
    title: str
    challenge: str
    target_group: str
    department: str
    board: str
    lead: str
    status: str
    status_label: str
    current_step: str
    current_step_label: str
    iterations: int
    start_date: date
    planned_end: date | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DialogueOut:
    id: int
    title: str
    kind: str
    kind_label: str
    question: str
    board: str
    department: str
    purpose: str
    target_groups: str
    state: str
    state_label: str
    level_promised: str | None
    level_promised_label: str
    level_achieved: str | None
    level_achieved_label: str
    methods: list[str]
    participants: int
    decided_on: date | None
    feedback_due: date | None
    feedback_to_residents_on: date | None
    feedback_to_board_on: date | None
    feedback_status: str | None
    feedback_status_label: str
    project_ids: list[int]
    diarienummer: str | None
    registered_on: date | None
    secrecy: str
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class OrganisationOut:
    id: int
    name: str
    org_number: str
    kind: str
    kind_label: str
    activity_area: str
    idea_based: bool
    contact: str
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CollaborationOut:
    id: int
    title: str
    form: str
    form_label: str
    organisation_ids: list[int]
    goal: str
    department: str
    contact_role: str
    start_date: date
    end_date: date | None
    renewal_date: date | None
    status: str
    status_label: str
    project_ids: list[int]
    dialogue_ids: list[int]
    diarienummer: str | None
    registered_on: date | None
    secrecy: str
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class InsightOut:
    id: int
    statement: str
    target_group: str
    themes: list[str]
    evidence_count: int
    project_ids: list[int]
    change_ids: list[int]
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceOut:
    """A de-identified quote or observation: a speaker category, never a name."""

    id: int
    text: str
    speaker_category: str
    source_type: str
    source_id: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class InsightDetailOut:
    insight: InsightOut
    evidence: list[EvidenceOut]


@dataclass(frozen=True, slots=True)
class ServiceChangeOut:
    id: int
    title: str
    description: str
    project_id: int
    status: str
    status_label: str
    status_on: date
    closed_reason: str
    insight_ids: list[int]
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ProjectPage:
    items: list[ProjectOut]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class DialoguePage:
    items: list[DialogueOut]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class OrganisationPage:
    items: list[OrganisationOut]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class CollaborationPage:
    items: list[CollaborationOut]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class InsightPage:
    items: list[InsightOut]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ServiceChangePage:
    items: list[ServiceChangeOut]
    total: int
    limit: int
    offset: int
