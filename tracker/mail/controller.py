"""E-mail choices on Mitt konto, forgotten passwords and one-time sign-in links."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts.forms import read_new_password
from tracker.accounts.guard import PUBLIC, READ
from tracker.accounts.permissions import Principal
from tracker.accounts.session_start import app_settings, start_session
from tracker.accounts.tables import Account
from tracker.mail import links, services
from tracker.web.forms import Fields
from tracker.web.http import form_data, see_other

RESET_SENT = (
    "Om adressen hör till ett aktivt konto har vi skickat en länk för att välja ett nytt "
    "lösenord. Länken gäller i en timme."
)
LINK_UNUSABLE = "Länken fungerar inte längre"


class MailController(Controller):
    path = "/"

    @post("/konto/e-post", name="mail:digest", opt=READ)
    async def save_digest(
        self, request: Request, actor: NamedDependency[Principal]
    ) -> Response[Any]:
        values, fields = services.read_digest_form(await form_data(request))
        if values is None:
            return Template(
                "accounts/me.html",
                context={"fields": Fields({}), "mail_fields": fields},
                status_code=422,
            )
        await services.save_digest_setting(actor, values)
        flash(request, "Dina val för e-post är sparade.", category="success")
        return see_other("/konto#e-post")

    @get("/glomt-losenord", name="mail:forgot", opt=PUBLIC)
    async def forgot_page(self) -> Template:
        return Template("mail/forgot.html", context={"fields": Fields({})})

    @post("/glomt-losenord", name="mail:forgot_post", opt=PUBLIC)
    async def forgot(self, request: Request) -> Response[Any]:
        fields = Fields(await form_data(request))
        email = fields.text("email", missing="Skriv din e-postadress.", max_length=254)
        if not fields.ok:
            return Template("mail/forgot.html", context={"fields": fields}, status_code=422)
        await links.request_reset(email, break_glass=_break_glass(request))
        flash(request, RESET_SENT, category="success")
        return see_other("/logga-in")

    @get("/inloggningslank/{token:str}", name="mail:link", opt=PUBLIC)
    async def link_page(self, token: FromPath[str]) -> Template:
        link = await links.valid_link(token)
        if link is None:
            return Template("mail/link_unusable.html", status_code=410)
        return Template("mail/choose_password.html", context=await _link_context(link, Fields({})))

    @post("/inloggningslank/{token:str}", name="mail:link_post", opt=PUBLIC)
    async def use_link(self, request: Request, token: FromPath[str]) -> Response[Any]:
        link = await links.valid_link(token)
        if link is None:
            return Template("mail/link_unusable.html", status_code=410)
        context = await _link_context(link, Fields({}))
        password, fields = read_new_password(
            await form_data(request), email=context["email"], name=context["name"]
        )
        if password is None:
            context["fields"] = fields
            return Template("mail/choose_password.html", context=context, status_code=422)
        signed_in = await links.use_link(token, password, break_glass=_break_glass(request))
        if signed_in is None:
            return Template("mail/link_unusable.html", status_code=410)
        welcome = f"Välkommen, {signed_in.principal.name}! Ditt lösenord är sparat."
        return start_session(request, signed_in, "/", welcome=welcome)


def _break_glass(request: Request) -> frozenset[str] | None:
    """Who may use a password: everyone (None) unless local sign-in is off."""
    settings = app_settings(request)
    return None if settings.local_signin else settings.break_glass


async def _link_context(link: dict[str, Any], fields: Fields) -> dict[str, Any]:
    account = (
        await Account.select(Account.email, Account.name)
        .where(Account.id == link["account_id"])
        .first()
    )
    return {
        "fields": fields,
        "purpose": link["purpose"],
        "email": account["email"] if account else "",
        "name": account["name"] if account else "",
    }
