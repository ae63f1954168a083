"""Golden reports of scan, advise and estimate, in every format a person or a tool reads.

Reviewed by hand; rewrite them all with ``python scripts/update_goldens.py`` (the
license, check and catalog goldens too) and read the diff before committing.
"""

from __future__ import annotations

import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke
from tests.conftest import FIXTURES

Golden = Callable[[str, str], None]
PROJECT = FIXTURES / "codebases" / "python-app"
PROFILE = """\
privacy: preferred
monthly_input_tokens: 3000000000
monthly_output_tokens: 600000000
context_tokens: 32000
fine_tuning: light
commercial: true
monthly_active_users: 2000000
region: EU
"""


def _stable(text: str) -> str:
    """Drop what changes between runs: generated ids and timestamps."""
    text = re.sub(r"urn:uuid:[0-9a-f-]{36}", "urn:uuid:…", text)
    return re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?", "…", text)


def _project(tmp_path: Path) -> None:
    """The sample app, its Python files named back, and a model folder with a payload."""
    target = tmp_path / "python-app"
    shutil.copytree(PROJECT, target)
    for sample in sorted(target.rglob("*.sample")):
        sample.rename(sample.with_name(sample.name.removesuffix(".sample")))
    folder = target / "checkpoints" / "tiny"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# tiny\n", encoding="utf-8")
    payload = pickle.dumps({"w": [1.0]}, protocol=2)[:-1] + b"cos\nsystem\n(S'x'\ntR."
    (folder / "pytorch_model.bin").write_bytes(payload)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_scan_golden(
    invoke: Invoke, golden: Golden, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)  # reports name the tree as given: python-app
    result = invoke("scan", "python-app", "--format", fmt)
    assert result.exit_code == 1  # the payload blocks
    text = _stable(result.stdout).replace(str(tmp_path.resolve()), "<tmp>")
    golden(f"scan/python-app.{fmt}", text)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_advise_golden(invoke: Invoke, golden: Golden, fmt: str, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    result = invoke("advise", "--profile", str(profile), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"advise/eu-saas.{fmt}", result.stdout)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_estimate_golden(invoke: Invoke, golden: Golden, fmt: str) -> None:
    result = invoke(
        "estimate", "llama-3.1-70b", "--gpu", "h100", "--gpus", "2", "--precision", "fp8",
        "--format", fmt,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    golden(f"estimate/llama-3.1-70b-2xh100-fp8.{fmt}", result.stdout)
