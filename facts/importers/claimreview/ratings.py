"""The rating table: which publishers' ratings say a claim is true or false.

A claimline reference has two verdicts, so only ratings that plainly say one of them are
mapped. A rating maps to **verified** when it says the claim is true, without
reservation; to **disputed** when it says the claim is false, fabricated or misleading
(wholly or mostly). Everything else — Mixed, Half true, Mostly true, Unproven, Missing
context, Satire, Outdated, a sentence — maps to nothing: no reference verdict, the
publisher's words kept as evidence, never a guess. The table matches a rating's whole
wording, ignoring case, accents, spacing and closing punctuation (`FALSO!` is `falso`).

A rating with no words, only numbers, maps only at the ends of the scale it declares:
Google's guidance for ClaimReview numbers a scale from worstRating (false) to bestRating
(true), so the worst value is disputed, the best verified, and anything between nothing.
docs/import.md shows the table; keep the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from facts.importers.claimreview.records import Rating

Verdict = Literal["verified", "disputed"]

# Each wording once, as publishers write it; keys are matched after `normalise`.
VERIFIED_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("True", "Correct", "Accurate", "Verified", "Correct attribution"),
    "es": ("Verdadero", "Verdadera", "Cierto", "Cierta", "Correcto", "Verdad"),
    "pt": ("Verdadeiro", "Verdadeira", "Correto", "Correta", "Verdade"),
    "fr": ("Vrai", "Vraie", "Exact", "Correct", "C'est vrai"),
    "de": ("Richtig", "Wahr", "Korrekt", "Stimmt", "Zutreffend"),
    "ar": ("صحيح",),
}
DISPUTED_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "False",
        "Fake",
        "Pants on Fire",
        "Incorrect",
        "Wrong",
        "Untrue",
        "Not true",
        "Misleading",
        "Mostly false",
        "Fabricated",
        "Hoax",
        "Scam",
        "Miscaptioned",
        "Misattributed",
        "Altered",
        "Manipulated",
        "Four Pinocchios",
        "Disputed",
    ),
    "es": ("Falso", "Falsa", "Engañoso", "Engañosa", "Bulo", "Mentira", "No es cierto", "Fake"),
    "pt": ("Falso", "Falsa", "Enganoso", "Enganosa", "Distorcido", "Mentira", "Fake"),
    "fr": ("Faux", "Fausse", "C'est faux", "Trompeur", "Trompeuse", "Plutôt faux", "Infox"),
    "de": (
        "Falsch",
        "Größtenteils falsch",
        "Irreführend",
        "Frei erfunden",
        "Manipuliert",
        "Falscher Kontext",
        "Fake",
    ),
    "ar": ("خطأ", "زائف", "مضلل", "كاذب"),
}

_PUNCTUATION = re.compile(r"[\s\"'“”‘’«»„.!?¡¿:;,()\[\]*_-]+")


def normalise(wording: str) -> str:
    """A wording as the table compares it: case, accents, quotes and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", wording.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _PUNCTUATION.sub(" ", bare).strip()


def _table() -> dict[str, Verdict]:
    table: dict[str, Verdict] = {}
    for verdict, words in (("verified", VERIFIED_WORDS), ("disputed", DISPUTED_WORDS)):
        for wordings in words.values():
            for wording in wordings:
                table[normalise(wording)] = verdict  # type: ignore[assignment]
    return table


_TABLE = _table()


def verdict_for(rating: Rating) -> Verdict | None:
    """The verdict the rating states, or None when it states neither plainly."""
    if rating.word:
        return _TABLE.get(normalise(rating.word))
    if rating.value is None or rating.best is None or rating.worst is None:
        return None
    if rating.best == rating.worst:
        return None
    if rating.value == rating.best:
        return "verified"
    if rating.value == rating.worst:
        return "disputed"
    return None
