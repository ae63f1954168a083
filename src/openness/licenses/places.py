"""Places a license can withhold rights from, and how texts name them.

Owns the gazetteer: each pattern and the canonical name it stands for
("EU", "the European Union" -> "European Union"). Entry point: ``find_places``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PLACES: dict[str, tuple[str, ...]] = {
    "European Union": ("european union", "EU"),
    "European Economic Area": ("european economic area", "EEA"),
    "United Kingdom": ("united kingdom", "great britain", "UK"),
    "Switzerland": ("switzerland",),
    "United States": ("united states of america", "united states", "USA", "U.S.A.", "U.S."),
    "China": ("mainland china", "people's republic of china", "china", "PRC"),
    "Hong Kong": ("hong kong",),
    "Macau": ("macau", "macao"),
    "Taiwan": ("taiwan",),
    "Russia": ("russian federation", "russia"),
    "Belarus": ("belarus",),
    "Iran": ("iran",),
    "North Korea": ("north korea", "democratic people's republic of korea", "DPRK"),
    "South Korea": ("south korea", "republic of korea"),
    "Cuba": ("cuba",),
    "Syria": ("syria",),
    "Crimea": ("crimea",),
    "Venezuela": ("venezuela",),
    "India": ("india",),
    "Japan": ("japan",),
    "Canada": ("canada",),
    "Brazil": ("brazil",),
    "California": ("california",),
}
"""Canonical name -> how texts write it; all-capital forms match only in capitals."""


def _pattern(name: str, spellings: tuple[str, ...]) -> re.Pattern[str]:
    words = [re.escape(s) for s in spellings if not s.isupper() and s.lower() == s]
    capitals = [re.escape(s) for s in spellings if s not in words and s.lower() != s]
    alternatives = [rf"(?i:\b(?:{'|'.join(words)})\b)"] if words else []
    alternatives += [rf"\b(?:{'|'.join(capitals)})(?!\w)"] if capitals else []
    return re.compile("|".join(alternatives))


_COMPILED = [(_pattern(name, spellings), name) for name, spellings in PLACES.items()]


def find_places(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (canonical name, start, end) for every place named in *text*.

    >>> [name for name, _, _ in find_places("domiciled in the EU or the United States")]
    ['European Union', 'United States']
    """
    found = []
    for pattern, name in _COMPILED:
        found.extend((m.start(), m.end(), name) for m in pattern.finditer(text))
    for start, end, name in sorted(found):
        yield name, start, end
