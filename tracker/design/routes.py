"""The design area's routes in one router, with the records its handlers share: the project,
hypothesis, prototype, test, service change and effect of the path, or 404
(tracker/design/deps.py)."""

from __future__ import annotations

from litestar import Router

from tracker.design import (
    archive_controller,
    capture_controller,
    change_tests_controller,
    controller,
    effects_controller,
    history_controller,
    history_publication_controller,
    prototype_controller,
    test_controller,
)
from tracker.design.deps import DEPENDENCIES

ROUTER = Router(
    path="/",
    route_handlers=[
        *controller.ROUTES,
        *prototype_controller.ROUTES,
        *test_controller.ROUTES,
        *effects_controller.ROUTES,
        *change_tests_controller.ROUTES,
        *archive_controller.ROUTES,
        *capture_controller.ROUTES,
        *history_controller.ROUTES,
        *history_publication_controller.ROUTES,
    ],
    dependencies=DEPENDENCIES,
)
