"""The report-back's routes in one router, with the dependencies its handlers share: the lists
the figures need (`lists`) and the report and version of the path, or 404 (`report`,
`version`; tracker/reports/page.py)."""

from __future__ import annotations

from litestar import Router

from tracker.reports import controller, download_controller, edit_controller, freeze_controller
from tracker.reports.page import DEPENDENCIES

ROUTER = Router(
    path="/",
    route_handlers=[
        *controller.ROUTES,
        *edit_controller.ROUTES,
        *freeze_controller.ROUTES,
        *download_controller.ROUTES,
    ],
    dependencies=DEPENDENCIES,
)
