"""A bare Litestar app rendering a trivial 25-row Jinja2 template: the framework's own ceiling
on this machine. Served with the same uvicorn settings as `tracker serve`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

TEMPLATES = Path(__file__).parent / "templates"
ROWS = [
    {
        "id": n,
        "title": f"Projekt nummer {n} om tjänsteutveckling",
        "step": "Undersöka",
        "updated": "2026-11-15",
    }
    for n in range(1, 26)
]


@get("/", sync_to_thread=False)
def page() -> Template:
    return Template("bare.html", context={"title": "Projekt", "rows": ROWS})


def create_app() -> Litestar:
    return Litestar(
        route_handlers=[page],
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        openapi_config=None,
    )


def main() -> None:
    import uvicorn

    from tracker.web.server import UVICORN_OPTIONS

    parser = argparse.ArgumentParser(description="Bare Litestar app for the benchmark")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--http", default="", help="uvicorns HTTP-protokoll (experiment)")
    args = parser.parse_args()
    # The same settings as `tracker serve` (tracker.cli._serve).
    options: dict[str, Any] = dict(UVICORN_OPTIONS)
    if args.http:
        options["http"] = args.http
    uvicorn.run(
        "bench.bare_app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        **options,
    )


if __name__ == "__main__":
    main()
