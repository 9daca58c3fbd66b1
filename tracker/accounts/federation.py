"""Signing in through the municipality's identity provider (OpenID Connect or SAML 2.0): the
rules both protocols share, after the protocol itself has checked who the person is.

- An account is tied to the provider's stable subject (protocol, issuer, subject), never to
  the e-mail address alone: a renamed or reused address cannot take over an account. A new
  subject whose e-mail address another account has is refused, and an administrator decides.
- The account is made at the first sign-in, and its name, e-mail address and role are updated
  at every sign-in from the groups in lists/sign-in-roles.toml (tracker.accounts.sign_in_roles).
- A deactivated account cannot sign in whatever the provider says; groups that give no role
  give no access.
- Every sign-in is in the change log with the protocol, issuer and subject; every refusal is
  logged (never a token): in the change log when the provider vouched for the person, and in
  the app's log (`log_refusal`) when the protocol itself failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from tracker.accounts.passwords import NO_PASSWORD
from tracker.accounts.permissions import Principal, system_actor
from tracker.accounts.services import ENTITY, SignedIn, normalise_email, principal_of
from tracker.accounts.sign_in_roles import Granted, SignInRoles, granted, sign_in_roles
from tracker.accounts.tables import Account, ProviderLink
from tracker.audit.services import diff, record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.settings import get_settings

logger = logging.getLogger("tracker.accounts.federation")

PROTOCOLS = {"oidc": "OpenID Connect", "saml": "SAML"}

REFUSED_NO_ROLE = (
    "Du har inte behörighet till spåraren. Ditt konto hos kommunen är inte med i någon av de "
    "grupper som ger en roll här. Kontakta den som administrerar spåraren om du behöver komma åt "
    "den."
)
REFUSED_INACTIVE = (
    "Ditt konto i spåraren är inaktiverat och kan inte logga in. Kontakta den som administrerar "
    "spåraren om det är fel."
)
REFUSED_EMAIL_TAKEN = (
    "Ett annat konto i spåraren har redan din e-postadress, så inloggningen stoppades för att "
    "inget konto ska kunna tas över. Kontakta den som administrerar spåraren."
)
REFUSED_NO_EMAIL = (
    "Identitetsleverantören skickade ingen e-postadress, och spåraren behöver en för att skapa "
    "ditt konto. Kontakta kommunens IT-avdelning."
)
REFUSED_IDENTITY = (
    "Inloggningen kunde inte slutföras: identitetsleverantören skickade ingen giltig identitet. "
    "Försök igen eller kontakta kommunens IT-avdelning."
)
# What the protocol modules show when a response is refused (a bad signature, a wrong
# audience, an expired or replayed token): the details go to the log, not to the page.
REFUSED_PROTOCOL = (
    "Inloggningen kunde inte slutföras. Svaret från identitetsleverantören kunde inte godkännas. "
    "Börja om från inloggningssidan."
)


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the identity provider says signed in, after the protocol checked its answer."""

    protocol: str  # "oidc" or "saml"
    issuer: str  # the OIDC issuer URL or the SAML IdP's entity id
    subject: str  # OIDC `sub`, or the SAML persistent NameID
    name: str
    email: str | None
    groups: tuple[str, ...]  # group ids / entitlement values from the provider


@dataclass(frozen=True)
class FederatedOutcome:
    """The account to sign in (start its session with
    tracker.accounts.session_start.start_session), or why not, in Swedish
    (show it with tracker.accounts.session_start.refuse_sign_in)."""

    signed_in: SignedIn | None = None
    refusal: str | None = None


def log_refusal(protocol: str, issuer: str, reason: str, subject: str | None = None) -> None:
    """A refused sign-in in the app's log: the protocol, provider, subject and reason, never a
    token or an assertion."""
    logger.warning(
        "Inloggning nekad: protokoll=%s utfärdare=%s subjekt=%s orsak=%s",
        protocol,
        issuer,
        subject or "-",
        reason,
    )


def _who(identity: ProviderIdentity) -> dict[str, list[Any]]:
    return {
        "protocol": [None, identity.protocol],
        "issuer": [None, identity.issuer],
        "subject": [None, identity.subject],
    }


async def _refuse(
    identity: ProviderIdentity, message: str, reason: str, account_id: int = 0
) -> FederatedOutcome:
    log_refusal(identity.protocol, identity.issuer, reason, identity.subject)
    async with write_transaction():
        if account_id:  # no access: the sessions it has end too
            await Account.update({Account.session_version: Account.session_version + 1}).where(
                Account.id == account_id
            )
        await record_change(
            actor=system_actor(f"Inloggning via {PROTOCOLS[identity.protocol]}"),
            entity_type=ENTITY,
            entity_id=account_id,
            action="sign_in_refused",
            summary=f"Nekade inloggning: {reason}.",
            changes=_who(identity),
        )
    return FederatedOutcome(refusal=message)


def _valid(identity: ProviderIdentity) -> bool:
    return (
        identity.protocol in PROTOCOLS
        and 0 < len(identity.issuer) <= 500
        and 0 < len(identity.subject) <= 255
        and identity.issuer.strip() == identity.issuer
    )


