"""The bundled knowledge base: every file valid, invariants hold, index up to date."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from openness.kb import Catalog, Component
from openness.kb.index import records_to_index
from openness.kb.loader import DATA, INDEX_NAME, load_bundled_sources
from openness.kb.validate import find_problems

ROOT = Path(__file__).parents[2]
DATA_DIR = Path(str(DATA))


@pytest.fixture(scope="module")
def sources():  # type: ignore[no-untyped-def]
    return load_bundled_sources()


def test_every_file_validates(sources) -> None:  # type: ignore[no-untyped-def]
    assert sources.problems == []


def test_cross_file_invariants_hold(sources) -> None:  # type: ignore[no-untyped-def]
    assert find_problems(sources.models, sources.licenses) == []


def test_file_names_match_ids(sources) -> None:  # type: ignore[no-untyped-def]
    for table in (sources.models, sources.licenses):
        for record_id, (_, origin) in table.items():
            assert Path(origin).stem == record_id


def test_index_matches_yaml(sources) -> None:  # type: ignore[no-untyped-def]
    built = records_to_index(
        (m for m, _ in sources.models.values()),
        (r for r, _ in sources.licenses.values()),
        (g for g, _ in sources.gpus.values()),
    )
    shipped = json.loads((DATA_DIR / INDEX_NAME).read_text(encoding="utf-8"))
    assert shipped == built, "index.json is stale: run python scripts/build_index.py"


def test_index_records_equal_yaml_records(sources, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    for model_id, (model, _) in sources.models.items():
        assert catalog.model(model_id) == model
    for license_id, (record, _) in sources.licenses.items():
        assert catalog.license(license_id) == record


def test_catalog_size_and_tiers(catalog: Catalog) -> None:
    from openness.assess import Tier, assess_model

    tiers = {assess_model(m, catalog).tier for m in catalog.models()}
    assert len(catalog) >= 60
    assert tiers == set(Tier)


FAMILIES = {
    "GPT-4": "gpt-4",
    "GPT-4o": "gpt-4o",
    "o1": "o1",
    "o3": "o3",
    "Gemini 1.5 Pro": "gemini-1.5-pro",
    "Gemini 2.x": "gemini-2.0-flash",
    "Claude 3.5 Sonnet": "claude-3-5-sonnet",
    "Llama 2": "meta-llama/Llama-2-7b-hf",
    "Llama 3": "meta-llama/Meta-Llama-3-70B",
    "Llama 3.1": "meta-llama/Llama-3.1-405B",
    "Llama 3.2": "meta-llama/Llama-3.2-1B",
    "Llama 3.3": "meta-llama/Llama-3.3-70B-Instruct",
    "Llama 4": "meta-llama/Llama-4-Scout-17B-16E-Instruct",
    "Mistral 7B": "mistralai/Mistral-7B-v0.1",
    "Mixtral 8x7B": "mistralai/Mixtral-8x7B-v0.1",
    "Mixtral 8x22B": "mistralai/Mixtral-8x22B-v0.1",
    "Gemma": "google/gemma-7b",
    "Gemma 2": "google/gemma-2-9b",
    "Gemma 3": "google/gemma-3-27b-it",
    "OLMo": "allenai/OLMo-7B",
    "OLMo 2": "allenai/OLMo-2-1124-7B",
    "Pythia": "EleutherAI/pythia-12b",
    "BLOOM": "bigscience/bloom",
    "Falcon": "tiiuae/falcon-40b",
    "Phi-2": "microsoft/phi-2",
    "Phi-3": "microsoft/Phi-3-mini-4k-instruct",
    "Qwen2.5": "Qwen/Qwen2.5-7B",
    "DeepSeek-V3": "deepseek-ai/DeepSeek-V3",
    "DeepSeek-R1": "deepseek-ai/DeepSeek-R1",
    "StarCoder2": "bigcode/starcoder2-15b",
    "Granite": "ibm-granite/granite-3.0-8b-instruct",
    "Amber": "LLM360/Amber",
    "CrystalCoder": "LLM360/CrystalCoder",
    "T5": "google-t5/t5-base",
    "GPT-J": "EleutherAI/gpt-j-6b",
    "GPT-NeoX": "EleutherAI/gpt-neox-20b",
    "Grok-1": "xai-org/grok-1",
    "Command R+": "CohereForAI/c4ai-command-r-plus",
    "DBRX": "databricks/dbrx-instruct",
    "Yi": "01-ai/Yi-34B",
    "gpt-oss": "openai/gpt-oss-120b",
    "SmolLM": "HuggingFaceTB/SmolLM-1.7B",
}


@pytest.mark.parametrize("ref", FAMILIES.values(), ids=FAMILIES.keys())
def test_required_families_are_present(catalog: Catalog, ref: str) -> None:
    assert catalog.find_model_id(ref) is not None


def test_most_open_weights_models_carry_architecture(catalog: Catalog) -> None:
    """Shape facts come from a config.json someone read: unknown is allowed, most are known."""
    generative = [
        m
        for m in catalog.models()
        if m.component(Component.MODEL_PARAMETERS).available and m.modality in {"text", "code"}
    ]
    shaped = [m for m in generative if m.architecture is not None]
    assert len(generative) >= 150
    assert len(shaped) >= 0.6 * len(generative), sorted(
        m.id for m in generative if m.architecture is None
    )


def test_every_model_has_the_basic_facts(catalog: Catalog) -> None:
    for model in catalog.models():
        assert model.developer and model.family, model.id
        assert Component.MODEL_PARAMETERS in model.components, model.id
    dated = [m for m in catalog.models() if m.release_date is not None]
    assert len(dated) >= 0.8 * len(catalog)  # unknown stays unknown, but most are dated


def test_moe_models_state_fewer_active_than_total_parameters(catalog: Catalog) -> None:
    moe = [m for m in catalog.models() if m.architecture and m.architecture.experts]
    assert len(moe) >= 8
    for model in moe:
        if model.parameters_total is None:
            continue  # unknown is allowed; a guess is not
        assert model.parameters_active is not None, model.id
        assert model.parameters_active.value < model.parameters_total.value, model.id


def test_no_path_of_this_machine_is_committed() -> None:
    pattern = re.compile(r"(?:^|[\s\"'])/(?:work|root|home|tmp)/")
    for path in DATA_DIR.rglob("*.yaml"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_build_script_check_mode_agrees() -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_index.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
