"""The route-access lines of every area, each kept in the area's own test folder.

Each module named in AREA_MODULES has `ACCESS: dict[(method, path template), who]` and may
have `async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]`, which
creates the records (as Robin, so he is their member) whose ids fill its path parameters.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from tracker.accounts.permissions import Principal

AREA_MODULES = (  # in the order their records are made: later ones use earlier ids
    "tests.accounts.access",
    "tests.mail.access",
    "tests.audit.access",
    "tests.projects.access",
    "tests.dialogues.access",
    "tests.collaborations.access",
    "tests.insights.access",
    "tests.insights.search.access",
    "tests.insights.publication.access",
    "tests.design.access",
    "tests.reports.access",
    "tests.archive.access",
    "tests.api.access",
    "tests.work.access",
    "tests.overview.access",
    "tests.residents.access",
    "tests.gallring.access",
)
AREAS: list[ModuleType] = [importlib.import_module(name) for name in AREA_MODULES]


async def area_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    found: dict[str, int] = {}
    for area in AREAS:
        if hasattr(area, "path_ids"):
            found |= await area.path_ids(robin, ids | found)
    return found
