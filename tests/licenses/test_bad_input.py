"""Bad input: a clear result or a one-line error, never a crash, a hang or all the memory."""

from __future__ import annotations

import time

import pytest

from openness import analyze_license
from openness.errors import LicenseParseError
from openness.licenses.text import MAX_ANALYSED_CHARS

from .conftest import CORPUS, read

SECONDS = 10.0
"""Generous: catastrophic backtracking takes minutes, not seconds."""


def _timed(text: str | bytes) -> float:
    start = time.perf_counter()
    analyze_license(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", ""], ids=["empty", "blank", "empty-str"])
def test_empty_input_is_an_error(data: str | bytes) -> None:
    with pytest.raises(LicenseParseError, match="empty"):
        analyze_license(data)


def test_binary_is_an_error() -> None:
    with pytest.raises(LicenseParseError, match="binary"):
        analyze_license(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)) * 10)


def test_huge_text_is_cut_and_says_so() -> None:
    text = read(CORPUS / "llama-3-community.txt") * 4000  # about 50 MB
    start = time.perf_counter()
    result = analyze_license(text)
    assert time.perf_counter() - start < SECONDS
    assert any(f"first {MAX_ANALYSED_CHARS:,}" in note for note in result.notes)
    assert result.license is not None and result.license.id == "llama3"


@pytest.mark.parametrize(
    "text",
    [
        "a" + " " * 10_000_000 + "b",
        "7" * 2_000_000,
        "700," * 500_000,
        "\n" * 1_000_000 + "x",
        "*" * 1_000_000,
        "[" * 500_000 + "](" * 100_000,
        "<p>" * 300_000,
        "seven hundred million " * 100_000,
        "you will not use " * 100_000,
        "a. " * 300_000,
        "x" * 10_000_000,
    ],
    ids=[
        "spaces",
        "digits",
        "digit-groups",
        "newlines",
        "stars",
        "brackets",
        "tags",
        "number-words",
        "negations",
        "markers",
        "one-line",
    ],
)
def test_pathological_input_stays_fast(text: str) -> None:
    assert _timed(text) < SECONDS
