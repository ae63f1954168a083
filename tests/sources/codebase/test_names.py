"""What a string names depends on where it was found: repo ids, API names, paths, not-models."""

from __future__ import annotations

import pytest

from openness.sources.codebase.names import (
    Context,
    ReferenceKind,
    api_model_name,
    classify,
    hub_url_refs,
    is_model_key,
    plausible_hub_id,
)

HF, API, LOCAL = ReferenceKind.HUGGINGFACE, ReferenceKind.API, ReferenceKind.LOCAL
KEY, LOADER, CALL = Context.KEY, Context.LOADER, Context.API


@pytest.mark.parametrize(
    ("value", "context", "expected"),
    [
        ("meta-llama/Meta-Llama-3-8B", KEY, ("meta-llama/Meta-Llama-3-8B", HF)),
        ("Qwen/Qwen2.5-7B-Instruct", KEY, ("Qwen/Qwen2.5-7B-Instruct", HF)),
        ("  gpt-4o  ", KEY, ("gpt-4o", API)),
        ("claude-3-5-sonnet-20240620", KEY, ("claude-3-5-sonnet-20240620", API)),
        ("gemini-1.5-pro", KEY, ("gemini-1.5-pro", API)),
        ("models/gemini-1.5-flash", KEY, ("gemini-1.5-flash", API)),
        ("openai/gpt-4o", KEY, ("gpt-4o", API)),
        ("openai:gpt-4o", KEY, ("gpt-4o", API)),
        ("openai/whisper-large-v3", KEY, ("openai/whisper-large-v3", HF)),
        ("google/gemma-2b", KEY, ("google/gemma-2b", HF)),
        ("anthropic.claude-3-sonnet-20240229-v1:0", KEY, ("claude-3-sonnet-20240229-v1:0", API)),
        ("groq/llama3-8b-8192", KEY, ("groq/llama3-8b-8192", API)),
        ("huggingface/HuggingFaceH4/zephyr-7b-beta", KEY, ("HuggingFaceH4/zephyr-7b-beta", HF)),
        ("hf-hub:timm/vit_base_patch16_224", KEY, ("timm/vit_base_patch16_224", HF)),
        ("https://huggingface.co/google/gemma-2b/tree/main", KEY, ("google/gemma-2b", HF)),
        ("${MODEL:-mistralai/Mistral-7B-v0.1}", KEY, ("mistralai/Mistral-7B-v0.1", HF)),
        ("o1-mini", KEY, ("o1-mini", API)),
        ("command-r-plus", KEY, ("command-r-plus", API)),
        ("mistral-large-latest", KEY, ("mistral-large-latest", API)),
        ("gpt2", KEY, None),
        ("my-azure-deployment", KEY, None),
        ("my-azure-deployment", CALL, ("my-azure-deployment", API)),
        ("gpt2", LOADER, ("gpt2", HF)),
        ("./out", LOADER, ("./out", LOCAL)),
        ("/srv/models/llama", LOADER, ("/srv/models/llama", LOCAL)),
        ("models/my-model", LOADER, ("models/my-model", LOCAL)),
        ("model.safetensors", LOADER, ("model.safetensors", LOCAL)),
        ("output", LOADER, ("output", LOCAL)),
    ],
)
def test_classify(value: str, context: Context, expected: tuple[str, ReferenceKind] | None) -> None:
    assert classify(value, context) == expected


@pytest.mark.parametrize(
    "value",
    [
        "https://github.com/openai/whisper",
        "git+https://github.com/huggingface/transformers",
        "git@github.com:org/name.git",
        "github.com/org/name",
        "text/plain",
        "application/json",
        "image/png",
        "2024/05/13",
        "12/31",
        "src/models/llama.py",
        "weights/model.bin",
        "./checkpoints/best.pt",
        "/data/models",
        "a--b/c",
        "a/b..c",
        "org/",
        "/name",
        "has space/name",
        "https://huggingface.co/datasets/squad/plain_text",
        "https://huggingface.co/docs/transformers",
        "https://huggingface.co/spaces/org/demo",
        "@scope/package",
        "x" * 201,
        "",
    ],
)
def test_not_models_under_a_model_key(value: str) -> None:
    """Under a key, only a plausible repo id or a known API name counts."""
    assert classify(value, KEY) is None


def test_shape_alone_cannot_tell_an_import_path_from_a_repo_id() -> None:
    """Why import statements and bare strings are never read: only the context decides."""
    assert classify("react-dom/client", KEY) == ("react-dom/client", HF)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("GPT-4O", None), ("gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"), ("o5", None)],
)
def test_api_model_names_are_recognised_exactly(value: str, expected: str | None) -> None:
    assert api_model_name(value) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("model", True),
        ("Model", True),
        ("model_name_or_path", True),
        ("pretrained_model_name_or_path", True),
        ("_name_or_path", True),
        ("base-model", True),
        ("OPENAI_MODEL", True),
        ("HF_MODEL_ID", True),
        ("LLM_MODEL_NAME", True),
        ("DEFAULT_LLM", True),
        ("modelName", True),
        ("engine", True),
        ("model_dir", False),
        ("model_path", False),
        ("modeling", False),
        ("name", False),
        ("OPENAI_API_KEY", False),
    ],
)
def test_model_keys(key: str, expected: bool) -> None:
    assert is_model_key(key) is expected


def test_hub_urls_keep_org_and_name_only() -> None:
    text = (
        "https://huggingface.co/meta-llama/Meta-Llama-3-8B/resolve/main/config.json "
        "http://hf.co/google/gemma-2b. https://huggingface.co/api/models/org/name?x=1 "
        "https://huggingface.co/org/file.json https://huggingface.co/gpt2"
    )
    assert hub_url_refs(text) == ["meta-llama/Meta-Llama-3-8B", "google/gemma-2b", "org/name"]


def test_plausible_hub_ids_follow_the_hub_rules() -> None:
    assert plausible_hub_id("a/b")
    assert not plausible_hub_id("-a/b")
    assert not plausible_hub_id("a/b-")
    assert not plausible_hub_id("a" * 97 + "/b")
