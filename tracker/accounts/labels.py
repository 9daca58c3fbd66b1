"""What the actions on accounts and memberships and the fields of an account are called in the
change log."""

from __future__ import annotations

from tracker.accounts.federation import PROTOCOLS
from tracker.accounts.permissions import ROLE_LABELS
from tracker.audit.display import LogWords

LOG_WORDS = LogWords(
    actions={
        "signed_in": "Loggade in",
        "signed_out": "Loggade ut",
        "sign_in_failed": "Misslyckad inloggning",
        "signed_in_via_provider": "Loggade in via identitetsleverantör",
        "created_at_sign_in": "Skapade kontot vid inloggning",
        "sign_in_refused": "Nekade inloggning via identitetsleverantör",
        "deactivated": "Inaktiverade",
        "activated": "Aktiverade",
        "password_reset": "Återställde lösenord",
        "password_changed": "Bytte lösenord",
        "member_added": "Lade till medlem",
        "member_removed": "Tog bort medlem",
    },
    fields={
        "members": "medlem",
        "email": "e-postadress",
        "name": "namn",
        "role": "roll",
        "report_manager": "rapportansvarig",
        "active": "aktivt",
        "protocol": "inloggningssätt",
        "issuer": "identitetsleverantör",
        "subject": "identitet hos leverantören",
    },
    values={"role": ROLE_LABELS, "protocol": PROTOCOLS},
)

TEMPLATE_GLOBALS = {"role_labels": ROLE_LABELS}
