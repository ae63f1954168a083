"""Read the numbers and amounts license texts write, in any of their usual forms.

Owns number normalisation: "700 million", "700,000,000", "seven hundred
million", "US$10,000,000", "$1M", "100 million (100,000,000)" all become
integers, with the currency kept. It does not decide what a number means (see
``openness.licenses.extract``). Entry points: ``find_amounts`` and
``parse_amount``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openness import patterns

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "k": 10**3, "m": 10**6, "mm": 10**6, "mn": 10**6, "mio": 10**6, "b": 10**9, "bn": 10**9,
}  # fmt: skip
_CURRENCY_SIGNS = {
    "us$": "USD", "usd": "USD", "$": "USD", "dollars": "USD", "dollar": "USD",
    "usdollars": "USD", "usdollar": "USD",
    "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "jpy": "JPY", "yen": "JPY",
}  # fmt: skip

_WORD = (
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand|million|billion|trillion)\b"
)
_DIGITS = r"\d{1,3}(?:(?:,|\.|\u202f|\u00a0| )\d{3})+(?![\d])|\d{1,15}(?:\.\d{1,6})?"
_SCALE = r"(?:thousand|million|billion|trillion|mio|mm|mn|bn|[kmb])\b"
_CURRENCY_BEFORE = r"(?:US\s?\$|USD|EUR|GBP|RMB|CNY|JPY|[$€£¥])"
_CURRENCY_AFTER = r"(?:US\s?dollars?|dollars?|USD|euros?|EUR|pounds|GBP|RMB|CNY|yuan|JPY|yen)\b"

AMOUNT_PATTERN = patterns.compiled(
    rf"(?P<before>{_CURRENCY_BEFORE})?\s?"
    rf"(?:(?P<digits>{_DIGITS})(?:\s?(?P<scale>{_SCALE}))?"
    rf"|(?P<words>{_WORD}(?:(?:\s|-|\s?,\s?|\sand\s){_WORD}){{0,40}}))"
    rf"(?:\s(?P<after>{_CURRENCY_AFTER}))?",
    re.IGNORECASE,
)
"""A number with an optional scale word and currency; every repetition is bounded."""


@dataclass(frozen=True)
class Amount:
    """A number read from text."""

    value: int
    """The number as an integer."""
    currency: str | None
    """ISO code of the currency written with it, if any."""
    start: int
    """Where the number starts in the searched text."""
    end: int
    """Where it ends."""


def parse_amount(text: str) -> Amount | None:
    """Read the first amount in *text*.

    >>> parse_amount("700 million").value
    700000000
    >>> parse_amount("seven hundred million").value
    700000000
    >>> amount = parse_amount("US$10,000,000")
    >>> amount.value, amount.currency
    (10000000, 'USD')
    >>> parse_amount("no number here") is None
    True
    """
    return next(find_amounts(text), None)


def find_amounts(text: str) -> Iterator[Amount]:
    """Yield every amount in *text*, in order.

    Bare words such as "a" or "one" are not amounts on their own; they count
    only with a scale ("a million") or as part of a longer number.
    """
    for match in AMOUNT_PATTERN.finditer(text):
        value = _value_of(match)
        if value is None:
            continue
        before, after = match.group("before"), match.group("after")
        sign = before or after
        currency = _CURRENCY_SIGNS.get(re.sub(r"\s", "", sign).lower()) if sign else None
        start = (
            match.start("before")
            if before
            else match.start("digits")
            if match.group("digits")
            else match.start("words")
        )
        yield Amount(value, currency, start, match.end())


def _value_of(match: re.Match[str]) -> int | None:
    digits = match.group("digits")
    if digits is not None:
        number = _parse_digits(digits)
        scale = match.group("scale")
        if scale:
            # A lone "m"/"b"/"k" right after a number is a scale only when no
            # ordinary word follows glued to it (the pattern ends at \b).
            number *= _SCALES[scale.lower()]
        return round(number)
    words = match.group("words")
    tokens = [t for t in re.split(r"[\s,-]+", words.lower()) if t and t != "and"]
    if len(tokens) == 1 and tokens[0] not in _SCALES and _UNITS.get(tokens[0], 0) < 10:
        return None  # "one", "two": too ambiguous to be a threshold
    return _parse_words(tokens)


def _parse_digits(digits: str) -> float:
    cleaned = re.sub(r"[\s\u202f\u00a0]", "", digits)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", cleaned) or re.fullmatch(
        r"\d{1,3}(?:,\d{3})+", cleaned
    ):
        return int(re.sub(r"[.,]", "", cleaned))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", cleaned):
        return float(cleaned.replace(",", ""))
    return float(cleaned.replace(",", ""))


def _parse_words(tokens: list[str]) -> int | None:
    """Add up number words: "seven hundred million" -> 700000000."""
    total = 0
    current = 0
    for token in tokens:
        if token in _UNITS:
            current += _UNITS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current
