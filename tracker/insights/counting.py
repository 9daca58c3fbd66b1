"""What counts: the one set of predicates that the report, /kedjan, the lists and the record
pages use, so no two pages can disagree about whether a dialogue has an insight.

Archiving is how this product deletes, so an archived record never counts, and neither does
what belongs to it (the service changes of an archived project, the evidence of an archived
source) nor anything that is true only through an archived record: an insight of a dialogue
needs live evidence from it backing a live insight; a project's use of an insight needs a live
project; a change is backed only by a live insight with live evidence; a dialogue led to a
change only through live evidence, a live insight and a live change.

Each predicate is an SQL fragment over fixed aliases (`d` dialogue, `i` insight, `c` service
change, `e` evidence, `p` project) to put in a WHERE clause; each is a constant, never input.
Given `until` (an SQL expression for a moment), the links it reads count only when they were
made before that moment and not removed before it (removed links are kept in
tracker.insights.link_history): the report asks as of its period's end.
"""

from __future__ import annotations

from tracker.insights.link_history import change_insights, insight_uses
from tracker.kinds import DIALOGUE, SOURCE_KINDS

# The tables of the sources that evidence can come from.
_SOURCES = {kind.key: str(kind.table) for kind in SOURCE_KINDS}


def live(alias: str) -> str:
    """The record itself is not archived."""
    return f"{alias}.archived_at IS NULL"


def live_evidence(alias: str = "e") -> str:
    """A piece of evidence counts when neither it nor its source is archived."""
    sources = " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {table} src WHERE {alias}.source_type = '{kind}' "
        f"AND src.id = {alias}.source_id AND src.archived_at IS NOT NULL)"
        for kind, table in _SOURCES.items()
    )
    return f"{alias}.archived_at IS NULL AND {sources}"


def live_change(alias: str = "c") -> str:
    """A service change counts when neither it nor its project is archived."""
    return (
        f"{alias}.archived_at IS NULL AND EXISTS (SELECT 1 FROM project cp "
        f"WHERE cp.id = {alias}.project AND cp.archived_at IS NULL)"
    )


def _made_before(alias: str, until: str | None) -> str:
    return f" AND {alias}.linked_at < {until}" if until else ""


def insights_of_source(source_type: str, source_id: str, until: str | None = None) -> str:
    """The live insights that live evidence from a source backs (a SELECT of `insight`)."""
    return (
        "SELECT sie.insight FROM insight_evidence sie JOIN evidence e ON e.id = sie.evidence "
        "JOIN insight si ON si.id = sie.insight "
        f"WHERE e.source_type = '{source_type}' AND e.source_id = {source_id} "
        f"AND {live_evidence('e')} AND {live('si')}" + _made_before("sie", until)
    )


def dialogue_has_insight(dialogue: str = "d.id", until: str | None = None) -> str:
    """The dialogue brought forth at least one insight that counts."""
    return f"EXISTS ({insights_of_source(DIALOGUE.key, dialogue, until)})"


def _exists_in_any(sources: tuple[str, ...], query: str) -> str:
    """EXISTS of `query` (naming its link table `{links}`) over any of the link sources."""
    found = " OR ".join(f"EXISTS ({query.replace('{links}', source)})" for source in sources)
    return f"({found})"


def dialogue_led_to_change(dialogue: str = "d.id", until: str | None = None) -> str:
    """A change that counts builds on an insight that counts from the dialogue."""
    # From the dialogue's insights to their changes, so the planner walks a dialogue's few
    # insights by index (an IN over every change's links was a subplan per link and row).
    return _exists_in_any(
        change_insights(until),
        f"SELECT 1 FROM ({insights_of_source(DIALOGUE.key, dialogue, until)}) di "
        "JOIN {links} lci ON lci.insight = di.insight "
        "JOIN service_change c ON c.id = lci.change "
        f"WHERE {live_change('c')}" + _made_before("lci", until),
    )


def insight_used(insight: str = "i.id", until: str | None = None) -> str:
    """A project that counts uses the insight."""
    return _exists_in_any(
        insight_uses(until),
        "SELECT 1 FROM {links} uu JOIN project up ON up.id = uu.project "
        f"WHERE uu.insight = {insight} AND {live('up')}" + _made_before("uu", until),
    )


def change_backed(change: str = "c.id", until: str | None = None) -> str:
    """The change builds on a live insight that live evidence backs."""
    return _exists_in_any(
        change_insights(until),
        "SELECT 1 FROM {links} bci JOIN insight bi ON bi.id = bci.insight "
        "JOIN insight_evidence bie ON bie.insight = bi.id JOIN evidence e ON e.id = bie.evidence "
        f"WHERE bci.change = {change} AND {live('bi')} AND {live_evidence('e')}"
        + _made_before("bci", until)
        + _made_before("bie", until),
    )
