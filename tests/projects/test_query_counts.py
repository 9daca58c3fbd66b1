"""The list and the project page send the same number of SQL statements whatever the data size."""

from datetime import date, timedelta

import httpx

from tests.factories import make_project
from tracker.clock import now
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import ChecklistMark, Iteration, Project, StepMove


async def _add_projects(count: int, catalogue: PhaseCatalogue) -> None:
    stamp = now()
    steps = [phase.key for phase in catalogue]
    await Project.insert(
        *[
            Project(
                title=f"Projekt {n}",
                title_search=f"projekt {n}",
                challenge="c",
                target_group="t",
                department=f"Förvaltning {n % 7}",
                board="Nämnd",
                lead="Strateg",
                start_date=date(2025, 1, 1) + timedelta(days=n),
                planned_end=None,
                status="ongoing",
                current_step=steps[n % len(steps)],
                created_at=stamp,
                updated_at=stamp,
            )
            for n in range(count)
        ]
    )


async def _add_history(project_id: int, count: int) -> None:
    stamp = now()
    await Iteration.insert(
        *[
            Iteration(
                project=project_id,
                step="undersoka",
                started_on=date(2026, 1, 1),
                methods="m",
                summary=f"Varv {n}",
                learnings="l",
                decision="continue",
                created_at=stamp,
                created_by="Test",
            )
            for n in range(count)
        ]
    )
    await StepMove.insert(
        *[
            StepMove(
                project=project_id,
                from_step="fokusera",
                to_step="undersoka",
                reason="r",
                moved_at=stamp,
                moved_by="Test",
            )
            for _ in range(count)
        ]
    )


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200
    return QUERIES.count


async def test_pages_issue_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    await _add_projects(4, catalogue)
    await _add_history(project.id, 2)
    await ChecklistMark.insert(
        ChecklistMark(
            project=project.id,
            step="undersoka",
            item_key="intervjuer-gjorda",
            done=True,
            updated_at=now(),
            updated_by="Test",
        )
    )
    urls = ["/", "/projekt", "/projekt?q=projekt&sortera=title", f"/projekt/{project.id}"]
    small = {url: await _queries_for(client, url) for url in urls}

    await _add_projects(200, catalogue)
    await _add_history(project.id, 150)
    large = {url: await _queries_for(client, url) for url in urls}

    assert large == small
    # One query finds the signed-in user; the project page also lists members, editors, the
    # dialogues and the collaborations (samverkan) it is linked to, the insights it uses, its
    # changes, insights to pick from, its own research (evidence and insights), and its
    # hypotheses, prototypes and tests (one query).
    assert max(small.values()) <= 16, small
