"""`openness check`: verdicts for real models, every format pinned by golden files."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from .conftest import Invoke

GOLDEN_MODELS = ["meta-llama/Meta-Llama-3-8B", "allenai/OLMo-7B", "gpt-4o"]


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
@pytest.mark.parametrize("ref", GOLDEN_MODELS)
def test_check_golden(
    invoke: Invoke, golden: Callable[[str, str], None], ref: str, fmt: str
) -> None:
    result = invoke("check", ref, "--format", fmt)
    assert result.exit_code == 0, result.output
    name = ref.split("/")[-1].lower()
    golden(f"check/{name}.{'md' if fmt == 'markdown' else fmt}", result.output)


def _check(invoke: Invoke, ref: str) -> dict:  # type: ignore[type-arg]
    result = invoke("check", ref, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_llama_3_is_open_weights_for_the_cap_and_the_policy(invoke: Invoke) -> None:
    data = _check(invoke, "meta-llama/Meta-Llama-3-8B")
    assert data["model"]["id"] == "llama-3-8b"
    assert data["tier"] == "open_weights"
    assert data["osaid"]["verdict"] == "fail"
    assert data["license"]["license"]["id"] == "llama3"
    kinds = {t["kind"] for t in data["license"]["terms"]}
    assert {"user_threshold", "use_restrictions", "model_improvement_ban"} <= kinds
    cap = next(t for t in data["license"]["terms"] if t["kind"] == "user_threshold")
    assert cap["value"] == 700_000_000
    violations = {v["criterion"]: v["terms"] for v in data["license"]["osd"]["violations"]}
    assert "user_threshold" in violations[5] and "use_restrictions" in violations[6]
    assert any("user_threshold" in r for r in data["osaid"]["reasons"])


def test_olmo_is_open_source_class_one(invoke: Invoke) -> None:
    data = _check(invoke, "allenai/OLMo-7B")
    assert data["tier"] == "open_source"
    assert data["osaid"]["verdict"] == "pass"
    assert data["mof"]["class"] == "I"
    assert data["mof"]["missing"] == []


def test_gpt_4o_is_closed(invoke: Invoke) -> None:
    data = _check(invoke, "gpt-4o-2024-08-06")
    assert data["model"]["id"] == "gpt-4o"
    assert data["tier"] == "closed_api"
    assert data["osaid"]["verdict"] == "fail"
    assert data["license"] is None


def test_json_contract_keys(invoke: Invoke) -> None:
    data = _check(invoke, "llama-3-8b")
    assert set(data) >= {
        "model",
        "tier",
        "components",
        "license",
        "osaid",
        "mof",
        "tier_reasons",
        "sources",
    }
    assert set(data["model"]) >= {"id", "name", "developer"}
    assert data["components"]["model_parameters"]["available"] is True
    assert all(url.startswith("https://") for url in data["sources"])
    term = data["license"]["terms"][0]
    assert set(term) >= {"kind", "value", "quote", "span"}


def test_several_refs_give_a_json_list(invoke: Invoke) -> None:
    result = invoke("check", "gpt-4o", "llama-3-8b", "--format", "json")
    assert [d["model"]["id"] for d in json.loads(result.output)] == ["gpt-4o", "llama-3-8b"]


def test_user_kb_from_environment(invoke: Invoke, user_kb: object) -> None:
    result = invoke("check", "acme-chat", "--format", "json", env={"OPENNESS_KB": str(user_kb)})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["model"]["id"] == "acme-chat-7b"
    assert data["license"]["osd"]["verdict"] == "fail"
