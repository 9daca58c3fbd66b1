"""Import dialogues and organisations from CSV/XLSX: upload → preview (rows to create and
errors per row, nothing saved) → confirm → created in one transaction.

The parsed file travels from the preview to the confirmation in a signed hidden field
(tracker/api/import_tokens.py): no temporary files on the server, and a file altered on the
way is refused. A cell that looked like a resident's name is refused as in a form; the
preview asks about each such cell, and the user's confirmations that one is no name (with a
reason) travel along with the file (tracker/api/import_names.py): *Granska igen* shows the
preview again with them, and they go along with a corrected file uploaded from the preview.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from tracker.accounts.guard import CREATE
from tracker.accounts.permissions import Principal
from tracker.accounts.tokens import is_spent
from tracker.api import import_names, import_tokens, importing
from tracker.api.importing import Preview, Table
from tracker.api.rows import DIALOGUE_FIELDS
from tracker.collaborations.catalogue import CollaborationLists
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import IDEA_SOURCES, KIND_LABELS
from tracker.settings import get_settings
from tracker.web.http import see_other
from tracker.web.tabular import MAX_IMPORT_BYTES, TableProblem, read_table

FILE_FIELD = "fil"
# The file and the multipart envelope around it: a larger file gets the page's own message
# up to this size, Litestar's 413 beyond it.
IMPORT_BODY_LIMIT = MAX_IMPORT_BYTES + 256 * 1024
TOKEN_FIELD = "forhandsgranskning"
REVIEW = ("steg", "granska")  # the button that shows the preview again with confirmations


@dataclass(frozen=True)
class ImportPage:
    kind: str
    url: str
    list_url: str
    title: str  # "Importera dialoger"
    plural: str  # "dialoger"
    singular: str  # "dialog"
    export_url: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    ignored: tuple[str, ...]
    hints: dict[str, str]  # column -> the values it takes
    # the rows to create and the errors per row (table, lists, confirmations), nothing saved
    preview: Callable[[Table, Any, Mapping[str, str]], Awaitable[Preview]]
    create: Callable[[Preview, Principal, str], Awaitable[list[int]]]  # (…, actor, token): ids


DIALOGUES = ImportPage(
    kind="dialogues",
    url="/dialoger/import",
    list_url="/dialoger",
    title="Importera dialoger",
    plural="dialoger",
    singular="dialog",
    export_url="/dialoger/export.xlsx",
    columns=tuple(DIALOGUE_FIELDS),
    required=importing.DIALOGUE_REQUIRED,
    ignored=importing.DIALOGUE_IGNORED,
    hints={
        "Typ": " eller ".join(KIND_LABELS.values()),
        "Idén kom från": ", ".join(IDEA_SOURCES.values()),
        "Planerat datum för beslutet": "som 2026-03-15",
        "Utlovad nivå": "ett steg på delaktighetstrappan, till exempel Konsultation",
        "Metoder": "flera skiljs åt med semikolon",
    },
    preview=importing.preview_dialogues,
    create=importing.create_dialogues,
)
ORGANISATIONS = ImportPage(
    kind="organisations",
    url="/organisationer/import",
    list_url="/organisationer",
    title="Importera organisationer",
    plural="organisationer",
    singular="organisation",
    export_url="/organisationer/export.xlsx",
    columns=tuple(importing.ORGANISATION_FIELDS),
    required=importing.ORGANISATION_REQUIRED,
    ignored=importing.ORGANISATION_IGNORED,
    hints={
        "Organisationsnummer": "NNNNNN-NNNN",
        "Typ": "en typ i listan, till exempel Ideell förening",
        "Idéburen": "ja eller nej",
        "Kontaktväg": "organisationens e-post eller webbadress, aldrig en privatpersons",
    },
    preview=importing.preview_organisations,
    create=importing.create_organisations,
)


def _upload_page(page: ImportPage, error: str = "", status: int = 200) -> Template:
    return Template(
        "imports/upload.html",
        context={
            "page": page,
            "error": error,
            "file_field": FILE_FIELD,
            "max_mb": MAX_IMPORT_BYTES // (1024 * 1024),
        },
        status_code=status,
    )


def _preview_page(page: ImportPage, preview: Preview, token: str, status: int) -> Template:
    return Template(
        "imports/preview.html",
        context={
            "page": page,
            "preview": preview,
            "token": token,
            "token_field": TOKEN_FIELD,
            "review": REVIEW,
            "file_field": FILE_FIELD,
            "max_mb": MAX_IMPORT_BYTES // (1024 * 1024),
        },
        status_code=status,
    )


async def _handle(
    page: ImportPage, request: Request, lists: Any, actor: Principal
) -> Template | Redirect:
    form = await request.form()
    secret = get_settings().secret_key
    token = str(form.get(TOKEN_FIELD) or "")
    upload = form.get(FILE_FIELD)
    try:
        if token:  # the confirmation: read the previewed file again and check it again
            table = import_tokens.read_signed_table(token, page.kind, actor.id, secret)
            if await is_spent(token):
                return _upload_page(page, importing.SPENT, 409)
        elif isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read(MAX_IMPORT_BYTES + 1)
            # In a thread: reading a large file must not hold up every other request.
            table = await asyncio.to_thread(read_table, upload.filename, content)
        else:
            return _upload_page(page, "Välj en CSV- eller XLSX-fil att importera.", 400)
        confirmations = import_names.confirmations_in(
            {key: value for key, value in form.items() if isinstance(value, str)}
        )
        preview = await page.preview(table, lists, confirmations)
    except TableProblem as problem:
        too_large = "för stor" in str(problem)
        return _upload_page(page, str(problem), 413 if too_large else 400)
    if not token or not preview.ok or form.get(REVIEW[0]) == REVIEW[1]:
        # The preview: nothing is saved. Rows with errors are shown with what to correct; the
        # file goes along when it may be imported or its names confirmed.
        signed = token
        if not signed and (preview.ok or preview.suspects):
            signed = import_tokens.sign_table(table, page.kind, actor.id, secret)
        return _preview_page(page, preview, signed, 200 if preview.ok else 422)
    try:
        created = await page.create(preview, actor, token)
    except TableProblem as problem:
        return _upload_page(page, str(problem), 409)
    count = len(created)
    noun = page.singular if count == 1 else page.plural
    flash(request, f"{count} {noun} har importerats.", category="success")
    return see_other(page.list_url)


def _upload_route(page: ImportPage) -> Any:
    """The page where a file is chosen: GET `page.url`."""

    @get(page.url, name=f"imports:{page.kind}", opt=CREATE, include_in_schema=False)
    async def upload_page() -> Template:
        return _upload_page(page)

    return upload_page


def _posted_to(page: ImportPage) -> post:
    """The route a file, and then its confirmation, is posted to: POST `page.url`."""
    return post(
        page.url,
        name=f"imports:{page.kind}-post",
        opt=CREATE,
        status_code=200,
        include_in_schema=False,
        request_max_body_size=IMPORT_BODY_LIMIT,
    )


@_posted_to(DIALOGUES)
async def dialogue_import(
    request: Request,
    dialogue_lists: NamedDependency[DialogueLists],
    actor: NamedDependency[Principal],
) -> Template | Redirect:
    return await _handle(DIALOGUES, request, dialogue_lists, actor)


@_posted_to(ORGANISATIONS)
async def organisation_import(
    request: Request,
    collaboration_lists: NamedDependency[CollaborationLists],
    actor: NamedDependency[Principal],
) -> Template | Redirect:
    return await _handle(ORGANISATIONS, request, collaboration_lists, actor)


ROUTES: list[Any] = [
    _upload_route(DIALOGUES),
    dialogue_import,
    _upload_route(ORGANISATIONS),
    organisation_import,
]
