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


def draft(meta: dict[str, Any], figures: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Every narrative part, drafted. `meta` holds the report's fields (dates as date)."""
    start, end = meta["period_start"], meta["period_end"]
    decision_date = meta["decision_date"]
    body = meta["decision_body"] or "Kommunstyrelsen"
    assignment = f"den {long_date(decision_date)} ({meta['decision_paragraph']})".replace("()", "")
    followup = ""
    if meta.get("followup_date"):
        followup = (
            f" Den {long_date(meta['followup_date'])} ({meta['followup_paragraph']}) uppdrog "
            f"{body.lower()} åt kommunledningskontoret att återrapportera arbetet med "
            "medborgardialog, samverkan med civilsamhället och tjänstedesign med "
            f"brukarinflytande, senast {_quarter(end)}."
        )
    period = f"{start.isoformat()}–{end.isoformat()}"
    # Only which sentences to write depends on the values; the numbers themselves are bound.
    due, share = _n(figures, "feedback.due"), _n(figures, "feedback.share")
    overdue = _n(figures, "feedback.overdue")
    silent, promises = _n(figures, "gaps.silent"), _n(figures, "gaps.promises")

    feedback_sentence = (
        f"Av {_ref('feedback.due', 'återkoppling', 'återkopplingar')} som skulle ges under "
        f"perioden gavs {_ref('feedback.on_time')} i tid ({_ref('feedback.share')})."
        if due
        else "Ingen återkoppling till invånarna skulle ges under perioden."
    )
    return {
        "summary": (
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
        ),
        "proposals": (
            f"{body} noterar återrapporteringen och lägger den till handlingarna.\n"
            f"{body} tar ställning till förslagen till åtgärder var för sig."
        ),
        "background": (
            f"{body} uppdrog {assignment} åt kommunledningskontoret att utreda tre "
            "förbättringsförslag: medborgardialog, samverkan med civilsamhället och "
            f"tjänstedesign med brukarinflytande.{followup}\n\n"
            "Vid behandlingen begärde en minoritet att slutsatserna och förslagen till "
            "åtgärder skulle redovisas var för sig, så att det går att fatta politiska beslut "
            "om vilka åtgärder som behövs. Därför redovisas de i separata avsnitt nedan."
        ),
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
        "conclusions": (
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
        ),
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
        "documents": (
            f"Tjänsteutlåtande, {meta['title']}\n"
            f"{_genitive(body)} beslut {decision_date.isoformat()} ({meta['decision_paragraph']})"
            + (
                f"\n{_genitive(body)} beslut {meta['followup_date'].isoformat()} "
                f"({meta['followup_paragraph']})"
                if meta.get("followup_date")
                else ""
            )
        ),
    }
