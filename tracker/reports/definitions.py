"""Each figure's definition in plain Swedish, written once: the figure set attaches it to each
figure as it is computed (so a frozen version keeps the words it was computed with), and the
appendix "Så har siffrorna räknats" prints it in the draft, the frozen version, PDF and DOCX.

A key ending in "." covers every figure whose key starts with it (one per state, level, step,
form or status). The words state the rules the code follows (figures.py, as_of.py,
insights/counting.py): as of the period's end, archived records never count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_END = "vid periodens slut (kl. 24.00 svensk tid sista dagen), enligt vad som registrerats"
_ARCHIVED = "Arkiverade poster räknas aldrig."

DEFINITIONS: dict[str, str] = {
    "dialogues.active": "Dialoger som under perioden hade ett dialogtillfälle, ett beslut, "
    "ett informationsmöte eller en återkoppling.",
    "dialogues.state.": f"Dialoger med aktivitet under perioden, efter det läge de hade {_END}.",
    "dialogues.held": "Dialoger med minst ett dialogtillfälle under perioden, oavsett läge.",
    "dialogues.sessions": "Dialogtillfällen under perioden, per dialog.",
    "dialogues.participants": "Summan av deltagare vid dialogtillfällena under perioden, "
    "per dialog.",
    "dialogues.promised.": "Dialoger med dialogtillfällen under perioden, efter utlovad nivå "
    "på delaktighetstrappan.",
    "dialogues.achieved.": "Dialoger med dialogtillfällen under perioden, efter uppnådd nivå.",
    "dialogues.short": "Dialoger med dialogtillfällen under perioden vars uppnådda nivå är "
    "lägre än den utlovade.",
    "dialogues.done": f"Dialoger i läget Genomförd eller Återkopplad {_END}.",
    "feedback.due": "Dialoger vars återkoppling till invånarna skulle ges under perioden.",
    "feedback.on_time": "Av dem: dialoger där återkoppling till invånarna gavs senast det "
    "utlovade datumet.",
    "feedback.share": "Återkopplingar i tid delat med återkopplingar som skulle ges, i hela "
    "procent avrundat uppåt vid exakt hälften.",
    "feedback.overdue": "Dialoger vars återkoppling skulle ha getts före periodens sista dag "
    "och där ingen återkoppling till invånarna getts senast den dagen.",
    "collaborations.active": "Samverkan vars period (start och slut) överlappar rapportens.",
    "collaborations.form.": "Samverkan aktiv under perioden, efter form.",
    "collaborations.organisations": "Organisationer som var part i samverkan aktiv under "
    f"perioden {_END}.",
    "collaborations.idea_based": "Av dem: organisationer registrerade som idéburna.",
    "contributions.": "Insatser i samverkan aktiv under perioden, för de kalenderår perioden "
    "berör, per samverkan; en arkiverad organisations insatser räknas inte.",
    "projects.active": "Projekt som startat senast periodens sista dag.",
    "projects.step.": f"Projekt efter det steg de var i {_END} (enligt stegbytena).",
    "projects.status.": f"Projekt som startat senast periodens sista dag, efter den status de "
    f"hade {_END}: den senaste statusändringen som gällde från ett datum senast den dagen.",
    "collaborations.status.": "Samverkan aktiv under perioden, efter den status den hade "
    f"{_END}: den senaste statusändringen som gällde från ett datum senast den dagen.",
    "projects.iterations": "Iterationer som startade under perioden.",
    "projects.regressions": "Stegbyten tillbaka till ett tidigare steg under perioden.",
    "projects.insights": "Insikter formulerade under perioden.",
    "changes.status.": f"Tjänsteförändringar efter den status de hade {_END}.",
    "changes.introduced": "Tjänsteförändringar som fick status införd med ett datum i perioden.",
    "effects.": "Effektmål för tjänsteförändringar som fick status införd med ett datum i "
    "perioden, efter den senaste uppföljningen mätt senast periodens sista dag: nått när värdet "
    "nått målet i den riktning målet anger (högre eller lägre än utgångsläget), inte nått annars, "
    "inte mätt när ingen uppföljning mätts.",
    "gaps.silent": "Dialoger som var genomförda vid periodens slut och som då inte hade någon "
    "insikt byggd på underlag från dialogen.",
    "gaps.promises": "Dialoger som var genomförda vid periodens slut, utlovade inflytande eller "
    "medbeslutande och då inte lett till någon tjänsteförändring.",
    "gaps.unused": "Insikter formulerade under perioden som inget projekt använde vid "
    "periodens slut.",
    "gaps.unbacked": "Tjänsteförändringar som fanns vid periodens slut och som då inte byggde "
    "på någon insikt med underlag.",
}


# What a group of figures (one per state, level, step, form or status) is called together.
GROUP_LABELS = {
    "dialogues.state.": "Dialoger per läge vid periodens slut",
    "dialogues.promised.": "Dialoger per utlovad nivå",
    "dialogues.achieved.": "Dialoger per uppnådd nivå",
    "collaborations.form.": "Samverkan per form",
    "contributions.": "Insatser i kronor och i annan form",
    "projects.step.": "Projekt per steg vid periodens slut",
    "projects.status.": "Projekt per status vid periodens slut",
    "collaborations.status.": "Samverkan per status vid periodens slut",
    "changes.status.": "Tjänsteförändringar per status vid periodens slut",
    "effects.": "Effektmål för införda tjänsteförändringar",
}


def _group(key: str) -> str | None:
    return next((prefix for prefix in GROUP_LABELS if key.startswith(prefix)), None)


def definition_of(key: str) -> str:
    """The figure's definition, with the rule about archived records; "" for an unknown key."""
    group = _group(key)
    text = DEFINITIONS.get(key) or (DEFINITIONS[group] if group else "")
    return f"{text} {_ARCHIVED}" if text else ""


def appendix(figures: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One line per kind of figure: its label and definition (a group of figures that share a
    definition, such as one per state, is stated once)."""
    lines: list[str] = []
    seen: set[str] = set()
    for key, figure in figures.items():
        words = str(figure.get("definition") or definition_of(key))
        if not words or words in seen:
            continue
        seen.add(words)
        group = _group(key)
        lines.append(f"{GROUP_LABELS[group] if group else figure['label']}: {words}")
    return lines
