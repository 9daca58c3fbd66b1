"""Sign in and out, your own account, and the administrators' account pages."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from tracker.accounts import oidc, once, services
from tracker.accounts.federation import PROTOCOLS, provider_links
from tracker.accounts.forms import read_account_form, read_new_password, safe_next, stored_account
from tracker.accounts.guard import ADMIN, PUBLIC, READ
from tracker.accounts.permissions import ROLE_LABELS, Principal
from tracker.accounts.session_start import (
    VIA_KEY,
    app_settings,
    provider_buttons,
    start_session,
)
from tracker.mail import links as mail_links
from tracker.mail import services as mail_services
from tracker.mail.compose import absolute
from tracker.mail.settings import load_mail_settings
from tracker.settings import client_address, get_settings
from tracker.web.forms import Fields
from tracker.web.http import SIGN_IN_BODY_LIMIT, edit_saved, form_data, see_other
from tracker.web.versions import Conflict, save_or_conflict, versioned


def _client(request: Request) -> str:
    """The client's address, from X-Forwarded-For only when a trusted proxy sent it."""
    peer = request.client.host if request.client else None
    forwarded = request.headers.get("x-forwarded-for")
    return client_address(peer, forwarded, get_settings().trusted_proxies)


def _sign_in_context(request: Request, fields: Fields, *, break_glass: bool) -> dict[str, Any]:
    """The sign-in page: the providers' buttons, and the password form while local sign-in is
    on, when no provider is set up, or when a break-glass administrator asked for it."""
    local = app_settings(request).local_signin
    providers = provider_buttons(request)
    return {
        "fields": fields,
        "signed_out": False,
        "providers": providers,
        "local_signin": local,
        "show_password": local or break_glass or not providers,
    }


class SignInController(Controller):
    path = "/"

    @get("/logga-in", name="accounts:sign_in", opt=PUBLIC)
    async def sign_in_page(self, request: Request) -> Template:
        params = request.query_params
        fields = Fields({"nasta": safe_next(params.get("nasta"))})
        context = _sign_in_context(request, fields, break_glass=params.get("reserv") == "ja")
        return Template(
            "accounts/sign_in.html",
            context=context | {"signed_out": params.get("utloggad") == "ja"},
        )

    @post(
        "/logga-in",
        name="accounts:sign_in_post",
        opt=PUBLIC,
        request_max_body_size=SIGN_IN_BODY_LIMIT,
    )
    async def sign_in(self, request: Request) -> Response[Any]:
        raw = await form_data(request)
        fields = Fields({"email": raw.get("email", ""), "nasta": safe_next(raw.get("nasta"))})
        if not fields.ok:  # a control character: refused before it is looked up or recorded
            return Template(
                "accounts/sign_in.html",
                context=_sign_in_context(request, fields, break_glass=True),
                status_code=400,
            )
        settings = app_settings(request)
        try:
            signed_in = await services.sign_in(
                raw.get("email", ""),
                raw.get("password", ""),
                _client(request),
                break_glass=None if settings.local_signin else settings.break_glass,
            )
        except services.SignInError as error:
            fields.error("email", error.message)
            return Template(
                "accounts/sign_in.html",
                context=_sign_in_context(request, fields, break_glass=True),
                status_code=429 if error.locked else 401,
                headers={"retry-after": str(error.retry_after)} if error.retry_after else None,
            )
        return start_session(request, signed_in, fields.raw["nasta"])

    @post("/logga-ut", name="accounts:sign_out", opt=READ)
    async def sign_out(self, request: Request, actor: NamedDependency[Principal]) -> Redirect:
        await services.sign_out(actor)
        via = (request.session or {}).get(VIA_KEY)
        request.clear_session()
        oidc_settings = app_settings(request).oidc
        # Signed out at the provider too (RP-initiated logout), when it offers that.
        provider_url = (
            await oidc.end_session_url(oidc_settings)
            if via == "oidc" and oidc_settings is not None
            else None
        )
        if provider_url:
            return see_other(provider_url)
        return see_other("/logga-in?utloggad=ja")

    @get("/konto", name="accounts:me", opt=READ)
    async def my_account(self, actor: NamedDependency[Principal]) -> Template:
        mail_fields = await mail_services.digest_fields(actor.id)
        return Template(
            "accounts/me.html", context={"fields": Fields({}), "mail_fields": mail_fields}
        )

    @post("/konto/losenord", name="accounts:change_password", opt=READ)
    async def change_password(
        self, request: Request, actor: NamedDependency[Principal]
    ) -> Response[Any]:
        raw = await form_data(request)
        password, fields = read_new_password(raw, email=actor.email, name=actor.name)
        if not await services.password_matches(actor.id, raw.get("current_password", "")):
            fields.error("current_password", "Det nuvarande lösenordet stämmer inte.")
        if password is None or not fields.ok:
            mail_fields = await mail_services.digest_fields(actor.id)
            return Template(
                "accounts/me.html",
                context={"fields": fields, "mail_fields": mail_fields},
                status_code=422,
            )
        await services.set_password(actor.id, password, actor, reset=False)
        # Other sessions are signed out; this one carries on with the new version.
        request.set_session(
            {**request.session, "version": await services.session_version(actor.id)}
        )
        flash(request, "Lösenordet är bytt. Du är utloggad på andra enheter.", category="success")
        return see_other("/konto")


