"""The `tracker` command: serve, migrate, seed."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import date
from typing import Any

from tracker.settings import get_settings


def _migrate() -> None:
    from tracker.migrate import migrate

    asyncio.run(migrate())
    print("Databasen är uppdaterad.")


def _seed(only_if_empty: bool) -> None:
    from tracker.dialogues.catalogue import load_dialogue_lists
    from tracker.phases.catalogue import load_phases
    from tracker.seeding import is_empty, load_demo, read_demo

    _check_phases()

    settings = get_settings()

    async def run() -> None:
        if not await is_empty():
            if only_if_empty:
                print("Databasen har redan data; demodata laddas inte.")
                return
            sys.exit("Databasen har redan data. Demodata laddas bara i en tom databas.")
        data = read_demo()
        lists = load_dialogue_lists(settings.lists_dir)
        count = await load_demo(data, load_phases(settings.phases_dir), lists)
        print(
            f"Demodata laddad: {count} projekt, {len(data.get('dialogues', []))} dialoger, "
            f"{len(data.get('organisations', []))} organisationer och "
            f"{len(data.get('collaborations', []))} samverkan."
        )
        print(f"Demokonton (lösenord {data['demo_password']}):")
        for account in data.get("accounts", []):
            print(f"  {account['email']:<32} {account['name']}")

    asyncio.run(run())


def _seed_scale(scale: float) -> None:
    from tracker.scale import seed_scale

    asyncio.run(seed_scale(scale))


def _export(path: str) -> None:
    from tracker.transfer import export_file

    asyncio.run(export_file(path))


def _import(path: str) -> None:
    from tracker.transfer import import_file

    asyncio.run(import_file(path))


def _verify() -> None:
    """Check the change log's hash chain and every frozen and published version; name the
    first broken link and exit 1 if anything is not as it was recorded."""
    from tracker.audit.chain import first_break
    from tracker.design import history_publication_services as histories
    from tracker.insights.publication import integrity as publication_integrity
    from tracker.reports import integrity

    async def run() -> list[str]:
        entries, broken_link = await first_break()
        frozen, report_problems = await integrity.broken()
        published, page_problems, unsealed = await publication_integrity.broken()
        histories_checked, history_problems, _ = await histories.broken()
        print(
            f"Ändringsloggen: {entries} poster i obruten kedja fram till första felet"
            if broken_link
            else f"Ändringsloggen: {entries} poster, kedjan är obruten."
        )
        print(f"Fastställda rapportversioner: {frozen} kontrollerade.")
        print(
            f"Publicerade Ni sa – vi gjorde-versioner: {published} kontrollerade"
            + (f" ({unsealed} publicerade innan kontrollsummor loggades)." if unsealed else ".")
        )
        print(f"Publicerade designhistorier: {histories_checked} kontrollerade.")
        problems = report_problems + page_problems + history_problems
        return ([str(broken_link)] if broken_link else []) + problems

    problems = asyncio.run(run())
    if problems:
        sys.exit("Kontrollen hittade fel:\n" + "\n".join(f"  {p}" for p in problems))
    print("Allt stämmer.")


def _check_phases() -> None:
    """Fail before the server starts, naming the file and field, if a data file is wrong."""
    from tracker.datafiles import DataFileError
    from tracker.dialogues.catalogue import load_dialogue_lists
    from tracker.phases.catalogue import PhaseFileError, load_phases

    try:
        load_phases(get_settings().phases_dir)
    except PhaseFileError as error:
        sys.exit(f"Stegfilerna har ett fel och appen startar inte:\n  {error}")
    from tracker.collaborations.catalogue import load_collaboration_lists
    from tracker.gallring.plan import plan
    from tracker.municipality import load_municipality
    from tracker.shared.registration import diarium
    from tracker.web.managed_lists import organisation_lists

    try:
        load_dialogue_lists(get_settings().lists_dir)
        load_collaboration_lists(get_settings().lists_dir)
        load_municipality(get_settings().municipality_file)
        organisation_lists(get_settings().lists_dir)
        diarium(get_settings().lists_dir)
        plan(get_settings().lists_dir)
    except DataFileError as error:
        sys.exit(f"Listorna i lists/ har ett fel och appen startar inte:\n  {error}")


def _check_secret_key(host: str) -> None:
    """Refuse to serve beyond loopback on a weak or known key; warn on loopback."""
    from tracker.settings import serve_key_check

    refuse, message = serve_key_check(get_settings().secret_key, host)
    if refuse:
        sys.exit(message)
    if message:
        print(message, file=sys.stderr)


def _create_user(args: argparse.Namespace) -> None:
    import getpass

    from tracker.accounts import services
    from tracker.accounts.forms import read_account_form
    from tracker.accounts.permissions import system_actor

    password = os.environ.get("TRACKER_NEW_PASSWORD") or getpass.getpass("Lösenord: ")
    role = "admin" if args.admin else args.role
    raw = {
        "email": args.email,
        "name": args.name,
        "role": role,
        "password": password,
        "report_manager": "ja" if args.report_manager else "",
    }
    values, password, fields = read_account_form(raw, creating=True)
    if values is None or not password:
        messages = fields.errors or {"password": "Skriv ett lösenord."}
        sys.exit("Kontot skapades inte:\n" + "\n".join(f"  {m}" for m in messages.values()))

    async def run() -> None:
        if await services.email_taken(values["email"]):
            sys.exit(f"Det finns redan ett konto med e-postadressen {values['email']}.")
        await services.create_account(**values, password=password, actor=system_actor())

    asyncio.run(run())
    print(f"Kontot {values['email']} är skapat ({role}).")


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    from tracker.web.server import UVICORN_OPTIONS

    _check_phases()
    _check_secret_key(host)

    print(f"Tjänstedesignspåraren körs på http://{host}:{port} (avsluta med Ctrl+C)")
    uvicorn.run(
        "tracker.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        **UVICORN_OPTIONS,
    )


def _worker(once: bool) -> None:
    import signal

    from tracker.mail.settings import load_mail_settings
    from tracker.mail.worker import run_forever, run_once

    settings = load_mail_settings()
    if not settings.enabled:
        sys.exit(
            "TRACKER_SMTP_HOST är inte satt: e-postarbetaren har ingen server att skicka till."
        )

    async def run() -> None:
        from piccolo.engine.postgres import PostgresEngine

        from tracker.db import get_engine

        engine = get_engine()
        pooled = isinstance(engine, PostgresEngine)
        if pooled:
            await engine.start_connection_pool()
        try:
            if once:
                print(f"{await run_once(settings)} meddelanden skickade.")
                return
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            print(
                f"E-postarbetaren skickar till {settings.host}:{settings.port} (avsluta med Ctrl+C)"
            )
            await run_forever(settings, stop)
        finally:
            if pooled:
                await engine.close_connection_pool()

    asyncio.run(run())


def _archive_parser(commands: Any) -> None:
    archive = commands.add_parser("archive", help="leverera till e-arkivet (FGS 2.0-paket)")
    what = archive.add_subparsers(dest="what", required=True)
    report = what.add_parser("rapport", help="en fastställd version av en rapport")
    report.add_argument("report_id", type=int)
    report.add_argument("version_word", choices=["version"], metavar="version")
    report.add_argument("number", type=int)
    report.add_argument("--out", required=True, help="mappen paketet sparas i")
    period = what.add_parser("period", help="allt som avslutades under en period")
    period.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    period.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    period.add_argument("--out", required=True, help="mappen paketen sparas i")


def _archive(args: argparse.Namespace) -> None:
    from pathlib import Path

    from tracker.archive import command
    from tracker.archive.services import NotDeliverable

    async def run() -> list[str]:
        if args.what == "rapport":
            return await command.deliver_report(args.report_id, args.number, Path(args.out))
        return await command.deliver_period(args.start, args.end, Path(args.out))

    try:
        lines = asyncio.run(run())
    except LookupError:
        sys.exit("Det finns ingen sådan rapport eller version.")
    except NotDeliverable as refused:
        sys.exit(refused.message)
    print("\n".join(lines))


def _gallra_parser(commands: Any) -> None:
    gallra = commands.add_parser(
        "gallra", help="gallra enligt informationshanteringsplanen (först --dry-run)"
    )
    gallra.add_argument("--dry-run", action="store_true", help="visa bara vad som får gallras")
    gallra.add_argument(
        "--datum", type=date.fromisoformat, help="torrkörning: räkna tiderna till detta datum"
    )
    gallra.add_argument("--admin", help="e-postadressen till administratören som gallrar")
    gallra.add_argument("--confirm", action="store_true", help="bekräfta utan att fråga")
    gallra.add_argument("--out", help="mapp där gallringsprotokollet (PDF/A) också sparas")


def _gallra(args: argparse.Namespace) -> None:
    from pathlib import Path

    from tracker.gallring import command

    def confirm(lines: list[str]) -> bool:
        print("\n".join(lines))
        if args.confirm:
            return True
        return input("Skriv ja för att gallra: ").strip().lower() == "ja"

    if args.dry_run:
        print("\n".join(asyncio.run(command.dry_run(args.datum))))
        return
    if args.datum is not None:
        sys.exit("--datum gäller bara torrkörning: en gallring räknar alltid till i dag.")
    if not args.admin:
        sys.exit("Ange administratören som gallrar: --admin e-postadress.")
    try:
        lines, run_id, pdf = asyncio.run(command.real_run(args.admin, confirm))
    except command.Refused as refused:
        sys.exit(str(refused))
    if args.out and run_id is not None:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"gallringsprotokoll-{run_id}.pdf").write_bytes(pdf)
        lines.append(str(out / f"gallringsprotokoll-{run_id}.pdf"))
    print("\n".join(lines))


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
    seed.add_argument(
        "--scale",
        type=float,
        default=None,
        help="skapa ett syntetiskt testdataset i stället (1 = en stor kommun under tio år)",
    )
    export = commands.add_parser("export", help="spara allt i en JSON-fil")
    export.add_argument("file")
    load = commands.add_parser("import", help="läs in en JSON-fil från export i en tom databas")
    load.add_argument("file")
    commands.add_parser(
        "verify",
        help="kontrollera ändringsloggens kedja och alla fastställda och publicerade versioner",
    )
    user = commands.add_parser("create-user", help="skapa ett konto (lösenordet frågas efter)")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--admin", action="store_true", help="administratör")
    user.add_argument("--role", choices=["admin", "editor", "reader"], default="editor")
    user.add_argument("--report-manager", action="store_true", help="rapportansvarig")
    worker = commands.add_parser("worker", help="skicka e-post från utkorgen (utan webbserver)")
    worker.add_argument("--once", action="store_true", help="en runda, sedan avsluta")
    _archive_parser(commands)
    _gallra_parser(commands)
    args = parser.parse_args(argv)

    if args.command == "serve":
        _serve(args.host, args.port, args.workers)
    elif args.command == "migrate":
        _migrate()
    elif args.command == "seed" and args.scale is not None:
        _seed_scale(args.scale)
    elif args.command == "seed":
        _seed(args.if_empty)
    elif args.command == "export":
        _export(args.file)
    elif args.command == "import":
        _import(args.file)
    elif args.command == "verify":
        _verify()
    elif args.command == "create-user":
        _create_user(args)
    elif args.command == "worker":
        _worker(args.once)
    elif args.command == "archive":
        _archive(args)
    elif args.command == "gallra":
        _gallra(args)


if __name__ == "__main__":
    main()
