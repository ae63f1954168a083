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
"""Canonical name -> how texts write it; all-capital forms match only in capitals.
Classes of places ("sanctioned jurisdictions") are left out on purpose: clauses
naming them restate export law, a duty of every user, rather than withhold the
license's own rights by location."""


_LOWER_FORMS = {form: name for name, forms in PLACES.items() for form in forms if form.islower()}
_CAPITAL_FORMS = {
    form: name for name, forms in PLACES.items() for form in forms if not form.islower()
}
_LOWER = re.compile(
    r"\b(?:" + "|".join(re.escape(f) for f in sorted(_LOWER_FORMS, key=len, reverse=True)) + r")\b"
)
_CAPITAL = re.compile(
    r"\b(?:"
    + "|".join(re.escape(f) for f in sorted(_CAPITAL_FORMS, key=len, reverse=True))
    + r")(?!\w)"
)


# Plain substring alternations: a cheap test before the word-boundary patterns.
_LOWER_HINT = re.compile("|".join(re.escape(f) for f in _LOWER_FORMS))
_CAPITAL_HINT = re.compile("|".join(re.escape(f) for f in _CAPITAL_FORMS))


def find_places(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (canonical name, start, end) for every place named in *text*, in order.

    >>> [name for name, _, _ in find_places("domiciled in the EU or the United States")]
    ['European Union', 'United States']
    """
    lowered = text.lower()
    found = []
    if _LOWER_HINT.search(lowered):
        found += [(m.start(), m.end(), _LOWER_FORMS[m.group()]) for m in _LOWER.finditer(lowered)]
    if _CAPITAL_HINT.search(text):
        found += [(m.start(), m.end(), _CAPITAL_FORMS[m.group()]) for m in _CAPITAL.finditer(text)]
    for start, end, name in sorted(found):
        yield name, start, end
