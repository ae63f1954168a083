"""The license texts the engine is tested on: the corpus and the extra SPDX texts.

The corpus is a copy, in tests/fixtures/licenses/corpus/, of the shared corpus
(../shared/corpus/licenses/, where new texts arrive); test_corpus_copy checks
the two are equal whenever the shared folder is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "licenses" / "corpus"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "licenses"
"""Where new corpus texts arrive; copied into CORPUS by scripts/sync_corpus.py."""
SPDX = ROOT / "tests" / "fixtures" / "licenses" / "spdx"
TABLE = yaml.safe_load((ROOT / "tests" / "fixtures" / "licenses" / "texts.yaml").read_text())


def _entries() -> list[tuple[Path, list[str]]]:
    entries = []
    for folder, table in ((CORPUS, TABLE["corpus"]), (SPDX, TABLE["spdx"])):
        for name, spec in table.items():
            ids = [spec] if isinstance(spec, str) else [spec["id"], spec["rest"]]
            entries.append((folder / name, ids))
    return entries


TEXTS = _entries()
"""(path, ids of the documents it holds) for every test text."""

CORPUS_TEXTS = [(path, ids) for path, ids in TEXTS if path.parent == CORPUS]


@pytest.fixture(scope="session", autouse=True)
def corpus_is_present() -> None:
    if not CORPUS.is_dir():
        pytest.fail(f"the license corpus is missing: expected {CORPUS}")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
