"""Organisations and collaborations over HTTP: forms with bad input, links visible from both
sides, the follow-up list, the organisation's history, archiving and the change log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import httpx
import pytest

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import today
from tracker.collaborations import contributions, follow_ups, links, organisations, register
from tracker.collaborations.forms import ContributionInput, FollowUpInput
from tracker.collaborations.tables import Collaboration, Contribution, Organisation
from tracker.phases.catalogue import PhaseCatalogue

from .factories import (
    ACTOR,
    collaboration_form,
    make_collaboration,
    make_organisation,
    organisation_form,
)


async def test_an_organisation_is_registered_and_shown(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/organisationer", organisation_form())

    assert response.status_code == 303
    organisation = await Organisation.objects().first()
    assert organisation is not None and organisation.org_number == "802456-7896"
    page = text_of((await client.get(response.headers["location"])).text)
    assert "Idrottsalliansen Norr" in page
    assert "802456-7896" in page
    entry = (
        await ChangeLogEntry.objects().where(ChangeLogEntry.entity_type == "organisation").first()
    )
    assert entry is not None and entry.actor_id is not None


async def test_bad_organisation_input_is_answered_beside_the_field(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(
        client, "/organisationer", organisation_form(org_number="802456-7891", contact="Kalle")
    )

    assert response.status_code == 422
    assert "kontrollsiffran" in field_error(response.text, "org_number")
    assert field_error(response.text, "contact")
    assert field_value(response.text, "org_number") == "802456-7891"
    assert field_value(response.text, "name") == "Idrottsalliansen Norr"
    assert await Organisation.count() == 0


async def test_a_duplicate_name_or_number_is_caught(client: httpx.AsyncClient) -> None:
    await make_organisation(name="Föreningen Läslust", org_number="802012-3454")

    same_name = await post_form(
        client, "/organisationer", organisation_form(name="föreningen läslust")
    )
    same_number = await post_form(
        client, "/organisationer", organisation_form(org_number="8020123454")
    )

    assert same_name.status_code == 422
    assert field_error(same_name.text, "name") == organisations.DUPLICATE_NAME
    assert same_number.status_code == 422
    assert field_error(same_number.text, "org_number") == organisations.DUPLICATE_NUMBER
    assert await Organisation.count() == 1


async def test_editing_an_organisation_to_its_own_name_is_no_duplicate(
    client: httpx.AsyncClient,
) -> None:
    organisation = await make_organisation()
    form = organisation_form(
        name="Föreningen Läslust",
        org_number="802012-3454",
        activity_area="Läsning",
        read_version=str(organisation.version),
    )

    response = await post_form(client, f"/organisationer/{organisation.id}/redigera", form)

    assert response.status_code == 303
    changed = await Organisation.objects().get(Organisation.id == organisation.id)
    assert changed.activity_area == "Läsning"


async def test_a_collaboration_is_registered_with_its_organisations(
    client: httpx.AsyncClient,
) -> None:
    first = await make_organisation()
    second = await make_organisation(name="Stiftelsen Ljus", org_number="", kind="stiftelse")

    response = await post_form(client, "/samverkan", collaboration_form([first.id, second.id]))

    assert response.status_code == 303
    page = text_of((await client.get(response.headers["location"])).text)
    assert "Lokal överenskommelse 2026" in page
    assert "Föreningen Läslust" in page and "Stiftelsen Ljus" in page


async def test_bad_collaboration_input_keeps_what_was_typed(client: httpx.AsyncClient) -> None:
    await make_organisation()

    response = await post_form(
        client,
        "/samverkan",
        collaboration_form([], start_date="2026-05-01", end_date="2026-04-01", form="okand"),
    )

    assert response.status_code == 422
    assert field_error(response.text, "organisation_ids") == (
        "Välj minst en organisation som samverkar."
    )
    assert field_error(response.text, "end_date") == "Slutdatumet kan inte vara före startdatumet."
    assert field_error(response.text, "form")
    assert field_value(response.text, "title") == "Lokal överenskommelse 2026"
    assert await Collaboration.count() == 0


async def test_contributions_follow_ups_and_their_bad_input(client: httpx.AsyncClient) -> None:
    collaboration = await make_collaboration()
    url = f"/samverkan/{collaboration.id}"

    bad = await post_form(
        client, f"{url}/insatser", {"party": "kommunen", "year": "2026", "amount": "-100"}
    )
    assert bad.status_code == 422
    assert "negativt" in field_error(bad.text, "c-amount")
    assert field_value(bad.text, "c-amount") == "-100"

    good = await post_form(
        client,
        f"{url}/insatser",
        {"party": "kommunen", "year": "2026", "amount": "150000", "in_kind": "Lokal"},
    )
    assert good.status_code == 303
    bad_date = await post_form(
        client, f"{url}/uppfoljningar", {"due_on": "2026-13-01", "what": "x"}
    )
    assert bad_date.status_code == 422
    assert field_error(bad_date.text, "f-due_on")
    await post_form(client, f"{url}/uppfoljningar", {"due_on": "2026-06-01", "what": "Avstämning"})

    page = text_of((await client.get(url)).text)
    assert "150 000 kr" in page
    assert "2026-06-01: Avstämning" in page
    assert await Contribution.count() == 1


async def test_marking_an_unknown_follow_up_done_is_404(client: httpx.AsyncClient) -> None:
    collaboration = await make_collaboration()
    other = await make_collaboration(title="Annan")
    await follow_ups.add_follow_up(other, FollowUpInput(date(2026, 1, 1), "Annan"), ACTOR)
    follow_up_id = (await register.collaboration_records(other)).follow_ups[0]["id"]

    response = await post_form(
        client, f"/samverkan/{collaboration.id}/uppfoljningar/{follow_up_id}/klar", {}
    )
    assert response.status_code == 404

    done = await post_form(client, f"/samverkan/{other.id}/uppfoljningar/{follow_up_id}/klar", {})
    assert done.status_code == 303


async def test_unknown_ids_are_404(client: httpx.AsyncClient) -> None:
    for path in ("/samverkan/999", "/organisationer/999", "/samverkan/99999999999"):
        assert (await client.get(path)).status_code == 404, path


async def test_links_to_projects_and_dialogues_show_on_both_sides(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    dialogue = await make_dialogue()
    collaboration = await make_collaboration()
    url = f"/samverkan/{collaboration.id}"

    assert (
        await post_form(client, f"{url}/projekt", {"project_id": str(project.id)})
    ).status_code == 303
    assert (
        await post_form(client, f"{url}/dialoger", {"dialogue_id": str(dialogue.id)})
    ).status_code == 303
    bad = await post_form(client, f"{url}/projekt", {"project_id": "abc"})
    assert bad.status_code == 422 and field_error(bad.text, "koppla-project_id")

    page = text_of((await client.get(url)).text)
    assert project.title in page and dialogue.title in page
    assert "Läxhjälp på biblioteket" in text_of((await client.get(f"/projekt/{project.id}")).text)
    assert "Läxhjälp på biblioteket" in text_of((await client.get(f"/dialoger/{dialogue.id}")).text)

    await post_form(client, f"{url}/projekt/{project.id}/ta-bort", {})
    # The project's change log keeps the link and its removal; its list of collaborations
    # no longer has it.
    project_page = (await client.get(f"/projekt/{project.id}")).text
    collaborations = project_page.split('id="samverkan"')[1].split("</section>")[0]
    assert "Läxhjälp på biblioteket" not in text_of(collaborations)


async def test_the_organisation_page_shows_its_whole_history(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    organisation = await make_organisation()
    collaboration = await make_collaboration([organisation.id])
    project = await make_project(catalogue)
    await links.link_project(collaboration, project.id, ACTOR)
    for year, amount in ((2026, 10000), (2026, 5000), (2027, 20000)):
        await contributions.add_contribution(
            collaboration,
            ContributionInput(organisation.id, year, amount, "Volontärer"),
            ACTOR,
            "x",
        )
    await contributions.add_contribution(
        collaboration, ContributionInput(None, 2027, 70000, ""), ACTOR, "kommunen"
    )

    page = text_of((await client.get(f"/organisationer/{organisation.id}")).text)

    assert "Läxhjälp på biblioteket" in page
    assert project.title in page
    assert "2026 15 000 kr" in page
    assert "2027 20 000 kr Volontärer 70 000 kr" in page
    assert "Totalt 35 000 kr 70 000 kr" in page


async def test_the_follow_up_list_is_sorted_with_overdue_marked(client: httpx.AsyncClient) -> None:
    soon = await make_collaboration(title="Snart", renewal_date=None)
    late = await make_collaboration(title="Sen", renewal_date=date(2099, 1, 1))
    await make_collaboration(title="Avslutad", status="ended", renewal_date=date(2020, 1, 1))
    await follow_ups.add_follow_up(
        soon, FollowUpInput(date(2020, 3, 1), "Gammal avstämning"), ACTOR
    )
    await follow_ups.add_follow_up(late, FollowUpInput(date(2098, 3, 1), "Framtida"), ACTOR)

    response = await client.get("/samverkan/uppfoljning")

    page = text_of(response.text)
    assert page.index("Gammal avstämning") < page.index("Framtida") < page.index("2099-01-01")
    assert "2020-03-01 Passerat" in page
    assert (
        "Avslutad"
        not in page.split("Uppföljningar och förnyelser", 2)[-1].split("Förvaltning", 1)[-1]
    )
    items = await follow_ups.agenda(today())
    assert [item["what"] for item in items][:1] == ["Gammal avstämning"]


async def test_the_register_filters_by_form_status_department_and_year(
    client: httpx.AsyncClient,
) -> None:
    organisation = await make_organisation()
    await make_collaboration([organisation.id], title="Bidrag A", form="foreningsbidrag")
    await make_collaboration(
        [organisation.id],
        title="Forum B",
        form="dialogforum",
        status="ended",
        department="Socialförvaltningen",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
        renewal_date=None,
    )

    def titles(html: str) -> set[str]:
        return {t for t in ("Bidrag A", "Forum B") if t in text_of(html)}

    assert titles((await client.get("/samverkan?form=foreningsbidrag")).text) == {"Bidrag A"}
    assert titles((await client.get("/samverkan?status=ended")).text) == {"Forum B"}
    assert titles((await client.get("/samverkan?forvaltning=Socialförvaltningen")).text) == {
        "Forum B"
    }
    assert titles((await client.get("/samverkan?ar=2024")).text) == {"Forum B"}
    assert titles((await client.get("/samverkan?ar=2026")).text) == {"Bidrag A"}
    assert titles((await client.get("/samverkan?q=forum")).text) == {"Forum B"}
    assert titles((await client.get("/samverkan?form=okand&status=x&ar=abc")).text) == {
        "Bidrag A",
        "Forum B",
    }


async def test_archiving_hides_and_keeps_and_is_logged(client: httpx.AsyncClient) -> None:
    collaboration = await make_collaboration()
    organisation_id = (await Organisation.objects().first()).id

    assert (
        await post_form(client, f"/samverkan/{collaboration.id}/arkivera", {})
    ).status_code == 303
    assert (
        await post_form(client, f"/organisationer/{organisation_id}/arkivera", {})
    ).status_code == 303

    assert "Läxhjälp på biblioteket" not in text_of((await client.get("/samverkan")).text)
    assert "Läxhjälp på biblioteket" in text_of((await client.get("/samverkan?arkiverade=ja")).text)
    assert (await client.get(f"/samverkan/{collaboration.id}")).status_code == 200
    actions = {
        row["action"]
        for row in await ChangeLogEntry.select(ChangeLogEntry.action).where(
            ChangeLogEntry.entity_type.is_in(["collaboration", "organisation"])
        )
    }
    assert {"created", "archived"} <= actions
    await post_form(client, f"/samverkan/{collaboration.id}/aterstall", {})
    assert "Läxhjälp på biblioteket" in text_of((await client.get("/samverkan")).text)


async def test_editing_a_collaboration_records_what_changed(client: httpx.AsyncClient) -> None:
    first = await make_organisation()
    second = await make_organisation(name="Stiftelsen Ljus", org_number="", kind="stiftelse")
    collaboration = await make_collaboration([first.id])

    response = await post_form(
        client,
        f"/samverkan/{collaboration.id}/redigera",
        collaboration_form(
            [second.id],
            title="Nytt namn",
            status="ongoing",
            read_version=str(collaboration.version),
        ),
    )

    assert response.status_code == 303
    entry = await (
        ChangeLogEntry.objects()
        .where(ChangeLogEntry.action == "updated")
        .first()
        .output(load_json=True)
    )
    assert entry.changes["organisations"] == [["Föreningen Läslust"], ["Stiftelsen Ljus"]]
    assert entry.changes["title"] == ["Läxhjälp på biblioteket", "Nytt namn"]
    assert await register.organisation_ids_of(collaboration.id) == [second.id]


async def test_an_editor_who_is_not_a_member_may_not_edit_but_may_edit_organisations(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    robin = await personas.robin()
    kim = await personas.kim()
    collaboration = await make_collaboration(actor=robin)
    organisation_id = (await Organisation.objects().first()).id
    as_kim = client_as(kim)

    page = await as_kim.get(f"/samverkan/{collaboration.id}")
    assert "Ändra samverkan" not in page.text
    assert (await as_kim.get(f"/samverkan/{collaboration.id}/redigera")).status_code == 403
    assert (await as_kim.get(f"/organisationer/{organisation_id}/redigera")).status_code == 200
    assert "Ändra samverkan" in (await client_as(robin).get(f"/samverkan/{collaboration.id}")).text


async def test_with_many_dialogues_the_collaboration_page_offers_a_name_search(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.web import choices

    monkeypatch.setattr(choices, "LIMIT", 2)
    for title in ("Budgetdialog 2026", "Cykelplanen", "Dialog om Mörby centrum"):
        await make_dialogue(title=title)
    collaboration = await make_collaboration()

    url = f"/samverkan/{collaboration.id}/dialoger/ny"
    page = await client.get(url)
    assert "Visar 2 av 3. Sök på namnet för att hitta fler." in text_of(page.text)
    assert ">Dialog om Mörby centrum</option>" not in page.text

    found = await client.get(url, params={"sok": "mörby"})
    assert ">Dialog om Mörby centrum</option>" in found.text
    assert ">Cykelplanen</option>" not in found.text