async def sign_in_from_provider(
    identity: ProviderIdentity, *, roles: SignInRoles | None = None
) -> FederatedOutcome:
    """Sign in the account tied to the provider's subject, made or updated from what the
    provider says; or refuse, with the reason in Swedish. `roles`: the roles file's content
    (the lists folder's by default)."""
    if not _valid(identity):
        log_refusal(identity.protocol[:10], identity.issuer[:500], "ogiltig identitet")
        return FederatedOutcome(refusal=REFUSED_IDENTITY)
    roles = roles or sign_in_roles(get_settings().lists_dir)
    link = await (
        ProviderLink.select(ProviderLink.id, ProviderLink.account)
        .where(
            (ProviderLink.protocol == identity.protocol)
            & (ProviderLink.issuer == identity.issuer)
            & (ProviderLink.subject == identity.subject)
        )
        .first()
    )
    account = await Account.select().where(Account.id == link["account"]).first() if link else None
    if account is not None and not account["active"]:
        return await _refuse(identity, REFUSED_INACTIVE, "kontot är inaktiverat", account["id"])
    grant = granted(identity.groups, roles)
    if grant is None:
        account_id = account["id"] if account else 0
        return await _refuse(identity, REFUSED_NO_ROLE, "grupperna ger ingen roll", account_id)
    email = normalise_email(identity.email or "")[:254]
    if account is None:
        if not email:
            return await _refuse(identity, REFUSED_NO_EMAIL, "ingen e-postadress")
        if await Account.exists().where(Account.email == email):
            return await _refuse(
                identity, REFUSED_EMAIL_TAKEN, "e-postadressen tillhör ett annat konto"
            )
        return await _create(identity, email, grant)
    return await _update(identity, account, link["id"] if link else 0, email, grant)


def _name(identity: ProviderIdentity, email: str) -> str:
    return (identity.name.strip() or email)[:200]


async def _create(identity: ProviderIdentity, email: str, grant: Granted) -> FederatedOutcome:
    stamp = now()
    values: dict[str, Any] = {
        "email": email,
        "name": _name(identity, email),
        "role": grant.role.value,
        "report_manager": grant.report_manager,
    }
    async with write_transaction():
        account = Account(
            **values, password_hash=NO_PASSWORD, created_at=stamp, last_sign_in_at=stamp
        )
        await account.save()
        await ProviderLink.insert(
            ProviderLink(
                account=account.id,
                protocol=identity.protocol,
                issuer=identity.issuer,
                subject=identity.subject,
                created_at=stamp,
                last_sign_in_at=stamp,
            )
        )
        principal = Principal(id=int(account.id), **values)
        await record_change(
            actor=principal,
            entity_type=ENTITY,
            entity_id=principal.id,
            action="created_at_sign_in",
            summary=f"Skapade kontot {email} vid första inloggningen via "
            f"{PROTOCOLS[identity.protocol]}.",
            changes=_who(identity) | {key: [None, value] for key, value in values.items()},
        )
    return FederatedOutcome(signed_in=SignedIn(principal, 1))


async def _update(
    identity: ProviderIdentity, account: dict[str, Any], link_id: int, email: str, grant: Granted
) -> FederatedOutcome:
    values: dict[str, Any] = {
        "name": _name(identity, account["email"]),
        "role": grant.role.value,
        "report_manager": grant.report_manager,
    }
    if email and email != account["email"]:
        taken = await Account.exists().where(
            (Account.email == email) & (Account.id != account["id"])
        )
        if not taken:  # another account's address is never taken over: the old one is kept
            values["email"] = email
    changes = diff({key: account[key] for key in values}, values)
    stamp = now()
    version = account["session_version"]
    async with write_transaction():
        update: dict[Any, Any] = {getattr(Account, key): values[key] for key in changes}
        update[Account.last_sign_in_at] = stamp
        if changes:
            update[Account.version] = Account.version + 1  # an open edit form is stale
        if "role" in changes or "report_manager" in changes:
            version += 1  # sessions with the old rights end
            update[Account.session_version] = version
        await Account.update(update).where(Account.id == account["id"])
        await ProviderLink.update({ProviderLink.last_sign_in_at: stamp}).where(
            ProviderLink.id == link_id
        )
        principal = principal_of({**account, **values})
        await record_change(
            actor=principal,
            entity_type=ENTITY,
            entity_id=principal.id,
            action="signed_in_via_provider",
            summary=f"Loggade in via {PROTOCOLS[identity.protocol]}.",
            changes=_who(identity) | changes,
        )
    return FederatedOutcome(signed_in=SignedIn(principal, version))


async def provider_links(account_id: int) -> list[dict[str, Any]]:
    """How the account signs in through identity providers, for its administration page."""
    return await (
        ProviderLink.select(
            ProviderLink.protocol,
            ProviderLink.issuer,
            ProviderLink.subject,
            ProviderLink.last_sign_in_at,
        )
        .where(ProviderLink.account == account_id)
        .order_by(ProviderLink.id)
    )
