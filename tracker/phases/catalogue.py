"""Innovationsguidens steg, inlästa från TOML-filer (en fil per steg).

Stegen är data som kommunen själv får ändra, inte kod. Filerna valideras
strikt så att ett skrivfel ger ett tydligt felmeddelande på svenska som
pekar ut filen och fältet, i stället för ett konstigt fel längre fram.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tracker import datafiles as df
from tracker.datafiles import KEY_PATTERN, ChecklistItem, DataFileError

__all__ = [
    "DEFAULT_PHASES_DIR",
    "KEY_PATTERN",
    "ChecklistItem",
    "Phase",
    "PhaseCatalogue",
    "PhaseFileError",
    "load_phases",
]

DEFAULT_PHASES_DIR: Path = Path(__file__).resolve().parents[2] / "phases"

_PHASE_FIELDS = (
    "key",
    "name",
    "order",
    "aim",
    "activities",
    "methods",
    "done_questions",
    "checklist",
    "research",
    "tests",
)


@dataclass(frozen=True, slots=True)
class Phase:
    key: str
    name: str
    order: int
    aim: str
    activities: tuple[str, ...]
    methods: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    done_questions: tuple[str, ...]
    # A project does its own user research in this step: evidence may come from the project.
    research: bool = False
    # The project tests prototypes and hypotheses with users in this step (tracker.design).
    tests: bool = False

    def checklist_item(self, key: str) -> ChecklistItem | None:
        return next((item for item in self.checklist if item.key == key), None)


class PhaseFileError(DataFileError):
    """A step file is wrong, e.g. 'phases/2-undersoka.toml: fältet "name" saknas'.

    ``field`` is None when the problem concerns the whole file (invalid TOML) or the
    directory (no step files).
    """


@dataclass(frozen=True)
class PhaseCatalogue:
    phases: tuple[Phase, ...]  # sorted by order

    def __post_init__(self) -> None:
        object.__setattr__(self, "phases", tuple(sorted(self.phases, key=lambda p: p.order)))

    def get(self, key: str) -> Phase | None:
        return next((phase for phase in self.phases if phase.key == key), None)

    def __contains__(self, key: object) -> bool:
        return any(phase.key == key for phase in self.phases)

    def __iter__(self) -> Iterator[Phase]:
        return iter(self.phases)

    def __len__(self) -> int:
        return len(self.phases)

    def position(self, key: str) -> int:
        """0-based index of the step in order; KeyError for an unknown key."""
        for index, phase in enumerate(self.phases):
            if phase.key == key:
                return index
        raise KeyError(key)

    @property
    def first(self) -> Phase:
        return self.phases[0]

    def next_after(self, key: str) -> Phase | None:
        """The following step, None after the last one; KeyError for an unknown key."""
        index = self.position(key) + 1
        return self.phases[index] if index < len(self.phases) else None

    def previous_before(self, key: str) -> Phase | None:
        """The preceding step, None before the first one; KeyError for an unknown key."""
        index = self.position(key)
        return self.phases[index - 1] if index > 0 else None

    def is_backwards(self, from_key: str, to_key: str) -> bool:
        """True if to_key comes earlier than from_key; KeyError for an unknown key."""
        return self.position(to_key) < self.position(from_key)

    @property
    def research_steps(self) -> tuple[str, ...]:
        """The keys of the steps marked `research = true`, in order."""
        return tuple(phase.key for phase in self.phases if phase.research)

    def research_names(self, conjunction: str = "och") -> str:
        """The research steps' names for a sentence: "Undersöka och Testa idéer"."""
        names = [phase.name for phase in self.phases if phase.research]
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"

    @property
    def test_steps(self) -> tuple[str, ...]:
        """The keys of the steps marked `tests = true` (where tests are recorded), in order."""
        return tuple(phase.key for phase in self.phases if phase.tests)

    def name_of(self, key: str) -> str:
        """The step's name, or the key itself if the step no longer exists."""
        phase = self.get(key)
        return phase.name if phase else key


def load_phases(directory: Path) -> PhaseCatalogue:
    """Read and validate every ``*.toml`` file in ``directory`` (sorted by file name)."""
    if not directory.is_dir():
        raise PhaseFileError(directory, None, "mappen med steg finns inte")
    files = sorted(path for path in directory.glob("*.toml") if path.is_file())
    if not files:
        raise PhaseFileError(directory, None, "mappen innehåller inga steg (inga .toml-filer)")

    phases: list[Phase] = []
    file_of_key: dict[str, str] = {}
    file_of_order: dict[int, str] = {}
    for path in files:
        shown = df.shown_path(path, directory)
        phase = _read_phase(path, shown)
        if phase.key in file_of_key:
            problem = f'har värdet "{phase.key}", som redan används i {file_of_key[phase.key]}'
            raise PhaseFileError(path, "key", problem, shown)
        if phase.order in file_of_order:
            problem = f"har värdet {phase.order}, som redan används i {file_of_order[phase.order]}"
            raise PhaseFileError(path, "order", problem, shown)
        file_of_key[phase.key] = shown
        file_of_order[phase.order] = shown
        phases.append(phase)
    return PhaseCatalogue(tuple(phases))


def _read_phase(path: Path, shown: str) -> Phase:
    def fail(field: str | None, problem: str) -> PhaseFileError:
        return PhaseFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, _PHASE_FIELDS, "", fail)

    def field(name: str) -> object:
        return df.required(data, name, "", fail)

    return Phase(
        key=df.key(field("key"), "key", fail),
        name=df.text(field("name"), "name", fail),
        order=df.positive_int(field("order"), "order", fail),
        aim=df.text(field("aim"), "aim", fail),
        activities=df.texts(field("activities"), "activities", fail),
        methods=df.texts(field("methods"), "methods", fail),
        checklist=df.checklist(field("checklist"), "checklist", fail),
        done_questions=df.texts(field("done_questions"), "done_questions", fail),
        research=df.flag(data.get("research", False), "research", fail),
        tests=df.flag(data.get("tests", False), "tests", fail),
    )
