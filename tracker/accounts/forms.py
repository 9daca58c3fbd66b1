"""The account forms: sign-in, a new or changed account, a new password."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.accounts.passwords import password_problem
from tracker.accounts.permissions import ROLE_LABELS
from tracker.web.forms import Fields


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path on this site, never another site."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ord(char) < 32 for char in target)
        or len(target) > 2000
    ):
        return "/"
    return target


def read_account_form(
    raw: Mapping[str, str], *, creating: bool
) -> tuple[dict[str, Any] | None, str, Fields]:
    """Values for an account, the password (may be empty: one is made up), and the fields."""
    f = Fields(raw)
    email = f.text("email", missing="Skriv e-postadressen.", max_length=254).lower()
    if email and ("@" not in email or " " in email or email.startswith("@") or email.endswith("@")):
        f.error("email", "Skriv en e-postadress som namn@kommun.se.")
    name = f.text("name", missing="Skriv personens namn.")
    role = f.choice("role", ROLE_LABELS, missing="Välj en roll.")
    password = f.raw.get("password", "") if creating else ""
    if password and (problem := password_problem(password, email=email, name=name)):
        f.error("password", problem)
    values = {
        "email": email,
        "name": name,
        "role": role,
        "report_manager": f.raw.get("report_manager") == "ja",
    }
    return (values if f.ok else None), password, f


def read_new_password(
    raw: Mapping[str, str], *, email: str, name: str
) -> tuple[str | None, Fields]:
    f = Fields(raw)
    password = f.raw.get("new_password", "")
    if problem := password_problem(password, email=email, name=name):
        f.error("new_password", problem)
    elif password != f.raw.get("repeat_password", ""):
        f.error("repeat_password", "Lösenorden är inte lika. Skriv samma lösenord två gånger.")
    return (password if f.ok else None), f


def stored_account(account: dict[str, Any]) -> dict[str, str]:
    """The edit form's fields as the account holds them now."""
    return {
        "name": account["name"],
        "email": account["email"],
        "role": account["role"],
        "report_manager": "ja" if account["report_manager"] else "",
    }
