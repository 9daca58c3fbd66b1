from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Account(Table, tablename="account"):
    """A member of staff who signs in. Never deleted: deactivated."""

    id: Serial

    email = Varchar(length=254, unique=True)  # stored lower-case
    name = Varchar(length=200)
    password_hash = Varchar(length=200, secret=True)
    role = Varchar(length=20, index=True)  # admin | editor | reader
    report_manager = Boolean(default=False)  # rapportansvarig: may create and freeze reports
    active = Boolean(default=True)
    session_version = Integer(default=1)  # raised to sign the account out everywhere
    created_at = Timestamptz()
    last_sign_in_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of the edit form


class Membership(Table, tablename="membership"):
    """An editor's membership of one project, dialogue or collaboration."""

    id: Serial

    account = ForeignKey(Account, index=True, on_delete=OnDelete.restrict)
    record_type = Varchar(length=30)
    record_id = Integer()
    added_at = Timestamptz()
    added_by = Varchar(length=200)


class SignInAttempt(Table, tablename="sign_in_attempt"):
    """Every sign-in attempt, for rate limiting failed ones."""

    id: Serial

    email = Varchar(length=254, index=True)
    client = Varchar(length=64, index=True)
    succeeded = Boolean()
    attempted_at = Timestamptz(index=True)


class SpentToken(Table, tablename="spent_token"):
    """A one-time token that has been used (an import preview's confirmation): its SHA-256,
    unique, so the same token is never honoured twice, even by two requests at once."""

    id: Serial

    digest = Varchar(length=64, unique=True)
    account = Integer()
    spent_at = Timestamptz()


class OnceKey(Table, tablename="once_key"):
    """The one-time key of a create form that was saved, and where its result is: a repeated
    post (a retry after an error, a double click) goes there instead of creating it again.
    Unique per account and key (see the migration)."""

    id: Serial

    key = Varchar(length=64)
    account = Integer()
    result_url = Varchar(length=500)
    created_at = Timestamptz(index=True)


class ProviderLink(Table, tablename="provider_link"):
    """An account's identity at the municipality's identity provider: the protocol, the
    provider (the OIDC issuer or the SAML IdP's entity id) and its stable subject (`sub`, or
    the persistent NameID). Unique per (protocol, issuer, subject), see the migration. An
    account is found by this, never by its e-mail address."""

    id: Serial

    account = ForeignKey(Account, index=True, on_delete=OnDelete.restrict)
    protocol = Varchar(length=10)  # oidc | saml
    issuer = Varchar(length=500)
    subject = Varchar(length=255)
    created_at = Timestamptz()
    last_sign_in_at = Timestamptz()
