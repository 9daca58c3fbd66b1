"""A read-only page describing the steps, so teams can see the whole method at a glance."""

from litestar import get
from litestar.response import Template


@get("/steg", name="phases:list")
async def phases_page() -> Template:
    return Template("phases/list.html")
