"""`openness scan --obligations` and `--format notice`: what shipping the models found requires."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke

SOURCE = """\
from openai import OpenAI
from transformers import AutoModelForCausalLM, pipeline

m = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
g = pipeline("text-generation", model="google/gemma-3-12b-it")
k = AutoModelForCausalLM.from_pretrained("moonshotai/Kimi-K2-Instruct")
x = AutoModelForCausalLM.from_pretrained("someone/unknown-model-7b")
OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])
"""


@pytest.fixture
def app(tmp_path: Path) -> Path:
    """A code base that ships two open models, a modified-MIT one, an API and an unknown."""
    root = tmp_path / "shipping-app"
    root.mkdir()
    (root / "main.py").write_text(SOURCE)
    return root


def test_notice_golden(invoke: Invoke, golden: Callable[[str, str], None], app: Path) -> None:
    result = invoke("scan", str(app), "--format", "notice")
    assert result.exit_code == 0, result.output  # no policy: a report, not a gate
    text = result.stdout.replace(str(app), "shipping-app")
    assert "“Built with Llama”" in text and "Gemma Prohibited Use Policy" in text
    assert "license is unknown. Review before shipping" in text
    golden("scan/shipping-app.notice", text)


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


def test_a_declared_use_gates_the_scan(invoke: Invoke, tmp_path: Path, app: Path) -> None:
    policy = _policy(
        tmp_path,
        "use: saas\nunknown_license: warn\norganization:\n  monthly_active_users: 50000\n"
        "  region: DE\n",
    )
    result = invoke("scan", str(app), "--policy", str(policy), "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0, data["policy"]
    by_ref = {m["ref"]: m for m in data["models"]}
    llama = by_ref["meta-llama/Llama-3.1-8B-Instruct"]["obligations"]
    assert llama["allowed"] is True and llama["use"] == "saas"
    assert "attribution" in [d["kind"] for d in llama["duties"]]
    warned = {w["ref"] for w in data["policy"]["warnings"] if w["rule"] == "use"}
    assert "gpt-4o-mini" in warned  # a closed API's terms are not read: unknown, not allowed


def test_a_use_the_license_refuses_fails_the_gate(invoke: Invoke, tmp_path: Path) -> None:
    policy = _policy(tmp_path, "use: outputs\nunknown_license: warn\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "train.py").write_text(
        'from transformers import pipeline\npipe = pipeline("text-generation", '
        'model="meta-llama/Llama-2-7b-hf")\n'
    )
    result = invoke("scan", str(tmp_path / "app"), "--policy", str(policy), "--format", "json")
    assert result.exit_code == 1
    violations = json.loads(result.stdout)["policy"]["violations"]
    assert [v["rule"] for v in violations] == ["use"]
    assert "may not be used to improve other models" in violations[0]["why"]


def test_obligations_need_a_use(invoke: Invoke, app: Path) -> None:
    result = invoke("scan", str(app), "--obligations")
    assert result.exit_code == 2 and "needs a use" in result.stderr


@pytest.mark.parametrize("use", ["sell", 3, ["saas"]])
def test_a_bad_use_in_the_policy_is_one_line(
    invoke: Invoke, tmp_path: Path, app: Path, use: object
) -> None:
    policy = _policy(tmp_path, f"use: {json.dumps(use)}\n")
    result = invoke("scan", str(app), "--policy", str(policy))
    assert result.exit_code == 2
    assert "use must be one of" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_fine_tune_with_a_lying_license_is_a_finding(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "models" / "my-llama"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        "---\nlicense: mit\nbase_model: meta-llama/Meta-Llama-3-8B\n---\n"
    )
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    result = invoke("scan", str(tmp_path), "--use", "distribute", "--format", "json")
    data = json.loads(result.stdout)
    conflicts = [f for f in data["findings"] if f["kind"] == "license_conflict"]
    assert conflicts and "llama3" in conflicts[0]["detail"]
    found = data["models"][0]["obligations"]
    assert any(d.get("inherited_from") == "llama-3-8b" for d in found["duties"])
