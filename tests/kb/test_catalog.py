"""Resolving what users type to catalog models: ids, aliases, URLs, API snapshots."""

from __future__ import annotations

import pytest

from openness.errors import ModelNotFoundError
from openness.kb import Catalog

RESOLVES = [
    ("llama-3-8b", "llama-3-8b"),
    ("LLAMA-3-8B", "llama-3-8b"),
    ("meta-llama/Meta-Llama-3-8B", "llama-3-8b"),
    ("meta-llama/meta-llama-3-8b-instruct", "llama-3-8b"),
    ("  meta-llama/Meta-Llama-3-8B  ", "llama-3-8b"),
    ("https://huggingface.co/meta-llama/Meta-Llama-3-8B", "llama-3-8b"),
    ("https://huggingface.co/meta-llama/Meta-Llama-3-8B/tree/main", "llama-3-8b"),
    ("hf.co/meta-llama/Meta-Llama-3-8B-Instruct", "llama-3-8b"),
    ("gpt-4o", "gpt-4o"),
    ("gpt-4o-2024-08-06", "gpt-4o"),
    ("GPT-4o-2024-11-20", "gpt-4o"),
    ("openai/gpt-4o", "gpt-4o"),
    ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet"),
    ("claude-3-5-sonnet-latest", "claude-3-5-sonnet"),
    ("anthropic/claude-3-5-sonnet-20241022", "claude-3-5-sonnet"),
    ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet"),
    ("anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet"),
    ("models/gemini-1.5-pro", "gemini-1.5-pro"),
    ("gemini-1.5-pro-002", "gemini-1.5-pro"),
]


@pytest.mark.parametrize(("ref", "model_id"), RESOLVES)
def test_resolves(catalog: Catalog, ref: str, model_id: str) -> None:
    assert catalog.resolve_model(ref).id == model_id


def test_gpt_4o_mini_is_not_gpt_4o(catalog: Catalog) -> None:
    assert catalog.resolve_model("gpt-4o-mini-2024-07-18").id == "gpt-4o-mini"


def test_unknown_org_prefix_is_not_stripped(catalog: Catalog) -> None:
    # A fine-tune named like a catalog model is a different model.
    assert catalog.find_model_id("someone/llama-3-8b") is None


@pytest.mark.parametrize("ref", ["", "   ", "x" * 10_000_000, "no-such-model-anywhere"])
def test_unknown_refs_raise_with_a_useful_message(catalog: Catalog, ref: str) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        catalog.resolve_model(ref)
    message = str(info.value)
    assert "openness models" in message
    assert len(message) < 300


def test_near_miss_gets_suggestions(catalog: Catalog) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        catalog.resolve_model("meta-llama/Meta-Llama-3-8")
    assert "llama-3-8b" in info.value.suggestions


def test_license_lookup_by_alias(catalog: Catalog) -> None:
    assert catalog.license("GEMMA").id == "gemma-tou-2025-03-24"
    assert catalog.license("llama-4-cla-2025").id == "llama4"
