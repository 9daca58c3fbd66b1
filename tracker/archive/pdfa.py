"""Documents in an archival format: PDF/A-2b, written by WeasyPrint from the same HTML and CSS
as the PDF/UA copy people read (WeasyPrint writes one variant per run, so the archive gets a
second rendering of its own)."""

from __future__ import annotations

import anyio

VARIANT = "pdf/a-2b"
FORMAT_NAME = "PDF/A-2b"


def _render(html: str, css: str, base_url: str) -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=base_url)
    return bytes(document.write_pdf(stylesheets=[CSS(string=css)], pdf_variant=VARIANT))


async def pdf_a(html: str, css: str, base_url: str) -> bytes:
    return await anyio.to_thread.run_sync(_render, html, css, base_url)