async def _account_or_404(account_id: FromPath[int]) -> dict[str, Any]:
    """The account of the path's `account_id`, 404 if there is none; the administration
    handlers get it as the dependency `account`."""
    account = await services.get_account(account_id)
    if account is None:
        raise NotFoundException()
    return account


def _account_form_context(fields: Fields, account: dict[str, Any] | None) -> dict[str, Any]:
    return {"fields": fields, "account": account, "roles": ROLE_LABELS, "protocols": PROTOCOLS}


class AccountAdminController(Controller):
    path = "/admin/konton"
    # The record of the path's id, for the handlers that ask for it by name; 404 if unknown.
    dependencies = MappingProxyType({"account": Provide(_account_or_404)})
    opt = ADMIN

    @get("/", name="accounts:list")
    async def list_accounts(self) -> Template:
        return Template("accounts/list.html", context={"accounts": await services.list_accounts()})

    @get("/ny", name="accounts:new")
    async def new_account(self) -> Template:
        return Template(
            "accounts/form.html", context=_account_form_context(Fields({"role": "editor"}), None)
        )

    @post("/", name="accounts:create")
    async def create_account(
        self, request: Request, actor: NamedDependency[Principal]
    ) -> Response[Any]:
        raw = await form_data(request)
        if earlier := await once.earlier_result(actor, raw):
            return once.repeated(request, earlier)
        values, password, fields = read_account_form(raw, creating=True)
        if values and await services.email_taken(values["email"]):
            fields.error("email", "Det finns redan ett konto med den e-postadressen.")
        if values is None or not fields.ok:
            return Template(
                "accounts/form.html", context=_account_form_context(fields, None), status_code=422
            )

        invited: list[str] = []  # the invitation's link, when one is made

        async def create() -> str:
            if password:
                created = await services.create_account(**values, password=password, actor=actor)
            else:  # an invitation by e-mail with a one-time link to choose a password
                created, link = await mail_links.invite(values, actor)
                invited.append(link)
            return f"/admin/konton/{created}"

        url = await once.create_once(actor, raw, create)
        message = f"Kontot för {values['name']} är skapat."
        if invited:
            message += " " + _link_sent(values["email"], invited[0], "7 dagar", "välja lösenord")
        flash(request, message, category="success")
        return see_other(url)

    @get("/{account_id:int}", name="accounts:edit")
    async def edit_account(self, account: NamedDependency[dict[str, Any]]) -> Template:
        fields = Fields(versioned(stored_account(account), account["version"]))
        context = _account_form_context(fields, account)
        context["provider_links"] = await provider_links(account["id"])
        return Template("accounts/form.html", context=context)

    @post("/{account_id:int}", name="accounts:update")
    async def update_account(
        self,
        request: Request,
        account: NamedDependency[dict[str, Any]],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = await form_data(request)
        values, _, fields = read_account_form(raw, creating=False)
        if values and await services.email_taken(values["email"], except_id=account["id"]):
            fields.error("email", "Det finns redan ett konto med den e-postadressen.")
        if values and account["id"] == actor.id and values["role"] != "admin":
            fields.error("role", "Du kan inte ta bort din egen administratörsroll.")
        if values is None or not fields.ok:
            return Template(
                "accounts/form.html",
                context=_account_form_context(fields, account),
                status_code=422,
            )

        async def reload() -> tuple[dict[str, str], int]:
            current = await _account_or_404(account["id"])
            return stored_account(current), current["version"]

        changed = await save_or_conflict(
            raw,
            lambda version: services.update_account(account, values, actor, version),
            reload,
            {
                "name": "namn",
                "email": "e-post",
                "role": "roll",
                "report_manager": "rapportansvarig",
            },
            {"role": ROLE_LABELS, "report_manager": {"ja": "Ja", "": "Nej"}},
        )
        if isinstance(changed, Conflict):
            context = _account_form_context(changed.fields, account) | {"conflict": changed}
            return Template("accounts/form.html", context=context, status_code=409)
        return edit_saved(request, changed, f"/admin/konton/{account['id']}")

    @post("/{account_id:int}/inaktivera", name="accounts:deactivate")
    async def deactivate(
        self,
        request: Request,
        account: NamedDependency[dict[str, Any]],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        if account["id"] == actor.id:
            fields = Fields({**account})
            fields.error("form", "Du kan inte inaktivera ditt eget konto.")
            return Template(
                "accounts/form.html",
                context=_account_form_context(fields, account),
                status_code=409,
            )
        if account["active"]:
            await services.set_active(account, False, actor)
        flash(
            request,
            f"Kontot för {account['name']} är inaktiverat. Det kan inte logga in.",
            category="success",
        )
        return see_other(f"/admin/konton/{account['id']}")

    @post("/{account_id:int}/aktivera", name="accounts:activate")
    async def activate(
        self,
        request: Request,
        account: NamedDependency[dict[str, Any]],
        actor: NamedDependency[Principal],
    ) -> Redirect:
        if not account["active"]:
            await services.set_active(account, True, actor)
        flash(request, f"Kontot för {account['name']} är aktivt igen.", category="success")
        return see_other(f"/admin/konton/{account['id']}")

    @post("/{account_id:int}/nytt-losenord", name="accounts:reset_password")
    async def reset_password(
        self,
        request: Request,
        account: NamedDependency[dict[str, Any]],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        """A one-time link to choose a new password, by e-mail: no password is shown."""
        if not account["active"]:
            fields = Fields(versioned(stored_account(account), account["version"]))
            fields.error("form", "Kontot är inaktiverat. Aktivera det innan du skickar en länk.")
            return Template(
                "accounts/form.html",
                context=_account_form_context(fields, account),
                status_code=409,
            )
        link = await mail_links.send_reset(account["id"], actor)
        hours = int(mail_links.ADMIN_RESET_LIFETIME.total_seconds() // 3600)
        flash(
            request,
            _link_sent(account["email"], link, f"{hours} timmar", "välja nytt lösenord"),
            category="success",
        )
        return see_other(f"/admin/konton/{account['id']}")


def _link_sent(email: str, link: str, lifetime: str, purpose: str) -> str:
    """What the administrator is told: the link is mailed; or, when no mail server is set
    (TRACKER_SMTP_HOST), the one-time link itself to pass on – never a password."""
    settings = load_mail_settings()
    if settings.enabled:
        return (
            f"En länk för att {purpose} är skickad till {email}. "
            f"Den fungerar en gång och gäller i {lifetime}."
        )
    return (
        "E-post skickas inte härifrån (ingen e-postserver är inställd), så ge personen "
        f"engångslänken själv: {absolute(settings, link)} – den gäller i {lifetime}, "
        f"fungerar en gång och slutar sedan att fungera. Med den kan personen {purpose}."
    )
