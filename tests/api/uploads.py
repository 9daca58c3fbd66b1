"""Upload a file as the import form does: multipart, with the CSRF token as a form field."""

from __future__ import annotations

import re
from html import unescape

import httpx

from tests.support import CSRF_COOKIE


async def _token(client: httpx.AsyncClient) -> str:
    if CSRF_COOKIE not in client.cookies:
        await client.get("/")
    return client.cookies[CSRF_COOKIE]


async def upload(
    client: httpx.AsyncClient,
    url: str,
    filename: str,
    content: bytes,
    data: dict[str, str] | None = None,
) -> httpx.Response:
    """`data`: the form's other fields (the preview's upload form carries confirmations)."""
    return await client.post(
        url,
        data={"_csrf_token": await _token(client), **(data or {})},
        files={"fil": (filename, content, "application/octet-stream")},
    )


def preview_token(html: str) -> str:
    match = re.search(r'name="forhandsgranskning" value="([^"]*)"', html)
    assert match, "the preview has no confirm form"
    return unescape(match.group(1))


async def confirm(client: httpx.AsyncClient, url: str, token: str) -> httpx.Response:
    return await post_back(client, url, {"forhandsgranskning": token})


async def post_back(client: httpx.AsyncClient, url: str, data: dict[str, str]) -> httpx.Response:
    """A form of the preview page posted back (the signed file and what else it holds)."""
    return await client.post(
        url,
        data={"_csrf_token": await _token(client), **data},
        files={"tom": ("", b"", "application/octet-stream")},  # multipart, as the browser sends
    )
