"""Several people tick the same dialogue's checklist from pages opened at the same time: every
tick is kept, because a post changes only the items its user changed."""

import asyncio

import httpx

from tests.support import form_of, post_form
from tracker.accounts.permissions import Principal
from tracker.dialogues.tables import DialogueChecklistMark

from .factories import ClientAs, make_dialogue


async def test_people_ticking_different_items_keep_every_tick(
    client_as: ClientAs, admin_user: Principal
) -> None:
    dialogue = await make_dialogue()
    page, action = f"/dialoger/{dialogue.id}", f"/dialoger/{dialogue.id}/checklista"
    browsers = [client_as(admin_user) for _ in range(6)]
    html = [(await browser.get(page)).text for browser in browsers]
    forms = [form_of(text, action) for text in html]  # the first form: the phase Före
    items = [value.partition(":")[0] for value in forms[0]["shown"]][:6]

    answers = await asyncio.gather(
        *(
            post_form(browser, action, {**form, "done": [item]})
            for browser, form, item in zip(browsers, forms, items, strict=True)
        )
    )

    assert [answer.status_code for answer in answers] == [303] * 6
    marks = await DialogueChecklistMark.select(DialogueChecklistMark.item_key).where(
        (DialogueChecklistMark.dialogue == dialogue.id) & DialogueChecklistMark.done.eq(True)
    )
    assert {mark["item_key"] for mark in marks} == set(items)


async def test_a_page_opened_before_a_tick_does_not_untick_it(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    dialogue = await make_dialogue()
    page, action = f"/dialoger/{dialogue.id}", f"/dialoger/{dialogue.id}/checklista"
    first = form_of((await client.get(page)).text, action)
    items = [value.partition(":")[0] for value in first["shown"]]
    assert (await post_form(client, action, {**first, "done": [items[0]]})).status_code == 303
    # Another page, opened before that tick, ticks a second item.
    other = client_as(admin_user)
    assert (await post_form(other, action, {**first, "done": [items[1]]})).status_code == 303

    marks = await DialogueChecklistMark.select(DialogueChecklistMark.item_key).where(
        (DialogueChecklistMark.dialogue == dialogue.id) & DialogueChecklistMark.done.eq(True)
    )
    assert {mark["item_key"] for mark in marks} == {items[0], items[1]}
