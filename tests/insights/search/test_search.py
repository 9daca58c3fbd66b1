"""Swedish full-text search across evidence, insights and changes: the plain functions, on
SQLite (FTS5) and PostgreSQL (the `swedish` configuration) alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from markupsafe import Markup

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tracker.clock import now
from tracker.insights import services
from tracker.insights.changes import services as change_services
from tracker.insights.search.filters import SearchFilters
from tracker.insights.search.results import SearchResults, find_insights, search
from tracker.insights.tables import Evidence, Insight, InsightTheme, ServiceChange, Theme
from tracker.phases.catalogue import PhaseCatalogue
from tracker.settings import get_settings
from tracker.text import swedish_sort_key

ALL = SearchFilters()


async def evidence(source_type: str, source_id: int, text: str, **kw: object) -> int:
    return await services.add_evidence(
        source_type=source_type,
        source_id=source_id,
        text=text,
        speaker_category=str(kw.get("speaker", "förälder, 30–44 år")),
        internal=bool(kw.get("internal", False)),
        actor=ACTOR,
    )


async def insight(statement: str, evidence_ids: list[int], group: str = "Föräldrar") -> int:
    return await services.create_insight(
        statement=statement, target_group=group, evidence_ids=evidence_ids, actor=ACTOR
    )


async def change(project_id: int, title: str, description: str = "") -> int:
    return await change_services.create_change(
        project_id=project_id,
        title=title,
        description=description,
        status_on=date(2026, 4, 1),
        actor=ACTOR,
    )


async def theme(name: str, *insight_ids: int) -> int:
    row = Theme(name=name, name_sort=swedish_sort_key(name), created_at=now())
    await row.save()
    for insight_id in insight_ids:
        await InsightTheme.insert(
            InsightTheme(insight=insight_id, theme=row.id, linked_at=now(), linked_by="Test")
        )
    return int(row.id)


async def archive(table: type[Evidence] | type[Insight] | type[ServiceChange], id_: int) -> None:
    await table.update({table.archived_at: now()}).where(table.id == id_)


def found(results: SearchResults) -> set[tuple[str, int]]:
    return {(hit.kind, hit.id) for hit in results.hits}


@dataclass
class Chain:
    """A small crafted chain: a dialogue, a collaboration and two projects' evidence."""

    dialogue: int
    collaboration: int
    p1: int
    p2: int
    e1: int  # dialogue: vägen till skolan
    e2: int  # collaboration: till skolan ensamma
    e3: int  # project 1's own research: skolgården
    e4: int  # dialogue, internal: skolans budget
    e5: int  # archived
    i1: int  # Skolvägen … (Föräldrar, Trygghet) from e1, e2; used in p2
    i2: int  # Skolgården … (Elever, Tillgänglighet) from e3
    i3: int  # archived
    c1: int  # p2, addresses i1
    c2: int  # p1, addresses i2
    c3: int  # archived
    trygghet: int
    tillganglighet: int


async def make_chain(catalogue: PhaseCatalogue) -> Chain:
    dialogue = await make_dialogue(state="held")
    collaboration = await make_collaboration()
    p1 = await make_project(catalogue, title="Skolgårdsprojektet", current_step="undersoka")
    p2 = await make_project(catalogue, title="Trygga skolvägar")
    e1 = await evidence("dialogue", dialogue.id, "Vägen till skolan är mörk på vintern")
    e2 = await evidence(
        "collaboration", collaboration.id, "Föreningen ser att barn inte vågar gå till skolan"
    )
    e3 = await evidence("project", p1.id, "Eleverna tycker att skolgården är för liten")
    e4 = await evidence(
        "dialogue", dialogue.id, "Rektorn säger att skolans budget inte räcker", internal=True
    )
    e5 = await evidence("dialogue", dialogue.id, "En skola som arkiverats")
    i1 = await insight("Skolvägen upplevs otrygg av föräldrar", [e1, e2], "Föräldrar")
    i2 = await insight("Skolgården behöver mer plats för lek", [e3], "Elever")
    i3 = await insight("En skola som arkiverats", [e5], "Elever")
    await services.use_in_project(i1, p2.id, None, ACTOR)
    c1 = await change(p2.id, "Ny belysning vid skolan", "Lampor längs gångvägen.")
    c2 = await change(p1.id, "Större skolgård", "Staketet flyttas.")
    c3 = await change(p1.id, "En skola som arkiverats")
    await change_services.address_insight(c1, i1, 3, ACTOR)
    await change_services.address_insight(c2, i2, 2, ACTOR)
    for table, id_ in ((Evidence, e5), (Insight, i3), (ServiceChange, c3)):
        await archive(table, id_)
    trygghet = await theme("Trygghet", i1)
    tillganglighet = await theme("Tillgänglighet", i2)
    return Chain(
        dialogue.id,
        collaboration.id,
        p1.id,
        p2.id,
        e1,
        e2,
        e3,
        e4,
        e5,
        i1,
        i2,
        i3,
        c1,
        c2,
        c3,
        trygghet,
        tillganglighet,
    )


