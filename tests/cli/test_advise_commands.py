"""`openness estimate` and `openness advise` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke

ESTIMATE_KEYS = {
    "fits", "weights_gb", "kv_cache_gb_per_sequence", "max_concurrent_sequences",
    "throughput_tokens_per_s", "time_to_first_token_ms", "time_per_output_token_ms",
    "usd_per_million_output_tokens",
}  # fmt: skip


def test_estimate_json_contract(invoke: Invoke) -> None:
    result = invoke(
        "estimate", "meta-llama/Llama-3.3-70B-Instruct", "--gpu", "h100", "--gpus", "2",
        "--precision", "fp8", "--input-tokens", "1000", "--output-tokens", "1000",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert set(document) >= ESTIMATE_KEYS
    assert document["fits"] is True and document["gpus"] == 2
    assert document["throughput_tokens_per_s"] > 1000
    assert document["usd_per_million_output_tokens"] > 0


def test_estimate_picks_the_fewest_gpus_that_fit(invoke: Invoke) -> None:
    result = invoke("estimate", "llama-3.1-405b", "--gpu", "h100", "--format", "json")
    document = json.loads(result.output)
    assert document["gpus"] == 8 and document["fits"] is True


def test_estimate_table_is_readable(invoke: Invoke) -> None:
    result = invoke("estimate", "llama-3.1-8b", "mixtral-8x7b", "--gpu", "h200")
    assert result.exit_code == 0
    assert "output tokens/s at full load" in result.output
    assert "llama-3.1-8b" in result.output and "mixtral-8x7b" in result.output
    assert "US$" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["estimate", "no-such-model"], "Unknown model"),
        (
            ["estimate", "llama-3.1-8b", "--gpu", "tpu"],
            "Valid GPUs: a100-40gb, a100-80gb, a10g, b200, h100",
        ),
        (["estimate", "llama-3.1-8b", "--gpus", "0"], "--gpus must be between"),
        (["estimate", "gpt-4o"], "lacks the facts"),
        (["advise", "--monthly-input-tokens", "-5"], "must not be negative"),
        (["advise", "--gpu", "tpu"], "Valid GPUs"),
        (["advise", "--plot", "chart.pdf"], ".svg or .png"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_advise_reads_a_profile_and_flags_override_it(invoke: Invoke, tmp_path: Path) -> None:
    profile = tmp_path / "hospital.yaml"
    profile.write_text(
        "privacy: required\nmonthly_input_tokens: 2000000000\n"
        "monthly_output_tokens: 500000000\nfine_tuning: deep\ncommercial: true\n",
        encoding="utf-8",
    )
    result = invoke("advise", "--profile", str(profile), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["recommendation"] == "open_self_hosted"
    assert {r["criterion"] for r in document["reasons"]} >= {"privacy", "fine_tuning"}
    assert all(entry["deployment"] == "self_hosted" for entry in document["shortlist"])
    assert all(
        set(entry) >= {"model", "deployment", "monthly_cost_usd", "license_ok", "notes"}
        for entry in document["shortlist"]
    )
    assert "break_even_tokens_per_month" in document
    loosened = invoke("advise", "--profile", str(profile), "--privacy", "none", "--format", "json")
    shortlist = json.loads(loosened.output)["shortlist"]
    assert any(entry["deployment"] == "api" for entry in shortlist)


def test_malformed_profile_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    profile = tmp_path / "broken.yaml"
    profile.write_text("privacy: [required\n", encoding="utf-8")
    result = invoke("advise", "--profile", str(profile))
    assert result.exit_code == 2
    assert "not valid YAML" in result.output and str(profile) in result.output


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_advise_plots_the_cost_chart(invoke: Invoke, tmp_path: Path, suffix: str) -> None:
    chart = tmp_path / f"costs{suffix}"
    result = invoke(
        "advise", "--monthly-input-tokens", "10000000000", "--monthly-output-tokens",
        "40000000000", "--utilization", "0.9", "--request-input-tokens", "500",
        "--request-output-tokens", "500", "--plot", str(chart),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = chart.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    else:
        text = data.decode()
        assert "<svg" in text and "break-even" in text
    assert "Break-even:" in result.output and "tokens a month" in result.output


def test_advise_why_names_the_place_and_a_missing_model_is_exit_2(invoke: Invoke) -> None:
    result = invoke("advise", "--region", "EU", "--why", "llama-4-maverick")
    assert result.exit_code == 0 and "llama-4-maverick: excluded" in result.stdout
    document = json.loads(invoke("advise", "--why", "gemini-1.5-flash", "--format", "json").stdout)
    assert document["place"] == "not_considered" and "retired" in document["why"][0]
    missing = invoke("advise", "--why", "no-such-model-xyz")
    assert missing.exit_code == 2 and missing.stderr.startswith("error: Unknown model")
