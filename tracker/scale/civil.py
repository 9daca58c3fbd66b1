"""Civil-society organisations and collaborations with their contributions, follow-ups and
links, and the editors' memberships."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.collaborations.catalogue import Choice, CollaborationLists
from tracker.collaborations.rules import luhn_ok
from tracker.dialogues.rules import State
from tracker.scale import words as w
from tracker.scale.dataset import ANCHOR, FIRST_DAY, Dataset, capped, volume
from tracker.scale.dialogues import DialogueFacts
from tracker.scale.projects import ProjectFacts
from tracker.scale.work import Actor
from tracker.text import search_form, swedish_sort_key

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})


@dataclass(slots=True)
class CollaborationFacts:
    id: int
    start: date
    planned: bool
    projects: list[int]
    end: date | None = None


def _slug(name: str) -> str:
    return "".join(char for char in name.lower().translate(_ASCII) if char.isalnum())


def _org_number(ds: Dataset, taken: set[str]) -> str:
    while True:
        first = "802" + "".join(str(ds.rng.randint(0, 9)) for _ in range(6))
        digits = next(first + str(d) for d in range(10) if luhn_ok(first + str(d)))
        number = f"{digits[:6]}-{digits[6:]}"
        if number not in taken:
            taken.add(number)
            return number


def build_organisations(ds: Dataset, lists: CollaborationLists) -> list[tuple[int, str]]:
    rng = ds.rng
    names: set[str] = set()
    numbers: set[str] = set()
    kinds = lists.type_keys()
    organisations: list[tuple[int, str]] = []
    for _ in range(volume("organisation", ds.scale)):
        name = f"{rng.choice(w.ORG_PREFIXES)}{rng.choice(w.AREAS)} {rng.choice(w.ORG_WORDS)}"
        base, suffix = name, 2
        while search_form(name) in names:
            name, suffix = f"{base} {suffix}", suffix + 1
        names.add(search_form(name))
        slug = _slug(name)
        created_at = ds.moment(ds.day_between(FIRST_DAY, ANCHOR))
        organisation_id = ds["organisation"].add(
            name=name,
            name_search=search_form(name),
            name_sort=swedish_sort_key(name),
            org_number=_org_number(ds, numbers) if rng.random() < 0.75 else "",
            kind=rng.choice(kinds),
            activity_area=rng.choice(w.ACTIVITY_AREAS),
            idea_based=rng.random() < 0.6,
            contact=f"info@{slug}.example" if rng.random() < 0.6 else f"https://www.{slug}.example",
            notes="",
            archived_at=None,
            created_at=created_at,
            updated_at=created_at,
        )
        organisations.append((organisation_id, name))
    return organisations


def build_collaborations(
    ds: Dataset,
    lists: CollaborationLists,
    actors: list[Actor],
    organisations: list[tuple[int, str]],
    projects: list[ProjectFacts],
    dialogues: list[DialogueFacts],
) -> list[CollaborationFacts]:
    rng = ds.rng
    held = [d for d in dialogues if d.state in (State.HELD, State.FED_BACK)] or dialogues
    linked_dialogues: set[tuple[int, int]] = set()
    facts: list[CollaborationFacts] = []
    for _ in range(volume("collaboration", ds.scale)):
        actor = rng.choice(actors)
        form = rng.choice(lists.forms)
        parties = rng.sample(
            organisations, min(len(organisations), rng.choices((1, 2, 3), (70, 22, 8))[0])
        )
        fact, created_at = _collaboration(ds, actor, form, parties)
        for organisation_id, _ in parties:
            ds["collaboration_organisation"].add(
                collaboration=fact.id, organisation=organisation_id
            )
        _contributions(ds, fact.id, parties, fact.start, fact.end, actor)
        _follow_ups(ds, fact.id, fact.start, actor)
        if rng.random() < 0.3:
            project = rng.choice(projects)
            ds["collaboration_project"].add(
                collaboration=fact.id, project=project.id, linked_at=created_at, linked_by=actor[1]
            )
            fact.projects.append(project.id)
        if not fact.planned and rng.random() < 0.25:
            dialogue = rng.choice(held)
            if (fact.id, dialogue.id) not in linked_dialogues:
                linked_dialogues.add((fact.id, dialogue.id))
                ds["collaboration_dialogue"].add(
                    collaboration=fact.id,
                    dialogue=dialogue.id,
                    linked_at=created_at,
                    linked_by=actor[1],
                )
                _partner_feedback(ds, dialogue, fact.id)
        facts.append(fact)
    return facts


def _collaboration(
    ds: Dataset, actor: Actor, form: Choice, parties: list[tuple[int, str]]
) -> tuple[CollaborationFacts, datetime]:
    """The collaboration's row and its log entry: period, status and renewal as of the anchor."""
    rng = ds.rng
    topic = rng.choice(w.DIALOGUE_TOPICS)
    title = f"{form.name.split(' – ')[0]} om {topic} med {parties[0][1]}"[:200]
    _, department = rng.choice(w.ORGANISATION)
    start = ds.day_between(FIRST_DAY, ANCHOR + timedelta(days=120))
    end: date | None = None
    if rng.random() < 0.5:
        end = start + timedelta(days=rng.randint(180, 1500))
    if start > ANCHOR:
        status = "planned"
    elif end is not None and end < ANCHOR:
        status = "ended"
    else:
        status = "ongoing"
    renewal = None
    if status == "ongoing" and rng.random() < 0.5:
        renewal = max(
            start, ds.day_between(ANCHOR - timedelta(days=60), ANCHOR + timedelta(days=300))
        )
    created_at = ds.moment(min(start, ANCHOR) - timedelta(days=rng.randint(0, 60)))
    collaboration_id = ds["collaboration"].add(
        title=title,
        title_search=search_form(title),
        title_sort=swedish_sort_key(title),
        form=form.key,
        goal=f"Att tillsammans utveckla {topic} för {rng.choice(w.TARGET_GROUPS).lower()}.",
        department=department,
        contact_role=rng.choice(w.CONTACT_ROLES),
        start_date=start,
        end_date=end,
        renewal_date=renewal,
        status=status,
        results="Fler deltog än planerat och verksamheten fortsätter i föreningens regi."
        if status == "ended"
        else "",
        archived_at=None,
        created_at=created_at,
        updated_at=created_at,
    )
    ds.log(
        actor,
        "collaboration",
        collaboration_id,
        "created",
        f"Registrerade samverkan ”{title}”.",
        created_at,
    )
    return CollaborationFacts(collaboration_id, start, status == "planned", [], end), created_at


