"""The parsed file between the import's preview and its confirmation: in a hidden form field,
signed with the app's secret so that it cannot be altered on the way, for the account that
uploaded it and for an hour. No temporary files on the server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib

from tracker.api.importing import Table
from tracker.web.tabular import TableProblem

TOKEN_LIFETIME = 60 * 60  # seconds: a preview left open longer is uploaded again


def sign_table(table: Table, kind: str, account_id: int, secret: str) -> str:
    """The parsed table in a hidden form field, signed so it cannot be altered on the way."""
    payload = json.dumps(
        {"kind": kind, "account": account_id, "at": int(time.time()), "table": table},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    body = base64.urlsafe_b64encode(zlib.compress(payload, 6)).decode("ascii")
    return f"{body}.{_signature(body, secret)}"


def _signature(body: str, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), body.encode("ascii"), hashlib.sha256).hexdigest()


EXPIRED = "Förhandsgranskningen är för gammal eller har ändrats. Ladda upp filen igen."


def read_signed_table(token: str, kind: str, account_id: int, secret: str) -> Table:
    """The table signed by `sign_table` for this kind and account; TableProblem (EXPIRED) for
    a token altered on the way, made for another import or account, or older than an hour."""
    body, _, signature = token.strip().rpartition(".")
    if not body or not hmac.compare_digest(signature, _signature(body, secret)):
        raise TableProblem(EXPIRED)
    try:
        data = json.loads(zlib.decompress(base64.urlsafe_b64decode(body.encode("ascii"))))
    except (ValueError, zlib.error) as error:
        raise TableProblem(EXPIRED) from error
    fresh = 0 <= time.time() - data["at"] <= TOKEN_LIFETIME
    if data["kind"] != kind or data["account"] != account_id or not fresh:
        raise TableProblem(EXPIRED)
    return [(int(number), [str(cell) for cell in cells]) for number, cells in data["table"]]
