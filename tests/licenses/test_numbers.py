"""Number normalisation: every way licenses write a number reads back as the integer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openness.licenses.numbers import find_amounts, parse_amount

_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words_below_thousand(n: int) -> list[str]:
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n:
        words.append(_ONES[n])
    return words


def to_words(n: int) -> str:
    """Spell *n* in English (an implementation independent of the parser)."""
    words: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            words += _words_below_thousand(n // scale) + [name]
            n %= scale
    words += _words_below_thousand(n)
    return " ".join(words)


@given(st.integers(min_value=1000, max_value=10**12))
def test_digits_with_separators(n: int) -> None:
    for text in (f"{n:,}", f"{n:_}".replace("_", " "), str(n), f"{n:,}".replace(",", ".")):
        if "." in text and text.count(".") < 2:
            continue  # "7.000" is ambiguous (a decimal), so licenses do not write it
        amount = parse_amount(f"more than {text} monthly active users")
        assert amount is not None and amount.value == n, text


@given(st.integers(min_value=1, max_value=999_999_999_999))
def test_spelled_out(n: int) -> None:
    words = to_words(n)
    amount = parse_amount(f"exceeds {words} users")
    if n < 10:
        return  # a lone "one" .. "nine" is not read as a threshold
    assert amount is not None and amount.value == n, words


@given(
    st.integers(min_value=1, max_value=9999), st.sampled_from(["thousand", "million", "billion"])
)
def test_scale_words(n: int, scale: str) -> None:
    factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[scale]
    amount = parse_amount(f"{n} {scale}")
    assert amount is not None and amount.value == n * factor


@given(
    st.integers(min_value=1, max_value=10**9), st.sampled_from(["US$", "$", "USD ", "€", "EUR "])
)
def test_currency_is_kept(n: int, sign: str) -> None:
    amount = parse_amount(f"annual revenue below {sign}{n:,}")
    assert amount is not None and amount.value == n
    assert amount.currency == ("EUR" if "E" in sign or "€" in sign else "USD")


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("700 million", 700_000_000, None),
        ("700,000,000", 700_000_000, None),
        ("seven hundred million", 700_000_000, None),
        ("US$10,000,000", 10_000_000, "USD"),
        ("$1M", 1_000_000, "USD"),
        ("1.5 billion", 1_500_000_000, None),
        ("100 million (100,000,000)", 100_000_000, None),
        ("USD 1,000,000", 1_000_000, "USD"),
        ("1 000 000 dollars", 1_000_000, "USD"),
    ],
)
def test_examples(text: str, value: int, currency: str | None) -> None:
    amount = parse_amount(text)
    assert amount is not None and (amount.value, amount.currency) == (value, currency)


def test_lone_small_words_are_not_numbers() -> None:
    assert [a.value for a in find_amounts("one of the two parties")] == []
