"""A project's dated status history (project_status_event), kept with tracker.shared's status
history: written by the services with each change of status (the registration, the
edit form, an iteration's decision to pause or stop), and filled from the change log for databases and export
files from before it existed. The report reads the status at a period's end from it."""

from __future__ import annotations

from tracker.projects.tables import ProjectStatusEvent
from tracker.shared import status_history
from tracker.shared.status_history import StatusHistory

HISTORY = StatusHistory(
    table=ProjectStatusEvent, records="project", key="project", began="projektet"
)


async def fill_from_change_log() -> int:
    """Give every project without a status history the one its change log tells."""
    return await status_history.fill_from_change_log(HISTORY)
