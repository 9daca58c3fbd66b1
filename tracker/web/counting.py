"""Numbers in Swedish text: "1 dialog", "2 dialoger", "1 000 insikter".

Each counted noun's singular and plural are written once, in NOUNS. Templates use the filter
`{{ n | counted("dialog") }}`; Python uses `counted(n, "dialog")`.
"""

from __future__ import annotations

NOUNS: dict[str, tuple[str, str]] = {
    noun[0]: noun
    for noun in (
        ("dag", "dagar"),
        ("deltagare", "deltagare"),
        ("dialog", "dialoger"),
        ("effektmål", "effektmål"),
        ("förändring", "förändringar"),
        ("genomförd dialog", "genomförda dialoger"),
        ("gång", "gånger"),
        ("insikt", "insikter"),
        ("iteration", "iterationer"),
        ("mening", "meningar"),
        ("ord", "ord"),
        ("organisation", "organisationer"),
        ("post", "poster"),
        ("punkt", "punkter"),
        ("projekt", "projekt"),
        ("samarbete", "samarbeten"),
        ("siffra", "siffror"),
        ("stegbyte", "stegbyten"),
        ("tillfälle", "tillfällen"),
        ("tjänstedesignprojekt", "tjänstedesignprojekt"),
        ("tjänsteförändring", "tjänsteförändringar"),
        ("underlag", "underlag"),
        ("återkoppling", "återkopplingar"),
    )
}


def number(value: int | float) -> str:
    """Swedish number format: space as thousands separator, decimal comma."""
    text = f"{value:,}".replace(",", "\u00a0")
    return text.replace(".", ",")


def counted(value: int, noun: str) -> str:
    """The number and the noun in singular or plural; KeyError for a noun not in NOUNS."""
    singular, plural = NOUNS[noun]
    return f"{number(value)} {singular if value == 1 else plural}"
