"""The administrators' view of the whole change log."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from tracker.accounts.guard import ADMIN


class AuditLogController(Controller):
    path = "/admin/logg"
    opt = ADMIN

    @get("/", name="audit:list")
    async def audit_log(self) -> Template:
        return Template("audit/list.html", context={})
