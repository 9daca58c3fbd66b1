"""The insight chain: evidence from dialogues, collaborations and projects' own research,
insights backed by it and reused across projects, service changes with their status
history, and the feedback that reports them back ("vi gjorde")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.dialogues.rules import State
from tracker.insights.rules import ChangeStatus
from tracker.phases.catalogue import PhaseCatalogue
from tracker.scale import words as w
from tracker.scale.civil import CollaborationFacts
from tracker.scale.dataset import ANCHOR, Dataset, capped, volume
from tracker.scale.dialogues import DialogueFacts
from tracker.scale.projects import ProjectFacts, research_iterations
from tracker.scale.work import Actor
from tracker.text import search_form, swedish_sort_key

Source = tuple[
    str, int, date, tuple[int, ...]
]  # type, id, first day evidence can exist, linked projects


def _sources(
    ds: Dataset,
    catalogue: PhaseCatalogue,
    projects: list[ProjectFacts],
    dialogues: list[DialogueFacts],
    collaborations: list[CollaborationFacts],
) -> dict[str, list[Source]]:
    rng = ds.rng
    by_type: dict[str, list[Source]] = {"dialogue": [], "collaboration": [], "project": []}
    for d in dialogues:
        # One in ten held dialogues yields no evidence: the gap view shows them.
        if d.state in (State.HELD, State.FED_BACK) and d.evidence_from and rng.random() < 0.9:
            by_type["dialogue"].append(("dialogue", d.id, d.evidence_from, tuple(d.projects)))
    for c in collaborations:
        if not c.planned:
            by_type["collaboration"].append(
                ("collaboration", c.id, capped(c.start), tuple(c.projects))
            )
    for p in projects:
        research = research_iterations(p, catalogue)
        if research:
            by_type["project"].append(("project", p.id, research[0][2], (p.id,)))
    if not any(by_type.values()):  # a tiny scale: let collaborations carry it
        by_type["collaboration"] = [
            ("collaboration", c.id, capped(c.start), tuple(c.projects)) for c in collaborations
        ]
    return by_type


def _speaker(ds: Dataset) -> str:
    rng = ds.rng
    category = f"{rng.choice(w.SPEAKER_ROLES)}, {rng.choice(w.AGE_GROUPS)}"
    return category + f", {rng.choice(w.AREAS)}" if rng.random() < 0.3 else category


def _quote(ds: Dataset, source_type: str) -> str:
    rng = ds.rng
    if source_type == "project" and rng.random() < 0.4:
        return f"{rng.choice(w.OBSERVATIONS)} {rng.choice(w.SERVICES)} upplevs som svår att förstå."
    text = f"Jag {rng.choice(w.PROBLEMS)} {rng.choice(w.SITUATIONS)} {rng.choice(w.SERVICES)}."
    ending = rng.choice(w.ENDINGS)
    return f"{text} {ending}" if ending else text


def build_chain(
    ds: Dataset,
    catalogue: PhaseCatalogue,
    actors: list[Actor],
    projects: list[ProjectFacts],
    dialogues: list[DialogueFacts],
    collaborations: list[CollaborationFacts],
) -> None:
    theme_at = ds.moment(date(2017, 1, 10))
    themes = [
        ds["theme"].add(name=name, name_sort=swedish_sort_key(name), created_at=theme_at)
        for name in w.THEMES
    ]
    evidence_of = _evidence(
        ds, actors, _sources(ds, catalogue, projects, dialogues, collaborations)
    )
    uses = _insights(ds, actors, evidence_of, themes, projects)
    _changes(ds, actors, projects, uses, dialogues)


def _evidence(
    ds: Dataset, actors: list[Actor], by_type: dict[str, list[Source]]
) -> dict[Source, list[tuple[int, date]]]:
    rng = ds.rng
    total = volume("evidence", ds.scale)
    shares = {"dialogue": 0.6, "collaboration": 0.2, "project": 0.2}
    present = {kind: share for kind, share in shares.items() if by_type[kind]}
    weight_sum = sum(present.values())
    evidence_of: dict[Source, list[tuple[int, date]]] = {}
    kinds = list(present)
    counts = {kind: round(total * present[kind] / weight_sum) for kind in kinds}
    counts[kinds[0]] += total - sum(counts.values())
    for kind in kinds:
        sources = by_type[kind]
        weights = [rng.choice((1, 1, 2, 3, 5)) for _ in sources]
        for source in rng.choices(sources, weights, k=counts[kind]):
            day = capped(source[2] + timedelta(days=rng.randint(0, 30)))
            actor = rng.choice(actors)
            evidence_id = ds["evidence"].add(
                text=_quote(ds, kind),
                source_type=kind,
                source_id=source[1],
                speaker_category=_speaker(ds),
                internal=rng.random() < 0.1,
                created_at=ds.moment(day),
                created_by=actor[1],
                archived_at=None,
            )
            evidence_of.setdefault(source, []).append((evidence_id, day))
    return evidence_of


def _insights(
    ds: Dataset,
    actors: list[Actor],
    evidence_of: dict[Source, list[tuple[int, date]]],
    themes: list[int],
    projects: list[ProjectFacts],
) -> dict[int, list[int]]:
    """Insights with their evidence, themes and uses; returns project id → insights used."""
    rng = ds.rng
    sources = list(evidence_of)
    weights = [len(evidence_of[s]) for s in sources]
    starts = {p.id: p.start for p in projects}
    iterations = {p.id: [it[0] for it in p.iterations] for p in projects}
    uses: dict[int, list[int]] = {}
    for source in rng.choices(sources, weights, k=volume("insight", ds.scale)):
        pool = evidence_of[source]
        chosen = rng.sample(
            pool, min(len(pool), rng.choices((1, 2, 3, 4, 5), (25, 30, 25, 12, 8))[0])
        )
        if rng.random() < 0.1:  # backed by a second source too
            other = evidence_of[rng.choice(sources)]
            chosen.append(rng.choice(other))
        chosen = list(dict.fromkeys(chosen))
        day = capped(max(d for _, d in chosen) + timedelta(days=rng.randint(0, 60)))
        at = ds.moment(day)
        actor = rng.choice(actors)
        target = rng.choice(w.TARGET_GROUPS)
        statement = f"{target} behöver {rng.choice(w.NEEDS)} för att {rng.choice(w.GOALS)}."
        insight_id = ds["insight"].add(
            statement=statement,
            statement_search=search_form(statement, 5000),
            target_group=target,
            created_at=at,
            created_by=actor[1],
            updated_at=at,
            archived_at=None,
        )
        ds.log(
            actor, "insight", insight_id, "created", f"Formulerade insikten ”{statement[:80]}”.", at
        )
        for evidence_id, _ in chosen:
            ds["insight_evidence"].add(
                insight=insight_id, evidence=evidence_id, linked_at=at, linked_by=actor[1]
            )
        for theme_id in rng.sample(themes, rng.choice((1, 1, 2))):
            ds["insight_theme"].add(
                insight=insight_id, theme=theme_id, linked_at=at, linked_by=actor[1]
            )
        used_in = [p for p in source[3] if rng.random() < 0.85]
        if not used_in and rng.random() < 0.7:
            used_in = [rng.choice(projects).id]
        if used_in and rng.random() < 0.15:  # reuse across projects
            used_in += [rng.choice(projects).id for _ in range(rng.randint(1, 2))]
        for project_id in dict.fromkeys(used_in):
            ds["insight_use"].add(
                insight=insight_id,
                project=project_id,
                iteration=rng.choice(iterations[project_id]) if rng.random() < 0.7 else None,
                linked_at=ds.moment(capped(max(day, starts[project_id]))),
                linked_by=actor[1],
            )
            uses.setdefault(project_id, []).append(insight_id)
    return uses


STATUS_PATHS = (
    ((ChangeStatus.IDEA,), 20),
    ((ChangeStatus.IDEA, ChangeStatus.TESTING), 15),
    ((ChangeStatus.IDEA, ChangeStatus.DECIDED), 8),
    ((ChangeStatus.IDEA, ChangeStatus.TESTING, ChangeStatus.DECIDED), 12),
    ((ChangeStatus.IDEA, ChangeStatus.TESTING, ChangeStatus.DECIDED, ChangeStatus.IMPLEMENTED), 25),
    ((ChangeStatus.IDEA, ChangeStatus.DECIDED, ChangeStatus.IMPLEMENTED), 10),
    ((ChangeStatus.IDEA, ChangeStatus.TESTING, ChangeStatus.CLOSED), 6),
    ((ChangeStatus.IDEA, ChangeStatus.CLOSED), 4),
)


def _changes(
    ds: Dataset,
    actors: list[Actor],
    projects: list[ProjectFacts],
    uses: dict[int, list[int]],
    dialogues: list[DialogueFacts],
) -> None:
    rng = ds.rng
    insight_count = len(ds["insight"])
    weights = [1 + 3 * (p.step_index >= 2) + 2 * (p.id in uses) for p in projects]
    changes_of: dict[int, list[int]] = {}
    for project in rng.choices(projects, weights, k=volume("service_change", ds.scale)):
        actor = rng.choice(actors)
        change_id, created_at = _change(ds, actor, project)
        changes_of.setdefault(project.id, []).append(change_id)
        if rng.random() < 0.08:  # a change with no evidence behind it: a gap
            continue
        candidates = uses.get(project.id) or [rng.randint(1, insight_count)]
        for insight_id in dict.fromkeys(
            rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))
        ):
            ds["change_insight"].add(
                change=change_id,
                insight=insight_id,
                strength=rng.choice((1, 2, 2, 3)),
                linked_at=created_at,
                linked_by=actor[1],
            )
    _reported_changes(ds, dialogues, changes_of)


def _status_history(ds: Dataset, day: date) -> list[tuple[ChangeStatus, date]]:
    """A path through the statuses from `day`, cut where it would pass the anchor."""
    rng = ds.rng
    paths = [path for path, _ in STATUS_PATHS]
    history: list[tuple[ChangeStatus, date]] = []
    for status in rng.choices(paths, [weight for _, weight in STATUS_PATHS])[0]:
        if history:
            day = day + timedelta(days=rng.randint(20, 150))
            if day > ANCHOR:
                break
        history.append((status, day))
    return history


def _change(ds: Dataset, actor: Actor, project: ProjectFacts) -> tuple[int, datetime]:
    """A service change with its dated status history and log entries."""
    rng = ds.rng
    day = ds.day_between(min(project.start + timedelta(days=30), ANCHOR), ANCHOR)
    service = rng.choice(w.SERVICES)
    title = f"{rng.choice(w.CHANGE_VERBS)} {rng.choice(w.CHANGE_OBJECTS)} {service}"
    history = _status_history(ds, day)
    final, final_on = history[-1]
    reason = rng.choice(w.CLOSED_REASONS) if final == ChangeStatus.CLOSED else ""
    created_at = ds.moment(history[0][1])
    change_id = ds["service_change"].add(
        project=project.id,
        title=title,
        description=f"Förändringen gäller {service} och bygger på det användarna berättat.",
        status=str(final),
        status_on=final_on,
        closed_reason=reason,
        created_at=created_at,
        updated_at=ds.moment(final_on),
        archived_at=None,
    )
    ds.log(
        actor,
        "service_change",
        change_id,
        "created",
        f"Föreslog tjänsteförändringen ”{title}”.",
        created_at,
    )
    for status, on in history:
        at = ds.moment(on)
        ds["change_status_event"].add(
            change=change_id,
            status=str(status),
            status_on=on,
            reason=reason if status == ChangeStatus.CLOSED else "",
            recorded_at=at,
            recorded_by=actor[1],
        )
        if status != ChangeStatus.IDEA:
            ds.log(
                actor,
                "service_change",
                change_id,
                "state_changed",
                f"Ändrade status ({on.isoformat()}).",
                at,
                {"status": [None, str(status)]},
            )
    return change_id, created_at


def _reported_changes(
    ds: Dataset, dialogues: list[DialogueFacts], changes_of: dict[int, list[int]]
) -> None:
    """Feedback to residents of fed-back dialogues names changes of the projects they inform."""
    rng = ds.rng
    for dialogue in dialogues:
        if not dialogue.residents_feedback or dialogue.state != State.FED_BACK:
            continue
        reported = [c for p in dialogue.projects for c in changes_of.get(p, [])]
        if reported and rng.random() < 0.7:
            feedback_id = dialogue.residents_feedback[0]
            at = ds["dialogue_feedback"].rows[feedback_id - 1]["created_at"]
            for change_id in rng.sample(reported, min(len(reported), 2)):
                ds["feedback_change"].add(
                    feedback=feedback_id, change=change_id, linked_at=at, linked_by="Testdata"
                )
