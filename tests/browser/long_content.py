"""Records filled with the longest content a user can paste: long unbroken words, long URLs,
long names, every free-text field used. The page-width tests load every page with it."""

from __future__ import annotations

from typing import Any

from piccolo.columns import Varchar
from piccolo.conf.apps import Finder

from tests import personas
from tests.design.history_publication_factories import publish_history
from tests.dialogues.factories import make_dialogue
from tests.insights.factories import ask_review
from tests.route_areas import area_ids
from tracker.accounts.permissions import Principal, system_actor
from tracker.audit.services import record_change
from tracker.dialogues.links import link_project
from tracker.insights.publication import services as publication
from tracker.insights.publication.rules import PageText
from tracker.phases.catalogue import load_phases
from tracker.settings import get_settings

# One word with no place to break (about 700 characters, some 6,000 px), as a pasted code or
# a compound gone wrong; and a pasted address of about 600 characters with no hyphen in it.
WORD = "Kulturfastighetsförvaltningsnämndsordförandeersättningsbestämmelserna"
LONG_WORD = WORD * 10
LONG_URL = "https://www.kommun.example/" + "/".join(
    f"underliggandesida{n}?parameter={n}&annat=vardet_utan_mellanrum" for n in range(10)
)
# A free text: a sentence, the pasted address, a few more sentences, the long word. Longer
# texts make the same widths and only slow the pages down.
LONG_TEXT = f"Se {LONG_URL} för bakgrunden. " + "Invånarna vill ha fler bänkar. " * 10 + LONG_WORD
# A 10,000-character title, as pasted into a file to import.
TITLE_10K = (WORD * 150)[:10_000]
LONG_NAME = "Föreningen för " + WORD * 5  # an organisation's name as long as a column allows

# table -> column -> text: every free-text column of the records the pages show. A Varchar
# column gets as much as it holds (so also on PostgreSQL); the append-only tables (published
# pages, the change log) are filled through their services below.
LONG_CONTENT: dict[str, dict[str, str]] = {
    "account": {"name": LONG_NAME},
    "project": {
        "title": LONG_WORD,
        "challenge": LONG_TEXT,
        "target_group": LONG_TEXT,
        "department": LONG_NAME,
        "board": LONG_NAME,
        "lead": LONG_NAME,
    },
    "iteration": {"methods": LONG_TEXT, "summary": LONG_TEXT, "learnings": LONG_TEXT},
    "step_move": {"reason": LONG_TEXT},
    "dialogue": {
        "title": LONG_WORD,
        "question": LONG_TEXT,
        "board": LONG_NAME,
        "department": LONG_NAME,
        "purpose": LONG_TEXT,
        "target_groups": LONG_TEXT,
        "related_decision": LONG_TEXT,
        "why_decision": LONG_TEXT,
        "why_no_dialogue": LONG_TEXT,
        "decision_reference": LONG_WORD,
        "results_summary": LONG_TEXT,
    },
    "dialogue_session": {"place": LONG_WORD, "method": LONG_WORD},
    "dialogue_feedback": {"text": LONG_TEXT, "reference": LONG_WORD},
    "dialogue_document": {"title": LONG_WORD, "link": LONG_URL},
    "organisation": {
        "name": LONG_NAME,
        "activity_area": LONG_WORD,
        "contact": LONG_URL,
        "notes": LONG_TEXT,
    },
    "collaboration": {
        "title": LONG_WORD,
        "goal": LONG_TEXT,
        "department": LONG_NAME,
        "contact_role": LONG_WORD,
        "results": LONG_TEXT,
    },
    "contribution": {"in_kind": LONG_TEXT},
    "collaboration_follow_up": {"what": LONG_WORD},
    "theme": {"name": LONG_WORD},
    "evidence": {"text": LONG_TEXT, "speaker_category": LONG_WORD},
    "insight": {"statement": LONG_TEXT, "target_group": LONG_WORD},
    "service_change": {"title": LONG_WORD, "description": LONG_TEXT},
    "hypothesis": {"if_we": LONG_TEXT, "outcome": LONG_TEXT, "because": LONG_TEXT},
    "prototype": {"name": LONG_WORD, "description": LONG_TEXT},
    "prototype_version": {"description": LONG_TEXT, "url": LONG_URL},
    "design_test": {"method": LONG_WORD, "target_group": LONG_WORD, "observations": LONG_TEXT},
    "service_effect": {"indicator": LONG_WORD, "method": LONG_TEXT, "unit": LONG_WORD},
    "effect_follow_up": {"comment": LONG_TEXT},
    "report": {
        "title": LONG_WORD,
        "decision_body": LONG_NAME,
        "handlaggare": LONG_NAME,
        "signatories": LONG_TEXT,
    },
    "report_version": {
        name: LONG_TEXT
        for name in (
            "summary",
            "proposals",
            "background",
            "assessment_dialogues",
            "assessment_collaborations",
            "assessment_projects",
            "conclusions",
            "actions",
            "assessment",
            "children",
            "economy",
            "documents",
        )
    },
}


async def fill_with_long_content() -> None:
    """Overwrite the free text of every row of the tables above."""
    tables = {table._meta.tablename: table for table in Finder().get_table_classes()}
    for tablename, columns in LONG_CONTENT.items():
        table = tables[tablename]
        values: dict[Any, Any] = {}
        for name, text in columns.items():
            column = table._meta.get_column_by_name(name)
            values[column] = text[: column.length] if isinstance(column, Varchar) else text
        await table.update(values, force=True)


async def make_long_content() -> tuple[Principal, dict[str, Any]]:
    """The records every route's path needs (as the route-access test makes them), a dialogue
    that has been held and fed back, all filled with long content. Alva, an administrator, who
    may see every page, and the path parameters back."""
    alva = await personas.alva()
    robin = await personas.robin()
    for make in (personas.kim, personas.lo):
        await make()
    ids = await area_ids(robin, {})
    held = await make_dialogue(state="fed_back", actor=robin)
    await link_project(held, ids["project_id"], robin)
    await fill_with_long_content()
    ids["version_number"] = await publish_long_page(ids["dialogue_id"], robin)
    # The project's design history anew, with a long introduction: the same version number,
    # since both public pages' versions are read with {version_number}.
    catalogue = load_phases(get_settings().phases_dir)
    history = await publish_history(ids["project_id"], robin, catalogue, intro=LONG_TEXT)
    assert history == ids["version_number"], (history, ids["version_number"])
    await record_change(
        actor=robin,
        entity_type="dialogue",
        entity_id=ids["dialogue_id"],
        action="edited",
        summary=LONG_TEXT,
    )
    return alva, ids


async def publish_long_page(dialogue_id: int, editor: Principal) -> int:
    """A new version of the dialogue's "Ni sa – vi gjorde" page, all long (a published version
    is never changed, so it is published anew); its number."""
    text = PageText(
        title=LONG_WORD[:200], intro=LONG_TEXT, you_said=LONG_TEXT, we_did=LONG_TEXT, not_done=""
    )
    await publication.save_page(dialogue_id, text, editor)
    await ask_review(dialogue_id, editor)
    await publication.approve(dialogue_id, system_actor("Granskare"))
    return await publication.publish(dialogue_id, editor)
