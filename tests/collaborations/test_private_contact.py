"""An organisation's contact at a private mail domain (gmail.com) is a private person's address
until the user confirms it is the organisation's own; the confirmation is in the change log."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support import field_error, field_value, post_form, text_of, version_of
from tracker.audit.tables import ChangeLogEntry
from tracker.collaborations.catalogue import load_collaboration_lists, load_private_mail_domains
from tracker.collaborations.forms import read_organisation_form
from tracker.collaborations.rules import private_mail_domain
from tracker.collaborations.tables import Organisation
from tracker.datafiles import DataFileError
from tracker.settings import get_settings

from .factories import organisation_form

LISTS = load_collaboration_lists(get_settings().lists_dir)
PRIVATE = frozenset({"gmail.com", "telia.com"})
CONFIRMED = {"contact-privat": "ja"}


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contact", "domain"),
    [
        ("lasgruppen@gmail.com", "gmail.com"),
        ("Lasgruppen@GMail.com", "gmail.com"),
        ("kalle.k@telia.com", "telia.com"),
        ("info@laslust.se", None),
        ("info@gmail.com.laslust.se", None),
        ("https://gmail.com", None),
        ("", None),
    ],
)
def test_a_private_mail_domain_is_recognised(contact: str, domain: str | None) -> None:
    assert private_mail_domain(contact, PRIVATE) == domain


def test_the_shipped_list_has_the_common_private_domains() -> None:
    domains = LISTS.private_mail_domains
    for domain in ("gmail.com", "hotmail.com", "outlook.com", "live.se", "yahoo.com"):
        assert domain in domains
    for domain in ("icloud.com", "telia.com", "spray.se", "bredband.net"):
        assert domain in domains
    assert "kommun.se" not in domains


def test_a_wrong_domain_in_the_list_is_named(tmp_path: Path) -> None:
    (tmp_path / "private-mail-domains.toml").write_text('domains = ["gmail.com", "@Hotmail.com"]')

    with pytest.raises(DataFileError, match=r"domains\[2\]"):
        load_private_mail_domains(tmp_path)


def test_the_form_warns_about_a_private_address_until_it_is_confirmed() -> None:
    data, fields = read_organisation_form(organisation_form(contact="lasgruppen@gmail.com"), LISTS)

    assert data is None
    assert "gmail.com ser ut att vara en privatpersons" in fields.errors["contact"]

    data, fields = read_organisation_form(
        organisation_form(contact="lasgruppen@gmail.com") | CONFIRMED, LISTS
    )

    assert fields.ok and data is not None
    assert data.private_contact_confirmed is True


def test_an_organisations_own_address_needs_no_confirmation() -> None:
    data, _ = read_organisation_form(organisation_form(contact="info@laslust.se"), LISTS)

    assert data is not None and data.private_contact_confirmed is False


def test_keeping_a_confirmed_address_needs_no_new_confirmation() -> None:
    raw = organisation_form(contact="lasgruppen@gmail.com")

    data, _ = read_organisation_form(raw, LISTS, stored_contact="lasgruppen@gmail.com")

    assert data is not None and data.private_contact_confirmed is False


# --- the pages --------------------------------------------------------------------------------


async def _entries() -> list[ChangeLogEntry]:
    return await ChangeLogEntry.objects().where(ChangeLogEntry.entity_type == "organisation")


async def test_a_private_address_is_answered_with_a_box_to_confirm(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(
        client, "/organisationer", organisation_form(contact="lasgruppen@gmail.com")
    )

    assert response.status_code == 422
    assert "ser ut att vara en privatpersons" in field_error(response.text, "contact")
    assert field_value(response.text, "contact") == "lasgruppen@gmail.com"
    assert 'name="contact-privat"' in response.text
    assert "Adressen är organisationens egen, inte en privatpersons" in text_of(response.text)
    assert await Organisation.count() == 0


async def test_no_box_is_shown_for_an_ordinary_address(client: httpx.AsyncClient) -> None:
    form = await client.get("/organisationer/ny")
    refused = await post_form(
        client, "/organisationer", organisation_form(name="", contact="info@laslust.se")
    )

    assert 'name="contact-privat"' not in form.text
    assert refused.status_code == 422
    assert 'name="contact-privat"' not in refused.text


async def test_a_confirmed_private_address_is_saved_and_the_confirmation_logged(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(
        client, "/organisationer", organisation_form(contact="lasgruppen@gmail.com") | CONFIRMED
    )

    assert response.status_code == 303
    organisation = await Organisation.objects().first()
    assert organisation is not None and organisation.contact == "lasgruppen@gmail.com"
    [entry] = await _entries()
    assert "Bekräftade att kontaktvägen på gmail.com är organisationens egen." in entry.summary
    log = text_of((await client.get("/admin/logg")).text)
    assert "Kontaktväg på privat e-postdomän, bekräftad som organisationens" in log


async def test_changing_to_a_private_address_needs_the_box_and_is_logged(
    client: httpx.AsyncClient,
) -> None:
    created = await post_form(client, "/organisationer", organisation_form())
    url = created.headers["location"] + "/redigera"
    edited = organisation_form(contact="lasgruppen@hotmail.com")

    refused = await post_form(client, url, edited | await version_of(client, url))
    saved = await post_form(client, url, edited | CONFIRMED | await version_of(client, url))
    again = await post_form(
        client, url, edited | {"notes": "Ny ordförande"} | await version_of(client, url)
    )

    assert refused.status_code == 422
    assert saved.status_code == 303
    assert again.status_code == 303  # the stored address is kept: no new confirmation
    entries = await _entries()
    assert "hotmail.com" in entries[1].summary
    assert "Bekräftade" not in entries[2].summary
