"""Changing the database behind the app's back, as someone with the database file or a
superuser's password could: the guard triggers are lifted for one statement."""

from __future__ import annotations

import sqlite3

import asyncpg

from tracker.settings import get_settings


async def behind_the_guards(*statements: str) -> None:
    settings = get_settings()
    if settings.is_postgres:
        connection = await asyncpg.connect(settings.database_url)
        try:
            body = "".join(f"{statement};" for statement in statements)
            await connection.execute(
                f"BEGIN; SET LOCAL session_replication_role = replica; {body} COMMIT;"
            )
        finally:
            await connection.close()
        return
    connection = sqlite3.connect(settings.sqlite_path, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        guards = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%RAISE(%'"
        ).fetchall()
        for name, _ in guards:
            connection.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            connection.execute(statement)
        for _, sql in guards:
            connection.execute(sql)
        connection.execute("COMMIT")
    finally:
        connection.close()
