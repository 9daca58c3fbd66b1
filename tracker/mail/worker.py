"""The mail worker: the scheduler passes (reminders, digests), then delivery of due messages.

`tracker serve` runs it in the server process; `tracker worker` runs it alone. Any number of
workers may run on one database: claims never hand one message to two of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from tracker.mail import digests, outbox, reminders
from tracker.mail.compose import build_message
from tracker.mail.settings import MailSettings
from tracker.mail.smtp import DELIVERY_ERRORS, deliver

log = logging.getLogger("tracker.mail")

SCHEDULE_SECONDS = 60.0  # reminders and digests are looked for once a minute, mail every round
Pass = Callable[[MailSettings], Awaitable[int]]
PASSES: list[Pass] = [reminders.enqueue_due_reminders, digests.enqueue_due_digests]


async def send_due(settings: MailSettings) -> int:
    """Send what is due; a message the server does not take is retried after a backoff."""
    sent = 0
    for row in await outbox.claim():
        message = build_message(
            settings,
            row["to_address"],
            row["subject"],
            row["body_text"],
            row["body_html"],
            row["id"],
        )
        try:
            await deliver(settings, message)
        except DELIVERY_ERRORS as error:
            log.warning(
                "E-post %s kunde inte skickas (försök %s): %s", row["id"], row["attempts"], error
            )
            await outbox.mark_failed(row["id"], row["attempts"], f"{type(error).__name__}: {error}")
            continue
        await outbox.mark_sent(row["id"])
        sent += 1
    return sent


async def run_once(settings: MailSettings, *, schedule: bool = True) -> int:
    """One round: the scheduler passes (unless not `schedule`), then delivery. Returns how
    many messages went out."""
    if schedule:
        for scheduler in PASSES:
            await scheduler(settings)
    return await send_due(settings)


async def run_forever(settings: MailSettings, stop: asyncio.Event) -> None:
    """Rounds until `stop` is set, waiting `poll_seconds` after a round that sent nothing."""
    last_schedule = -SCHEDULE_SECONDS
    while not stop.is_set():
        schedule = time.monotonic() - last_schedule >= SCHEDULE_SECONDS
        if schedule:
            last_schedule = time.monotonic()
        try:
            sent = await run_once(settings, schedule=schedule)
        except Exception:  # the worker must outlive a failed round (the database restarting)
            log.exception("E-postarbetaren: en runda misslyckades")
            sent = 0
        if sent == 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.poll_seconds)


class InProcessWorker:
    """The worker as a task in the web server's event loop (start-up and shut-down hooks)."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.settings.enabled and self.settings.in_process:
            self.task = asyncio.create_task(run_forever(self.settings, self.stop))

    async def close(self) -> None:
        """Let the round in progress finish, for at most two seconds (a round waiting on a
        database that is restarting would otherwise hold the server up); a message it had
        claimed is claimed again when its lease runs out, as after any interrupted round."""
        self.stop.set()
        if self.task is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self.task, timeout=2)
