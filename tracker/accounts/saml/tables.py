from piccolo.columns import Serial, Timestamptz, Varchar
from piccolo.table import Table


class SamlSeenId(Table, tablename="saml_seen_id"):
    """The id of a SAML response or assertion that signed someone in, kept until it would be
    refused as expired anyway: the same response posted again is refused as a replay, by any
    of the server's processes. Unique (see the migration)."""

    id: Serial

    digest = Varchar(length=64, unique=True)  # SHA-256 of the issuer and the id
    expires_at = Timestamptz(index=True)
