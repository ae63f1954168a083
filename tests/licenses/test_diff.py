"""`diff_licenses`: two licenses never compare the same when a restriction was added."""

from __future__ import annotations

import pytest

from openness import analyze_license
from openness.kb import Catalog
from openness.licenses.diff import Side, diff_licenses
from openness.licenses.known import analyze_known_license

from .mutations import mutations
from .test_false_passes import OPEN_BASES

_MUTATIONS = list(mutations(OPEN_BASES, held_out=None))


def _file(name: str, text: str) -> Side:
    return Side(name, analyze_license(text), text)


@pytest.mark.parametrize(
    ("name", "mutation"), _MUTATIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(_MUTATIONS)]
)
def test_an_added_restriction_always_shows_in_the_diff(name: str, mutation: object) -> None:
    base = dict(OPEN_BASES)[name]
    result = diff_licenses(_file(name, base), _file("mutated", mutation.text))  # type: ignore[attr-defined]
    assert not result.is_same
    start, end = mutation.span  # type: ignore[attr-defined]
    shown = [
        *(t.span for t in result.added),
        *(c.b.span for c in result.changed),
        *(p.span for p in result.unread_added),
    ]
    assert any(s is not None and s[0] < end and start < s[1] for s in shown), mutation.sentence  # type: ignore[attr-defined]


def test_a_text_and_itself_are_the_same() -> None:
    name, text = OPEN_BASES[0]
    result = diff_licenses(_file(name, text), _file(name, text))
    assert result.is_same and result.texts_identical is True
    assert result.to_dict()["added"] == result.to_dict()["removed"] == []


def test_llama_3_to_3_1_drops_the_model_improvement_ban(catalog: Catalog) -> None:
    result = diff_licenses(
        Side("llama3", analyze_known_license(catalog, "llama3")),
        Side("llama3.1", analyze_known_license(catalog, "llama3.1")),
    )
    assert [t.kind.value for t in result.removed] == ["model_improvement_ban"]
    naming = next(c for c in result.changed if c.kind == "naming")
    assert "“Llama 3”" in naming.a.quote and "“Llama”" in naming.b.quote
    assert "user_threshold" in result.unchanged


def test_a_changed_threshold_reports_both_values(catalog: Catalog) -> None:
    text = analyze_known_license(catalog, "qwen")
    raised = analyze_license(
        "Tongyi Qianwen LICENSE AGREEMENT. If you are commercially using the Materials, and your "
        "product or service has more than 200 million monthly active users, you shall request a "
        "license from us."
    )
    result = diff_licenses(Side("qwen", text), Side("edited", raised))
    values = [
        c.to_dict()["values"].get("value") for c in result.changed if c.kind == "user_threshold"
    ]
    assert {"a": 100_000_000, "b": 200_000_000} in values


def test_added_places_are_listed(catalog: Catalog) -> None:
    result = diff_licenses(
        Side("llama3.1", analyze_known_license(catalog, "llama3.1")),
        Side("llama3.2", analyze_known_license(catalog, "llama3.2")),
    )
    assert [t.value for t in result.added if t.kind.value == "geographic_restriction"] == [
        ("European Union",)
    ]
