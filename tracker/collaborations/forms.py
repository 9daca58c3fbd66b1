"""Read the organisation and collaboration forms into plain values, with Swedish messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tracker.clock import today
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.labels import FIELD_LABELS, ORGANISATION_LABELS
from tracker.collaborations.rules import (
    MAX_AMOUNT,
    MUNICIPALITY,
    STATUS_LABELS,
    contact_problem,
    org_number_problem,
    organisations_problem,
    period_problems,
    private_contact_warning,
)
from tracker.collaborations.status_history import HISTORY
from tracker.collaborations.tables import Collaboration, Organisation
from tracker.db import MAX_ID
from tracker.shared.registration import read_registration
from tracker.shared.status_history import check_status_on
from tracker.web.forms import Fields
from tracker.web.http import form_value


@dataclass(frozen=True, slots=True)
class OrganisationInput:
    name: str
    org_number: str
    kind: str
    activity_area: str
    idea_based: bool
    contact: str
    notes: str
    # The user confirmed that the contact, at a private mail domain, is the organisation's.
    private_contact_confirmed: bool = False


CONFIRM_PRIVATE_CONTACT = "contact-privat"  # the checkbox shown with the warning


def read_organisation_form(
    raw: Mapping[str, str], lists: CollaborationLists, *, stored_contact: str = ""
) -> tuple[OrganisationInput | None, Fields]:
    """`stored_contact`: the organisation's contact now; keeping it needs no new confirmation."""
    f = Fields(raw)
    name = f.text("name", missing="Skriv organisationens namn.")
    number, problem = org_number_problem(f.raw.get("org_number", ""))
    if problem:
        f.error("org_number", problem)
    kind = f.choice("kind", lists.type_keys(), missing="Välj vilken typ av organisation det är.")
    activity_area = f.text("activity_area", max_length=200)
    contact = f.text("contact", max_length=300)
    confirmed = False
    if problem := contact_problem(contact):
        f.error("contact", problem)
    elif (domain := lists.private_mail_domain(contact)) and contact != stored_contact:
        confirmed = f.raw.get(CONFIRM_PRIVATE_CONTACT) == "ja"
        if not confirmed:
            f.error("contact", private_contact_warning(domain))
    notes = f.free_text("notes", max_length=5000)
    if not f.ok:
        return None, f
    idea_based = f.raw.get("idea_based") == "ja"
    data = OrganisationInput(
        name, number, kind, activity_area, idea_based, contact, notes, confirmed
    )
    return data, f


@dataclass(frozen=True, slots=True)
class CollaborationInput:
    title: str
    form: str
    organisation_ids: list[int]
    goal: str
    department: str
    contact_role: str
    start_date: date
    end_date: date | None
    renewal_date: date | None
    status: str
    results: str
    status_on: date | None = None  # Status gäller från: a change of status dated back
    # Registration of the agreement (tracker/shared/registration.py).
    diarienummer: str | None = None
    registered_on: date | None = None
    secrecy: str = ""


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        if value.strip().isdigit() and 0 < int(value) <= MAX_ID:
            ids.append(int(value))
    return list(dict.fromkeys(ids))


def read_collaboration_form(
    raw: Mapping[str, str],
    organisation_ids: list[str],
    lists: CollaborationLists,
    known_organisations: set[int],
) -> tuple[CollaborationInput | None, Fields]:
    f = Fields(raw)
    title = f.text("title", missing="Skriv en titel för samverkan.")
    form = f.choice("form", lists.form_keys(), missing="Välj vilken form samverkan har.")
    chosen = _ids(organisation_ids)
    if any(i not in known_organisations for i in chosen):
        f.error("organisation_ids", "Välj organisationer i listan.")
    elif problem := organisations_problem(chosen):
        f.error("organisation_ids", problem)
    goal = f.free_text("goal", missing="Beskriv det gemensamma målet.")
    department = f.text("department", missing="Skriv vilken förvaltning som ansvarar.")
    contact_role = f.text(
        "contact_role", missing="Skriv kommunens kontaktroll, till exempel ”Föreningsutvecklare”."
    )
    start = f.date("start_date", missing="Skriv när samverkan börjar.", label="Startdatum")
    end = f.date("end_date", label="Slutdatum")
    renewal = f.date("renewal_date", label="Förnyelsedatum")
    for name, message in period_problems(start, end, renewal).items():
        f.error(name, message)
    status = f.choice("status", STATUS_LABELS, missing="Välj status.")
    status_on = f.date("status_on")
    if problem := check_status_on(HISTORY, status_on, start, None, today()):
        f.error("status_on", problem)
    results = f.free_text("results", max_length=10000)
    registration = read_registration(f)
    if not f.ok or start is None:
        return None, f
    return (
        CollaborationInput(
            title,
            form,
            chosen,
            goal,
            department,
            contact_role,
            start,
            end,
            renewal,
            status,
            results,
            status_on,
            **registration.values(),
        ),
        f,
    )


@dataclass(frozen=True, slots=True)
class ContributionInput:
    organisation_id: int | None  # None: the municipality
    year: int
    amount: int
    in_kind: str


def read_contribution_form(
    raw: Mapping[str, str], parties: set[int]
) -> tuple[ContributionInput | None, Fields]:
    f = Fields(raw)
    party = f.raw.get("party", "").strip()
    organisation_id: int | None = None
    if party == MUNICIPALITY:
        organisation_id = None
    elif party.isdigit() and int(party) in parties:
        organisation_id = int(party)
    else:
        f.error("party", "Välj vilken part insatsen kommer från.")
    year = f.year("year", missing="Skriv vilket år insatsen gäller.")
    raw_amount = f.raw.get("amount", "").strip()
    if raw_amount.startswith("-"):
        f.error("amount", "Beloppet kan inte vara negativt. Skriv 0 om insatsen inte är i pengar.")
        amount = None
    else:
        amount = f.number(
            "amount",
            missing="Skriv beloppet i hela kronor (0 om insatsen inte är i pengar).",
            maximum=MAX_AMOUNT,
        )
    in_kind = f.free_text("in_kind", max_length=2000)
    if not f.ok or year is None or amount is None:
        return None, f
    return ContributionInput(organisation_id, year, amount, in_kind), f


@dataclass(frozen=True, slots=True)
class FollowUpInput:
    due_on: date
    what: str


def read_follow_up_form(raw: Mapping[str, str]) -> tuple[FollowUpInput | None, Fields]:
    f = Fields(raw)
    due_on = f.date("due_on", missing="Skriv datumet för uppföljningen.", label="Uppföljningsdatum")
    what = f.text(
        "what",
        missing="Skriv vad som ska följas upp, till exempel ”Halvårsavstämning”.",
        max_length=300,
    )
    if not f.ok or due_on is None:
        return None, f
    return FollowUpInput(due_on, what), f


def stored_organisation(organisation: Organisation) -> dict[str, str]:
    """The organisation's edit form as the record holds it now."""
    return {key: form_value(getattr(organisation, key)) for key in ORGANISATION_LABELS}


def stored_collaboration(
    collaboration: Collaboration, organisation_ids: list[int]
) -> dict[str, str]:
    """The collaboration's edit form as the record holds it now (the parties as ids)."""
    values = {
        key: form_value(getattr(collaboration, key))
        for key in FIELD_LABELS
        if key != "organisations"
    }
    return values | {"organisation_ids": "\n".join(sorted(str(i) for i in organisation_ids))}


def chosen_ids(values: Mapping[str, str]) -> list[str]:
    return [value for value in values.get("organisation_ids", "").split("\n") if value]
