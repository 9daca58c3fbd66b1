"""`tracker create-user` makes the first administrator from the command line, with the same
password rules as the web form."""

from __future__ import annotations

import asyncio
import os
import sys

import httpx

from tests.support import post_form
from tracker.accounts.tables import Account

GOOD_PASSWORD = "granit-kanot-vinbar-17"


async def create_user(*args: str, password: str) -> tuple[int, str, str]:
    """Run the command as a separate process against the test database."""
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": os.environ["TRACKER_DATABASE_URL"],
        "TRACKER_NEW_PASSWORD": password,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tracker.cli",
        "create-user",
        *args,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


async def test_create_user_makes_an_administrator_who_can_sign_in(
    anonymous: httpx.AsyncClient,
) -> None:
    assert await Account.count() == 0

    code, out, err = await create_user(
        "--admin", "--email", "Chef@Kommun.Example", "--name", "Chris Chef", password=GOOD_PASSWORD
    )

    assert code == 0, err
    assert "Kontot chef@kommun.example är skapat (admin)." in out
    row = await Account.select().where(Account.email == "chef@kommun.example").first()
    assert row is not None
    assert (row["name"], row["role"], row["active"]) == ("Chris Chef", "admin", True)
    assert row["password_hash"].startswith("$argon2")
    await anonymous.get("/logga-in")
    signed_in = await post_form(
        anonymous, "/logga-in", {"email": "chef@kommun.example", "password": GOOD_PASSWORD}
    )
    assert signed_in.status_code == 303
    assert (await anonymous.get("/admin/konton")).status_code == 200


async def test_a_weak_password_is_refused_in_swedish(db: None) -> None:
    code, _, err = await create_user(
        "--admin", "--email", "chef@kommun.example", "--name", "Chris Chef", password="sommar2024"
    )

    assert code == 1
    assert "Kontot skapades inte" in err
    assert "Lösenordet måste ha minst 12 tecken (nu 10)." in err
    assert "Traceback" not in err
    assert await Account.count() == 0


async def test_a_common_password_and_a_taken_e_mail_are_refused(db: None) -> None:
    common = await create_user(
        "--email", "kim@kommun.example", "--name", "Kim", password="lösenord12345"
    )
    assert common[0] == 1
    assert "Lösenordet finns bland de vanligaste lösenorden." in common[2]

    first = await create_user(
        "--email", "kim@kommun.example", "--name", "Kim", password=GOOD_PASSWORD
    )
    assert first[0] == 0, first[2]
    taken = await create_user(
        "--email", "KIM@kommun.example", "--name", "Kim igen", password=GOOD_PASSWORD
    )
    assert taken[0] == 1
    assert "Det finns redan ett konto med e-postadressen kim@kommun.example." in taken[2]
    assert "Traceback" not in taken[2]
    rows = await Account.select(Account.role, Account.name)
    assert rows == [{"role": "editor", "name": "Kim"}]
