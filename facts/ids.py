"""Readable ids made from text, kept unique within a dataset.

Importers name records after what they hold (`noboa-takes-office`), so a dataset they
write reads like one written by hand and its ids can be cited in notes and exports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def slugify(text: str, fallback: str = "event", max_length: int = 60) -> str:
    """A readable id from any text: `Noboa takes office` → `noboa-takes-office`.

    Accents are dropped, anything else becomes a hyphen; text with no letters gives `fallback`.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or fallback


class IdAllocator:
    """Hands out ids not used yet: `base`, then `base-2`, `base-3`…

    Seeded with the ids a dataset already has, so records added to it never take (and
    so never change) an existing record's id.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def claim(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.taken:
            candidate = f"{base}-{number}"
            number += 1
        self.taken.add(candidate)
        return candidate
