"""The mail settings, read from environment variables (see the README, "E-post")."""

from __future__ import annotations

import os
from dataclasses import dataclass

TRUE = {"1", "true", "ja", "yes"}


@dataclass(frozen=True, slots=True)
class MailSettings:
    host: str  # TRACKER_SMTP_HOST; empty: nothing is sent (messages wait in the outbox)
    port: int
    starttls: bool  # upgrade a plain connection with STARTTLS (port 587)
    tls: bool  # TLS from the first byte (port 465)
    user: str
    password: str
    sender: str  # TRACKER_MAIL_FROM
    base_url: str  # TRACKER_BASE_URL: where the links in the messages point
    in_process: bool  # whether `tracker serve` runs the worker in the server process
    poll_seconds: float

    @property
    def enabled(self) -> bool:
        return bool(self.host)


def load_mail_settings(environ: dict[str, str] | None = None) -> MailSettings:
    env = os.environ if environ is None else environ
    tls = env.get("TRACKER_SMTP_TLS", "").lower() in TRUE
    starttls = env.get("TRACKER_SMTP_STARTTLS", "").lower() in TRUE
    default_port = 465 if tls else 587 if starttls else 25
    return MailSettings(
        host=env.get("TRACKER_SMTP_HOST", ""),
        port=int(env.get("TRACKER_SMTP_PORT") or default_port),
        starttls=starttls,
        tls=tls,
        user=env.get("TRACKER_SMTP_USER", ""),
        password=env.get("TRACKER_SMTP_PASSWORD", ""),
        sender=env.get("TRACKER_MAIL_FROM") or "Tjänstedesignspåraren <noreply@localhost>",
        base_url=(env.get("TRACKER_BASE_URL") or "http://127.0.0.1:8000").rstrip("/"),
        in_process=env.get("TRACKER_MAIL_WORKER", "ja").lower() in TRUE,
        poll_seconds=float(env.get("TRACKER_MAIL_POLL_SECONDS") or 10),
    )
