"""Read the design pages' forms into typed inputs, with Swedish messages beside each field."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from tracker.design.rules import DECISION_LABELS, RESULT_LABELS
from tracker.web.forms import Fields
from tracker.web.http import record_id

LONG_TEXT = 5000
INSIGHTS = "insights"  # the edit form's ticked insights, as one comma-separated value


@dataclass(frozen=True, slots=True)
class HypothesisInput:
    if_we: str
    outcome: str
    because: str
    insight_ids: list[int]


@dataclass(frozen=True, slots=True)
class PrototypeInput:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class VersionInput:
    description: str
    made_on: date
    url: str
    image_alt: str
    has_image: bool


@dataclass(frozen=True, slots=True)
class TestInput:
    __test__ = False  # not a pytest class

    step: str
    prototype_version: int
    method: str
    tested_on: date
    target_group: str
    participants: int
    observations: str
    decision: str
    results: dict[int, str]  # hypothesis id → result


def chosen_ids(values: Collection[str], offered: Collection[int]) -> list[int] | None:
    """The ids ticked in a form, in order and once each; None if one was never offered."""
    ids = [record_id(value) for value in values]
    if any(value is None or value not in set(offered) for value in ids):
        return None
    return list(dict.fromkeys(value for value in ids if value is not None))


def read_hypothesis_form(
    raw: Mapping[str, str], ticked: Collection[str], offered: Collection[int]
) -> tuple[HypothesisInput | None, Fields]:
    """`ticked`: the insight ids posted; `offered`: the project's insights the form showed."""
    f = Fields({**raw, INSIGHTS: ",".join(ticked)})
    if_we = f.text("if_we", missing="Skriv vad ni vill göra: ”Om vi …”.", max_length=1000)
    outcome = f.text(
        "outcome", missing="Skriv vad ni tror kommer att hända: ”så kommer …”.", max_length=1000
    )
    because = f.text("because", missing="Skriv varför ni tror det: ”eftersom …”.", max_length=1000)
    ids = chosen_ids(ticked, offered)
    if not ids:
        f.error(INSIGHTS, "Välj minst en av projektets insikter som hypotesen bygger på.")
    if not f.ok or not ids:
        return None, f
    return HypothesisInput(if_we, outcome, because, ids), f


def read_prototype_form(raw: Mapping[str, str]) -> tuple[PrototypeInput | None, Fields]:
    f = Fields(raw)
    name = f.text("name", missing="Skriv prototypens namn.")
    description = f.text("description", max_length=LONG_TEXT)
    if not f.ok:
        return None, f
    return PrototypeInput(name, description), f


def read_version_form(
    raw: Mapping[str, str], has_image: bool, project_start: date | None
) -> tuple[VersionInput | None, Fields]:
    """A version has an image (with alt text) or a link, or both; the image itself is checked
    by `rules.clean_image`."""
    f = Fields(raw)
    description = f.text(
        "description", missing="Beskriv kort vad som är nytt i versionen.", max_length=2000
    )
    made_on = f.date(
        "made_on",
        missing="Skriv när versionen gjordes.",
        happened=True,
        not_before=[(project_start, "projektets startdatum")],
    )
    url = f.link("url")
    image_alt = f.text("image_alt", max_length=1000)
    if has_image and not image_alt:
        f.error("image_alt", "Beskriv vad bilden visar, för den som inte ser den.")
    if not has_image and image_alt:
        f.error("image", "Välj bilden som texten beskriver, eller töm fältet för alternativtext.")
    if not has_image and not url and "image" not in f.errors:
        f.error("image", "Välj en bild eller skriv en länk till versionen.")
    if not f.ok or made_on is None:
        return None, f
    return VersionInput(description, made_on, url, image_alt, has_image), f


def result_field(hypothesis_id: int) -> str:
    return f"result-{hypothesis_id}"


def read_test_form(
    raw: Mapping[str, str],
    *,
    steps: Collection[str],
    versions: Collection[int],
    hypotheses: Collection[int],
    project_start: date | None,
) -> tuple[TestInput | None, Fields]:
    """`steps`, `versions`, `hypotheses`: what the form offered (the steps that take tests, the
    project's prototype versions and hypotheses)."""
    f = Fields(raw)
    step = f.choice("step", steps, missing="Välj i vilket steg testet gjordes.")
    version = record_id(f.raw.get("prototype_version", ""))
    if version is None or version not in set(versions):
        f.error("prototype_version", "Välj vilken prototypversion ni testade.")
    method = f.text("method", missing="Skriv hur ni testade, till exempel ”rollspel”.")
    tested_on = f.date(
        "tested_on",
        missing="Skriv när testet gjordes.",
        happened=True,
        not_before=[(project_start, "projektets startdatum")],
    )
    target_group = f.free_text(
        "target_group",
        missing="Skriv vilka som deltog som en grupp, till exempel ”föräldrar i förskolan”.",
        max_length=200,
    )
    participants = f.number("participants", missing="Skriv hur många som deltog.", maximum=10000)
    if participants == 0:
        f.error("participants", "Skriv hur många som deltog – minst en.")
    observations = f.free_text(
        "observations", missing="Skriv vad ni såg och hörde, utan namn.", max_length=LONG_TEXT
    )
    decision = f.choice("decision", DECISION_LABELS, missing="Välj vad ni beslutade.")
    results: dict[int, str] = {}
    for hypothesis in hypotheses:
        value = f.raw.get(result_field(hypothesis), "").strip()
        if value in RESULT_LABELS:
            results[hypothesis] = value
        elif value:
            f.error(result_field(hypothesis), "Välj ett resultat i listan.")
    if not results and not any(result_field(h) in f.errors for h in hypotheses):
        f.error("results", "Välj resultatet för minst en hypotes som testet prövade.")
    if not f.ok or version is None or tested_on is None or participants is None:
        return None, f
    return (
        TestInput(
            step=step,
            prototype_version=version,
            method=method,
            tested_on=tested_on,
            target_group=target_group,
            participants=participants,
            observations=observations,
            decision=decision,
            results=results,
        ),
        f,
    )
