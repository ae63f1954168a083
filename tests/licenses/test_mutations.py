"""The extractor follows the text, not the record.

Change a threshold, paraphrase a clause, reorder sections or delete a clause
in a real license, and the terms change with it.
"""

from __future__ import annotations

import random
import re

import pytest

from openness import analyze_license
from openness.kb.schema import TermKind

from .conftest import CORPUS, read


def _terms(text: str) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for term in analyze_license(text).terms:
        found.setdefault(term.kind.value, []).append(term.value)
    return found


@pytest.mark.parametrize(
    ("name", "old", "new", "value"),
    [
        ("llama-3-community.txt", "700 million", "350 million", 350_000_000),
        ("llama-3.1-community.txt", "700 million", "1,250,000,000", 1_250_000_000),
        ("llama-4-community.txt", "700 million", "seven hundred thousand", 700_000),
        ("qwen-license-2024.txt", "100 million", "2 billion", 2_000_000_000),
    ],
)
def test_changed_user_threshold_is_read_from_the_text(
    name: str, old: str, new: str, value: int
) -> None:
    text = read(CORPUS / name)
    assert old in text
    assert _terms(text.replace(old, new))["user_threshold"] == [value]


def test_changed_revenue_threshold_keeps_its_currency() -> None:
    text = read(CORPUS / "stability-ai-community.txt")
    mutated = re.sub(r"USD \$1,000,000", "EUR 5,000,000", text)
    assert mutated != text
    values = analyze_license(mutated).terms
    revenue = [t for t in values if t.kind is TermKind.REVENUE_THRESHOLD]
    assert revenue and all(t.currency in {"EUR", "USD"} for t in revenue)
    assert 5_000_000 in {t.value for t in revenue}


@pytest.mark.parametrize(
    ("name", "clause", "paraphrase", "kind"),
    [
        (
            "llama-3-community.txt",
            "You will not use the Llama Materials or any output or results of the Llama "
            "Materials to improve any other large language model (excluding Meta Llama 3 or "
            "derivative works thereof).",
            "Licensee shall not utilize the Llama Materials, or any outputs of them, to train "
            "or enhance any other AI model.",
            "model_improvement_ban",
        ),
        (
            "llama-3.2-aup.txt",
            "are not being granted to you if you are an individual domiciled in, or a company "
            "with a principal place of business in, the European Union",
            "are not licensed to persons or companies located in the EU",
            "geographic_restriction",
        ),
    ],
)
def test_paraphrased_clause_is_still_found(
    name: str, clause: str, paraphrase: str, kind: str
) -> None:
    text = read(CORPUS / name)
    assert clause in text
    assert kind in _terms(text.replace(clause, paraphrase))


def test_deleting_a_clause_removes_its_term() -> None:
    text = read(CORPUS / "llama-3-community.txt")
    clause = re.search(r"v\. You will not use the Llama Materials[^\n]*", text)
    assert clause is not None
    assert "model_improvement_ban" in _terms(text)
    assert "model_improvement_ban" not in _terms(text.replace(clause.group(), ""))


@pytest.mark.parametrize("seed", range(5))
def test_shuffled_sections_keep_the_terms(seed: int) -> None:
    text = read(CORPUS / "deepseek-model.txt")
    sections = text.split("\n\n")
    random.Random(seed).shuffle(sections)
    assert set(_terms("\n\n".join(sections))) == set(_terms(text))


def test_a_new_restrictive_clause_is_found_in_an_open_license() -> None:
    text = read(CORPUS / "mit-deepseek-code.txt")
    assert analyze_license(text).osd.verdict.value == "pass"
    mutated = text + (
        "\nThe Software may be used for non-commercial purposes only. The rights above are "
        "not granted to entities headquartered in Russia or Belarus.\n"
    )
    result = analyze_license(mutated)
    kinds = {t.kind.value for t in result.terms}
    assert {"non_commercial", "geographic_restriction"} <= kinds
    places = next(t.value for t in result.terms if t.kind.value == "geographic_restriction")
    assert places == ("Russia", "Belarus")
    assert result.osd.verdict.value == "fail"
    assert {v.criterion for v in result.osd.violations} == {5, 6}
