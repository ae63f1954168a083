"""`openness obligations`: duties and blockers per use, pinned by reviewed goldens."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Invoke

USES = ("internal", "saas", "embed", "distribute", "derive", "outputs")
CONTEXT = ("--mau", "5M", "--revenue", "20M", "--region", "DE")
"""A mid-sized company in Germany: under every user cap, above small revenue caps."""
GOLDEN_MODELS = (
    "llama-3.1-8b",
    "llama-3.2-11b-vision",
    "llama-2-7b",
    "gemma-3-12b",
    "qwen2.5-72b",
    "qwen2.5-3b",
    "mistral-7b-v0.3",
    "olmo-2-7b",
    "flux.1-dev",
    "stable-diffusion-3.5-large",
    "bloom",
    "kimi-k2",
    "gpt-4o",
    "dolphin-2.9-llama3-8b",
)


def _run(invoke: Invoke, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = invoke("obligations", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("model", GOLDEN_MODELS)
def test_obligations_golden(invoke: Invoke, golden: Callable[[str, str], None], model: str) -> None:
    answers = {}
    for use in USES:
        code, data = _run(invoke, model, "--use", use, *CONTEXT)
        assert code == (0 if data["allowed"] is True else 1)
        answers[use] = data
    golden(f"obligations/{model}.json", json.dumps(answers, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_obligations_golden_for_people(
    invoke: Invoke, golden: Callable[[str, str], None], fmt: str
) -> None:
    result = invoke("obligations", "llama-3.1-8b", "--use", "saas", *CONTEXT, "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"obligations/llama-3.1-8b-saas.{'md' if fmt == 'markdown' else 'txt'}", result.stdout)


def test_every_item_has_a_quote_and_a_source(invoke: Invoke) -> None:
    for model in GOLDEN_MODELS:
        for use in USES:
            _, data = _run(invoke, model, "--use", use, *CONTEXT)
            for item in [*data["blockers"], *data["duties"]]:
                assert item["what"] and item["source"], (model, use, item)
                if item["kind"] not in ("gate", "no_weights"):
                    assert item["quote"], (model, use, item)


def test_a_user_cap_is_decided_only_with_the_users(invoke: Invoke) -> None:
    _, unknown = _run(invoke, "qwen2.5-72b", "--use", "saas")
    assert unknown["allowed"] is None
    assert any("--mau" in reason for reason in unknown["reasons"])
    _, below = _run(invoke, "qwen2.5-72b", "--use", "saas", "--mau", "99M")
    assert below["allowed"] is True
    assert [c["kind"] for c in below["cleared"]] == ["user_threshold"]
    code, above = _run(invoke, "qwen2.5-72b", "--use", "saas", "--mau", "101000000")
    assert code == 1 and above["allowed"] is False
    assert above["blockers"][0]["kind"] == "user_threshold" and above["blockers"][0]["applies"]


def test_the_eu_exclusion_of_llama_3_2_binds_only_its_multimodal_models(invoke: Invoke) -> None:
    _, vision = _run(
        invoke, "llama-3.2-11b-vision", "--use", "saas", "--mau", "1k", "--region", "FR"
    )
    assert vision["allowed"] is False
    assert vision["blockers"][0]["kind"] == "geographic_restriction"
    _, text = _run(invoke, "llama-3.2-3b", "--use", "saas", "--mau", "1k", "--region", "FR")
    assert text["allowed"] is True
    _, us = _run(invoke, "llama-3.2-11b-vision", "--use", "saas", "--mau", "1k", "--region", "US")
    assert us["allowed"] is True
    _, anywhere = _run(invoke, "llama-3.2-3b", "--use", "saas", "--mau", "1k")  # no --region
    assert anywhere["allowed"] is True  # the clause does not cover a text model at all
    _, untold = _run(invoke, "llama-3.2-11b-vision", "--use", "saas", "--mau", "1k")
    assert untold["allowed"] is None


def test_non_commercial_terms_block_commercial_use_only(invoke: Invoke) -> None:
    _, commercial = _run(invoke, "flux.1-dev", "--use", "internal")
    assert commercial["allowed"] is False
    assert "non_commercial" in [b["kind"] for b in commercial["blockers"] if b["applies"]]
    _, hobby = _run(invoke, "flux.1-dev", "--use", "internal", "--purpose", "non_commercial")
    assert "non_commercial" not in [b["kind"] for b in hobby["blockers"]]
    _, research = _run(invoke, "qwen2.5-3b", "--use", "internal", "--purpose", "research")
    assert research["allowed"] is not False


def test_a_model_improvement_ban_blocks_training_on_outputs(invoke: Invoke) -> None:
    _, llama2 = _run(invoke, "llama-2-7b", "--use", "outputs", *CONTEXT)
    assert llama2["allowed"] is False
    assert llama2["blockers"][0]["kind"] == "model_improvement_ban"
    _, llama31 = _run(invoke, "llama-3.1-8b", "--use", "outputs", *CONTEXT)
    assert llama31["allowed"] is True  # 3.1 dropped the ban, and asks for the Llama name
    assert "naming" in [d["kind"] for d in llama31["duties"]]


def test_a_closed_api_has_no_weights_to_ship_and_unread_terms_to_use(invoke: Invoke) -> None:
    code, ship = _run(invoke, "gpt-4o", "--use", "embed")
    assert code == 1 and ship["allowed"] is False and ship["blockers"][0]["kind"] == "no_weights"
    code, serve = _run(invoke, "gpt-4o", "--use", "saas")
    assert code == 1 and serve["allowed"] is None and "terms of service" in serve["reasons"][0]


def test_a_display_duty_above_a_threshold_binds_only_above_it(invoke: Invoke) -> None:
    _, small = _run(invoke, "kimi-k2", "--use", "saas", "--mau", "5M", "--revenue", "20M")
    assert small["allowed"] is True
    assert "attribution" not in [d["kind"] for d in small["duties"]]
    assert "not required" in small["cleared"][0]["what"]
    _, big = _run(invoke, "kimi-k2", "--use", "saas", "--mau", "150M", "--revenue", "20M")
    assert [d["kind"] for d in big["duties"]] == ["attribution"]
    assert "“Kimi K2”" in big["duties"][0]["what"]
    _, untold = _run(invoke, "kimi-k2", "--use", "saas")
    assert untold["allowed"] is True  # the duty is conditional; use is never refused
    assert "only above a threshold" in untold["duties"][0]["what"]


def test_a_gated_model_asks_for_the_terms_before_download(invoke: Invoke) -> None:
    _, gemma = _run(invoke, "gemma-3-12b", "--use", "internal")
    gate = [d for d in gemma["duties"] if d["kind"] == "gate"]
    assert gate and gate[0]["source"].startswith("https://huggingface.co/")
    _, olmo = _run(invoke, "olmo-2-7b", "--use", "internal")
    assert "gate" not in [d["kind"] for d in olmo["duties"]]


def _folder(root: Path, card: str, license_text: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(card)
    (root / "config.json").write_text("{}")
    (root / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    if license_text is not None:
        (root / "LICENSE").write_text(license_text)
    return root


LYING_CARDS = {
    "llama-as-apache": (
        "license: apache-2.0\nbase_model: meta-llama/Meta-Llama-3-8B\n",
        "llama3",
        {"use_restrictions", "user_threshold"},
    ),
    "gemma-as-mit": (
        "license: mit\nbase_model: google/gemma-2-9b\n",
        "gemma",
        {"use_restrictions", "restrictions_pass_through"},
    ),
    "research-qwen-as-apache": (
        "license: apache-2.0\nbase_model: Qwen/Qwen2.5-3B\n",
        "qwen-research",
        {"non_commercial"},
    ),
    "merge-of-llama-and-flux": (
        "license: apache-2.0\nbase_model:\n- meta-llama/Llama-3.1-8B\n"
        "- black-forest-labs/FLUX.1-dev\nbase_model_relation: merge\n",
        "llama3.1",
        {"use_restrictions"},
    ),
}


@pytest.mark.parametrize("name", sorted(LYING_CARDS))
def test_a_derivative_that_drops_its_bases_terms_is_a_conflict_and_keeps_them(
    invoke: Invoke, tmp_path: Path, name: str
) -> None:
    card, base_license, kinds = LYING_CARDS[name]
    folder = _folder(tmp_path / name, f"---\n{card}---\n# a fine-tune\n")
    result = invoke("check", str(folder), "--format", "json")
    data = json.loads(result.stdout)
    conflicts = data["license_conflicts"]
    assert any(c["base_license"].startswith(base_license) for c in conflicts), conflicts
    assert kinds <= {k for c in conflicts for k in c["terms"]}
    assert all(c["quote"] and c["declared"] in ("apache-2.0", "mit") for c in conflicts)
    assert "finding: license_conflict" in result.stderr
    _, duties = _run(invoke, str(folder), "--use", "saas", "--mau", "1k", "--region", "US")
    inherited = {i["inherited_from"] for i in [*duties["duties"], *duties["blockers"]]}
    assert inherited - {None}, "the base's terms are carried over"
    assert duties["allowed"] is not True or "non_commercial" not in kinds


def test_a_non_commercial_base_relabelled_for_commercial_use_is_blocked(
    invoke: Invoke, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path / "nc", "---\nlicense: apache-2.0\nbase_model: black-forest-labs/FLUX.1-dev\n---\n"
    )
    code, data = _run(invoke, str(folder), "--use", "saas", "--mau", "1k", "--region", "US")
    assert code == 1 and data["allowed"] is False
    blocker = next(b for b in data["blockers"] if b["kind"] == "non_commercial")
    assert blocker["inherited_from"] == "flux.1-dev" and blocker["applies"] is True


def test_an_adapter_says_it_runs_only_on_its_base(invoke: Invoke, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path / "lora",
        "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"
        "base_model_relation: adapter\n---\n",
    )
    _, data = _run(invoke, str(folder), "--use", "internal", "--mau", "1k")
    assert any("an adapter" in note and "llama-3.1-8b" in note for note in data["notes"])
    check = json.loads(invoke("check", str(folder), "--format", "json").stdout)
    assert check["lineage"][0]["relation"] == "adapter"
    assert "license_conflicts" not in check  # same license as the base


def test_an_unknown_base_leaves_the_answer_unknown(invoke: Invoke, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path / "orphan", "---\nlicense: apache-2.0\nbase_model: someone/unheard-of-7b\n---\n"
    )
    code, data = _run(invoke, str(folder), "--use", "saas")
    assert code == 1 and data["allowed"] is None
    assert any("license is unknown" in reason for reason in data["reasons"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("llama-3.1-8b", "--use", "sell"), "'sell' is not one of"),
        (("llama-3.1-8b", "--use", "saas", "--mau", "lots"), "is not a number"),
        (("llama-3.1-8b", "--use", "saas", "--revenue", "5M:dollars"), "not a currency code"),
        (("llama-3.1-8b", "--use", "saas", "--region", " "), "--region is empty"),
        (("no-such-model-xyz", "--use", "saas"), "no-such-model-xyz"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    invoke: Invoke, args: tuple[str, ...], message: str
) -> None:
    result = invoke("obligations", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_license_not_shown_to_grant_the_use_is_never_a_yes(
    invoke: Invoke, tmp_path: Path
) -> None:
    # A catalog license whose terms are not recorded (Falcon-LLM 2.0) grants nothing known.
    _, falcon = _run(invoke, "falcon3-7b", "--use", "internal", *CONTEXT)
    assert falcon["allowed"] is None
    assert any("not shown to grant" in reason for reason in falcon["reasons"])
    # A text that only keeps notices, with no grant of rights at all.
    folder = _folder(
        tmp_path / "no-grant",
        "---\nlicense: other\n---\n",
        "Copyright 2025 ACME Corp.\n\nThe above copyright notice and this permission notice "
        "shall be included in all copies or substantial portions of the Software.\n",
    )
    _, bare = _run(invoke, str(folder), "--use", "internal")
    assert bare["allowed"] is None
