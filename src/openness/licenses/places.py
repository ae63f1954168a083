"""Places a license can withhold rights from, and how texts name them.

Owns the gazetteer: each pattern and the canonical name it stands for
("EU", "the European Union" -> "European Union"). Entry point: ``find_places``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from openness import patterns

PLACES: dict[str, tuple[str, ...]] = {
    "European Union": ("european union", "EU"),
    "European Economic Area": ("european economic area", "EEA"),
    "United Kingdom": ("united kingdom", "great britain", "UK", "U.K."),
    "United States": ("united states of america", "united states", "USA", "U.S.A.", "U.S.", "US"),
    "China": ("mainland china", "people's republic of china", "china", "PRC"),
    "Russia": ("russian federation", "russia"),
    "North Korea": ("north korea", "democratic people's republic of korea", "DPRK"),
    "South Korea": ("south korea", "republic of korea"),
    "Iran": ("islamic republic of iran", "iran"),
    "Syria": ("syrian arab republic", "syria"),
    "Macau": ("macau", "macao"),
    "Czechia": ("czech republic", "czechia"),
    "Ivory Coast": ("ivory coast", "côte d'ivoire", "cote d'ivoire"),
    "Myanmar": ("myanmar", "burma"),
    "Democratic Republic of the Congo": ("democratic republic of the congo", "dr congo", "drc"),
    "United Arab Emirates": ("united arab emirates", "UAE"),
    "Vatican City": ("vatican city", "holy see"),
    "Eswatini": ("eswatini", "swaziland"),
    "North Macedonia": ("north macedonia", "macedonia"),
    "Timor-Leste": ("timor-leste", "east timor"),
    "Cabo Verde": ("cabo verde", "cape verde"),
    "Palestine": ("palestine", "palestinian territories", "gaza", "west bank"),
    "Donetsk": ("donetsk",),
    "Luhansk": ("luhansk",),
    **{
        name: (name.lower(),)
        for name in (
            "Afghanistan",
            "Albania",
            "Algeria",
            "Andorra",
            "Angola",
            "Antigua and Barbuda",
            "Argentina",
            "Armenia",
            "Australia",
            "Austria",
            "Azerbaijan",
            "Bahamas",
            "Bahrain",
            "Bangladesh",
            "Barbados",
            "Belarus",
            "Belgium",
            "Belize",
            "Benin",
            "Bhutan",
            "Bolivia",
            "Bosnia and Herzegovina",
            "Botswana",
            "Brazil",
            "Brunei",
            "Bulgaria",
            "Burkina Faso",
            "Burundi",
            "Cambodia",
            "Cameroon",
            "Canada",
            "Central African Republic",
            "Chad",
            "Chile",
            "Colombia",
            "Comoros",
            "Costa Rica",
            "Croatia",
            "Cuba",
            "Cyprus",
            "Denmark",
            "Djibouti",
            "Dominica",
            "Dominican Republic",
            "Ecuador",
            "Egypt",
            "El Salvador",
            "Equatorial Guinea",
            "Eritrea",
            "Estonia",
            "Ethiopia",
            "Fiji",
            "Finland",
            "France",
            "Gabon",
            "Gambia",
            "Georgia",
            "Germany",
            "Ghana",
            "Greece",
            "Grenada",
            "Guatemala",
            "Guinea-Bissau",
            "Guinea",
            "Guyana",
            "Haiti",
            "Honduras",
            "Hong Kong",
            "Hungary",
            "Iceland",
            "India",
            "Indonesia",
            "Iraq",
            "Ireland",
            "Israel",
            "Italy",
            "Jamaica",
            "Japan",
            "Jordan",
            "Kazakhstan",
            "Kenya",
            "Kiribati",
            "Kosovo",
            "Kuwait",
            "Kyrgyzstan",
            "Laos",
            "Latvia",
            "Lebanon",
            "Lesotho",
            "Liberia",
            "Libya",
            "Liechtenstein",
            "Lithuania",
            "Luxembourg",
            "Madagascar",
            "Malawi",
            "Malaysia",
            "Maldives",
            "Mali",
            "Malta",
            "Marshall Islands",
            "Mauritania",
            "Mauritius",
            "Mexico",
            "Micronesia",
            "Moldova",
            "Monaco",
            "Mongolia",
            "Montenegro",
            "Morocco",
            "Mozambique",
            "Namibia",
            "Nauru",
            "Nepal",
            "Netherlands",
            "New Zealand",
            "Nicaragua",
            "Niger",
            "Nigeria",
            "Norway",
            "Oman",
            "Pakistan",
            "Palau",
            "Panama",
            "Papua New Guinea",
            "Paraguay",
            "Peru",
            "Philippines",
            "Poland",
            "Portugal",
            "Qatar",
            "Romania",
            "Rwanda",
            "Saint Kitts and Nevis",
            "Saint Lucia",
            "Saint Vincent and the Grenadines",
            "Samoa",
            "San Marino",
            "Sao Tome and Principe",
            "Saudi Arabia",
            "Senegal",
            "Serbia",
            "Seychelles",
            "Sierra Leone",
            "Singapore",
            "Slovakia",
            "Slovenia",
            "Solomon Islands",
            "Somalia",
            "South Africa",
            "South Sudan",
            "Spain",
            "Sri Lanka",
            "Sudan",
            "Suriname",
            "Sweden",
            "Switzerland",
            "Taiwan",
            "Tajikistan",
            "Tanzania",
            "Thailand",
            "Togo",
            "Tonga",
            "Trinidad and Tobago",
            "Tunisia",
            "Turkey",
            "Türkiye",
            "Turkmenistan",
            "Tuvalu",
            "Uganda",
            "Ukraine",
            "Uruguay",
            "Uzbekistan",
            "Vanuatu",
            "Venezuela",
            "Vietnam",
            "Yemen",
            "Zambia",
            "Zimbabwe",
            "Crimea",
            "Tibet",
            "Xinjiang",
            "Quebec",
            "California",
            "Texas",
            "New York",
            "Europe",
            "Africa",
            "Asia",
            "Latin America",
            "Middle East",
            "Asia-Pacific",
            "Scandinavia",
            "Balkans",
        )
    },  # fmt: skip
}
"""Canonical name -> how texts write it; all-capital forms match only in capitals.
Named places only; classes of places ("sanctioned countries") are read by the
territory rules of ``openness.licenses.extract``."""


_LOWER_FORMS = {form: name for name, forms in PLACES.items() for form in forms if form.islower()}
_CAPITAL_FORMS = {
    form: name for name, forms in PLACES.items() for form in forms if not form.islower()
}
_LOWER = patterns.compiled(
    r"\b(?:" + "|".join(re.escape(f) for f in sorted(_LOWER_FORMS, key=len, reverse=True)) + r")\b"
)
_CAPITAL = patterns.compiled(
    r"\b(?:"
    + "|".join(re.escape(f) for f in sorted(_CAPITAL_FORMS, key=len, reverse=True))
    + r")(?!\w)"
)


_TOKEN = patterns.compiled(r"\w+")


def _keys(forms: dict[str, str]) -> frozenset[str]:
    """The longest word of each form: a text can name it only if it has that word."""
    return frozenset(max(_TOKEN.findall(form), key=len) for form in forms)


# A set test on the text's words, far cheaper than the patterns (which Python
# tries name by name at every position); it never misses, as a form's words
# stand as whole words wherever the form matches.
_LOWER_KEYS = _keys(_LOWER_FORMS)
_CAPITAL_KEYS = _keys(_CAPITAL_FORMS)


def find_places(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (canonical name, start, end) for every place named in *text*, in order.

    >>> [name for name, _, _ in find_places("domiciled in the EU or the United States")]
    ['European Union', 'United States']
    """
    lowered = text.lower()
    found = []
    words = set(_TOKEN.findall(text))
    if not _LOWER_KEYS.isdisjoint(w.lower() for w in words):
        found += [(m.start(), m.end(), _LOWER_FORMS[m.group()]) for m in _LOWER.finditer(lowered)]
    if not _CAPITAL_KEYS.isdisjoint(words):
        found += [(m.start(), m.end(), _CAPITAL_FORMS[m.group()]) for m in _CAPITAL.finditer(text)]
    for start, end, name in sorted(found):
        yield name, start, end
