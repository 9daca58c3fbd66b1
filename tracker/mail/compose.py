"""Messages in Swedish, plain text and HTML, rendered from templates/mail/ when enqueued."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tracker.mail.settings import MailSettings
from tracker.settings import get_settings

SETTINGS_PATH = "/konto#e-post"  # where a person chooses single messages or a digest


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(get_settings().templates_dir / "mail")),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def absolute(settings: MailSettings, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.base_url + path


def render(
    template: str, subject: str, context: dict[str, Any], settings: MailSettings
) -> Rendered:
    """The message `template` (`<template>.txt` and `.html` under templates/mail/)."""
    env = _environment()
    full = {
        **context,
        "subject": subject,
        "settings_link": absolute(settings, SETTINGS_PATH),
        "link": absolute(settings, context.get("link", "/")),
    }
    text = env.get_template(f"{template}.txt").render(full)
    html = env.get_template(f"{template}.html").render(full)
    return Rendered(subject=subject, text=text, html=html)


def build_message(
    settings: MailSettings, to: str, subject: str, text: str, html: str, message_id: int
) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML as the richer part."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    domain = settings.sender.rsplit("@", 1)[-1].strip(" >") or "localhost"
    message["Message-ID"] = make_msgid(idstring=f"utkorg-{message_id}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
