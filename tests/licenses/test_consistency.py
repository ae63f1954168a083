"""Knowledge-base records and the texts they describe agree.

For every corpus license with a record, the terms extraction finds in the
text are the record's terms (same kinds, same thresholds and places), and
every quote of the record can be found in the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openness import analyze_license
from openness.kb import Catalog

from .conftest import TEXTS, read


def _squash(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"[\s*_`#]+", " ", text).strip()


def _record_terms(catalog: Catalog, ids: list[str]) -> dict[str, object]:
    terms: dict[str, object] = {}
    for license_id in ids:
        for term in catalog.license(license_id).terms:
            terms.setdefault(term.kind.value, term.value)
    return terms


@pytest.mark.parametrize(("path", "ids"), TEXTS, ids=[p.name for p, _ in TEXTS])
def test_extraction_agrees_with_the_record(catalog: Catalog, path: Path, ids: list[str]) -> None:
    expected = _record_terms(catalog, ids)
    found: dict[str, object] = {}
    for term in analyze_license(read(path)).terms:
        found.setdefault(term.kind.value, term.value)
    assert sorted(found) == sorted(expected)
    for kind, value in expected.items():
        assert found[kind] == value, kind


@pytest.mark.parametrize(("path", "ids"), TEXTS, ids=[p.name for p, _ in TEXTS])
def test_record_quotes_are_in_the_text(catalog: Catalog, path: Path, ids: list[str]) -> None:
    text = _squash(read(path))
    # A file that holds a license and an appended policy: the policy record
    # quotes the policy's own file, which words it slightly differently.
    for license_id in ids[:1]:
        for term in catalog.license(license_id).terms:
            assert _squash(term.quote) in text, f"{license_id} {term.kind.value}: {term.quote!r}"


@pytest.mark.parametrize(("path", "ids"), TEXTS, ids=[p.name for p, _ in TEXTS])
def test_a_hosting_clause_is_quoted_from_the_text(
    catalog: Catalog, path: Path, ids: list[str]
) -> None:
    clause = catalog.license(ids[0]).hosting_is_distribution
    text = _squash(read(path))
    if clause is not None:
        assert _squash(clause) in text
    else:  # a text that counts hosting as distributing has the record say so
        assert not re.search(r"as a hosted service (?:made available|via api)", text.lower())
