"""Klarspråk advice before publishing: LIX, the longest sentences and long words."""

from __future__ import annotations

import httpx

from tests.dialogues.factories import make_dialogue
from tests.support import post_form, text_of
from tracker.readability import measure, thresholds

PLAIN = "Vi har lyssnat. Ni sa att belysningen i parken är dålig. Nu byggs den ut under våren."
HARD = (
    "Med anledning av de synpunkter som framkommit under medborgardialogen har förvaltningen "
    "genomfört en omfattande kartläggning av belysningssituationen i samtliga parkanläggningar "
    "inom kommunens geografiska område, vilket har resulterat i ett investeringsbeslut."
)


def test_lix_is_words_per_sentence_plus_the_share_of_long_words() -> None:
    reading = measure(PLAIN)
    assert reading is not None
    # 17 words, 3 sentences, 2 words longer than 6 letters: 17/3 + 100·2/17 = 17
    assert (reading.words, reading.sentences, reading.lix) == (17, 3, 17)
    assert reading.verdict == "Lättläst" and reading.long_sentences == ()


def test_a_hard_text_flags_its_long_sentence_and_long_words() -> None:
    reading = measure(HARD)
    assert reading is not None and reading.lix > thresholds().hard
    assert reading.verdict == "Svår"
    assert reading.long_sentences == (HARD,)
    assert reading.long_words[0] == "belysningssituationen"
    assert "investeringsbeslut" in reading.long_words


def test_the_thresholds_come_from_the_data_file() -> None:
    limits = thresholds()
    assert (limits.aim_low, limits.aim_high) == (30, 40)
    assert measure(HARD) is not None and measure(HARD).aim == "30–40"  # type: ignore[union-attr]


def test_an_empty_text_has_no_readability() -> None:
    assert measure("") is None and measure(" 12 ") is None


async def test_the_draft_shows_its_readability_and_still_saves(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}/ni-sa-vi-gjorde"
    form = {"title": "Belysning i parken", "intro": HARD, "you_said": "- Mörkt", "we_did": "Lampor"}
    form["read_version"] = "0"  # the first draft

    saved = await post_form(client, url, form)
    page = text_of((await client.get(url)).text)

    assert saved.status_code == 303  # advice, never a block
    assert "Läsbarhet (klarspråk)" in page
    assert "Svår" in page and "Målet för text till invånare är LIX 30–40" in page
    assert "belysningssituationen" in page
