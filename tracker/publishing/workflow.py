"""The review steps on a feature's own tables: `Publication` says where a kind of publication
keeps its draft, its versions and its review requests, and what it is called; its methods read
them and take the steps.

The steps run inside the caller's write transaction and return the change-log `Entry` (summary
and changes) for the caller to record under its own action, so that every step of a feature is
in its change log beside the feature's other steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piccolo.table import Table

from tracker.accounts.permissions import Principal
from tracker.clock import now, today
from tracker.publishing import reviewers
from tracker.publishing.rules import (
    STATE_LABELS,
    PageState,
    PublicationRefused,
    ReviewersRefused,
    approve_problem,
    return_problem,
)

Draft = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Entry:
    """A step for the change log: its summary and its changes ({key: [before, after]})."""

    summary: str
    changes: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Publication:
    """A kind of reviewed, published text and where it is kept.

    `draft` has one row per record (column `owner`) with the review state and who last edited
    the text; `version` the published versions (column `owner`, `number`); `reviewer` the
    colleagues asked (column `asked_on` naming the draft). `entity` is the kind of record whose
    members may review. `name` is the text in a sentence ("Publicerade {name}, version 2"),
    `full_name` as the thing sent for review ("Bad Kim granska {full_name}."). `stamp` is what a
    form sends back to say which text the user saw, `digest` the seal of a version.
    `review_from_published`: a published text may be sent for review again as it is (its
    requests close on publishing; otherwise they close when the text goes back to draft).
    """

    draft: type[Table]
    version: type[Table]
    reviewer: type[Table]
    owner: str
    asked_on: str
    entity: str
    name: str
    full_name: str
    ask_whom: str
    nothing_to_approve: str
    changed_since_seen: str
    stamp: Callable[[Draft | None], str]
    digest: Callable[[Mapping[str, Any]], str]
    review_from_published: bool = False

    def _column(self, table: type[Table], name: str) -> Any:
        return getattr(table, name)

    # --- reading ----------------------------------------------------------------------------

    async def get(self, owner_id: int) -> Draft | None:
        return (
            await self.draft.select()
            .where(self._column(self.draft, self.owner) == owner_id)
            .first()
        )

    async def versions(self, owner_id: int) -> list[dict[str, Any]]:
        """Every published version's number and date, newest first (no texts)."""
        table = self.version
        return await (
            table.select(
                self._column(table, "number"),
                self._column(table, "published_on"),
                self._column(table, "published_by"),
                self._column(table, "approved_by"),
            )
            .where(self._column(table, self.owner) == owner_id)
            .order_by(self._column(table, "number"), ascending=False)
        )

    async def latest_version(self, owner_id: int) -> dict[str, Any] | None:
        table = self.version
        return await (
            table.select()
            .where(self._column(table, self.owner) == owner_id)
            .order_by(self._column(table, "number"), ascending=False)
            .first()
        )

    async def version_number(self, owner_id: int, number: int) -> dict[str, Any] | None:
        table = self.version
        return await (
            table.select()
            .where(
                (self._column(table, self.owner) == owner_id)
                & (self._column(table, "number") == number)
            )
            .first()
        )

    async def asked(self, draft_id: int | None) -> list[dict[str, Any]]:
        """The colleagues asked in the open request, by name."""
        if draft_id is None:
            return []
        table = self.reviewer
        return await (
            table.select(self._column(table, "account_id"), self._column(table, "name"))
            .where(self._open(draft_id))
            .order_by(self._column(table, "name"))
        )

    async def waiting_for(self, account_id: int) -> list[dict[str, Any]]:
        """The texts in review that the account was asked to review (and did not edit last),
        of records not archived: the record's id (`owner`) and title, and when it was asked."""
        asked = self.reviewer
        draft: Any = self._column(asked, self.asked_on)
        owner: Any = getattr(draft, self.owner)  # Piccolo types a join two steps away loosely
        return await asked.select(
            owner.id.as_alias("owner"),
            owner.title.as_alias("title"),
            self._column(asked, "requested_at"),
        ).where(
            (self._column(asked, "account_id") == account_id)
            & self._column(asked, "closed_at").is_null()
            & (draft.state == PageState.IN_REVIEW)
            & owner.archived_at.is_null()
            & (draft.edited_by_id.is_null() | (draft.edited_by_id != account_id))
        )

    async def candidates(
        self, owner_id: int, requester: Principal, last_editor_id: int | None
    ) -> list[dict[str, Any]]:
        """Who may be asked to review (tracker.publishing.reviewers)."""
        return await reviewers.candidates(self.entity, owner_id, requester, last_editor_id)

    def approve_problem(
        self, state: str | None, last_editor_id: int | None, reviewer: Principal
    ) -> str | None:
        return approve_problem(state, last_editor_id, reviewer, ask_whom=self.ask_whom)

    # --- the review requests ----------------------------------------------------------------

    def _open(self, draft_id: int) -> Any:
        table = self.reviewer
        return (self._column(table, self.asked_on) == draft_id) & self._column(
            table, "closed_at"
        ).is_null()

    async def close(self, draft_id: int, stamp: datetime) -> None:
        """The request is over; the rows are kept as history."""
        await self.reviewer.update({self._column(self.reviewer, "closed_at"): stamp}).where(
            self._open(draft_id)
        )

    def back_to_draft(self) -> dict[Any, Any]:
        """The draft's values when it goes back to draft: no request, no approval."""
        return {
            self._column(self.draft, "state"): PageState.DRAFT,
            self._column(self.draft, "review_requested_at"): None,
            self._column(self.draft, "review_requested_by"): "",
            self._column(self.draft, "approved_at"): None,
            self._column(self.draft, "approved_by"): "",
        }

    def check_seen(self, draft: Draft, seen: str | None) -> None:
        """Refuses a step taken on a page that showed another text than the one stored now."""
        if seen is not None and seen != self.stamp(draft):
            raise PublicationRefused(self.changed_since_seen)

    async def _update(self, draft: Draft, values: dict[Any, Any]) -> None:
        await self.draft.update(values).where(self._column(self.draft, "id") == draft["id"])

    # --- the steps --------------------------------------------------------------------------

    async def request_review(
        self,
        owner_id: int,
        draft: Draft,
        actor: Principal,
        reviewer_ids: Iterable[str],
        stamp: datetime,
        values: dict[Any, Any] | None = None,
    ) -> tuple[list[dict[str, Any]], Entry]:
        """Ask the chosen colleagues (account ids as posted) to review the draft (whose state
        the caller has checked), also storing `values`; the chosen, and the log entry.
        ReviewersRefused when none, or someone who may not review, is chosen."""
        possible = await self.candidates(owner_id, actor, draft["edited_by_id"])
        chosen, problem = reviewers.chosen_reviewers(reviewer_ids, possible, self.entity)
        if problem:
            raise ReviewersRefused(problem)
        column = self._column
        await self._update(
            draft,
            {
                column(self.draft, "state"): PageState.IN_REVIEW,
                **(values or {}),
                column(self.draft, "review_requested_at"): stamp,
                column(self.draft, "review_requested_by"): actor.name,
            },
        )
        for row in chosen:
            await self.reviewer.insert(
                self.reviewer(
                    **{self.asked_on: draft["id"]},
                    account_id=row["id"],
                    name=row["name"],
                    requested_at=stamp,
                    requested_by=actor.name,
                )
            )
        names = ", ".join(row["name"] for row in chosen)
        entry = Entry(
            f"Bad {names} granska {self.full_name}.",
            {
                "läge": [STATE_LABELS[draft["state"]], STATE_LABELS[PageState.IN_REVIEW]],
                "granskare": [None, names],
            },
        )
        return chosen, entry

    async def approve(self, owner_id: int, actor: Principal, seen: str | None) -> Entry:
        draft = await self.get(owner_id)
        if draft is None:
            raise PublicationRefused(self.nothing_to_approve)
        if problem := self.approve_problem(draft["state"], draft["edited_by_id"], actor):
            raise PublicationRefused(problem)
        self.check_seen(draft, seen)
        await self._update(
            draft,
            {
                self._column(self.draft, "state"): PageState.APPROVED,
                self._column(self.draft, "approved_at"): now(),
                self._column(self.draft, "approved_by"): actor.name,
            },
        )
        return Entry(
            f"Granskade och godkände {self.name} för publicering.",
            {"läge": [STATE_LABELS[PageState.IN_REVIEW], STATE_LABELS[PageState.APPROVED]]},
        )

    async def send_back(self, owner_id: int, reason: str, actor: Principal) -> Entry:
        draft = await self.get(owner_id)
        if problem := return_problem(draft["state"] if draft else None):
            raise PublicationRefused(problem)
        assert draft is not None
        await self._update(draft, self.back_to_draft())
        await self.close(draft["id"], now())
        return Entry(
            f"Skickade tillbaka {self.full_name} till utkast."
            + (f" Skäl: {reason}" if reason else ""),
            {"läge": [STATE_LABELS[draft["state"]], STATE_LABELS[PageState.DRAFT]]},
        )

    async def publish(
        self,
        owner_id: int,
        draft: Draft,
        public: dict[str, Any],
        actor: Principal,
        stamp: datetime,
        values: dict[Any, Any] | None = None,
    ) -> tuple[int, Entry]:
        """Publish the approved draft (checked by the caller) as the next version with the
        `public` text, also storing `values` on the draft; its number and the log entry with
        the version's SHA-256."""
        latest = await self.latest_version(owner_id)
        number = (latest["number"] if latest else 0) + 1
        sealed: dict[str, Any] = {
            self.owner: owner_id,
            "number": number,
            **public,
            "published_on": today(),
            "published_by": actor.name,
            "approved_by": draft["approved_by"],
        }
        await self.version.insert(self.version(**sealed, published_at=stamp))
        await self._update(
            draft, {self._column(self.draft, "state"): PageState.PUBLISHED, **(values or {})}
        )
        if self.review_from_published:
            await self.close(draft["id"], stamp)
        entry = Entry(
            f"Publicerade {self.name}, version {number} (godkänd av {draft['approved_by']}).",
            {
                "version": [latest["number"] if latest else None, number],
                "sha256": [None, self.digest(sealed)],
            },
        )
        return number, entry
