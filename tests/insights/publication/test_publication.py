"""The "Ni sa – vi gjorde" rules and services: drafting from the chain (never internal evidence),
the four-eyes review, and published versions the database keeps exactly as published."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

import pytest

from tests import personas
from tests.dialogues.factories import change_log as dialogue_log
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tests.insights.factories import ask_review
from tracker.accounts.permissions import Principal
from tracker.clock import now, today
from tracker.db import get_engine
from tracker.dialogues.tables import DialogueFeedback
from tracker.insights import services
from tracker.insights.changes import services as change_services
from tracker.insights.publication import services as publication
from tracker.insights.publication.draft import (
    ChainChange,
    RaisedInsight,
    compose_draft,
    draft_from_chain,
)
from tracker.insights.publication.rules import PageText, read_page_form, text_blocks
from tracker.insights.publication.tables import FeedbackPageVersion
from tracker.insights.tables import FeedbackChange
from tracker.phases.catalogue import PhaseCatalogue
from tracker.publishing.rules import PageState, PublicationRefused

INTERNAL_QUOTE = "Intern uppgift: polisen rapporterade två rån vid tunneln"
INTERNAL_ONLY_QUOTE = "Intern uppgift: rektorn nämnde en incident på skolgården"
INTERNAL_ONLY_INSIGHT = "Skolgården behöver fler vuxna på rasterna"
INTERNAL_NOTE = "Internt: stäm av med förvaltningschefen före publicering"


@dataclass
class Chain:
    dialogue_id: int
    dialogue_title: str
    lit_path: int  # insight with a change that is införd
    bus: int  # insight with no change
    bench: int  # insight whose change was closed


async def _evidence(dialogue_id: int, text: str, *, internal: bool = False) -> int:
    return await services.add_evidence(
        source_type="dialogue",
        source_id=dialogue_id,
        text=text,
        speaker_category="förälder, 30–44 år",
        internal=internal,
        actor=ACTOR,
    )


async def _insight(statement: str, *evidence: int) -> int:
    return await services.create_insight(
        statement=statement, target_group="Invånare", evidence_ids=list(evidence), actor=ACTOR
    )


async def build_chain(catalogue: PhaseCatalogue, actor: Principal = ACTOR) -> Chain:
    """A held dialogue with three public insights, one insight backed only by internal
    evidence, a change that is införd and one closed with a reason."""
    dialogue = await make_dialogue(
        state="held", title="Trygg skolväg", level_promised="inflytande", actor=actor
    )
    project = await make_project(catalogue, current_step="undersoka")
    internal = await _evidence(dialogue.id, INTERNAL_QUOTE, internal=True)
    public = await _evidence(dialogue.id, "Gångvägen vid skolan är mörk på kvällen")
    lit_path = await _insight("Föräldrar känner sig otrygga på vägen till skolan", internal, public)
    secret = await _insight(
        INTERNAL_ONLY_INSIGHT, await _evidence(dialogue.id, INTERNAL_ONLY_QUOTE, internal=True)
    )
    bus = await _insight(
        "Unga kan inte ta sig hem från aktiviteter på helgerna",
        await _evidence(dialogue.id, "Bussen går för sällan på helgerna"),
    )
    bench = await _insight(
        "Äldre behöver fler platser att vila på",
        await _evidence(dialogue.id, "Vi vill ha en bänk vid dammen"),
    )
    light = await change_services.create_change(
        project_id=project.id,
        title="Ny belysning längs skolvägen",
        description="",
        status_on=date(2026, 2, 1),
        actor=ACTOR,
    )
    await change_services.set_change_status(light, "decided", date(2026, 2, 20), "", ACTOR)
    await change_services.set_change_status(light, "implemented", date(2026, 3, 15), "", ACTOR)
    await change_services.address_insight(light, lit_path, 3, ACTOR)
    guards = await change_services.create_change(
        project_id=project.id,
        title="Rastvakter",
        description="",
        status_on=date(2026, 2, 1),
        actor=ACTOR,
    )
    await change_services.address_insight(guards, secret, 2, ACTOR)  # only internal evidence behind
    benches = await change_services.create_change(
        project_id=project.id,
        title="Bänkar runt dammen",
        description="",
        status_on=date(2026, 2, 1),
        actor=ACTOR,
    )
    await change_services.set_change_status(
        benches, "closed", date(2026, 4, 2), "Marken runt dammen ägs inte av kommunen", ACTOR
    )
    await change_services.address_insight(benches, bench, 2, ACTOR)
    return Chain(dialogue.id, dialogue.title, lit_path, bus, bench)


def page_text(**overrides: str) -> PageText:
    values = {
        "title": "Ni sa – vi gjorde: Trygg skolväg",
        "intro": "Så här gick det.",
        "you_said": "- Skolvägen är mörk.",
        "we_did": "- Ny belysning – införd 2026-03-15.",
        "not_done": "",
        "internal_note": INTERNAL_NOTE,
    }
    return PageText(**(values | overrides))


async def approved_page(dialogue_id: int, editor: Principal, reviewer: Principal) -> None:
    await publication.save_page(dialogue_id, page_text(), editor)
    await ask_review(dialogue_id, editor)
    await publication.approve(dialogue_id, reviewer)


# --- drafting ---------------------------------------------------------------------------------


async def test_the_draft_tells_what_residents_said_what_was_done_and_what_was_not(
    db: None, catalogue: PhaseCatalogue
) -> None:
    chain = await build_chain(catalogue)

    draft = await draft_from_chain(chain.dialogue_id, chain.dialogue_title)

    assert draft.title == "Ni sa – vi gjorde: Trygg skolväg"
    assert draft.you_said.splitlines() == [
        "- Föräldrar känner sig otrygga på vägen till skolan. "
        "Någon sa: ”Gångvägen vid skolan är mörk på kvällen”",
        "- Unga kan inte ta sig hem från aktiviteter på helgerna. "
        "Någon sa: ”Bussen går för sällan på helgerna”",
        "- Äldre behöver fler platser att vila på. Någon sa: ”Vi vill ha en bänk vid dammen”",
    ]
    assert draft.we_did == "- Ny belysning längs skolvägen – införd 2026-03-15."
    assert draft.not_done.splitlines() == [
        "- Bänkar runt dammen – vi genomför inte den här förändringen (avslutad 2026-04-02). "
        "Skälet: Marken runt dammen ägs inte av kommunen.",
        "- Unga kan inte ta sig hem från aktiviteter på helgerna. "
        "Vi har inte gjort något åt det här ännu.",
    ]
    everything = " ".join(asdict(draft).values())
    for secret in (INTERNAL_QUOTE, INTERNAL_ONLY_QUOTE, INTERNAL_ONLY_INSIGHT, "Rastvakter"):
        assert secret not in everything


async def test_a_change_that_feedback_to_residents_reported_is_in_the_draft(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="fed_back", title="Lekplatsen")
    project = await make_project(catalogue)
    change = await change_services.create_change(
        project_id=project.id,
        title="Nya gungor",
        description="",
        status_on=date(2026, 5, 4),
        actor=ACTOR,
    )
    feedback = await (
        DialogueFeedback.select(DialogueFeedback.id)
        .where(
            (DialogueFeedback.dialogue == dialogue.id) & (DialogueFeedback.audience == "residents")
        )
        .first()
    )
    assert feedback is not None
    await FeedbackChange.insert(
        FeedbackChange(feedback=feedback["id"], change=change, linked_at=now(), linked_by="Test")
    )

    draft = await draft_from_chain(dialogue.id, dialogue.title)

    assert draft.we_did == "- Nya gungor – en idé som vi arbetar med sedan 2026-05-04."


def test_a_draft_with_nothing_in_the_chain_says_so_plainly() -> None:
    draft = compose_draft("Ny lekplats", [], [])

    assert draft.you_said == "Vi har ännu inte sammanställt vad som kom fram i dialogen."
    assert draft.we_did == "Vi har inte gjort några förändringar ännu."
    assert draft.not_done == ""


def test_a_quote_behind_two_insights_appears_once_and_the_other_refers_to_it() -> None:
    quote = "Det är mörkt vid busshållplatsen på kvällen."
    insights = [
        RaisedInsight(1, "Busshållplatsen känns otrygg", quote),
        RaisedInsight(2, "Belysningen räcker inte", quote),
        RaisedInsight(3, "Bussen går för sällan", "Jag väntar en timme."),
    ]
    lines = compose_draft("Dialog", insights, []).you_said.splitlines()

    assert sum(quote in line for line in lines) == 1
    assert lines[0] == f"- Busshållplatsen känns otrygg. Någon sa: ”{quote}”"
    assert lines[1] == "- Belysningen räcker inte. Se citatet under ”Busshållplatsen känns otrygg”."
    assert lines[2] == "- Bussen går för sällan. Någon sa: ”Jag väntar en timme.”"


def test_each_status_is_written_in_swedish_with_its_date() -> None:
    insight = RaisedInsight(1, "Mörkt vid skolan", "")
    changes = [
        ChainChange(n, f"Förändring {status}", status, date(2026, 3, 15), "", {1})
        for n, status in enumerate(("idea", "testing", "decided", "implemented"), start=1)
    ]
    draft = compose_draft("Dialog", [insight], changes)

    assert draft.we_did.splitlines() == [
        "- Förändring idea – en idé som vi arbetar med sedan 2026-03-15.",
        "- Förändring testing – testas sedan 2026-03-15.",
        "- Förändring decided – beslutad 2026-03-15.",
        "- Förändring implemented – införd 2026-03-15.",
    ]
    assert draft.not_done == "Allt som kom fram har lett till en förändring som vi arbetar med."


def test_text_becomes_paragraphs_and_lists() -> None:
    blocks = text_blocks("Inledning\nrad två\n\n- ett\n- två\n\n\nSlut")
    assert blocks == [("p", "Inledning\nrad två"), ("ul", ["ett", "två"]), ("p", "Slut")]


def test_the_form_refuses_personal_data_and_missing_text() -> None:
    text, fields = read_page_form(
        {"title": "", "you_said": "Ring mig på 070-123 45 67", "we_did": "Inget"}
    )
    assert text is None
    assert fields.errors["title"] == "Skriv en rubrik."
    assert "telefonnummer" in fields.errors["you_said"]


# --- review --------------------------------------------------------------------------------


async def test_the_last_editor_may_not_approve_but_someone_else_may(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await publication.save_page(dialogue.id, page_text(), robin)
    await ask_review(dialogue.id, robin)

    with pytest.raises(PublicationRefused, match="någon annan behöver granska"):
        await publication.approve(dialogue.id, robin)
    await publication.approve(dialogue.id, kim)

    page = await publication.get_page(dialogue.id)
    assert page is not None
    assert (page["state"], page["approved_by"]) == (PageState.APPROVED, "Kim Redaktör")


async def test_changing_the_public_text_after_approval_needs_a_new_review(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)

    # Only the internal note: the approved public text is unchanged, so the approval stands.
    await publication.save_page(dialogue.id, page_text(internal_note="Ny intern rad"), kim)
    page = await publication.get_page(dialogue.id)
    assert page is not None and page["state"] == PageState.APPROVED

    await publication.save_page(dialogue.id, page_text(we_did="Något annat"), kim)
    page = await publication.get_page(dialogue.id)
    assert page is not None
    assert (page["state"], page["approved_by"], page["edited_by"]) == (
        PageState.DRAFT,
        "",
        "Kim Redaktör",
    )
    with pytest.raises(PublicationRefused, match="granskas och godkännas"):
        await publication.publish(dialogue.id, kim)


async def test_a_draft_cannot_be_published_or_approved_without_review(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    with pytest.raises(PublicationRefused, match="Spara utkastet"):
        await ask_review(dialogue.id, robin)
    await publication.save_page(dialogue.id, page_text(), robin)

    with pytest.raises(PublicationRefused, match="granskas och godkännas"):
        await publication.publish(dialogue.id, robin)
    with pytest.raises(PublicationRefused, match="väntar på granskning"):
        await publication.approve(dialogue.id, kim)
    assert await publication.versions(dialogue.id) == []


async def test_a_reviewer_approves_only_the_text_they_saw(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await publication.save_page(dialogue.id, page_text(), robin)
    await ask_review(dialogue.id, robin)
    seen = publication.stamp_of(await publication.get_page(dialogue.id))

    with pytest.raises(PublicationRefused, match="har ändrats sedan"):
        await publication.approve(dialogue.id, kim, "2020-01-01T00:00:00+00:00")
    await publication.approve(dialogue.id, kim, seen)


async def test_a_page_sent_back_is_a_draft_again_with_the_reason_logged(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await publication.save_page(dialogue.id, page_text(), robin)
    await ask_review(dialogue.id, robin)

    await publication.send_back(dialogue.id, "Förklara varför bänkarna inte blir av.", kim)

    page = await publication.get_page(dialogue.id)
    assert page is not None and page["state"] == PageState.DRAFT
    log = await dialogue_log(dialogue.id)
    assert log[-1]["summary"] == (
        "Skickade tillbaka Ni sa – vi gjorde till utkast. "
        "Skäl: Förklara varför bänkarna inte blir av."
    )


# --- publishing ----------------------------------------------------------------------------


async def test_publishing_keeps_each_version_exactly_as_published(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)

    assert await publication.publish(dialogue.id, robin) == 1
    first = await publication.version(dialogue.id, 1)

    await publication.save_page(dialogue.id, page_text(we_did="- Belysningen är klar."), robin)
    await ask_review(dialogue.id, robin)
    await publication.approve(dialogue.id, kim)
    assert await publication.publish(dialogue.id, kim) == 2

    assert await publication.version(dialogue.id, 1) == first
    assert first is not None
    assert (first["we_did"], first["published_on"], first["approved_by"]) == (
        "- Ny belysning – införd 2026-03-15.",
        today(),
        "Kim Redaktör",
    )
    latest = await publication.latest_version(dialogue.id)
    assert latest is not None
    assert (latest["number"], latest["we_did"]) == (2, "- Belysningen är klar.")
    assert [v["number"] for v in await publication.versions(dialogue.id)] == [2, 1]
    assert "internal_note" not in latest  # a version has no place for the internal note
    with pytest.raises(PublicationRefused, match="redan publicerad"):
        await publication.publish(dialogue.id, kim)


async def test_every_step_is_in_the_dialogues_history(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)
    await publication.publish(dialogue.id, robin)

    log = await dialogue_log(dialogue.id)
    steps = [(e["action"], e["actor"]) for e in log if e["action"] != "created"]
    assert steps == [
        ("feedback_page_saved", "Robin Redaktör"),
        ("review_requested", "Robin Redaktör"),
        ("approved", "Kim Redaktör"),
        ("published", "Robin Redaktör"),
    ]
    assert log[-1]["summary"] == (
        "Publicerade Ni sa – vi gjorde, version 1 (godkänd av Kim Redaktör)."
    )
    assert log[1]["changes"]["rubrik"] == [None, "Ni sa – vi gjorde: Trygg skolväg"]


async def test_the_database_refuses_to_change_or_remove_a_published_version(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)
    await publication.publish(dialogue.id, robin)
    engine = get_engine()

    with pytest.raises(Exception, match="append-only"):
        await engine.run_ddl("UPDATE feedback_page_version SET we_did = 'Ändrad i efterhand'")
    with pytest.raises(Exception, match="append-only"):
        await engine.run_ddl("DELETE FROM feedback_page_version")
    with pytest.raises(Exception, match="append-only"):
        await FeedbackPageVersion.update({FeedbackPageVersion.title: "Ny"}).where(
            FeedbackPageVersion.number == 1
        )

    kept = await publication.version(dialogue.id, 1)
    assert kept is not None and kept["we_did"] == "- Ny belysning – införd 2026-03-15."


@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
async def test_a_new_row_on_the_same_number_cannot_replace_a_published_version(
    db: None, verb: str
) -> None:
    """On SQLite a REPLACE colliding on the unique (dialogue, number) index, with a new id,
    would delete the published row without firing any DELETE trigger."""
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)
    await publication.publish(dialogue.id, robin)
    engine = get_engine()
    columns = [
        c._meta.db_column_name for c in FeedbackPageVersion._meta.columns if c._meta.name != "id"
    ]
    forged = ", ".join("'Förfalskad'" if c == "we_did" else c for c in columns)
    if "Postgres" in type(engine).__name__:
        statement = (
            f"INSERT INTO feedback_page_version ({', '.join(columns)}) SELECT {forged} FROM "
            "feedback_page_version ON CONFLICT (dialogue, number) "
            "DO UPDATE SET we_did = EXCLUDED.we_did"
        )
    else:
        statement = (
            f"{verb} INTO feedback_page_version ({', '.join(columns)}) "
            f"SELECT {forged} FROM feedback_page_version"
        )

    with pytest.raises(Exception, match="append-only"):
        await engine.run_ddl(statement)

    kept = await publication.version(dialogue.id, 1)
    assert kept is not None and kept["we_did"] == "- Ny belysning – införd 2026-03-15."


async def test_a_published_text_differs_from_a_later_draft(db: None) -> None:
    """Editing after publishing never touches what residents read until the next version."""
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)
    await publication.publish(dialogue.id, robin)

    await publication.save_page(dialogue.id, replace(page_text(), title="Utkast 2"), robin)

    latest = await publication.latest_version(dialogue.id)
    assert latest is not None and latest["title"] == "Ni sa – vi gjorde: Trygg skolväg"
