"""Who may do what: one place, asked the same question by every route and template.

Roles: administratör (everything), redaktör (edits the records they are a member of,
creates new ones, reads the rest), läsare (reads everything). Creating and freezing
reports needs the separate right rapportansvarig (administrators always have it).

Records of more than one team:
- An insight belongs to its source's team: it is edited by administrators and by members of a
  record (dialogue, collaboration, project) whose evidence backs it.
- Themes are shared by everyone: only administrators rename or merge them.
- A link between two records is written on both (shown on both pages, logged on both): making
  one needs edit rights on both records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    READER = "reader"


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: "Administratör",
    Role.EDITOR: "Redaktör",
    Role.READER: "Läsare",
}


class Access(StrEnum):
    """What a route needs. Routes declare it in `opt={"access": …}`."""

    PUBLIC = "public"  # anyone, signed in or not
    READ = "read"  # any signed-in user (the default for GET)
    CREATE = "create"  # editors and administrators
    EDIT = "edit"  # administrators, and editors who are members of the record
    REPORT = "report"  # rapportansvarig and administrators
    ADMIN = "admin"  # administrators only (the default for other methods)


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user, as permission checks and the audit log see them."""

    id: int
    name: str
    email: str
    role: str
    report_manager: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def allowed(user: Principal | None, access: Access, *, is_member: bool = False) -> bool:
    if access is Access.PUBLIC:
        return True
    if user is None:
        return False
    if user.is_admin:
        return True
    match access:
        case Access.READ:
            return True
        case Access.CREATE:
            return user.role == Role.EDITOR
        case Access.EDIT:
            return user.role == Role.EDITOR and is_member
        case Access.REPORT:
            return user.report_manager
        case _:
            return False


def system_actor(name: str = "Systemet") -> Principal:
    """The author of changes made by commands (demo data, imports), not by a signed-in user."""
    return Principal(id=0, name=name, email="", role=Role.ADMIN)
