"""The `tracker` command: serve, migrate, seed."""

from __future__ import annotations

import argparse
import asyncio
import sys

from tracker.settings import get_settings


def _migrate() -> None:
    from tracker.migrate import migrate

    asyncio.run(migrate())
    print("Databasen är uppdaterad.")


def _seed(only_if_empty: bool) -> None:
    from tracker.phases.catalogue import load_phases

    _check_phases()
    from tracker.seeding import is_empty, load_demo, read_demo

    settings = get_settings()

    async def run() -> None:
        if not await is_empty():
            if only_if_empty:
                print("Databasen har redan data; demodata laddas inte.")
                return
            sys.exit("Databasen har redan data. Demodata laddas bara i en tom databas.")
        count = await load_demo(read_demo(), load_phases(settings.phases_dir), settings.actor_name)
        print(f"Demodata laddad: {count} projekt.")

    asyncio.run(run())


def _check_phases() -> None:
    """Fail before the server starts, naming the file and field, if a step file is wrong."""
    from tracker.phases.catalogue import PhaseFileError, load_phases

    try:
        load_phases(get_settings().phases_dir)
    except PhaseFileError as error:
        sys.exit(f"Stegfilerna har ett fel och appen startar inte:\n  {error}")


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    _check_phases()

    print(f"Tjänstedesignspåraren körs på http://{host}:{port} (avsluta med Ctrl+C)")
    uvicorn.run(
        "tracker.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="tracker", description="Tjänstedesignspåraren")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="starta webbservern")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("migrate", help="skapa eller uppdatera databasens tabeller")
    seed = commands.add_parser("seed", help="ladda demodata i en tom databas")
    seed.add_argument("--if-empty", action="store_true", help="hoppa över om det redan finns data")
    args = parser.parse_args(argv)

    if args.command == "serve":
        _serve(args.host, args.port, args.workers)
    elif args.command == "migrate":
        _migrate()
    elif args.command == "seed":
        _seed(args.if_empty)


if __name__ == "__main__":
    main()