def _partner_feedback(ds: Dataset, dialogue: DialogueFacts, collaboration_id: int) -> None:
    """Half the linked dialogues' feedback reached residents through the partner."""
    for feedback_id in dialogue.residents_feedback:
        row = ds["dialogue_feedback"].rows[feedback_id - 1]
        if row["channel"] != "partner" and ds.rng.random() < 0.5:
            row["channel"] = "partner"
            ds["feedback_partner"].add(feedback=feedback_id, collaboration=collaboration_id)


def _contributions(
    ds: Dataset,
    collaboration_id: int,
    parties: list[tuple[int, str]],
    start: date,
    end: date | None,
    actor: Actor,
) -> None:
    rng = ds.rng
    last_year = min(end or ANCHOR, ANCHOR).year
    years = list(range(start.year, max(start.year, last_year) + 1))[:3]
    at = ds.moment(capped(start))
    for year in years:
        ds["contribution"].add(
            collaboration=collaboration_id,
            organisation=None,
            year=year,
            amount=rng.randint(20, 800) * 1000,
            in_kind="Lokal och samordning" if rng.random() < 0.3 else "",
            created_at=at,
            created_by=actor[1],
        )
    for organisation_id, _ in parties:
        ds["contribution"].add(
            collaboration=collaboration_id,
            organisation=organisation_id,
            year=years[0],
            amount=rng.choice((0, 0, 5000, 20000)),
            in_kind=rng.choice(w.IN_KIND),
            created_at=at,
            created_by=actor[1],
        )


def _follow_ups(ds: Dataset, collaboration_id: int, start: date, actor: Actor) -> None:
    rng = ds.rng
    due = start
    for _ in range(rng.randint(1, 3)):
        due = due + timedelta(days=rng.randint(90, 365))
        ds["collaboration_follow_up"].add(
            collaboration=collaboration_id,
            due_on=due,
            what=rng.choice(
                ("Uppföljningsmöte om resultat", "Avstämning av insatser", "Årlig utvärdering")
            ),
            done=due < ANCHOR and rng.random() < 0.85,
            created_at=ds.moment(capped(start)),
            created_by=actor[1],
        )


def build_memberships(
    ds: Dataset,
    editors: list[int],
    projects: list[ProjectFacts],
    dialogues: list[DialogueFacts],
    collaborations: list[CollaborationFacts],
) -> None:
    at = ds.moment(ANCHOR - timedelta(days=30))
    for account_id in editors:
        for record_type, ids in (
            ("project", [p.id for p in projects]),
            ("dialogue", [d.id for d in dialogues]),
            ("collaboration", [c.id for c in collaborations]),
        ):
            for record_id in sorted(ds.rng.sample(ids, min(len(ids), 12))):
                ds["membership"].add(
                    account=account_id,
                    record_type=record_type,
                    record_id=record_id,
                    added_at=at,
                    added_by="Testdata",
                )
