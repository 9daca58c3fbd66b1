"""Links between records: one dialogue informs a project, a collaboration took part in a
project or a dialogue. One place links, unlinks and lists them, and logs both on the two
records, so each record's change log tells the whole story.

An area declares a `LinkKind`: the link table, whose foreign keys are named after the two
record types, the type of the record whose page makes the link (the owner), and the kind of
record it links to (the target) with the words for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from piccolo.table import Table

from tracker.accounts.memberships import may_edit
from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import MAX_ID, write_transaction
from tracker.web.choices import Choices, bounded_choices

# Every list of linked records has these; areas ask for more columns of the linked record.
LINK_COLUMNS = ("linked_at", "linked_by")


@dataclass(frozen=True, slots=True)
class LinkWords:
    """What the pages say about links to one kind of record ("Projektet är kopplat.")."""

    linked: str
    already: str
    not_linked: str
    choose: str  # the posted id names no record that could be linked
    archived: str  # the record is archived: it is not offered, and a posted one is refused
    not_editable: str  # the user may not edit the target: a link shows on both records
    # The link form, which opens on demand from the owner's page (tracker/shared/link_routes.py)
    open: str  # its button on the owner's page and its page's heading: "Koppla ett projekt"
    label: str  # its field: "Projekt"
    empty: str  # the field's empty choice: "Välj projekt"
    submit: str  # its button: "Koppla projektet"
    search: str  # the name search when there are many to choose from: "Sök projekt att koppla"
    none_left: str  # nothing to offer: "Det finns inga pågående projekt att koppla."


@dataclass(frozen=True, slots=True)
class Target:
    """A kind of record that links reach: its type, its table (id, title, title_sort,
    archived_at) and its words."""

    entity_type: str
    table: type[Table]
    words: LinkWords


@dataclass(frozen=True, slots=True)
class LinkKind:
    table: type[Table]  # with a foreign key named `owner` and one named `target.entity_type`
    owner: str  # the type of the record whose page makes the link
    target: Target

    def key(self, owner_id: int, target_id: int) -> str:
        """How the change log names the link, on both records."""
        return f"{self.owner}:{owner_id}-{self.target.entity_type}:{target_id}"


class Titled(Protocol):
    id: Any
    title: Any


class LinkRefused(LookupError):
    """The target cannot be linked; `message` says why, in Swedish. `status`: 422 for a
    target that cannot be linked at all, 409 for one that is linked already."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def link_problem(words: LinkWords, target: dict[str, Any] | None) -> str | None:
    """Why the target (its row, None when there is none) cannot be linked, or None."""
    if target is None:
        return words.choose
    if target.get("archived_at") is not None:
        return words.archived
    return None


def _is_id(value: int | None) -> bool:
    return value is not None and 0 < value <= MAX_ID


def _columns(kind: LinkKind) -> tuple[Any, Any]:
    """The link table's foreign keys: (to the owner, to the target)."""
    return getattr(kind.table, kind.owner), getattr(kind.table, kind.target.entity_type)


async def _log_both(
    kind: LinkKind,
    owner: Titled,
    target_id: int,
    target_title: str,
    actor: Principal,
    *,
    linked: bool,
) -> None:
    key = kind.key(owner.id, target_id)
    for entity_type, entity_id, other in (
        (kind.owner, owner.id, target_title),
        (kind.target.entity_type, target_id, owner.title),
    ):
        await record_change(
            actor=actor,
            entity_type=entity_type,
            entity_id=entity_id,
            action="linked" if linked else "unlinked",
            summary=f"Kopplade till ”{other}”."
            if linked
            else f"Tog bort kopplingen till ”{other}”.",
            changes={"link": [None, key] if linked else [key, None]},
        )


async def link(kind: LinkKind, owner: Titled, target_id: int | None, actor: Principal) -> bool:
    """Link the owner to the target. LinkRefused when the target does not exist, is
    archived, is not the user's to edit or is linked already (the form offers none of these:
    `linkable_choices`). False only when the same link was stored at the same moment."""
    table: Any = kind.target.table
    async with write_transaction():
        target = (
            await table.select(table.title, table.archived_at).where(table.id == target_id).first()
            if _is_id(target_id)
            else None
        )
        if problem := link_problem(kind.target.words, target):
            raise LinkRefused(problem)
        assert target is not None and target_id is not None
        # A link is written on both records (shown on both pages, logged in both change logs),
        # so it needs edit rights on both: the route's guard checked the owner.
        if not await may_edit(actor, kind.target.entity_type, target_id):
            raise LinkRefused(kind.target.words.not_editable)
        to_owner, to_target = _columns(kind)
        if await kind.table.exists().where((to_owner == owner.id) & (to_target == target_id)):
            raise LinkRefused(kind.target.words.already, status=409)
        await kind.table.insert(
            kind.table(
                **{kind.owner: owner.id, kind.target.entity_type: target_id},
                linked_at=now(),
                linked_by=actor.name,
            )
        )
        await _log_both(kind, owner, target_id, target["title"], actor, linked=True)
    return True


async def linkable_choices(kind: LinkKind, owner_id: int, text: str = "") -> Choices:
    """What the owner's link form offers: the records found by name that are neither archived
    nor linked to the owner already."""
    to_owner, to_target = _columns(kind)
    linked = kind.table.select(to_target).where(to_owner == owner_id)
    return await bounded_choices(kind.target.table, text, exclude=linked)


async def unlink(kind: LinkKind, owner: Titled, target_id: int, actor: Principal) -> bool:
    """Remove the link; False when there was none. The change logs keep who linked and
    unlinked, and when."""
    if not _is_id(target_id):
        return False
    table: Any = kind.table
    to_owner, to_target = _columns(kind)
    async with write_transaction():
        row = await (
            table.select(table.id, to_target.title.as_alias("title"))
            .where((to_owner == owner.id) & (to_target == target_id))
            .first()
        )
        if row is None:
            return False
        await table.delete().where(table.id == row["id"])
        await _log_both(kind, owner, target_id, row["title"], actor, linked=False)
    return True


async def _other_side(
    kind: LinkKind, *, seen_from: str, record_id: int, columns: Sequence[str]
) -> list[dict[str, Any]]:
    """The records linked to `record_id` (of type `seen_from`), sorted by title."""
    to_owner, to_target = _columns(kind)
    near, far = (to_owner, to_target) if seen_from == kind.owner else (to_target, to_owner)
    wanted = ("id", "title", *columns)
    return await (
        kind.table.select(
            *[getattr(far, name).as_alias(name) for name in wanted],
            *[getattr(kind.table, name) for name in LINK_COLUMNS],
        )
        .where(near == record_id)
        .order_by(far.title_sort)
    )


async def targets_of(
    kind: LinkKind, owner_id: int, columns: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The records the owner links to: id, title, `columns` of theirs, linked_at, linked_by."""
    return await _other_side(kind, seen_from=kind.owner, record_id=owner_id, columns=columns)


async def owners_of(
    kind: LinkKind, target_id: int, columns: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The records linking to the target: id, title, `columns` of theirs, linked_at, linked_by."""
    return await _other_side(
        kind, seen_from=kind.target.entity_type, record_id=target_id, columns=columns
    )
