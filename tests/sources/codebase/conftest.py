"""Sample repositories for the code-base scan, copied to tmp_path before use.

A sample's ``.gitignore`` files are stored as ``_gitignore``, so that they do
not apply to this repository's own files, and its Python files and notebooks
with a ``.sample`` suffix, so that this repository's linters, type checker and
test collector leave them alone (one is Python 2 on purpose); the copy gives
them back their names.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from openness.sources.codebase import ModelReference

CODEBASES = Path(__file__).parents[2] / "fixtures" / "codebases"


@pytest.fixture
def sample_repo(tmp_path: Path) -> Callable[[str], Path]:
    """Return a function that copies ``tests/fixtures/codebases/<name>`` to tmp_path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(CODEBASES / name, target)
        for placeholder in sorted(target.rglob("_gitignore")):
            placeholder.rename(placeholder.with_name(".gitignore"))
        for sample in sorted(target.rglob("*.sample")):
            sample.rename(sample.with_name(sample.name.removesuffix(".sample")))
        return target

    return copy


def triples(references: tuple[ModelReference, ...]) -> set[tuple[str, str, int]]:
    """(ref, path, line) of each reference."""
    return {(r.ref, r.path, r.line) for r in references}
