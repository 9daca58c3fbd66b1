"""Innovationsguidens sex steg, lästa från mappen phases/."""

from tracker.phases.catalogue import (
    DEFAULT_PHASES_DIR,
    ChecklistItem,
    Phase,
    PhaseCatalogue,
    PhaseFileError,
    load_phases,
)

__all__ = [
    "DEFAULT_PHASES_DIR",
    "ChecklistItem",
    "Phase",
    "PhaseCatalogue",
    "PhaseFileError",
    "load_phases",
]
