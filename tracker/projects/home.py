"""The start page: where the projects are in Innovationsguiden, and what changed lately."""

from litestar import get
from litestar.response import Template

from tracker.projects import services


@get("/", name="home")
async def home() -> Template:
    return Template(
        "home.html",
        context={
            "by_step": await services.count_by_step(),
            "recent": await services.recently_changed(),
        },
    )
