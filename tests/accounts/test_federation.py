"""The rules of signing in through the municipality's identity provider, whatever the
protocol (tracker.accounts.federation): without HTTP, on the real database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import personas
from tests.support import text_of
from tracker.accounts import services
from tracker.accounts.federation import (
    REFUSED_EMAIL_TAKEN,
    REFUSED_INACTIVE,
    REFUSED_NO_EMAIL,
    REFUSED_NO_ROLE,
    FederatedOutcome,
    ProviderIdentity,
    sign_in_from_provider,
)
from tracker.accounts.permissions import Role
from tracker.accounts.services import principal_for_session, session_for
from tracker.accounts.sign_in_roles import SignInRoles, granted, load_sign_in_roles
from tracker.accounts.tables import Account, ProviderLink
from tracker.audit.tables import ChangeLogEntry
from tracker.datafiles import DataFileError
from tracker.settings import get_settings

ISSUER = "https://login.kommun.example/tenant/v2.0"
ROLES = SignInRoles(
    groups={
        Role.ADMIN: frozenset({"grp-admin"}),
        Role.EDITOR: frozenset({"grp-editor"}),
        Role.READER: frozenset({"grp-reader", "grp-staff"}),
    },
    report_manager=frozenset({"grp-reports"}),
)


def person(
    subject: str = "sub-1",
    groups: tuple[str, ...] = ("grp-editor",),
    *,
    email: str | None = "kim@kommun.example",
    name: str = "Kim Karlsson",
    issuer: str = ISSUER,
    protocol: str = "oidc",
) -> ProviderIdentity:
    return ProviderIdentity(protocol, issuer, subject, name, email, groups)


async def sign_in(identity: ProviderIdentity) -> FederatedOutcome:
    return await sign_in_from_provider(identity, roles=ROLES)


async def account_of(email: str) -> dict[str, Any]:
    row = await Account.select().where(Account.email == email).first()
    assert row is not None
    return row


async def log(action: str) -> list[dict[str, Any]]:
    rows = await ChangeLogEntry.select().where(ChangeLogEntry.action == action)
    for row in rows:
        if isinstance(row["changes"], str):
            row["changes"] = json.loads(row["changes"])
    return rows


# --- the roles file ----------------------------------------------------------------------


def test_the_highest_role_of_the_persons_groups_is_given() -> None:
    assert granted(("grp-reader", "grp-admin"), ROLES).role is Role.ADMIN  # type: ignore[union-attr]
    assert granted(("grp-staff",), ROLES).role is Role.READER  # type: ignore[union-attr]
    both = granted(("grp-editor", "grp-reports"), ROLES)
    assert both is not None and both.role is Role.EDITOR and both.report_manager


def test_groups_that_give_no_role_give_nothing_not_even_rapportansvarig_alone() -> None:
    assert granted((), ROLES) is None
    assert granted(("grp-unknown",), ROLES) is None
    assert granted(("grp-reports",), ROLES) is None
    assert granted(("GRP-ADMIN",), ROLES) is None  # group values are compared exactly


def test_the_shipped_roles_file_loads_and_gives_no_one_a_role() -> None:
    roles = load_sign_in_roles(get_settings().lists_dir)
    assert granted(("anything",), roles) is None


def test_a_mistake_in_the_roles_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "sign-in-roles.toml").write_text('admins = ["x"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match='fältet "admins" är okänt'):
        load_sign_in_roles(tmp_path)
    (tmp_path / "sign-in-roles.toml").write_text('editor = "grp"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match='fältet "editor" måste vara en lista'):
        load_sign_in_roles(tmp_path)


# --- first and later sign-ins ------------------------------------------------------------


async def test_the_first_sign_in_makes_the_account_and_logs_the_provider_and_subject(
    db: None,
) -> None:
    outcome = await sign_in(person(groups=("grp-editor", "grp-reports")))
    assert outcome.refusal is None and outcome.signed_in is not None
    account = await account_of("kim@kommun.example")
    assert (account["name"], account["role"], account["report_manager"]) == (
        "Kim Karlsson",
        "editor",
        True,
    )
    assert not await services.password_matches(account["id"], "")  # no password at all
    links = await ProviderLink.select().where(ProviderLink.account == account["id"])
    assert [(x["protocol"], x["issuer"], x["subject"]) for x in links] == [
        ("oidc", ISSUER, "sub-1")
    ]
    [entry] = await log("created_at_sign_in")
    assert entry["entity_id"] == account["id"]
    assert entry["changes"]["subject"] == [None, "sub-1"]
    assert entry["changes"]["issuer"] == [None, ISSUER]
    assert entry["changes"]["protocol"] == [None, "oidc"]
    # The session it starts works.
    session = session_for(outcome.signed_in)
    principal = await principal_for_session(session)
    assert principal is not None and principal.role == "editor" and principal.report_manager


async def test_every_sign_in_updates_name_email_and_role_and_a_removed_role_is_gone(
    db: None,
) -> None:
    first = await sign_in(person(groups=("grp-admin", "grp-reports")))
    assert first.signed_in is not None
    old_session = session_for(first.signed_in)
    later = await sign_in(
        person(groups=("grp-staff",), email="Kim.Ny@Kommun.example", name="Kim Nyberg")
    )
    assert later.signed_in is not None
    account = await account_of("kim.ny@kommun.example")
    assert (account["name"], account["role"], account["report_manager"]) == (
        "Kim Nyberg",
        "reader",
        False,
    )
    assert await Account.count() == 1
    # A session with the old rights ends; the new one has the new role.
    assert await principal_for_session(old_session) is None
    principal = await principal_for_session(session_for(later.signed_in))
    assert principal is not None and principal.role == "reader"
    [entry] = await log("signed_in_via_provider")
    assert entry["changes"]["role"] == ["admin", "reader"]
    assert entry["changes"]["report_manager"] == [True, False]
    assert entry["changes"]["subject"] == [None, "sub-1"]


async def test_a_sign_in_that_changes_nothing_keeps_the_session(db: None) -> None:
    first = await sign_in(person())
    assert first.signed_in is not None
    again = await sign_in(person())
    assert again.signed_in is not None
    assert await principal_for_session(session_for(first.signed_in)) is not None


# --- refusals ----------------------------------------------------------------------------


async def test_groups_that_give_no_role_are_refused_with_a_clear_message(db: None) -> None:
    outcome = await sign_in(person(groups=("grp-unknown", "grp-reports")))
    assert outcome.signed_in is None and outcome.refusal == REFUSED_NO_ROLE
    assert await Account.count() == 0
    [entry] = await log("sign_in_refused")
    assert entry["changes"]["subject"] == [None, "sub-1"]
    assert "ingen roll" in entry["summary"]


async def test_someone_removed_from_every_group_is_refused_and_signed_out(db: None) -> None:
    first = await sign_in(person())
    assert first.signed_in is not None
    outcome = await sign_in(person(groups=()))
    assert outcome.refusal == REFUSED_NO_ROLE
    assert await principal_for_session(session_for(first.signed_in)) is None


async def test_a_deactivated_account_cannot_sign_in_whatever_the_provider_says(db: None) -> None:
    await sign_in(person())
    account = await account_of("kim@kommun.example")
    await services.set_active(account, False, await personas.alva())
    outcome = await sign_in(person(groups=("grp-admin",)))
    assert outcome.signed_in is None and outcome.refusal == REFUSED_INACTIVE
    account = await account_of("kim@kommun.example")
    assert account["role"] == "editor" and not account["active"]


async def test_an_email_address_reused_by_another_subject_does_not_take_over_the_account(
    db: None,
) -> None:
    await sign_in(person("sub-1", ("grp-admin",)))
    outcome = await sign_in(person("sub-2", ("grp-admin",), name="Någon Annan"))
    assert outcome.signed_in is None and outcome.refusal == REFUSED_EMAIL_TAKEN
    account = await account_of("kim@kommun.example")
    assert account["name"] == "Kim Karlsson"
    assert await ProviderLink.count() == 1
    # Nor a password account with that address, nor the same subject from another provider.
    await personas.make_account("Lo Läsare", "reader", email="lo@kommun.example")
    assert (await sign_in(person("sub-3", email="lo@kommun.example"))).refusal == (
        REFUSED_EMAIL_TAKEN
    )
    other = person("sub-1", email="kim@kommun.example", issuer="https://evil.example")
    assert (await sign_in(other)).refusal == REFUSED_EMAIL_TAKEN
    assert len(await log("sign_in_refused")) == 3


async def test_a_new_address_that_another_account_has_is_not_taken_at_sign_in(db: None) -> None:
    await personas.make_account("Lo Läsare", "reader", email="lo@kommun.example")
    await sign_in(person())
    outcome = await sign_in(person(email="lo@kommun.example"))
    assert outcome.signed_in is not None
    assert outcome.signed_in.principal.email == "kim@kommun.example"
    assert (await account_of("lo@kommun.example"))["name"] == "Lo Läsare"


async def test_a_new_person_without_an_email_address_is_refused(db: None) -> None:
    outcome = await sign_in(person(email=None))
    assert outcome.refusal == REFUSED_NO_EMAIL
    assert await Account.count() == 0


async def test_an_identity_without_a_subject_is_refused(db: None) -> None:
    assert (await sign_in(person(subject=""))).signed_in is None
    assert (await sign_in(person(protocol="ldap"))).signed_in is None
    assert await Account.count() == 0


# --- passwords when local sign-in is off -------------------------------------------------


async def test_only_named_break_glass_administrators_sign_in_with_a_password(db: None) -> None:
    alva = await personas.alva()
    lo = await personas.make_account("Lo Läsare", "reader", email="lo@kommun.example")
    glass = frozenset({alva.email, lo.email})
    signed = await services.sign_in(alva.email, personas.PASSWORD, "1.2.3.4", break_glass=glass)
    assert signed.principal.id == alva.id
    with pytest.raises(services.SignInError):  # named, but not an administrator
        await services.sign_in(lo.email, personas.PASSWORD, "1.2.3.4", break_glass=glass)
    with pytest.raises(services.SignInError):  # an administrator, but not named
        await services.sign_in(alva.email, personas.PASSWORD, "1.2.3.4", break_glass=frozenset())


async def test_the_account_page_says_the_account_signs_in_through_the_provider(
    client: httpx.AsyncClient,
) -> None:
    await sign_in(person())
    kim = await account_of("kim@kommun.example")
    page = await client.get(f"/admin/konton/{kim['id']}")
    assert page.status_code == 200
    assert f"Loggar in via kommunens inloggningstjänst (OpenID Connect, {ISSUER})" in text_of(
        page.text
    )
    alva = await account_of("alva@kommun.example")
    assert "Loggar in via" not in (await client.get(f"/admin/konton/{alva['id']}")).text
