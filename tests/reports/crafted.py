"""Crafted records around the edges of a report period (2026-01-01 – 2026-03-31), written
straight to the tables so every date is exactly what the test says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tracker.clock import SWEDISH_TIME, now
from tracker.collaborations.tables import (
    Collaboration,
    CollaborationOrganisation,
    Contribution,
    Organisation,
)
from tracker.dialogues.history import record_state
from tracker.dialogues.tables import Dialogue, DialogueFeedback, DialogueSession
from tracker.insights.tables import ChangeStatusEvent, Insight, ServiceChange
from tracker.projects.tables import Iteration, Project, StepMove

START, END = date(2026, 1, 1), date(2026, 3, 31)


@dataclass
class Ids:
    dialogues: dict[str, int] = field(default_factory=dict)
    collaborations: dict[str, int] = field(default_factory=dict)
    organisations: dict[str, int] = field(default_factory=dict)
    projects: dict[str, int] = field(default_factory=dict)
    iterations: dict[str, int] = field(default_factory=dict)
    moves: dict[str, int] = field(default_factory=dict)
    insights: dict[str, int] = field(default_factory=dict)
    changes: dict[str, int] = field(default_factory=dict)


def swedish(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SWEDISH_TIME)  # type: ignore[misc]


async def dialogue(
    name: str,
    *,
    state: str,
    sessions: tuple[date, ...] = (),
    promised: str | None = None,
    achieved: str | None = None,
    decided_on: date | None = None,
    feedback_due: date | None = None,
    resident_feedback: date | None = None,
    archived: bool = False,
    participants: int = 10,
) -> int:
    stamp = now()
    row = Dialogue(
        title=name,
        title_search=name.lower(),
        title_sort=name.lower(),
        question="q",
        kind="citizen",
        board="Kommunstyrelsen",
        department="KLK",
        idea_source="official",
        purpose="p",
        target_groups="t",
        related_decision="",
        state=state,
        level_promised=promised,
        level_achieved=achieved,
        decided_on=decided_on,
        decision_reference="KS" if decided_on else "",
        feedback_due=feedback_due,
        results_summary="",
        why_decision="",
        why_no_dialogue="",
        archived_at=stamp if archived else None,
        created_at=stamp,
        updated_at=stamp,
    )
    await row.save()
    for held_on in sessions:
        await DialogueSession.insert(
            DialogueSession(
                dialogue=row.id,
                held_on=held_on,
                place="Biblioteket",
                method="Café",
                participants=participants,
                breakdown={},
                created_at=stamp,
                created_by="Test",
            )
        )
    if resident_feedback:
        await DialogueFeedback.insert(
            DialogueFeedback(
                dialogue=row.id,
                audience="residents",
                given_on=resident_feedback,
                channel="web",
                text="Ni sa, vi gjorde.",
                reference="",
                created_at=stamp,
                created_by="Test",
            )
        )
    return int(row.id)


async def organisation(name: str, idea_based: bool = False) -> int:
    stamp = now()
    row = Organisation(
        name=name,
        name_search=name.lower(),
        name_sort=name.lower(),
        kind="ideell-forening",
        activity_area="",
        idea_based=idea_based,
        contact="",
        notes="",
        created_at=stamp,
        updated_at=stamp,
    )
    await row.save()
    return int(row.id)


async def collaboration(
    name: str, form: str, start: date, end: date | None, organisations: list[int]
) -> int:
    stamp = now()
    row = Collaboration(
        title=name,
        title_search=name.lower(),
        title_sort=name.lower(),
        form=form,
        goal="g",
        department="KLK",
        contact_role="r",
        start_date=start,
        end_date=end,
        status="ongoing",
        results="",
        created_at=stamp,
        updated_at=stamp,
    )
    await row.save()
    for org in organisations:
        await CollaborationOrganisation.insert(
            CollaborationOrganisation(collaboration=row.id, organisation=org)
        )
    return int(row.id)


async def contribution(
    collab: int, org: int | None, year: int, amount: int, in_kind: str = ""
) -> None:
    await Contribution.insert(
        Contribution(
            collaboration=collab,
            organisation=org,
            year=year,
            amount=amount,
            in_kind=in_kind,
            created_at=now(),
            created_by="Test",
        )
    )


async def project(name: str, start: date, step: str) -> int:
    stamp = now()
    row = Project(
        title=name,
        title_search=name.lower(),
        title_sort=name.lower(),
        challenge="c",
        target_group="t",
        department="KLK",
        board="KS",
        lead="l",
        start_date=start,
        status="ongoing",
        current_step=step,
        created_at=stamp,
        updated_at=stamp,
    )
    await row.save()
    return int(row.id)


async def iteration(project_id: int, started_on: date) -> int:
    row = Iteration(
        project=project_id,
        step="undersoka",
        started_on=started_on,
        methods="m",
        summary="s",
        learnings="l",
        decision="continue",
        created_at=now(),
        created_by="Test",
    )
    await row.save()
    return int(row.id)


async def move(
    project_id: int, from_step: str, to_step: str, at: datetime, on: date | None = None
) -> int:
    """A step move recorded at `at`, dated back to `on` when given (Gäller från)."""
    row = StepMove(
        project=project_id,
        from_step=from_step,
        to_step=to_step,
        reason="r",
        moved_at=at,
        moved_by="Test",
        moved_on=on,
    )
    await row.save()
    return int(row.id)


async def insight(statement: str, at: datetime) -> int:
    row = Insight(
        statement=statement,
        statement_search=statement.lower(),
        target_group="t",
        created_at=at,
        created_by="Test",
        updated_at=at,
    )
    await row.save()
    return int(row.id)


async def change(project_id: int, title: str, events: list[tuple[str, date]]) -> int:
    stamp = now()
    row = ServiceChange(
        project=project_id,
        title=title,
        description="d",
        status=events[-1][0],
        status_on=events[-1][1],
        closed_reason="",
        created_at=stamp,
        updated_at=stamp,
    )
    await row.save()
    for status, on in events:
        await ChangeStatusEvent.insert(
            ChangeStatusEvent(
                change=row.id,
                status=status,
                status_on=on,
                reason="",
                recorded_at=stamp,
                recorded_by="Test",
            )
        )
    return int(row.id)


async def logged(
    entity_type: str, entity_id: int, field: str, change: tuple[str, str], at: datetime
) -> None:
    """A change of one field written to the change log at a given moment, as the services do."""
    from tracker.audit.tables import ChangeLogEntry

    await ChangeLogEntry.insert(
        ChangeLogEntry(
            occurred_at=at,
            actor="Test",
            actor_id=None,
            entity_type=entity_type,
            entity_id=entity_id,
            action="state_changed",
            summary="Ändrade.",
            changes={field: list(change)},
        )
    )
    if entity_type == "dialogue" and field == "state":
        await record_state(
            entity_id, change[0], change[1], state_on=None, recorded_at=at, recorded_by="Test"
        )


async def period_edges() -> Ids:
    """Records on, just inside and just outside the period's first and last days."""
    ids = Ids()
    d = ids.dialogues
    d["last_day"] = await dialogue(
        "Held on the last day",
        state="fed_back",
        sessions=(END,),
        promised="dialog",
        achieved="konsultation",
        decided_on=date(2025, 11, 1),
        feedback_due=date(2026, 3, 15),
        resident_feedback=date(2026, 3, 10),
        participants=7,
    )
    d["day_after"] = await dialogue(
        "Held the day after",
        state="held",
        sessions=(date(2026, 4, 1),),
        promised="inflytande",
        decided_on=date(2025, 10, 1),
        feedback_due=date(2026, 4, 30),
    )
    # It became Genomförd after the period: at the period's end it was still Beslutad.
    await logged("dialogue", d["day_after"], "state", ("decided", "held"), swedish(2026, 4, 1, 9))
    d["first_day"] = await dialogue(
        "Held on the first day",
        state="held",
        sessions=(START,),
        promised="inflytande",
        achieved="inflytande",
        decided_on=date(2025, 12, 1),
        feedback_due=date(2026, 2, 28),
        participants=5,
    )
    d["day_before"] = await dialogue(
        "Held the day before",
        state="fed_back",
        sessions=(date(2025, 12, 31),),
        promised="konsultation",
        decided_on=date(2025, 12, 1),
        feedback_due=date(2025, 12, 20),
        resident_feedback=date(2026, 1, 5),
    )
    d["archived"] = await dialogue(
        "Archived",
        state="held",
        sessions=(date(2026, 2, 1),),
        promised="dialog",
        decided_on=date(2026, 1, 10),
        archived=True,
    )
    d["due_last_day"] = await dialogue(
        "Due on the last day",
        state="decided",
        promised="dialog",
        decided_on=date(2026, 3, 1),
        feedback_due=END,
        resident_feedback=date(2026, 4, 2),
    )

    o = ids.organisations
    o["idea"] = await organisation("Idéburen förening", idea_based=True)
    o["other"] = await organisation("Annan förening")
    o["outside"] = await organisation("Förening utanför perioden")
    c = ids.collaborations
    c["active"] = await collaboration(
        "Aktiv IOP", "iop", date(2025, 6, 1), None, [o["idea"], o["other"]]
    )
    c["ends_first_day"] = await collaboration(
        "Slutar första dagen", "dialogforum", date(2025, 1, 1), START, [o["other"]]
    )
    c["ended_before"] = await collaboration(
        "Slutade före", "iop", date(2025, 1, 1), date(2025, 12, 31), [o["outside"]]
    )
    c["starts_after"] = await collaboration(
        "Börjar efter", "iop", date(2026, 4, 1), None, [o["outside"]]
    )
    await contribution(c["active"], None, 2026, 100_000)
    await contribution(c["active"], o["idea"], 2026, 5_000, "Lokal två kvällar i veckan")
    await contribution(c["active"], None, 2025, 999)  # a year outside the period
    await contribution(c["ended_before"], None, 2026, 77)  # not active in the period

    p = ids.projects
    p["old"] = await project("Gammalt projekt", date(2025, 1, 1), "fokusera")
    p["last_day"] = await project("Startar sista dagen", END, "ringa-in")
    p["after"] = await project("Startar efter", date(2026, 4, 1), "ringa-in")
    ids.iterations["last_day"] = await iteration(p["old"], END)
    ids.iterations["after"] = await iteration(p["old"], date(2026, 4, 1))
    ids.iterations["first_day"] = await iteration(p["last_day"], START)
    m = ids.moves
    m["back_late_evening"] = await move(
        p["old"], "fokusera", "undersoka", swedish(2026, 3, 31, 23, 30)
    )
    m["forward"] = await move(p["old"], "undersoka", "fokusera", swedish(2026, 2, 1, 10, 0))
    m["back_after_midnight"] = await move(
        p["old"], "fokusera", "ringa-in", swedish(2026, 4, 1, 0, 30)
    )
    m["back_before_first"] = await move(
        p["old"], "fokusera", "ringa-in", swedish(2025, 12, 31, 23, 59)
    )
    ids.insights["in"] = await insight("Sent på sista dagen", swedish(2026, 3, 31, 23, 59))
    ids.insights["out"] = await insight("Strax efter midnatt", swedish(2026, 4, 1, 0, 1))
    ch = ids.changes
    ch["introduced"] = await change(
        p["old"],
        "Införd sista dagen",
        [("idea", date(2025, 12, 1)), ("testing", date(2026, 2, 1)), ("implemented", END)],
    )
    ch["after"] = await change(
        p["old"],
        "Införd dagen efter",
        [("idea", date(2026, 1, 10)), ("implemented", date(2026, 4, 1))],
    )
    ch["later"] = await change(p["old"], "Föreslagen efter perioden", [("idea", date(2026, 4, 2))])
    return ids


async def bulk(count: int) -> None:
    """Many more records of every kind inside the period (for query-count tests)."""
    for n in range(count):
        await dialogue(
            f"Extra {n}",
            state="held",
            sessions=(date(2026, 2, 1 + n % 27),),
            promised="dialog",
            decided_on=date(2026, 1, 2),
            feedback_due=date(2026, 3, 1),
            resident_feedback=date(2026, 2, 20),
        )
        org = await organisation(f"Extra förening {n}")
        collab = await collaboration(
            f"Extra samverkan {n}", "samrad", date(2026, 1, 1), None, [org]
        )
        await contribution(collab, org, 2026, 1000)
        proj = await project(f"Extra projekt {n}", date(2026, 1, 1), "testa-ideer")
        await iteration(proj, date(2026, 2, 2))
        await move(proj, "testa-ideer", "fokusera", swedish(2026, 2, 3, 12, 0))
        await insight(f"Extra insikt {n}", swedish(2026, 2, 4, 12, 0))
        await change(proj, f"Extra förändring {n}", [("idea", date(2026, 2, 5))])


def ids_of(figure: dict[str, Any]) -> list[int]:
    return list(figure["ids"])
