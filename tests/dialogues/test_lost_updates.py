"""Two people edit the same dialogue: a stale form never overwrites a newer save (409), and
the user's changes can be saved on top of the other person's."""

import httpx

from tests.support import field_value, form_of, post_form, text_of
from tracker.accounts.permissions import Principal

from .factories import ClientAs, make_dialogue, stored_dialogue


async def test_a_stale_edit_form_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    dialogue = await make_dialogue(title="Trygghet i centrum")
    url = f"/dialoger/{dialogue.id}/redigera"
    other = client_as(admin_user)  # a second browser
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    assert (await post_form(other, url, {**theirs, "title": "Trygg stadskärna"})).status_code == 303
    refused = await post_form(client, url, {**mine, "board": "Kultur- och fritidsnämnden"})

    assert refused.status_code == 409
    assert "Titel Trygg stadskärna" in text_of(refused.text)
    stored = await stored_dialogue(dialogue.id)
    assert stored.title == "Trygg stadskärna" and stored.board == dialogue.board
    assert field_value(refused.text, "board") == "Kultur- och fritidsnämnden"

    again = await post_form(client, url, form_of(refused.text, url))

    assert again.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert (stored.title, stored.board) == ("Trygg stadskärna", "Kultur- och fritidsnämnden")


async def test_a_stale_results_form_is_refused_and_keeps_what_was_typed(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    dialogue = await make_dialogue()
    action = f"/dialoger/{dialogue.id}/resultat"  # the form's own page, and where it posts
    other = client_as(admin_user)
    mine = form_of((await client.get(action)).text, action)
    theirs = form_of((await other.get(action)).text, action)

    first = await post_form(other, action, {**theirs, "results_summary": "Fler bänkar önskas."})
    assert first.status_code == 303
    refused = await post_form(client, action, {**mine, "results_summary": "Bättre belysning."})

    assert refused.status_code == 409
    assert "<h1>Ändra resultatet</h1>" in refused.text  # its own page again, not the dialogue's
    assert "Någon annan har ändrat resultatet" in text_of(refused.text)
    assert "Fler bänkar önskas." in text_of(refused.text)
    assert field_value(refused.text, "r-results_summary") == "Bättre belysning."
    assert (await stored_dialogue(dialogue.id)).results_summary == "Fler bänkar önskas."
    again = await post_form(client, action, form_of(refused.text, action))
    assert again.status_code == 303
    assert (await stored_dialogue(dialogue.id)).results_summary == "Bättre belysning."


async def test_the_edit_form_is_saved_over_a_results_save_it_did_not_touch(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/redigera"
    form = form_of((await client.get(url)).text, url)
    action = f"/dialoger/{dialogue.id}/resultat"
    results = form_of((await client.get(action)).text, action)
    await post_form(client, action, {**results, "results_summary": "Fler bänkar."})

    saved = await post_form(client, url, {**form, "title": "Ny titel"})

    assert saved.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert (stored.title, stored.results_summary) == ("Ny titel", "Fler bänkar.")


async def test_a_stale_level_achieved_form_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    dialogue = await make_dialogue(state="held")
    action = f"/dialoger/{dialogue.id}/niva"
    other = client_as(admin_user)
    mine = form_of((await client.get(action)).text, action)
    theirs = form_of((await other.get(action)).text, action)
    assert mine.get("read_version") == str(dialogue.version)
    first = await post_form(other, action, {**theirs, "level_achieved": "konsultation"})
    assert first.status_code == 303

    refused = await post_form(client, action, {**mine, "level_achieved": "inflytande"})

    assert refused.status_code == 409
    assert "Någon annan har sparat ändringar" in text_of(refused.text)
    assert "Någon annan har ändrat uppnådd nivå" in text_of(refused.text)  # what they chose
    assert form_of(refused.text, action)["level_achieved"] == "inflytande"  # as chosen
    assert (await stored_dialogue(dialogue.id)).level_achieved == "konsultation"
    again = await post_form(client, action, form_of(refused.text, action))
    assert again.status_code == 303
    assert (await stored_dialogue(dialogue.id)).level_achieved == "inflytande"
