"""The repository's corpus is the shared corpus, and each text is the one SOURCES.md names."""

from __future__ import annotations

import hashlib
import importlib.util

from .conftest import CORPUS, ROOT, SHARED_CORPUS, TABLE


def _sources_rows() -> dict[str, tuple[int, str]]:
    """Map each file of SOURCES.md to its recorded size and sha256 prefix."""
    rows = {}
    for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 7 and cells[1].endswith(".txt"):
            rows[cells[1]] = (int(cells[6]), cells[7])
    return rows


def test_every_text_is_the_one_its_sources_row_records() -> None:
    rows = _sources_rows()
    texts = sorted(p.name for p in CORPUS.glob("*.txt"))
    assert texts == sorted(rows)
    for name in texts:
        data = (CORPUS / name).read_bytes()
        size, digest = rows[name]
        assert (len(data), hashlib.sha256(data).hexdigest()[:12]) == (size, digest), name


def test_every_corpus_text_has_an_expected_license() -> None:
    assert sorted(TABLE["corpus"]) == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_the_copy_equals_the_shared_corpus_when_it_is_beside_the_clone() -> None:
    spec = importlib.util.spec_from_file_location("sync", ROOT / "scripts" / "sync_corpus.py")
    assert spec is not None and spec.loader is not None
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    if SHARED_CORPUS.is_dir():
        assert sync.differences(SHARED_CORPUS, CORPUS) == []
    # Either way the comparison itself must see a difference when there is one.
    assert sync.differences(CORPUS, CORPUS.parent / "spdx")
