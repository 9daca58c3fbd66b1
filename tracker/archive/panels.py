"""The e-archive's section on the pages of dialogues, collaborations and projects
(tracker.web.panels): once the record is finished, the link to deliver it and its deliveries
(when, by whom, the package's checksum). Unfinished records cost no query."""

from __future__ import annotations

from typing import Any

from tracker.archive.record_contents import KINDS, Kind
from tracker.archive.services import deliveries_of
from tracker.web.panels import Panel, PanelRequest


def _panel(kind: Kind) -> Panel:
    async def deliveries_panel(asked: PanelRequest) -> dict[str, Any]:
        if not kind.finished(asked.record.to_dict()):
            return {"archive": None}
        return {
            "archive": {
                "url": f"/arkiv/{kind.slug}/{asked.record.id}",
                "deliveries": await deliveries_of(kind.kind.key, asked.record.id),
            }
        }

    return deliveries_panel


PANELS: dict[str, list[Panel]] = {key: [_panel(kind)] for key, kind in KINDS.items()}
