"""Password hashing (argon2) and the rules a new password must meet."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
# The password hash of an account that signs in only through the identity provider: not an
# argon2 hash, so no password ever matches it.
NO_PASSWORD = "!"
_HASHER = PasswordHasher()
# zxcvbn's 30 000 most common passwords, and common Swedish ones it does not know.
_COMMON = set(FREQUENCY_LISTS["passwords"]) | {
    "lösenord",
    "losenord",
    "hemligt",
    "sommar",
    "vinter",
    "välkommen",
    "valkommen",
    "sverige",
    "stockholm",
    "kommunen",
    "lösenord123",
    "hemligt123",
    "qwertyuiopå",
}
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    """Checked against an account that does not exist, so a wrong e-mail takes as long as a
    wrong password; made on first use (a real hash costs half a second, too much at import)."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return (
            _HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """A Swedish explanation of why the password is not good enough, or None."""
    if len(password) < MIN_LENGTH:
        return f"Lösenordet måste ha minst {MIN_LENGTH} tecken (nu {len(password)})."
    if len(password) > 200:
        return "Lösenordet får ha högst 200 tecken."
    lowered = password.lower()
    if lowered in _COMMON or lowered.rstrip("0123456789!.") in _COMMON:
        return "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Lösenordet får inte innehålla din e-postadress."
    user_inputs = [part for part in [*name.lower().split(), local_part] if part]
    if zxcvbn(password, user_inputs=user_inputs)["score"] < 3:
        return "Lösenordet är för lätt att gissa. Använd till exempel tre–fyra ord med bindestreck."
    return None
