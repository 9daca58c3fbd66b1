"""A person's choice of e-mail on Mitt konto: single messages, a daily or a weekly digest."""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.mail.rules import FREQUENCIES, WEEKDAYS
from tracker.mail.tables import DigestSetting, OutboxMessage
from tracker.web.forms import Fields

DEFAULT = {"frequency": "off", "weekday": 0, "hour": 7}


async def digest_setting(account_id: int) -> dict[str, Any]:
    row = await (
        DigestSetting.select(DigestSetting.frequency, DigestSetting.weekday, DigestSetting.hour)
        .where(DigestSetting.account_id == account_id)
        .first()
    )
    return row or dict(DEFAULT)


async def digest_fields(account_id: int) -> Fields:
    """The digest form on Mitt konto, filled in with the person's choice."""
    setting = await digest_setting(account_id)
    return Fields({key: str(value) for key, value in setting.items()})


def read_digest_form(raw: dict[str, str]) -> tuple[dict[str, Any] | None, Fields]:
    f = Fields(raw)
    frequency = f.choice("frequency", FREQUENCIES, missing="Välj hur ofta du vill få e-post.")
    weekday = f.choice("weekday", [str(i) for i in range(len(WEEKDAYS))], missing="Välj veckodag.")
    hour = f.choice("hour", [str(i) for i in range(24)], missing="Välj klockslag.")
    if not f.ok:
        return None, f
    return {"frequency": frequency, "weekday": int(weekday), "hour": int(hour)}, f


async def save_digest_setting(actor: Principal, values: dict[str, Any]) -> None:
    # The first digest comes when the chosen hour next comes round, not at once.
    stored = {**values, "last_sent_at": now()}
    async with write_transaction():
        before = await digest_setting(actor.id)
        existing = await DigestSetting.exists().where(DigestSetting.account_id == actor.id)
        if existing:
            await DigestSetting.update(stored).where(DigestSetting.account_id == actor.id)  # type: ignore[arg-type]  # Piccolo wants dict[Column | str, Any]
        else:
            await DigestSetting.insert(DigestSetting(account_id=actor.id, **stored))
        if values["frequency"] == "off":  # what waited for a digest goes out now instead
            await OutboxMessage.update({OutboxMessage.status: "pending"}).where(
                (OutboxMessage.account_id == actor.id) & (OutboxMessage.status == "held")
            )
        await record_change(
            actor=actor,
            entity_type="account",
            entity_id=actor.id,
            action="mail_setting_changed",
            summary=f"Valde e-post: {FREQUENCIES[values['frequency']].lower()}.",
            changes={
                f"mail_{k}": [before.get(k), v] for k, v in values.items() if before.get(k) != v
            },
        )
