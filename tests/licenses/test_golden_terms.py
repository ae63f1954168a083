"""Every corpus text's analysis, pinned in a reviewed golden file.

The golden JSON holds what a reviewer checked against the text: the license
and parts identified, and every term with its value, quote and span. Rewrite
with ``pytest --update-golden`` and review the diff like code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from openness import analyze_license

from .conftest import CORPUS_TEXTS, read


@pytest.mark.parametrize(("path", "ids"), CORPUS_TEXTS, ids=[p.name for p, _ in CORPUS_TEXTS])
def test_corpus_terms_golden(
    golden: Callable[[str, str], None], path: Path, ids: list[str]
) -> None:
    data = analyze_license(read(path)).to_dict()
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    golden(f"licenses/corpus/{path.stem}.json", text)
