"""`openness models`, `compare` and `licenses`: filters, counts, side by side, golden files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest

from .conftest import Invoke


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
def test_models_golden(invoke: Invoke, golden: Callable[[str, str], None], fmt: str) -> None:
    result = invoke("models", "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"models/all.{'md' if fmt == 'markdown' else fmt}", result.output)


def test_models_filters_and_counts(invoke: Invoke) -> None:
    everything = json.loads(invoke("models", "--format", "json").output)
    open_source = json.loads(invoke("models", "--tier", "open_source", "--format", "json").output)
    assert {m["tier"] for m in open_source["models"]} == {"open_source"}
    assert open_source["counts"]["listed"] == everything["counts"]["by_tier"]["open_source"]
    assert sum(everything["counts"]["by_tier"].values()) == everything["counts"]["catalog"]
    meta = json.loads(invoke("models", "--developer", "META", "--format", "json").output)
    assert meta["models"] and {m["developer"] for m in meta["models"]} == {"Meta"}
    apache = json.loads(invoke("models", "--license", "Apache-2.0", "--format", "json").output)
    assert apache["models"] and {m["license"] for m in apache["models"]} == {"apache-2.0"}


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
def test_compare_golden(invoke: Invoke, golden: Callable[[str, str], None], fmt: str) -> None:
    result = invoke("compare", "llama-3-8b", "olmo-7b", "gpt-4o", "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"compare/llama-olmo-gpt.{'md' if fmt == 'markdown' else fmt}", result.output)


def test_compare_json_has_each_model(invoke: Invoke) -> None:
    data = json.loads(invoke("compare", "llama-3-8b", "gpt-4o", "--format", "json").output)
    assert [m["tier"] for m in data["models"]] == ["open_weights", "closed_api"]


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
def test_licenses_golden(invoke: Invoke, golden: Callable[[str, str], None], fmt: str) -> None:
    listing = invoke("licenses", "--format", fmt)
    one = invoke("licenses", "llama3.2", "--format", fmt)
    assert listing.exit_code == 0 and one.exit_code == 0
    suffix = "md" if fmt == "markdown" else fmt
    golden(f"licenses/all.{suffix}", listing.output)
    golden(f"licenses/llama3.2.{suffix}", one.output)


def test_llama_3_2_policy_withholds_multimodal_rights_in_the_eu(invoke: Invoke) -> None:
    data = json.loads(invoke("licenses", "llama3.2", "--format", "json").output)
    places = [t["value"] for t in data["terms"] if t["kind"] == "geographic_restriction"]
    assert places and "European Union" in places[0]
    assert data["osd"]["verdict"] == "fail"


def test_every_command_has_help(invoke: Invoke) -> None:
    for command in ("check", "models", "compare", "licenses"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "openness", "check", "gpt-4o", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tier"] == "closed_api"


def test_models_filters_by_modality(invoke: Invoke) -> None:
    import json

    kinds = ("--modality", "embedding", "--modality", "reranker")
    result = invoke("models", *kinds, "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["models"]
    assert listed and {m["modality"] for m in listed} <= {"embedding", "reranker"}
    assert invoke("models", "--modality", "poetry").exit_code == 2
