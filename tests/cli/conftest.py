"""Run the CLI in-process with Click's runner."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from openness.cli.app import cli

Invoke = Callable[..., Result]
GOLDEN_DAY = "2026-12-04"
"""The day the golden reports were reviewed on: a model retired after it stays listed."""


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.delenv("OPENNESS_KB", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("OPENNESS_TODAY", GOLDEN_DAY)  # lifecycles judged on a fixed day

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return run
