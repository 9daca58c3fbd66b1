"""PDF from HTML with WeasyPrint (A4, page numbers "1 (n)", tagged PDF/UA-1), and the document
style shared by the printable HTML pages and their PDFs (reports, the design history)."""

from __future__ import annotations

import anyio

# Shared by the printable HTML pages (served as /rapporter/dokument.css) and the PDFs.
DOCUMENT_CSS = """
@page {
  size: A4;
  margin: 26mm 20mm 24mm 25mm;
  @top-left { content: element(running-header); width: 100%; }
  @bottom-right { content: counter(page) " (" counter(pages) ")"; font-size: 9pt; }
}
html { overflow-wrap: anywhere; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.45; color: #1a1a1a; background: #fff; }
body { margin: 0; }
.running-header { position: running(running-header); display: flex; align-items: center;
                  justify-content: space-between; font-size: 9pt; color: #333;
                  border-bottom: 1px solid #999; padding-bottom: 2mm; width: 100%; }
.running-header img { height: 9mm; width: auto; vertical-align: middle; margin-right: 2mm; }
.running-header strong { font-size: 10pt; color: #1a1a1a; }
.draft-mark { border: 2px solid #8a1c1c; color: #8a1c1c; padding: 2mm 3mm; }
.print-bar { padding: 8px 0 16px; }
@media print { .print-bar { display: none; } }
.report-document { max-width: 46rem; margin: 0 auto; }
.report-kicker { text-transform: uppercase; letter-spacing: .05em; font-size: 9pt; margin: 0; }
h1 { font-size: 18pt; margin: .2em 0 .6em; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; page-break-after: avoid; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1.1em 0 .3em; page-break-after: avoid; break-after: avoid; }
.report-meta { margin: 0 0 1.2em; }
.report-meta div { margin: 0 0 2px; }
.report-meta dt { display: inline; font-weight: bold; }
.report-meta dt::after { content: ":"; }
.report-meta dd { display: inline; margin: 0 0 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; page-break-inside: avoid; break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding: 0 0 4px; break-after: avoid; page-break-after: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; }
figure { margin: .6em 0 1em; page-break-inside: avoid; break-inside: avoid; }
figcaption, .report-chart__caption { font-size: 9.5pt; font-weight: normal; margin: 4px 0; break-after: avoid; page-break-after: avoid; }
ol { break-inside: avoid; page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
.report-signatures-block { break-inside: avoid; page-break-inside: avoid; }
.report-signatures { list-style: none; padding: 0; break-inside: avoid; page-break-inside: avoid; }
.report-signatures li { margin: 2.2em 0 0; border-top: 1px solid #999; padding-top: 2px; max-width: 20em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; white-space: nowrap; }
"""


def render_pdf(html: str, css: list[str], base_url: str) -> bytes:
    """The HTML as a tagged PDF/UA-1 document, styled by `css` (stylesheets as text)."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=base_url)
    stylesheets = [CSS(string=text) for text in css]
    try:
        return bytes(document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1"))
    except Exception:  # an older or stricter WeasyPrint: a plain tagged PDF is still good
        return bytes(document.write_pdf(stylesheets=stylesheets, pdf_tags=True))


async def pdf_from_html(html: str, css: list[str], base_url: str) -> bytes:
    """`render_pdf` in a worker thread, so the server keeps answering meanwhile."""
    return await anyio.to_thread.run_sync(render_pdf, html, css, base_url)
