"""The municipality's name and contact, shown on every public page: one place to switch.

Read from `lists/municipality.toml` (`name`, `contact`) when that file exists; otherwise the
demo municipality below.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Municipality:
    name: str
    contact: str  # a general channel: the switchboard's e-mail, phone or web address


DEMO = Municipality("Exempelkommunen", "kommunen@kommun.example")


def load_municipality(lists_dir: Path) -> Municipality:
    path = lists_dir / "municipality.toml"
    if not path.exists():
        return DEMO
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = data.get("name")
    contact = data.get("contact")
    return Municipality(
        name if isinstance(name, str) and name.strip() else DEMO.name,
        contact if isinstance(contact, str) and contact.strip() else DEMO.contact,
    )
