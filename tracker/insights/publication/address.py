"""The published page's full address, to copy into a letter or a newsletter, and as a QR code
to print on a poster (segno draws it)."""

from __future__ import annotations

import io
import os
from typing import Any

import segno


def public_address(request: Any, dialogue_id: int) -> str:
    """The full address of the page's latest version: on the address the municipality set
    (TRACKER_BASE_URL, as e-mail links use), else on the one this request came to."""
    base = os.environ.get("TRACKER_BASE_URL", "").strip().rstrip("/")
    if not base:
        base = str(request.base_url).rstrip("/")
    return f"{base}/ni-sa-vi-gjorde/{dialogue_id}"


def qr_svg(address: str) -> bytes:
    """The address as a QR code, an SVG with a title (medium error correction: it still reads
    from a creased poster)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(
        buffer,
        kind="svg",
        scale=8,
        border=4,
        title="QR-kod till sidans adress",
        desc=address,
        xmldecl=False,
    )
    return buffer.getvalue()
