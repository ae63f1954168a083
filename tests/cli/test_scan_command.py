"""`openness scan` as CI runs it: models found, the gate's exit codes, and every format."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.cli.conftest import Invoke
from tests.conftest import FIXTURES
from tests.sources.formats.conftest import Payload, safetensors_bytes

SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small code base that uses an open model, a closed API and a non-commercial model."""
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(
        "from transformers import AutoModelForCausalLM\n"
        "from openai import OpenAI\n"
        'BASE = "meta-llama/Meta-Llama-3-8B"\n'
        "model = AutoModelForCausalLM.from_pretrained(BASE)\n"
        "client = OpenAI()\n"
        'reply = client.chat.completions.create(model="gpt-4o", messages=[])\n'
        'see = "https://github.com/meta-llama/llama3"\n',
        encoding="utf-8",
    )
    (root / "config.yaml").write_text("model: CohereForAI/c4ai-command-r-v01\n", encoding="utf-8")
    return root


POLICY = """\
allow_tiers: [open_source, open_weights]
deny_terms: [non_commercial, research_only]
organization:
  monthly_active_users: 1000
"""


def _json(invoke: Invoke, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("scan", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_scan_finds_each_model_with_file_and_line(invoke: Invoke, project: Path) -> None:
    code, document = _json(invoke, str(project))
    assert code == 0
    found = {entry["ref"]: entry["found_at"] for entry in document["models"]}
    assert "app/main.py:4" in found["meta-llama/Meta-Llama-3-8B"]
    assert "app/main.py:6" in found["gpt-4o"]
    assert any(ref.lower() == "cohereforai/c4ai-command-r-v01" for ref in found)
    assert not any("github" in ref for ref in found)


def test_policy_gate_exit_codes(invoke: Invoke, project: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    code, document = _json(invoke, str(project), "--policy", str(policy))
    assert code == 1
    rules = {(v["ref"], v["rule"]) for v in document["policy"]["violations"]}
    assert ("gpt-4o", "allow_tiers") in rules
    assert any(rule == "deny_terms" for _, rule in rules)
    (project / "app" / "main.py").write_text(
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("allenai/OLMo-7B")\n',
        encoding="utf-8",
    )
    (project / "config.yaml").unlink()
    code, document = _json(invoke, str(project), "--policy", str(policy))
    assert code == 0, document["policy"]
    assert [entry["ref"] for entry in document["models"]] == ["allenai/OLMo-7B"]


def test_bad_policy_file_is_exit_2(invoke: Invoke, project: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("allow_tiers: [everything]\n", encoding="utf-8")
    result = invoke("scan", str(project), "--policy", str(policy))
    assert result.exit_code == 2
    assert "policy.yaml" in result.output and "Traceback" not in result.output


def test_unsafe_pickle_in_the_tree_fails_the_scan(invoke: Invoke, project: Path) -> None:
    folder = project / "models" / "local"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    marker = project / "PWNED"
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(Payload(f"touch {marker}")))
    (folder / "model.safetensors").write_bytes(safetensors_bytes({"w": ("F16", [4, 4])}))
    code, document = _json(invoke, str(project))
    assert code == 1
    assert not marker.exists()
    kinds = {finding["kind"] for finding in document["findings"]}
    assert "unsafe_pickle" in kinds


def test_sarif_validates_against_the_schema(invoke: Invoke, project: Path) -> None:
    result = invoke("scan", str(project), "--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    locations = [
        location["physicalLocation"]
        for run in log["runs"]
        for item in run["results"]
        for location in item.get("locations", [])
    ]
    assert any(
        loc["artifactLocation"]["uri"] == "app/main.py" and loc["region"]["startLine"] == 6
        for loc in locations
    )


def test_cyclonedx_passes_the_strict_validator(invoke: Invoke, project: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    result = invoke("scan", str(project), "--format", "cyclonedx")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(result.stdout) is None
    bom = json.loads(result.stdout)
    assert bom["specVersion"] == "1.6"
    models = [c for c in bom["components"] if c["type"] == "machine-learning-model"]
    assert len(models) >= 3
    llama = next(c for c in models if "llama" in c["name"].lower())
    assert "modelCard" in llama
    licenses = [entry["license"] for entry in llama.get("licenses", [])]
    assert licenses and ("name" in licenses[0] or "id" in licenses[0])


def test_spdx_has_ai_packages(invoke: Invoke, project: Path) -> None:
    result = invoke("scan", str(project), "--format", "spdx")
    document = json.loads(result.stdout)
    assert "spdx.org/rdf/3.0.1" in json.dumps(document["@context"])
    types = [node.get("type") for node in document["@graph"]]
    assert types.count("ai_AIPackage") >= 3


def test_output_file_and_markdown(invoke: Invoke, project: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    result = invoke("scan", str(project), "--format", "markdown", "-o", str(report))
    assert result.exit_code == 0
    text = report.read_text(encoding="utf-8")
    assert "gpt-4o" in text and "app/main.py:6" in text


def test_vendored_folders_are_skipped_unless_asked(invoke: Invoke, project: Path) -> None:
    vendored = project / "node_modules" / "lib"
    vendored.mkdir(parents=True)
    (vendored / "x.py").write_text(
        'from transformers import pipeline\npipe = pipeline(model="mistralai/Mistral-7B-v0.1")\n',
        encoding="utf-8",
    )
    _, document = _json(invoke, str(project))
    assert not any("mistral" in entry["ref"].lower() for entry in document["models"])
    _, document = _json(invoke, str(project), "--include-vendored")
    assert any("mistral" in entry["ref"].lower() for entry in document["models"])


def test_scan_of_the_fixture_code_bases_does_not_crash(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "codebases"
    shutil.copytree(FIXTURES / "codebases", target, symlinks=True)
    result = invoke("scan", str(target), "--format", "json")
    assert result.exit_code in (0, 1)
    assert json.loads(result.stdout)["models"]
