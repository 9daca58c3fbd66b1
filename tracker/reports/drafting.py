"""The drafted text of the tjänsteutlåtande, in Swedish, from the assignment and the figures.

The report manager edits every part afterwards; the figures themselves stay computed. Every
number the drafting writes is bound to its figure (`{{figur:KEY}}`, tracker/reports/binding.py),
so the text shows the same value as the tables until the version is frozen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.reports.binding import reference

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(value: date) -> str:
    """22 april 2024."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _quarter(value: date) -> str:
    ordinal = ("första", "andra", "tredje", "fjärde")[(value.month - 1) // 3]
    return f"{ordinal} kvartalet {value.year}"


def _n(figures: dict[str, dict[str, Any]], key: str) -> int:
    return int(figures.get(key, {}).get("value", 0))


def _genitive(name: str) -> str:
    return name if name.endswith("s") else f"{name}s"


def _ref(key: str, one: str = "", many: str = "") -> str:
    """A number bound to its figure: the text shows the figure's current value."""
    return reference(key, one, many)


def _feedback_sentence(figures: dict[str, dict[str, Any]]) -> str:
    # Only which sentences to write depends on the values; the numbers themselves are bound.
    if not _n(figures, "feedback.due"):
        return "Ingen återkoppling till invånarna skulle ges under perioden."
    return (
        f"Av {_ref('feedback.due', 'återkoppling', 'återkopplingar')} som skulle ges under "
        f"perioden gavs {_ref('feedback.on_time')} i tid ({_ref('feedback.share')})."
    )


def _summary(meta: dict[str, Any], body: str, feedback_sentence: str) -> str:
    period = f"{meta['period_start'].isoformat()}–{meta['period_end'].isoformat()}"
    return (
        f"Kommunledningskontoret återrapporterar här arbetet med medborgardialog, samverkan "
        f"med civilsamhället och tjänstedesign med brukarinflytande under perioden {period}, "
        f"enligt {_genitive(body.lower())} uppdrag.\n\n"
        f"Under perioden hade {_ref('dialogues.active', 'dialog', 'dialoger')} aktivitet "
        f"och {_ref('dialogues.held', 'dialog', 'dialoger')} genomfördes. "
        f"{feedback_sentence} "
        f"{_ref('collaborations.active', 'samarbete', 'samarbeten')} med civilsamhället, med "
        f"{_ref('collaborations.organisations', 'organisation', 'organisationer')}, pågick. "
        f"{_ref('projects.active', 'tjänstedesignprojekt', 'tjänstedesignprojekt')} arbetade "
        f"i {_ref('projects.iterations', 'iteration', 'iterationer')}, och "
        f"{_ref('changes.introduced', 'tjänsteförändring', 'tjänsteförändringar')} infördes."
    )


def _background(meta: dict[str, Any], body: str) -> str:
    assignment = f"den {long_date(meta['decision_date'])} ({meta['decision_paragraph']})".replace(
        "()", ""
    )
    followup = ""
    if meta.get("followup_date"):
        followup = (
            f" Den {long_date(meta['followup_date'])} ({meta['followup_paragraph']}) uppdrog "
            f"{body.lower()} åt kommunledningskontoret att återrapportera arbetet med "
            "medborgardialog, samverkan med civilsamhället och tjänstedesign med "
            f"brukarinflytande, senast {_quarter(meta['period_end'])}."
        )
    return (
        f"{body} uppdrog {assignment} åt kommunledningskontoret att utreda tre "
        "förbättringsförslag: medborgardialog, samverkan med civilsamhället och "
        f"tjänstedesign med brukarinflytande.{followup}\n\n"
        "Vid behandlingen begärde en minoritet att slutsatserna och förslagen till "
        "åtgärder skulle redovisas var för sig, så att det går att fatta politiska beslut "
        "om vilka åtgärder som behövs. Därför redovisas de i separata avsnitt nedan."
    )


def _assessments(figures: dict[str, dict[str, Any]], feedback_sentence: str) -> dict[str, str]:
    """The assessment of each strand: dialogues, collaborations, projects."""
    overdue = _n(figures, "feedback.overdue")
    return {
        "assessment_dialogues": (
            f"Kommunens dialoger följer nu en gemensam styrprocess med nivå på "
            f"delaktighetstrappan och beslutad tidpunkt för återkoppling. Under perioden "
            f"genomfördes {_ref('dialogues.held', 'dialog', 'dialoger')}. {feedback_sentence}"
            + (
                f" {_ref('feedback.overdue', 'återkoppling', 'återkopplingar')} var försenade vid "
                "periodens slut."
                if overdue
                else ""
            )
        ),
        "assessment_collaborations": (
            f"{_ref('collaborations.active', 'samarbete', 'samarbeten')} med civilsamhället "
            "pågick under perioden, med "
            f"{_ref('collaborations.organisations', 'organisation', 'organisationer')}. "
            "Kommunens insatser i pengar uppgick till "
            f"{_ref('contributions.municipality.amount')} och organisationernas till "
            f"{_ref('contributions.organisations.amount')}."
        ),
        "assessment_projects": (
            f"{_ref('projects.active', 'tjänstedesignprojekt', 'tjänstedesignprojekt')} arbetar "
            f"enligt SKR:s Innovationsguide. Under perioden gjordes "
            f"{_ref('projects.iterations', 'iteration', 'iterationer')} och projekten gick "
            f"tillbaka till ett tidigare steg {_ref('projects.regressions', 'gång', 'gånger')}, "
            "vilket hör till ett iterativt arbetssätt. "
            f"{_ref('projects.insights', 'insikt', 'insikter')} formulerades och "
            f"{_ref('changes.introduced', 'tjänsteförändring', 'tjänsteförändringar')} infördes."
        ),
    }


def _conclusions(figures: dict[str, dict[str, Any]]) -> str:
    due, share = _n(figures, "feedback.due"), _n(figures, "feedback.share")
    silent, promises = _n(figures, "gaps.silent"), _n(figures, "gaps.promises")
    return (
        "Arbetssätten för medborgardialog, samverkan och tjänstedesign används och följs "
        "upp med gemensamma mått."
        + (
            f" {_ref('gaps.silent', 'genomförd dialog', 'genomförda dialoger')} har ännu inte "
            "gett några registrerade insikter."
            if silent
            else ""
        )
        + (
            f" {_ref('gaps.promises', 'dialog', 'dialoger')} som utlovade inflytande eller "
            "medbeslutande har ännu inte lett till någon förändring."
            if promises
            else ""
        )
        + (
            " Återkopplingen till invånarna är inte alltid i tid: "
            f"{_ref('feedback.share')} gavs i tid."
            if due and share < 100
            else ""
        )
    )


# The parts whose draft is the same for every report.
STANDING_TEXT = {
    "actions": (
        "Alla nämnder beslutar om tidpunkt för återkoppling när de beslutar om en dialog.\n"
        "Insikter från genomförda dialoger registreras inom en månad.\n"
        "Kommunledningskontoret följer upp försenade återkopplingar varje kvartal."
    ),
    "assessment": (
        "Det är kommunledningskontorets bedömning att arbetet med de tre "
        "förbättringsförslagen har kommit i gång och att det nu behöver bli en del av den "
        "ordinarie styrningen."
    ),
    "children": (
        "Ärendet medför inga direkta konsekvenser för barn och unga. Dialoger och "
        "tjänstedesign med barn och unga som målgrupp kan stärka deras inflytande."
    ),
    "economy": "Ärendet medför inga ekonomiska konsekvenser.",
}


def _documents(meta: dict[str, Any], body: str) -> str:
    return (
        f"Tjänsteutlåtande, {meta['title']}\n"
        f"{_genitive(body)} beslut {meta['decision_date'].isoformat()} "
        f"({meta['decision_paragraph']})"
        + (
            f"\n{_genitive(body)} beslut {meta['followup_date'].isoformat()} "
            f"({meta['followup_paragraph']})"
            if meta.get("followup_date")
            else ""
        )
    )


def draft(meta: dict[str, Any], figures: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Every narrative part, drafted. `meta` holds the report's fields (dates as date)."""
    body = meta["decision_body"] or "Kommunstyrelsen"
    feedback_sentence = _feedback_sentence(figures)
    return {
        "summary": _summary(meta, body, feedback_sentence),
        "proposals": (
            f"{body} noterar återrapporteringen och lägger den till handlingarna.\n"
            f"{body} tar ställning till förslagen till åtgärder var för sig."
        ),
        "background": _background(meta, body),
        **_assessments(figures, feedback_sentence),
        "conclusions": _conclusions(figures),
        **STANDING_TEXT,
        "documents": _documents(meta, body),
    }
