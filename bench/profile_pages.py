"""Where a page's time goes: each benchmark page requested one at a time inside this process,
with its number of SQL statements and the slowest of them (to look at with EXPLAIN QUERY PLAN).

Independent of other load on the machine, so it is the tool to use when the benchmark's
numbers are noisy. Needs a seeded database (e.g. `bench/run.py --keep` prints where it is):

    TRACKER_DATABASE_URL=sqlite:////tmp/…/bench.sqlite .venv/bin/python bench/profile_pages.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("PICCOLO_CONF", "tracker.piccolo_conf")


async def profile(urls: list[str], repeat: int, show: int) -> None:
    import httpx

    from tracker.accounts.services import SignedIn, principal_of, session_for
    from tracker.accounts.sessions import SESSION_COOKIE, session_cookie_value
    from tracker.accounts.tables import Account
    from tracker.app import create_app
    from tracker.db import CountingPostgresEngine, CountingSQLiteEngine, get_engine
    from tracker.scale import ADMIN_EMAIL
    from tracker.settings import get_settings

    statements: list[tuple[float, str]] = []

    engine = get_engine()
    engine_type: Any = type(engine)
    original = engine_type.run_querystring

    async def timed(self: Any, querystring: Any, in_pool: bool = True) -> Any:
        started = time.perf_counter()
        try:
            return await original(self, querystring, in_pool=in_pool)
        finally:
            statements.append((time.perf_counter() - started, str(querystring)))

    engine_type.run_querystring = timed
    row = await Account.select().where(Account.email == ADMIN_EMAIL).first()
    if row is None:
        sys.exit(f"Kontot {ADMIN_EMAIL} finns inte: skapa testdata med `tracker seed --scale`.")
    cookie = session_cookie_value(get_settings(), session_for(SignedIn(principal_of(row), 1)))
    app = create_app(pool=False)
    if isinstance(engine, CountingSQLiteEngine):
        await engine.open_reader()  # as `tracker serve` does at start-up
    elif isinstance(engine, CountingPostgresEngine):
        await engine.start_connection_pool()  # else each statement opens a connection
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        for url in urls:
            times = []
            for _ in range(repeat):
                statements.clear()
                started = time.perf_counter()
                response = await client.get(url)
                times.append(time.perf_counter() - started)
            database = sum(seconds for seconds, _ in statements)
            print(
                f"\n{url}: {response.status_code}, median {1000 * statistics.median(times):.0f} ms, "
                f"{len(statements)} SQL-satser som tog {1000 * database:.0f} ms, "
                f"{len(response.content) // 1024} kB HTML"
            )
            for seconds, sql in sorted(statements, reverse=True)[:show]:
                print(f"  {1000 * seconds:7.1f} ms  {' '.join(sql.split())[:400]}")
    if isinstance(engine, CountingSQLiteEngine):
        await engine.close_reader()
    elif isinstance(engine, CountingPostgresEngine):
        await engine.close_connection_pool()


def main() -> None:
    parser = argparse.ArgumentParser(description="Sidornas SQL-satser och tider, en i taget")
    parser.add_argument(
        "urls", nargs="*", default=["/projekt", "/dialoger", "/dialoger/aterkoppling"]
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--show", type=int, default=5, help="hur många av de långsammaste satserna")
    args = parser.parse_args()
    asyncio.run(profile(args.urls, args.repeat, args.show))


if __name__ == "__main__":
    main()