# --- Swedish inflected forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Barnen vill ha en ny skola", "skolan"),  # the required case, on PostgreSQL too
        ("Barnen vill ha en ny skolan", "skola"),
        ("Skolorna i området", "skolan"),
        ("Huset är gammalt", "hus"),
        ("Ett hus på hörnet", "huset"),
        ("Vägarna är hala", "vägen"),
        ("Gatorna är smutsiga", "gatan"),
        ("Bättre belysning behövs", "belysningen"),
    ],
)
async def test_a_word_finds_its_other_swedish_forms(
    db: None, catalogue: PhaseCatalogue, stored: str, typed: str
) -> None:
    dialogue = await make_dialogue()
    wanted = await evidence("dialogue", dialogue.id, stored)
    await evidence("dialogue", dialogue.id, "Något helt annat om parker")

    results = await search(typed, ALL, 1, 25)

    assert found(results) == {("evidence", wanted)}, (stored, typed, get_settings().database_url)


async def test_every_word_finds_itself_where_the_stemmers_differ(db: None) -> None:
    """PostgreSQL's Snowball and Python's differ on some words; typing a stored word must find
    it on both databases all the same."""
    words = [
        "delaktighet",
        "tillgänglighet",
        "kommunstyrelsens",
        "yrkanden",
        "verksamhet",
        "öppenhet",
        "förståelsen",
        "huset",
        "skolan",
        "möjlighet",
        "erfarenhet",
        "styrelsen",
        "medborgardialogen",
        "återkopplingen",
    ]
    dialogue = await make_dialogue()
    stored = {word: await evidence("dialogue", dialogue.id, f"Om {word} i dag") for word in words}

    for word in words:
        assert ("evidence", stored[word]) in found(await search(word, ALL, 1, 25)), word


