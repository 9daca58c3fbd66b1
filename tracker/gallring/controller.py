"""Gallring for administrators: the plan, legal holds, a preview of what may go, a confirmation
page listing exactly that, the run, and each run's protocol (PDF/A) to download. Plain forms
and 303s; administrators only."""

from __future__ import annotations

import hashlib
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts.guard import ADMIN
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.db import MAX_ID
from tracker.gallring import services
from tracker.gallring.plan import INFORMATION_KINDS, plan
from tracker.gallring.rules import Verdict
from tracker.kinds import KINDS
from tracker.municipality import Municipality
from tracker.web.forms import Fields
from tracker.web.http import plain, see_other

BASE = "/admin/gallring"
CHANGED = (
    "Listan har ändrats sedan du granskade den. Ingenting gallrades. Granska den nya listan "
    "och bekräfta igen."
)


def digest(gone: list[Verdict]) -> str:
    """What a confirmation was given for: the kinds and ids, in order."""
    text = ";".join(f"{v.candidate.kind}:{v.candidate.record_id}" for v in gone)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


async def _page(hold_fields: Fields | None = None, status: int = 200) -> Template:
    on = today()
    gone = await services.preview(plan(), on)
    return Template(
        "gallring/admin.html",
        context={
            "plan": plan(),
            "kinds": INFORMATION_KINDS,
            "gone": gone,
            "on": on,
            "holds": await services.holds(),
            "hold_kinds": {key: KINDS[key].label for key in services.HOLD_KINDS},
            "hold_fields": hold_fields or Fields({}),
            "runs": await services.runs(),
        },
        status_code=status,
    )


@get(BASE, name="gallring:admin", opt=ADMIN)
async def gallring_page(request: Request) -> Template:
    """`?typ=dialogue&nummer=12` (the link on a record's page) fills in the hold form."""
    params = request.query_params
    prefilled = {"record_type": params.get("typ", ""), "record_id": params.get("nummer", "")}
    return await _page(Fields(prefilled))


@get(f"{BASE}/bekrafta", name="gallring:confirm", opt=ADMIN)
async def confirm_page() -> Template:
    on = today()
    gone = await services.preview(plan(), on)
    return Template(
        "gallring/confirm.html",
        context={"gone": gone, "on": on, "digest": digest(gone), "kinds": INFORMATION_KINDS},
    )


@post(f"{BASE}/gallra", name="gallring:run", opt=ADMIN)
async def run_gallring(
    request: Request,
    actor: NamedDependency[Principal],
    municipality: NamedDependency[Municipality],
) -> Response[Any]:
    raw = plain(await request.form())
    on = today()
    gone = await services.preview(plan(), on)
    if not gone:
        flash(request, "Ingenting får gallras i dag.", category="info")
        return see_other(BASE)
    if raw.get("digest") != digest(gone) or raw.get("confirm") != "ja":
        message = (
            "Kryssa i att du har granskat listan för att gallra."
            if raw.get("digest") == digest(gone)
            else CHANGED
        )
        return Template(
            "gallring/confirm.html",
            context={
                "gone": gone,
                "on": on,
                "digest": digest(gone),
                "kinds": INFORMATION_KINDS,
                "message": message,
            },
            status_code=409 if raw.get("digest") != digest(gone) else 422,
        )
    try:
        run_id = await services.run(plan(), on, actor, services.keys_of(gone))
    except (services.NothingToRemove, services.ListChanged):
        flash(request, CHANGED, category="error")
        return see_other(f"{BASE}/bekrafta")
    await services.protocol(run_id, municipality, plan())
    flash(request, f"Gallringen är klar: {len(gone)} poster togs bort.", category="success")
    return see_other(f"{BASE}/korningar/{run_id}")


async def _run_or_404(run_id: int) -> dict[str, Any]:
    row = await services.get_run(run_id)
    if row is None:
        raise NotFoundException()
    return row


@get(f"{BASE}/korningar/{{run_id:int}}", name="gallring:run_page", opt=ADMIN)
async def run_page(run_id: FromPath[int]) -> Template:
    row = await _run_or_404(run_id)
    return Template("gallring/run.html", context={"run": row, "kinds": INFORMATION_KINDS})


@get(f"{BASE}/korningar/{{run_id:int}}/gallringsprotokoll.pdf", name="gallring:protocol", opt=ADMIN)
async def protocol_download(
    run_id: FromPath[int], municipality: NamedDependency[Municipality]
) -> Response[bytes]:
    await _run_or_404(run_id)
    pdf, sha256 = await services.protocol(run_id, municipality, plan())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="gallringsprotokoll-{run_id}.pdf"',
            "X-Protocol-SHA256": sha256,
        },
    )


@post(f"{BASE}/bevarandebeslut", name="gallring:hold", opt=ADMIN)
async def set_hold(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
    f = Fields(plain(await request.form()))
    record_type = f.choice("record_type", services.HOLD_KINDS, missing="Välj vilket slag av post.")
    record_id = f.number("record_id", missing="Skriv postens nummer.", maximum=MAX_ID)
    reason = f.text("reason", missing="Skriv varför posten inte får gallras.", max_length=1000)
    if f.ok and record_id is not None and not await services.record_exists(record_type, record_id):
        f.error("record_id", f"Det finns ingen post av slaget med nummer {record_id}.")
    if not f.ok or record_id is None:
        return await _page(f, 422)
    await services.set_hold(record_type, record_id, reason, actor)
    flash(request, "Bevarandebeslutet är satt.", category="success")
    return see_other(f"{BASE}#bevarandebeslut")


@post(f"{BASE}/bevarandebeslut/{{hold_id:int}}/ta-bort", name="gallring:remove_hold", opt=ADMIN)
async def remove_hold(
    request: Request, hold_id: FromPath[int], actor: NamedDependency[Principal]
) -> Response[Any]:
    if not await services.remove_hold(hold_id, actor):
        raise NotFoundException()
    flash(request, "Bevarandebeslutet är borttaget.", category="success")
    return see_other(f"{BASE}#bevarandebeslut")


ROUTES: list[Any] = [
    gallring_page,
    confirm_page,
    run_gallring,
    run_page,
    protocol_download,
    set_hold,
    remove_hold,
]
