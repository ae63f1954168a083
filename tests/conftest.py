"""Shared fixtures: the bundled catalog, a user knowledge-base folder, golden files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from openness.kb import Catalog, load_catalog

# CI replays the same examples every run, so a red build is reproducible; a
# developer's runs keep exploring new ones (and the example database).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from current output"
    )


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def user_kb(tmp_path: Path) -> Path:
    """A copy of the sample user knowledge-base folder, safe to modify."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURES / "kb", target)
    return target


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; review it")
        assert text == path.read_text(encoding="utf-8"), f"output differs from golden/{name}"

    return check
