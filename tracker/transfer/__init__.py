"""`tracker export FILE.json` and `tracker import FILE.json`: the whole database as one
documented, versioned JSON file (docs/data-format.md), and back into an empty database.

Every table of every app in tracker/piccolo_conf.py is included, ids as they are, so an export
imported into an empty database and exported again gives the same bytes. The import checks the
whole file first and refuses it – naming table, record and field – before anything is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tracker.transfer.errors import TransferError
from tracker.transfer.exporter import FORMAT, VERSION, export_to_path, write_export
from tracker.transfer.histories import after_import
from tracker.transfer.importer import insert_all
from tracker.transfer.validation import read_document, validate

__all__ = [
    "FORMAT",
    "VERSION",
    "TransferError",
    "TransferSummary",
    "export_file",
    "import_document",
    "import_file",
    "write_export",
]


@dataclass(frozen=True, slots=True)
class TransferSummary:
    path: str
    counts: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def format_summary(summary: TransferSummary, verb: str) -> str:
    tables = sum(1 for count in summary.counts.values() if count)
    lines = [
        f"{verb} {_number(summary.total)} rader i {tables} tabeller ({summary.path}) "
        f"på {summary.seconds:.1f} s."
    ]
    for name, count in sorted(summary.counts.items()):
        if count:
            lines.append(f"  {name:<28} {_number(count):>9}")
    return "\n".join(lines)


async def export_file(
    path: str, *, with_time: bool = False, quiet: bool = False
) -> TransferSummary:
    """Write everything to `path`. `with_time` adds `exported_at`; it is left out by default so
    that exporting the same data twice gives identical files."""
    started = time.perf_counter()
    exported_at = datetime.now(UTC).replace(microsecond=0) if with_time else None
    try:
        counts = await export_to_path(Path(path), exported_at=exported_at)
    except TransferError:
        raise
    except OSError as error:
        raise TransferError(f"Filen {path} kunde inte skrivas: {error.strerror}.") from error
    except Exception as error:
        raise TransferError(
            f"Databasen kunde inte läsas: {error}. Är den skapad (tracker migrate)?"
        ) from error
    summary = TransferSummary(path=path, counts=counts, seconds=time.perf_counter() - started)
    if not quiet:
        print(format_summary(summary, "Exporterade"))
    return summary


async def import_document(document: object) -> dict[str, int]:
    """Check an already parsed export and write it to the (empty) database."""
    then = after_import(document)
    return await insert_all(validate(document), then)


async def import_file(path: str, *, quiet: bool = False) -> TransferSummary:
    """Create missing tables, check the whole file, then import it into the empty database."""
    from tracker.migrate import migrate

    started = time.perf_counter()
    document = read_document(Path(path))
    then = after_import(document)
    batches = validate(document, consume=True)
    await migrate()
    counts = await insert_all(batches, then)
    summary = TransferSummary(path=path, counts=counts, seconds=time.perf_counter() - started)
    if not quiet:
        print(format_summary(summary, "Importerade"))
    return summary
