"""Roles from the identity provider's groups (lists/sign-in-roles.toml): which groups make a
person administratör, redaktör or läsare, and which give the right rapportansvarig."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tracker import datafiles as df
from tracker.accounts.permissions import Role
from tracker.datafiles import DataFileError

ROLES_FILE = "sign-in-roles.toml"
# Highest first: a person in several groups gets the highest role.
RANKED = (Role.ADMIN, Role.EDITOR, Role.READER)
FIELDS = ("admin", "editor", "reader", "report_manager")


@dataclass(frozen=True, slots=True)
class SignInRoles:
    """The groups of each role, and of the right rapportansvarig."""

    groups: dict[Role, frozenset[str]]
    report_manager: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Granted:
    role: Role
    report_manager: bool


def granted(groups: tuple[str, ...], roles: SignInRoles) -> Granted | None:
    """The role and right the person's groups give, or None when they give no role."""
    held = frozenset(groups)
    for role in RANKED:
        if held & roles.groups.get(role, frozenset()):
            return Granted(role, bool(held & roles.report_manager))
    return None


def load_sign_in_roles(directory: Path) -> SignInRoles:
    path = directory / ROLES_FILE
    shown = df.shown_path(path, directory)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, FIELDS, "", fail)

    def groups(name: str) -> frozenset[str]:
        return frozenset(df.texts(data.get(name, []), name, fail))

    return SignInRoles(
        groups={role: groups(role.value) for role in RANKED},
        report_manager=groups("report_manager"),
    )


@lru_cache(maxsize=4)
def sign_in_roles(directory: Path) -> SignInRoles:
    """The roles file of the lists folder, read once (and checked at start-up by the app)."""
    return load_sign_in_roles(directory)
