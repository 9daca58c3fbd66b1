"""The messages that changes cause: a report frozen, a review requested."""

from __future__ import annotations

import pytest

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.insights.publication.test_publication import page_text
from tests.mail.smtp_server import SMTPServer
from tests.reports.factories import lists, make_report
from tracker.accounts.memberships import add_member
from tracker.insights.publication import services as publication
from tracker.mail import worker
from tracker.mail.settings import MailSettings
from tracker.mail.tables import OutboxMessage
from tracker.reports import freezing
from tracker.reports import services as reports


async def test_freezing_a_report_mails_the_other_report_managers(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    alva = await personas.alva()  # administrator and rapportansvarig: she freezes it
    rut = await personas.rut()  # rapportansvarig
    await personas.make_account("Ina Inaktiv", "reader", report_manager=True, active=False)
    await personas.lo()  # a reader who is not rapportansvarig
    report = await make_report(title="Återrapport 2026")
    await freezing.freeze(report, 1, lists(), alva)

    await worker.run_once(mail_settings)
    assert [m["To"] for m in smtp.inbox.messages] == [rut.email]
    [message] = smtp.inbox.messages
    assert message["Subject"] == "Rapporten Återrapport 2026 är fastställd (version 1)"
    body = message.get_body(("plain",))
    assert body is not None
    assert f"https://spararen.kommun.example/rapporter/{report.id}" in body.get_content()
    assert "Testanvändare har fastställt version 1" in body.get_content()


async def test_a_refused_freeze_mails_nobody(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    alva, _ = await personas.alva(), await personas.rut()
    report = await make_report()
    await freezing.freeze(report, 1, lists(), alva)
    with pytest.raises(reports.VersionFrozen):
        await freezing.freeze(report, 1, lists(), alva)
    assert await OutboxMessage.count() == 1


async def test_asking_for_review_mails_only_the_chosen_reviewers(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    robin, kim, _alva = await personas.robin(), await personas.kim(), await personas.alva()
    await personas.lo()
    dialogue = await make_dialogue(actor=robin, title="Parken vid ån")
    await add_member("dialogue", dialogue.id, kim.id, robin, label="Parken vid ån")
    await publication.save_page(dialogue.id, page_text(), robin)
    await publication.request_review(dialogue.id, robin, reviewer_ids=[str(kim.id)])

    await worker.run_once(mail_settings)
    assert [m["To"] for m in smtp.inbox.messages] == [kim.email]  # not the administrator
    message = smtp.inbox.to(kim.email)[0]
    assert message["Subject"] == "Granska Ni sa – vi gjorde för Parken vid ån"
    html = message.get_body(("html",))
    assert html is not None
    link = f"https://spararen.kommun.example/dialoger/{dialogue.id}/ni-sa-vi-gjorde"
    assert f'href="{link}"' in html.get_content()
    assert "Robin Redaktör har skickat Ni sa – vi gjorde" in html.get_content()
