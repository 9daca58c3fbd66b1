from piccolo.columns import Integer, Serial, SmallInt, Text, Timestamptz, Varchar
from piccolo.table import Table


class OutboxMessage(Table, tablename="mail_outbox"):
    """One e-mail to one person, written in the same transaction as the change that causes it.

    The worker claims pending rows (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one immediate
    write transaction), sends them and marks them sent. `dedupe_key` (unique when set) makes a
    reminder be enqueued once however many workers run the scheduler pass.
    """

    id: Serial

    kind = Varchar(length=40, index=True)  # report_frozen, review_requested, feedback_due, …
    dedupe_key = Varchar(length=200, null=True, default=None, unique=True)
    account_id = Integer(null=True, default=None, index=True)  # the recipient's account
    to_address = Varchar(length=254)
    subject = Varchar(length=300)
    body_text = Text()
    body_html = Text()
    summary = Varchar(length=300)  # one line for a digest
    link = Varchar(length=500)  # the record the message is about
    status = Varchar(length=20, index=True)  # pending | sending | sent | held | digested | failed
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    claimed_until = Timestamptz(null=True, default=None)
    last_error = Text()
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class DigestSetting(Table, tablename="mail_digest_setting"):
    """A person's choice on Mitt konto: single messages (off), a daily or a weekly digest."""

    id: Serial

    account_id = Integer(unique=True)
    frequency = Varchar(length=10)  # off | daily | weekly
    weekday = SmallInt(default=0)  # 0 = Monday, for weekly
    hour = SmallInt(default=7)  # Swedish time
    last_sent_at = Timestamptz(null=True, default=None)


class SignInLink(Table, tablename="mail_sign_in_link"):
    """A one-time sign-in link (an invitation or a password reset): only its hash is stored."""

    id: Serial

    account_id = Integer(index=True)
    purpose = Varchar(length=20)  # invitation | reset
    token_sha256 = Varchar(length=64, unique=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
