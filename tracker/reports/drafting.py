"""The drafted text of the tjänsteutlåtande, in Swedish, from the assignment and the figures.

The report manager edits every part afterwards; the figures themselves stay computed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.web.counting import counted

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


def _kr(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0") + " kr"


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
    active, held = _n(figures, "dialogues.active"), _n(figures, "dialogues.held")
    due, on_time = _n(figures, "feedback.due"), _n(figures, "feedback.on_time")
    share, overdue = _n(figures, "feedback.share"), _n(figures, "feedback.overdue")
    collaborations = _n(figures, "collaborations.active")
    organisations = _n(figures, "collaborations.organisations")
    projects, iterations = _n(figures, "projects.active"), _n(figures, "projects.iterations")
    introduced, insights = _n(figures, "changes.introduced"), _n(figures, "projects.insights")
    regressions = _n(figures, "projects.regressions")
    silent, promises = _n(figures, "gaps.silent"), _n(figures, "gaps.promises")
    money = _n(figures, "contributions.municipality.amount") + _n(
        figures, "contributions.organisations.amount"
    )

    feedback_sentence = (
        f"Av {counted(due, 'återkoppling')} som skulle ges under perioden gavs "
        f"{on_time} i tid ({share} procent)."
        if due
        else "Ingen återkoppling till invånarna skulle ges under perioden."
    )
    return {
        "summary": (
            f"Kommunledningskontoret återrapporterar här arbetet med medborgardialog, samverkan "
            f"med civilsamhället och tjänstedesign med brukarinflytande under perioden {period}, "
            f"enligt {_genitive(body.lower())} uppdrag.\n\n"
            f"Under perioden hade {counted(active, 'dialog')} aktivitet och "
            f"{counted(held, 'dialog')} genomfördes. {feedback_sentence} "
            f"{counted(collaborations, 'samarbete')} med civilsamhället, med "
            f"{counted(organisations, 'organisation')}, pågick. "
            f"{counted(projects, 'tjänstedesignprojekt')} arbetade i "
            f"{counted(iterations, 'iteration')}, och "
            f"{counted(introduced, 'tjänsteförändring')} infördes."
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
            f"genomfördes {counted(held, 'dialog')}. {feedback_sentence}"
            + (
                f" {counted(overdue, 'återkoppling')} var försenade vid periodens slut."
                if overdue
                else ""
            )
        ),
        "assessment_collaborations": (
            f"{counted(collaborations, 'samarbete')} med civilsamhället pågick "
            f"under perioden, med {counted(organisations, 'organisation')}."
            f" Parternas insatser i pengar uppgick till {_kr(money)}."
        ),
        "assessment_projects": (
            f"{counted(projects, 'tjänstedesignprojekt')} arbetar enligt "
            f"SKR:s Innovationsguide. Under perioden gjordes "
            f"{counted(iterations, 'iteration')} och projekten gick tillbaka "
            f"till ett tidigare steg {counted(regressions, 'gång')}, vilket hör till "
            f"ett iterativt arbetssätt. {counted(insights, 'insikt')} formulerades "
            f"och {counted(introduced, 'tjänsteförändring')} infördes."
        ),
        "conclusions": (
            "Arbetssätten för medborgardialog, samverkan och tjänstedesign används och följs "
            "upp med gemensamma mått."
            + (
                f" {counted(silent, 'genomförd dialog')} har ännu inte "
                "gett några registrerade insikter."
                if silent
                else ""
            )
            + (
                f" {counted(promises, 'dialog')} som utlovade inflytande eller "
                "medbeslutande har ännu inte lett till någon förändring."
                if promises
                else ""
            )
            + (
                f" Återkopplingen till invånarna är inte alltid i tid: {share} procent gavs i tid."
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
