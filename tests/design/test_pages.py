"""The design pages through the real app: saving, refusing bad input beside the field with what
was typed kept, editing with a version, images served safely, and unknown ids."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.design.factories import make_design, make_insight, make_prototype, png_bytes
from tests.factories import make_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import today
from tracker.design.tables import DesignTest, Hypothesis, PrototypeImage, PrototypeVersion
from tracker.phases.catalogue import PhaseCatalogue

KEY = "abcdefghijklmnop1234"


async def test_the_project_page_links_to_the_design_page_and_shows_the_gallery(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    page = await client.get(f"/projekt/{project.id}")
    assert f'href="/projekt/{project.id}/design"' in page.text
    assert f'src="/prototypbilder/{made["version_id"]}"' in page.text
    assert 'alt="Ett sms på en mobilskärm"' in page.text
    design = await client.get(f"/projekt/{project.id}/design")
    text = text_of(design.text)
    assert "Om vi skickar en påminnelse två veckor före, så kommer fler ansökningar" in text
    assert "Sökande glömmer sista dagen" in text
    assert "Hypotes 1: stödd" in text


async def test_a_hypothesis_is_saved_once_per_form(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    insight = await make_insight(project.id)
    form = {
        "if_we": "skickar sms",
        "outcome": "fler svarar",
        "because": "de glömmer",
        "insight": str(insight),
        "once": KEY,
    }
    first = await post_form(client, f"/projekt/{project.id}/hypoteser", form)
    again = await post_form(client, f"/projekt/{project.id}/hypoteser", form)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == f"/projekt/{project.id}/design#hypoteser"
    assert await Hypothesis.count() == 1
    entry = await ChangeLogEntry.select().where(ChangeLogEntry.entity_type == "hypothesis").first()
    assert entry["action"] == "created"


async def test_a_hypothesis_without_an_insight_comes_back_with_the_message(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await make_insight(project.id)
    form = {"if_we": "skickar sms", "outcome": "", "because": "de glömmer"}
    response = await post_form(client, f"/projekt/{project.id}/hypoteser", form)
    assert response.status_code == 422
    assert (
        field_error(response.text, "hyp-outcome")
        == "Skriv vad ni tror kommer att hända: ”så kommer …”."
    )
    assert "Välj minst en av projektets insikter" in (
        field_error(response.text, "hyp-insights") or ""
    )
    assert field_value(response.text, "hyp-if_we") == "skickar sms"
    assert await Hypothesis.count() == 0


async def test_editing_a_hypothesis_keeps_a_newer_save(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    url = f"/projekt/{project.id}/hypoteser/{made['hypothesis_id']}/redigera"
    page = await client.get(url)
    assert page.status_code == 200
    assert 'name="read_version" value="1"' in page.text
    form = {
        "if_we": "skickar sms",
        "outcome": "fler svarar",
        "because": "de glömmer",
        "insight": str(made["insight"]),
        "read_version": "1",
    }
    assert (await post_form(client, url, form)).status_code == 303
    stale = await post_form(client, url, form | {"because": "annat skäl"})
    assert stale.status_code == 409
    assert "Någon annan har ändrat hypotesen" in text_of(stale.text)
    row = await Hypothesis.select(Hypothesis.because, Hypothesis.version).first()
    assert row == {"because": "de glömmer", "version": 2}


async def test_a_version_with_an_image_is_stored_re_encoded_and_served_safely(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    prototype = await make_prototype(project.id)
    url = f"/projekt/{project.id}/prototyper/{prototype}/versioner"
    form = {"description": "Skiss", "made_on": "2026-02-01", "image_alt": "En skiss", "once": KEY}
    files = {"image": ("../../etc/passwd.png", png_bytes() + b"<script>", "image/png")}
    response = await post_form(client, url, form, files=files)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/prototyper/{prototype}#versioner"
    version = await PrototypeVersion.select().first()
    assert version["image_type"] == "image/png" and version["image_alt"] == "En skiss"
    served = await client.get(f"/prototypbilder/{version['id']}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["cache-control"] == "private, max-age=3600"
    assert "passwd" not in served.headers["content-disposition"]
    assert served.content.startswith(b"\x89PNG") and b"<script>" not in served.content
    page = await client.get(f"/prototyper/{prototype}")
    assert "Version 1, 2026-02-01" in text_of(page.text)


async def test_a_file_that_is_no_image_comes_back_with_the_message(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    prototype = await make_prototype(project.id)
    url = f"/projekt/{project.id}/prototyper/{prototype}/versioner"
    form = {"description": "Skiss", "made_on": "2026-02-01", "image_alt": "En skiss"}
    files = {"image": ("bild.png", b"<svg onload=alert(1)>", "image/png")}
    response = await post_form(client, url, form, files=files)
    assert response.status_code == 422
    assert "ingen bild" in (field_error(response.text, "ver-image") or "")
    assert field_value(response.text, "ver-description") == "Skiss"
    assert await PrototypeVersion.count() == 0 and await PrototypeImage.count() == 0
    no_alt = await post_form(
        client, url, form | {"image_alt": ""}, files={"image": ("b.png", png_bytes(), "image/png")}
    )
    assert no_alt.status_code == 422
    assert field_error(no_alt.text, "ver-image_alt")


def _test_form(made: dict[str, int], **overrides: str) -> dict[str, str]:
    values = {
        "step": "testa-ideer",
        "prototype_version": str(made["version_id"]),
        "method": "Rollspel",
        "tested_on": "2026-02-20",
        "target_group": "sökande i villa",
        "participants": "5",
        "observations": "Tre av fem hittade länken.",
        "decision": "pilot",
        f"result-{made['hypothesis_id']}": "not_supported",
    }
    return values | overrides


async def test_a_test_is_registered_and_shown(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    new = await client.get(f"/projekt/{project.id}/tester/ny")
    assert new.status_code == 200
    response = await post_form(client, f"/projekt/{project.id}/tester", _test_form(made))
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    text = text_of(page.text)
    assert "Beslut: Gå vidare till pilot / Förverkliga" in text
    assert "sökande i villa, 5 deltagare" in text
    assert "Inte stödd" in text
    assert await DesignTest.count() == 2


async def test_a_test_with_a_future_date_or_a_name_comes_back_with_the_messages(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    form = _test_form(made, tested_on=tomorrow, observations="Anna Andersson hittade inte länken.")
    response = await post_form(client, f"/projekt/{project.id}/tester", form)
    assert response.status_code == 422
    assert field_error(response.text, "tested_on")
    assert "ser ut som ett namn" in (field_error(response.text, "observations") or "")
    assert 'name="observations-inget-namn"' in response.text
    assert field_value(response.text, "method") == "Rollspel"
    assert await DesignTest.count() == 1


async def test_editing_a_test_saves_and_logs(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    url = f"/projekt/{project.id}/tester/{made['test_id']}/redigera"
    page = await client.get(url)
    assert field_value(page.text, "method") == "Pappersprototyp i rollspel"
    response = await post_form(client, url, _test_form(made, read_version="1"))
    assert response.status_code == 303
    actions = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        ChangeLogEntry.entity_type == "design_test"
    )
    assert [row["action"] for row in actions] == ["created", "updated"]


async def test_unknown_ids_and_other_projects_records_are_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project, other = await make_project(catalogue), await make_project(catalogue)
    made = await make_design(project.id)
    for url in [
        "/projekt/999/design",
        "/prototyper/999",
        "/prototypbilder/999",
        "/tester/999",
        f"/projekt/{other.id}/hypoteser/{made['hypothesis_id']}/redigera",
        f"/projekt/{other.id}/tester/{made['test_id']}/redigera",
        f"/projekt/{other.id}/prototyper/{made['prototype_id']}/redigera",
        f"/projekt/{2**40}/tester/ny",
        "/projekt/999/designhistorik",
        f"/prototyper/{2**40}",
    ]:
        assert (await client.get(url)).status_code == 404, url
    posted = await post_form(
        client, f"/projekt/{other.id}/prototyper/{made['prototype_id']}/versioner", {}
    )
    assert posted.status_code == 404


async def test_an_archived_projects_design_pages_offer_no_forms(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    live = await client.get(f"/projekt/{project.id}/design")
    assert "<form" in live.text.split('<main id="main"')[1]
    archived = await post_form(client, f"/projekt/{project.id}/arkivera", {})
    assert archived.status_code == 303
    for path in (
        f"/projekt/{project.id}/design",
        f"/prototyper/{made['prototype_id']}",
        f"/tester/{made['test_id']}",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        main = page.text.split('<main id="main"')[1]
        assert 'method="post"' not in main, path
