"""The demo data: seven invented projects that show what the tracker can do."""

import httpx

from tests.support import text_of
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import ChecklistMark, Iteration, Project, StepMove
from tracker.seeding import is_empty, load_demo, read_demo
from tracker.settings import get_settings


async def _load(catalogue: PhaseCatalogue) -> int:
    assert await is_empty()
    created = await load_demo(read_demo(), catalogue, load_dialogue_lists(get_settings().lists_dir))
    assert not await is_empty()
    return created


async def test_the_demo_loads_seven_projects_into_an_empty_database(
    db: None, catalogue: PhaseCatalogue
) -> None:
    assert await _load(catalogue) == 7
    assert await Project.count() == 7
    assert await Iteration.count() > 7
    assert await ChecklistMark.count() > 0
    steps = {row["current_step"] for row in await Project.select(Project.current_step)}
    assert steps <= {phase.key for phase in catalogue}
    assert len(steps) >= 4  # the demo shows projects spread over the steps


async def test_one_demo_project_is_archived(db: None, catalogue: PhaseCatalogue) -> None:
    await _load(catalogue)

    archived = await Project.select().where(Project.archived_at.is_not_null())

    assert [row["title"] for row in archived] == ["Enklare att få rådgivning inför bygglov"]
    assert archived[0]["status"] == "closed"


async def test_one_demo_project_went_back_from_fokusera_to_undersoka_with_a_reason(
    db: None, catalogue: PhaseCatalogue
) -> None:
    await _load(catalogue)

    back = await StepMove.select(StepMove.all_columns(), StepMove.project.title).where(
        (StepMove.from_step == "fokusera") & (StepMove.to_step == "undersoka")
    )

    assert len(back) == 1
    assert back[0]["project.title"] == "Trygg start i hemtjänsten"
    assert back[0]["reason"].startswith("Vi har bara intervjuat personal.")


async def test_one_demo_project_is_paused(db: None, catalogue: PhaseCatalogue) -> None:
    await _load(catalogue)

    paused = await Project.select().where(Project.status == "paused")

    assert [row["title"] for row in paused] == ["Läxhjälp tillsammans med föreningslivet"]
    assert paused[0]["current_step"] == "ta-fram-ideer"


async def test_the_demo_events_keep_their_own_dates_and_authors(
    db: None, catalogue: PhaseCatalogue
) -> None:
    await _load(catalogue)

    project = await Project.objects().get(Project.title == "Trygg start i hemtjänsten")
    assert project is not None
    assert project.created_at.year == 2025
    iterations = (
        await Iteration.select().where(Iteration.project == project.id).order_by(Iteration.id)
    )
    assert {row["created_by"] for row in iterations} == {"Utvecklingsledare, äldreomsorgen"}
    assert iterations[0]["created_at"].year == 2025  # the first one logged


async def test_the_list_shows_the_six_demo_projects_that_are_not_archived(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await _load(catalogue)

    response = await client.get("/projekt")

    assert response.status_code == 200
    assert "6 projekt" in response.text
    assert "Enklare att få rådgivning inför bygglov" not in response.text
    project = await Project.objects().get(Project.title == "Trygg start i hemtjänsten")
    assert project is not None
    page = await client.get(f"/projekt/{project.id}")
    assert "Tillbaka från Fokusera till Undersöka" in page.text


async def test_the_demo_holds_the_report_back_to_kommunstyrelsen(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    from tracker.reports.tables import Report

    await _load(catalogue)
    reports = await Report.select(Report.id)
    assert len(reports) >= 1
    listing = await client.get("/rapporter")
    assert "Återrapportering av arbetet med medborgardialog" in listing.text
    version = await client.get(f"/rapporter/{reports[0]['id']}", follow_redirects=True)
    assert version.status_code == 200
    assert "Slutsatser" in version.text and "Förslag till åtgärder" in version.text
    assert "Kommunstyrelsens beslut 2024-04-22 (§ 69)" in text_of(version.text)
