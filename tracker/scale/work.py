"""Accounts, and what the generators of the other records share: who acts, and how counts
and days are drawn."""

from __future__ import annotations

from datetime import timedelta

from tracker.scale.dataset import FIRST_DAY, Dataset

Actor = tuple[int | None, str]

# Invented staff accounts. The first is the benchmark's administrator.
ACCOUNTS = (
    ("skala-admin@kommun.example", "Alex Testdata", "admin", True),
    ("skala-redaktor1@kommun.example", "Kim Testdata", "editor", False),
    ("skala-redaktor2@kommun.example", "Sam Testdata", "editor", False),
    ("skala-redaktor3@kommun.example", "Robin Testdata", "editor", False),
    ("skala-lasare@kommun.example", "Lo Testdata", "reader", False),
    ("skala-rapport@kommun.example", "Rut Testdata", "reader", True),
)


def build_accounts(ds: Dataset, password_hash: str) -> tuple[list[Actor], list[int]]:
    actors: list[Actor] = []
    editors: list[int] = []
    created = ds.moment(FIRST_DAY)
    for email, name, role, report_manager in ACCOUNTS:
        account_id = ds["account"].add(
            email=email,
            name=name,
            password_hash=password_hash,
            role=role,
            report_manager=report_manager,
            active=True,
            session_version=1,
            created_at=created,
            last_sign_in_at=None,
        )
        if role != "reader":
            actors.append((account_id, name))
        if role == "editor":
            editors.append(account_id)
    return actors, editors


def spread(ds: Dataset, total: int, parts: int) -> list[int]:
    """`total` split over `parts` (each at least one), deterministically at random."""
    counts = [1] * parts
    for index in ds.rng.choices(range(parts), k=max(0, total - parts)):
        counts[index] += 1
    return counts


def days(ds: Dataset, low: int, high: int) -> timedelta:
    return timedelta(days=ds.rng.randint(low, high))