async def test_skolan_finds_skola_in_every_kind_of_record(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    dialogue = await make_dialogue()
    e = await evidence("dialogue", dialogue.id, "Det behövs en ny skola")
    i = await insight("Familjer saknar en skola nära", [e])
    c = await change(project.id, "Skola i centrum", "")

    for typed in ("skolan", "Skola", "SKOLANS"):
        results = await search(typed, ALL, 1, 25)
        assert found(results) == {("evidence", e), ("insight", i), ("change", c)}, typed


async def test_search_words_all_count_and_a_minus_leaves_out(
    db: None, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)

    assert found(await search("skolan mörk", ALL, 1, 25)) == {("evidence", chain.e1)}
    assert ("evidence", chain.e1) not in found(await search("skolan -mörk", ALL, 1, 25))
    either = found(await search("vintern eller föreningen", ALL, 1, 25))
    assert either == {("evidence", chain.e1), ("evidence", chain.e2)}
    assert found(await search('"skolvägen upplevs"', ALL, 1, 25)) == {("insight", chain.i1)}
    assert found(await search('"upplevs skolvägen"', ALL, 1, 25)) <= {("insight", chain.i1)}


async def test_only_small_words_find_nothing_and_say_why(db: None) -> None:
    results = await search("och att", ALL, 1, 25)

    assert results.hits == [] and results.total == 0
    assert "småord" in results.message


# --- what is shown --------------------------------------------------------------------------


async def test_archived_records_are_never_found(db: None, catalogue: PhaseCatalogue) -> None:
    chain = await make_chain(catalogue)

    hits = found(await search("skola", ALL, 1, 100)) | found(await search("", ALL, 1, 100))

    assert not hits & {("evidence", chain.e5), ("insight", chain.i3), ("change", chain.c3)}
    assert found(await search("arkiverats", ALL, 1, 25)) == set()


async def test_every_kind_is_found_with_its_link_and_internal_evidence_is_labelled(
    db: None, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)

    results = await search("skola", ALL, 1, 100)

    assert found(results) == {
        ("evidence", chain.e1),
        ("evidence", chain.e2),
        ("evidence", chain.e3),
        ("evidence", chain.e4),
        ("insight", chain.i1),
        ("insight", chain.i2),
        ("change", chain.c1),
        ("change", chain.c2),
    }
    by_key = {(hit.kind, hit.id): hit for hit in results.hits}
    assert by_key[("evidence", chain.e1)].url == f"/dialoger/{chain.dialogue}"
    assert by_key[("evidence", chain.e2)].url == f"/samverkan/{chain.collaboration}"
    assert by_key[("evidence", chain.e3)].url == f"/projekt/{chain.p1}"
    assert by_key[("insight", chain.i1)].url == f"/insikter/{chain.i1}"
    assert by_key[("change", chain.c1)].url == f"/forandringar/{chain.c1}"
    assert [hit.id for hit in results.hits if hit.internal] == [chain.e4]
    assert by_key[("insight", chain.i1)].themes == ["Trygghet"]
    assert by_key[("insight", chain.i1)].source == "Dialog, Samverkan"
    assert by_key[("change", chain.c1)].source == "Projekt: Trygga skolvägar"
    assert by_key[("change", chain.c1)].status == "Idé"
    assert by_key[("evidence", chain.e1)].source.startswith("Dialog: ")


async def test_user_text_is_escaped_and_only_matches_are_marked(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue()
    await evidence("dialogue", dialogue.id, "<script>alert('x')</script> Skolan & <b>fet</b> text")

    hit = (await search("skola", ALL, 1, 25)).hits[0]

    assert isinstance(hit.snippet, Markup)
    assert str(hit.snippet) == (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>Skolan</mark> &amp; "
        "&lt;b&gt;fet&lt;/b&gt; text"
    )


async def test_a_long_text_is_cut_around_the_first_match(db: None) -> None:
    dialogue = await make_dialogue()
    words = " ".join(f"ord{n}" for n in range(200))
    await evidence("dialogue", dialogue.id, f"{words} skolan {words}")

    snippet = str((await search("skola", ALL, 1, 25)).hits[0].snippet)

    assert "<mark>skolan</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 300


# --- filters --------------------------------------------------------------------------------


async def test_each_filter_gives_exactly_the_expected_records(
    db: None, catalogue: PhaseCatalogue
) -> None:
    c = await make_chain(catalogue)
    expected = {
        "theme Trygghet": (
            SearchFilters(theme=c.trygghet),
            {("insight", c.i1), ("evidence", c.e1), ("evidence", c.e2), ("change", c.c1)},
        ),
        "theme Tillgänglighet": (
            SearchFilters(theme=c.tillganglighet),
            {("insight", c.i2), ("evidence", c.e3), ("change", c.c2)},
        ),
        "target group Elever": (
            SearchFilters(target_group="Elever"),
            {("insight", c.i2), ("evidence", c.e3), ("change", c.c2)},
        ),
        "from dialogues": (
            SearchFilters(source_type="dialogue"),
            {("evidence", c.e1), ("evidence", c.e4), ("insight", c.i1), ("change", c.c1)},
        ),
        "from collaborations": (
            SearchFilters(source_type="collaboration"),
            {("evidence", c.e2), ("insight", c.i1), ("change", c.c1)},
        ),
        "from projects' own research": (
            SearchFilters(source_type="project"),
            {("evidence", c.e3), ("insight", c.i2), ("change", c.c2)},
        ),
        "project 2 (uses i1, its change addresses i1)": (
            SearchFilters(project=c.p2),
            {("change", c.c1), ("insight", c.i1), ("evidence", c.e1), ("evidence", c.e2)},
        ),
        "project 1 (own research, its change addresses i2)": (
            SearchFilters(project=c.p1),
            {("change", c.c2), ("insight", c.i2), ("evidence", c.e3)},
        ),
        "insights only": (SearchFilters(kind="insight"), {("insight", c.i1), ("insight", c.i2)}),
        "changes only, project 1": (SearchFilters(kind="change", project=c.p1), {("change", c.c2)}),
        "theme and source together": (
            SearchFilters(theme=c.trygghet, source_type="collaboration"),
            {("evidence", c.e2), ("insight", c.i1), ("change", c.c1)},
        ),
    }
    for name, (filters, wanted) in expected.items():
        for query in ("", "skola"):
            results = await search(query, filters, 1, 100)
            assert found(results) == wanted, f"{name} / {query!r}"
            assert results.total == len(wanted), name


# --- ranking and pagination -----------------------------------------------------------------


async def test_a_match_in_the_title_ranks_above_one_in_the_description(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    in_text = await change(
        project.id,
        "Trygg väg till skolan",
        "Vi ser över staket, skyltar, övergångsställen, buskage och belysning längs vägen.",
    )
    in_title = await change(project.id, "Ny belysning på skolgården", "")
    twice = await change(project.id, "Belysning", "Belysningen byts och belysning läggs till.")

    ids = [hit.id for hit in (await search("belysning", ALL, 1, 25)).hits]

    assert ids.index(twice) < ids.index(in_text)
    assert ids.index(in_title) < ids.index(in_text)


async def test_without_search_words_the_newest_come_first(db: None) -> None:
    dialogue = await make_dialogue()
    first = await evidence("dialogue", dialogue.id, "Först")
    second = await evidence("dialogue", dialogue.id, "Sedan")
    last = await insight("Sist", [first])

    ids = [(hit.kind, hit.id) for hit in (await search("", ALL, 1, 25)).hits]

    assert ids == [("insight", last), ("evidence", second), ("evidence", first)]


async def test_results_come_in_pages_without_repeats(db: None) -> None:
    dialogue = await make_dialogue()
    created = {await evidence("dialogue", dialogue.id, f"Skolan nummer {n}") for n in range(30)}

    first = await search("skola", ALL, 1, 25)
    second = await search("skola", ALL, 2, 25)
    beyond = await search("skola", ALL, 3, 25)

    assert (len(first.hits), len(second.hits), len(beyond.hits)) == (25, 5, 0)
    assert {hit.id for hit in first.hits + second.hits} == created
    assert first.total == second.total == beyond.total == 30
    assert (first.count, first.has_next, second.has_next, second.has_previous) == (
        2,
        True,
        False,
        True,
    )


# --- the insight picker ---------------------------------------------------------------------


async def test_find_insights_for_the_picker(db: None, catalogue: PhaseCatalogue) -> None:
    c = await make_chain(catalogue)

    newest_first = await find_insights("")
    assert [row["id"] for row in newest_first] == [c.i2, c.i1]  # not the archived i3
    assert newest_first[0] == {
        "id": c.i2,
        "statement": "Skolgården behöver mer plats för lek",
        "target_group": "Elever",
    }
    assert [row["id"] for row in await find_insights("skolvägen")] == [c.i1]
    assert [row["id"] for row in await find_insights("skolan", exclude=[c.i1])] == [c.i2]
    assert len(await find_insights("skola", limit=1)) == 1
    assert await find_insights("och") == []


# --- the database keeps the index in step ----------------------------------------------------


async def test_edited_and_removed_text_is_searched_as_it_is_now(db: None) -> None:
    dialogue = await make_dialogue()
    e = await evidence("dialogue", dialogue.id, "Biblioteket stänger tidigt")
    await Evidence.update({Evidence.text: "Simhallen stänger tidigt"}).where(Evidence.id == e)

    assert found(await search("biblioteket", ALL, 1, 25)) == set()
    assert found(await search("simhallen", ALL, 1, 25)) == {("evidence", e)}

    await Evidence.delete().where(Evidence.id == e)
    assert found(await search("simhallen", ALL, 1, 25)) == set()


@pytest.mark.skipif(
    not get_settings().is_postgres, reason="the GIN indexes are PostgreSQL's (SQLite: FTS5)"
)
async def test_postgres_uses_the_swedish_gin_indexes(db: None) -> None:
    from tracker.db import get_engine
    from tracker.insights.search.query import parse_query
    from tracker.insights.search.sql import branch

    for kind, index in (
        ("evidence", "evidence_search_document_idx"),
        ("insight", "insight_search_document_idx"),
        ("change", "service_change_search_document_idx"),
    ):
        sql, args = branch(kind, parse_query("skolan"), ALL, True)
        async with get_engine().transaction():
            await Evidence.raw("SET LOCAL enable_seqscan = off")
            plan = await Evidence.raw(f"EXPLAIN {sql}", *args)
        assert index in str(plan), plan


async def test_the_migration_fills_the_index_from_existing_rows_and_goes_back(db: None) -> None:
    """Records stored before the search existed are found once the migration has run."""
    from importlib import import_module

    migration = import_module(
        "tracker.insights.piccolo_migrations.insights_2026_11_23t21_00_00_000000"
    )
    manager = await migration.forwards()
    dialogue = await make_dialogue()
    before = await evidence("dialogue", dialogue.id, "Skolan före borttagningen")
    try:
        for step in manager.raw_backwards:
            await step()
        # Stored while there is no index and no trigger.
        await Evidence.insert(
            Evidence(
                text="Skolan utan index",
                source_type="dialogue",
                source_id=dialogue.id,
                speaker_category="elev",
                internal=False,
                created_at=now(),
                created_by="Test",
            )
        )
    finally:
        for step in manager.raw:
            await step()
    without = await Evidence.select(Evidence.id).where(Evidence.text == "Skolan utan index").first()
    assert without is not None

    assert found(await search("skolan", ALL, 1, 25)) == {
        ("evidence", before),
        ("evidence", without["id"]),
    }


@pytest.mark.skipif(not get_settings().is_postgres, reason="prepared-statement plans: PostgreSQL")
async def test_postgres_plans_each_search_for_its_own_words(db: None) -> None:
    """asyncpg prepares every statement, and PostgreSQL would switch one to a generic plan
    after five runs; for full-text search that plan cannot see the words and scans everything
    (a common word took 900 ms instead of 110 ms on the N=1 data). The app's connections plan
    every run for its own values (tracker/db.py)."""
    assert await Evidence.raw("SHOW plan_cache_mode") == [{"plan_cache_mode": "force_custom_plan"}]
