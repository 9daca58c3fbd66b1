"""`tracker seed --scale N`: a deterministic synthetic dataset for load tests and benchmarks.

N=1 is about one large Swedish municipality over ten years (see dataset.VOLUMES); fractions
work too. The same N always gives the same data. Everything is generated in memory with
the app's own rules, then written in one transaction with bulk inserts.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from tracker.scale.dataset import ANCHOR, Dataset
from tracker.scale.work import ACCOUNTS
from tracker.scale.writer import ScaleError

# The seeded accounts' password: synthetic data only, printed by the command.
SCALE_PASSWORD = "skala-kanel-moln-2026"
ADMIN_EMAIL = ACCOUNTS[0][0]
MAX_SCALE = 20.0

__all__ = [
    "ADMIN_EMAIL",
    "ANCHOR",
    "SCALE_PASSWORD",
    "ScaleError",
    "ScaleSummary",
    "content_hash",
    "generate",
    "seed_scale",
]

LABELS = {
    "project": "projekt",
    "iteration": "iterationer",
    "dialogue": "dialoger",
    "dialogue_session": "dialogtillfällen",
    "dialogue_feedback": "återkopplingar",
    "organisation": "organisationer",
    "collaboration": "samverkan",
    "evidence": "underlag",
    "insight": "insikter",
    "insight_use": "användningar av insikter",
    "service_change": "tjänsteförändringar",
    "change_log": "rader i ändringsloggen",
}


@dataclass(frozen=True, slots=True)
class ScaleSummary:
    scale: float
    counts: dict[str, int]
    seconds: float
    missing_tables: list[str]


def generate(scale: float, password_hash: str = "") -> Dataset:
    """The whole dataset in memory (no database needed)."""
    from tracker.collaborations.catalogue import load_collaboration_lists
    from tracker.dialogues.catalogue import load_dialogue_lists
    from tracker.phases.catalogue import load_phases
    from tracker.scale.chain import build_chain
    from tracker.scale.civil import build_collaborations, build_memberships, build_organisations
    from tracker.scale.dialogues import build_dialogues
    from tracker.scale.projects import build_projects
    from tracker.scale.work import build_accounts
    from tracker.settings import get_settings

    settings = get_settings()
    catalogue = load_phases(settings.phases_dir)
    dialogue_lists = load_dialogue_lists(settings.lists_dir)
    collaboration_lists = load_collaboration_lists(settings.lists_dir)
    ds = Dataset(scale)
    actors, editors = build_accounts(ds, password_hash)
    projects = build_projects(ds, catalogue, actors)
    dialogues = build_dialogues(ds, dialogue_lists, actors, projects)
    organisations = build_organisations(ds, collaboration_lists)
    collaborations = build_collaborations(
        ds, collaboration_lists, actors, organisations, projects, dialogues
    )
    build_memberships(ds, editors, projects, dialogues, collaborations)
    build_chain(ds, catalogue, actors, projects, dialogues, collaborations)
    return ds


async def _refuse_unless_empty() -> None:
    from tracker.accounts.tables import Account
    from tracker.collaborations.tables import Organisation
    from tracker.dialogues.tables import Dialogue
    from tracker.insights.tables import Evidence
    from tracker.projects.tables import Project

    for table in (Account, Project, Dialogue, Organisation, Evidence):
        if await table.count() > 0:
            raise ScaleError(
                "Databasen har redan data. Testdata skapas bara i en tom databas – "
                "ange en ny databas med TRACKER_DATABASE_URL och försök igen."
            )


async def seed_scale(scale: float, *, quiet: bool = False) -> ScaleSummary:
    """Migrate, refuse a non-empty database, generate and write; print a summary."""
    from tracker.accounts.passwords import hash_password
    from tracker.collaborations import party_history
    from tracker.collaborations import status_history as collaboration_statuses
    from tracker.db import get_engine, is_postgres
    from tracker.dialogues.history import fill_from_change_log
    from tracker.migrate import migrate
    from tracker.projects import status_history as project_statuses
    from tracker.scale.writer import batches, write
    from tracker.settings import get_settings

    if not 0 < scale <= MAX_SCALE:
        raise ScaleError(f"Skalan måste vara större än 0 och högst {MAX_SCALE:g} (fick {scale:g}).")
    started = time.perf_counter()
    await migrate()
    await _refuse_unless_empty()
    ds = generate(scale, hash_password(SCALE_PASSWORD))
    data, missing = batches(ds)
    await write(get_settings(), data)
    # The dated state and status histories, from the changes the generator logged.
    histories = {
        "dialogue_state_event": await fill_from_change_log(),
        "project_status_event": await project_statuses.fill_from_change_log(),
        "collaboration_status_event": await collaboration_statuses.fill_from_change_log(),
        "collaboration_party_event": await party_history.fill_from_change_log(),
    }
    if is_postgres():  # statistics now, not whenever autovacuum gets there: plans need them
        await get_engine().run_ddl("ANALYZE")
    summary = ScaleSummary(
        scale=scale,
        counts={name: len(rows) for name, _, rows in data} | histories,
        seconds=time.perf_counter() - started,
        missing_tables=missing,
    )
    if not quiet:
        print(format_summary(summary))
    return summary


def format_summary(summary: ScaleSummary) -> str:
    total = sum(summary.counts.values())
    lines = [
        f"Testdata skapat i skala {summary.scale:g} på {summary.seconds:.1f} s "
        f"({total:,} rader i {len(summary.counts)} tabeller).".replace(",", " ")
    ]
    for name, count in summary.counts.items():
        label = LABELS.get(name, name)
        lines.append(f"  {label:<28} {count:>9,}".replace(",", " "))
    if summary.missing_tables:
        lines.append(
            "Tabeller som saknas i databasen och hoppades över: "
            + ", ".join(summary.missing_tables)
        )
    lines.append(f"Logga in som {ADMIN_EMAIL} med lösenordet {SCALE_PASSWORD} (bara testdata).")
    return "\n".join(lines)


async def content_hash() -> str:
    """A hash of every generated table's content (password hashes left out: they are salted)."""
    from piccolo.conf.apps import Finder

    tables = {table._meta.tablename: table for table in Finder().get_table_classes()}
    digest = hashlib.sha256()
    for name in Dataset.ORDER:
        table = tables.get(name)
        if table is None:
            continue
        for row in await table.raw(f'SELECT * FROM "{name}" ORDER BY id'):
            row.pop("password_hash", None)
            digest.update(repr(sorted(row.items())).encode())
    return digest.hexdigest()
