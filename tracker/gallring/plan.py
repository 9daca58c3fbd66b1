"""The informationshanteringsplan (`lists/informationshanteringsplan.toml`): for each kind of
information the tracker holds, whether it is kept (bevaras) or may be disposed of (gallras) a
number of whole years after an event, under which gallring decision. Read and checked once at
start-up: every kind must be in the plan exactly once, and a kind the tracker never disposes of
(the records themselves, what is frozen or published, the change log as a whole) cannot be
set to gallras.

One kind is a part of the change log: its entries about records of the types the plan names
(`record_types`) that the tracker no longer holds. A plan may let them go only for record types
whose entries are never evidence of a frozen report, a publication, a delivery to the archive
or a gallring run (`PROTECTED_RECORD_TYPES`); the loader refuses any other."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tracker import datafiles as df
from tracker.datafiles import DataFileError
from tracker.kinds import KINDS
from tracker.settings import get_settings

FILE_NAME = "informationshanteringsplan.toml"
KEEP, DISPOSE = "bevaras", "gallras"


@dataclass(frozen=True, slots=True)
class InformationKind:
    key: str
    label: str  # "Misslyckade inloggningsförsök"
    event: str  # what the years count from: "försöket"; "" for kinds never disposed of

    @property
    def disposable(self) -> bool:
        return bool(self.event)


INFORMATION_KINDS: dict[str, InformationKind] = {
    kind.key: kind
    for kind in (
        InformationKind("project", "Projekt", ""),
        InformationKind("dialogue", "Dialoger", ""),
        InformationKind("collaboration", "Samverkan", ""),
        InformationKind("organisation", "Organisationer", ""),
        InformationKind("insight", "Insikter och tjänsteförändringar", ""),
        InformationKind("frozen-report", "Fastställda rapportversioner", ""),
        InformationKind("published-page", "Publicerade sidor ”Ni sa – vi gjorde”", ""),
        InformationKind("archive-delivery", "Leveranser till e-arkivet", ""),
        InformationKind("change-log", "Ändringsloggen", ""),
        InformationKind("failed-sign-in", "Misslyckade inloggningsförsök", "försöket"),
        InformationKind(
            "deactivated-account", "Kontouppgifter för inaktiverade användare", "inaktiveringen"
        ),
        InformationKind(
            "internal-evidence",
            "Internt underlag, arkiverat och inte kopplat till någon insikt",
            "arkiveringen",
        ),
        InformationKind("report-draft", "Rapporter som aldrig fastställdes", "senaste ändringen"),
        InformationKind(
            "change-log-entry",
            "Ändringsloggens poster om sådant som inte längre finns",
            "posten skrevs",
        ),
    )
}
LOG_KIND = "change-log-entry"
# The record types whose change-log entries record freezing (report), publication (dialogue),
# delivery to the e-archive (report, dialogue, collaboration, project) or gallring itself: no
# plan may let their entries go.
PROTECTED_RECORD_TYPES = ("report", "dialogue", "collaboration", "project", "gallring")
# Record types whose entries a plan may let go: each has a table to see that it is gone.
LOG_RECORD_TABLES = {
    key: kind.table
    for key, kind in KINDS.items()
    if kind.table and key not in PROTECTED_RECORD_TYPES
} | {"evidence": "evidence"}


@dataclass(frozen=True, slots=True)
class PlanEntry:
    kind: InformationKind
    action: str  # bevaras | gallras
    years: int = 0
    decision: str = ""
    note: str = ""
    record_types: tuple[str, ...] = ()  # change-log-entry only: whose entries may go

    @property
    def disposes(self) -> bool:
        return self.action == DISPOSE

    @property
    def rule_text(self) -> str:
        if not self.disposes:
            return "Bevaras"
        years = "1 år" if self.years == 1 else f"{self.years} år"
        about = ", ".join(KINDS[key].label.lower() for key in self.record_types)
        return f"Gallras {years} efter {self.kind.event}" + (
            f" (poster om {about})" if about else ""
        )


@dataclass(frozen=True, slots=True)
class Plan:
    entries: tuple[PlanEntry, ...]

    def entry(self, kind: str) -> PlanEntry:
        return next(entry for entry in self.entries if entry.kind.key == kind)

    @property
    def log_record_types(self) -> tuple[str, ...]:
        """The record types whose change-log entries the plan lets go (none by default)."""
        entry = self.entry(LOG_KIND)
        return entry.record_types if entry.disposes else ()


def load_plan(path: Path) -> Plan:
    shown = df.shown_path(path, path.parent)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("post",), "", fail)
    entries: list[PlanEntry] = []
    seen: dict[str, str] = {}
    for prefix, table in df.tables(df.required(data, "post", "", fail), "post", fail):
        df.reject_unknown(
            table, ("kind", "action", "years", "decision", "note", "record_types"), prefix, fail
        )
        key = df.text(df.required(table, "kind", prefix, fail), f"{prefix}kind", fail)
        if key not in INFORMATION_KINDS:
            raise fail(f"{prefix}kind", f"är okänt (kända slag: {', '.join(INFORMATION_KINDS)})")
        if key in seen:
            raise fail(f"{prefix}kind", f'"{key}" står redan i {seen[key]}')
        seen[key] = prefix.rstrip(".")
        kind = INFORMATION_KINDS[key]
        action = df.text(df.required(table, "action", prefix, fail), f"{prefix}action", fail)
        if action not in (KEEP, DISPOSE):
            raise fail(f"{prefix}action", 'ska vara "bevaras" eller "gallras"')
        note = df.text(table["note"], f"{prefix}note", fail) if "note" in table else ""
        if action == KEEP:
            for name in ("years", "decision", "record_types"):
                if name in table:
                    raise fail(f"{prefix}{name}", "hör bara till det som gallras")
            entries.append(PlanEntry(kind, KEEP, note=note))
            continue
        if not kind.disposable:
            raise fail(f"{prefix}action", f"{kind.label} gallras aldrig i spåraren: skriv bevaras")
        years = df.positive_int(df.required(table, "years", prefix, fail), f"{prefix}years", fail)
        decision = df.text(df.required(table, "decision", prefix, fail), f"{prefix}decision", fail)
        types = _record_types(table, key, prefix, fail)
        entries.append(PlanEntry(kind, DISPOSE, years, decision, note, types))
    missing = [key for key in INFORMATION_KINDS if key not in seen]
    if missing:
        raise fail("post", f"saknar en post för {', '.join(missing)}")
    return Plan(tuple(entries))


def _record_types(table: dict[str, Any], key: str, prefix: str, fail: df.Fail) -> tuple[str, ...]:
    """The record types whose change-log entries may go: only for change-log-entry, at least
    one, and none whose entries are evidence that must stay."""
    field = f"{prefix}record_types"
    if key != LOG_KIND:
        if "record_types" in table:
            raise fail(field, f"hör bara till {LOG_KIND}")
        return ()
    values = df.texts(df.required(table, "record_types", prefix, fail), field, fail)
    if not values:
        raise fail(field, 'ska nämna minst en posttyp, till exempel ["account"]')
    for value in values:
        if value in PROTECTED_RECORD_TYPES:
            raise fail(
                field,
                f'"{value}": ändringsloggens poster om {value} kan vara bevis om fastställda '
                "rapporter, publiceringar, leveranser eller gallringar och gallras aldrig",
            )
        if value not in LOG_RECORD_TABLES:
            raise fail(field, f'"{value}" är okänd (kända: {", ".join(LOG_RECORD_TABLES)})')
    return tuple(dict.fromkeys(values))


@cache
def _load(path: Path) -> Plan:
    return load_plan(path)


def plan(lists_dir: Path | None = None) -> Plan:
    """The plan in the lists folder (read once, checked at start-up by the app)."""
    return _load((lists_dir or get_settings().lists_dir) / FILE_NAME)
