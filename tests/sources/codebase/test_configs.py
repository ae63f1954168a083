"""Configuration files: values under model-like keys, with the line they are on."""

from __future__ import annotations

import json
import textwrap
import time

import pytest

from openness.sources.codebase.text import (
    find_env_references,
    find_json_references,
    find_line_references,
    find_shell_references,
    find_toml_references,
    find_yaml_references,
)

Found = set[tuple[str, int, str]]


def _found(references: list) -> Found:  # type: ignore[type-arg]
    return {(r.ref, r.line, r.via) for r in references}


def _text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


YAML_CASES: dict[str, tuple[str, Found]] = {
    "keys-lists-and-nesting": (
        """
        model: gpt-4o
        base_model: [mistralai/Mistral-7B-v0.1, ./local]
        reward:
          model:
            name: OpenAssistant/reward-model-deberta-v3-large
            path: /data/x
        judges:
          - name: claude-3-5-sonnet-latest
        """,
        {
            ("gpt-4o", 1, "yaml:model"),
            ("mistralai/Mistral-7B-v0.1", 2, "yaml:base_model"),
            ("OpenAssistant/reward-model-deberta-v3-large", 5, "yaml:model.name"),
        },
    ),
    "several-documents-and-anchors": (
        """
        defaults: &d
          model_id: google/flan-t5-base
        ---
        run:
          <<: *d
          llm: "gemini-1.5-pro"
        """,
        {("google/flan-t5-base", 2, "yaml:model_id"), ("gemini-1.5-pro", 6, "yaml:llm")},
    ),
    "environment-items": (
        """
        env:
          - OPENAI_MODEL=gpt-4o-mini
          - name: HF_MODEL_ID
            value: x
          - LOG_LEVEL=debug
        vars:
          EMBEDDING_MODEL: ${EMBEDDING_MODEL:-text-embedding-3-small}
        """,
        {
            ("gpt-4o-mini", 2, "env:OPENAI_MODEL"),
            ("text-embedding-3-small", 7, "yaml:EMBEDDING_MODEL"),
        },
    ),
    "complex-keys-and-odd-scalars": (
        """
        ? [model, x]
        : gpt-4o
        model: 7
        model: ~
        engine: postgresql
        """,
        set(),
    ),
    "not-yaml-read-by-lines": (
        """
        spec:
          {{- if .Values.enabled }}
          model: "meta-llama/Meta-Llama-3-8B"
          {{- end }}
        """,
        {("meta-llama/Meta-Llama-3-8B", 3, "yaml:model")},
    ),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml(case: str) -> None:
    text, expected = YAML_CASES[case]
    assert _found(find_yaml_references(_text(text))) == expected


def test_yaml_nesting_too_deep_for_the_parser_is_read_by_lines() -> None:
    text = "[" * 5000 + "\nmodel: org/deep-model\n"
    assert _found(find_yaml_references(text)) == {("org/deep-model", 2, "yaml:model")}
    text = "- " * 100 + "x\nmodel: org/compact\n"
    assert _found(find_yaml_references(text)) == {("org/compact", 2, "yaml:model")}


def test_json_lines_follow_the_document_order() -> None:
    text = _text(
        """
        {
          "a": {"model": "org/name"},
          "b": {"model": "org/name"},
          "c": {"model": "meta-llama\\/Llama-2-7b-hf"},
          "d": ["x", {"base_model": "gpt-4o"}]
        }
        """
    )
    assert _found(find_json_references(text)) == {
        ("org/name", 2, "json:model"),
        ("org/name", 3, "json:model"),
        ("meta-llama/Llama-2-7b-hf", 4, "json:model"),
        ("gpt-4o", 5, "json:base_model"),
    }


@pytest.mark.parametrize(
    "text",
    ["", "{", "[" * 100_000, '{"model": 1e999999}', "\x00\x01", '{"a": 1' + "1" * 5000 + "}"],
)
def test_bad_json_gives_nothing(text: str) -> None:
    assert find_json_references(text) == []


def test_toml_arrays_inline_tables_and_fallback() -> None:
    text = _text(
        """
        [tool.app]
        models = ["gpt-4o", 'claude-3-opus-20240229']
        judge = { model = "Qwen/Qwen2-7B-Instruct" }
        """
    )
    assert _found(find_toml_references(text)) == {
        ("gpt-4o", 2, "toml:models"),
        ("claude-3-opus-20240229", 2, "toml:models"),
        ("Qwen/Qwen2-7B-Instruct", 3, "toml:model"),
    }
    broken = 'model = "gpt-4o"\n[[[\nbase_model = "org/name"\n'
    assert _found(find_toml_references(broken)) == {
        ("gpt-4o", 1, "toml:model"),
        ("org/name", 3, "toml:base_model"),
    }


def test_env_files() -> None:
    text = _text(
        """
        # comment: MODEL=gpt-4o
        OPENAI_MODEL=gpt-4o
        export HF_MODEL_ID='google/gemma-2b'   # inline comment
        LLM_MODEL_NAME = "claude-3-haiku-20240307"
        OPENAI_API_KEY=sk-123
        MODEL_DIR=/models
        """
    )
    assert _found(find_env_references(text)) == {
        ("gpt-4o", 2, "env:OPENAI_MODEL"),
        ("google/gemma-2b", 3, "env:HF_MODEL_ID"),
        ("claude-3-haiku-20240307", 4, "env:LLM_MODEL_NAME"),
    }


def test_ini_and_cfg_lines() -> None:
    text = "[llm]\nmodel = gpt-4o-mini\nengine: gemini-1.5-flash\nname = demo\n"
    assert _found(find_line_references(text, "cfg")) == {
        ("gpt-4o-mini", 2, "cfg:model"),
        ("gemini-1.5-flash", 3, "cfg:engine"),
    }


def test_shell_scripts_and_dockerfiles() -> None:
    text = _text(
        """
        export BASE_MODEL=meta-llama/Meta-Llama-3-8B
        ARG MODEL_ID=BAAI/bge-small-en-v1.5
        ENV SERVED_MODEL_NAME microsoft/phi-2
        python train.py --model_name_or_path "mistralai/Mistral-7B-v0.1" \\
            --model=gpt-4o --reward-model OpenAssistant/reward-model-deberta-v3-large \\
            --dataset_name tatsu-lab/alpaca --output_dir out/
        """
    )
    assert _found(find_shell_references(text)) == {
        ("meta-llama/Meta-Llama-3-8B", 1, "env:BASE_MODEL"),
        ("BAAI/bge-small-en-v1.5", 2, "env:MODEL_ID"),
        ("microsoft/phi-2", 3, "env:SERVED_MODEL_NAME"),
        ("mistralai/Mistral-7B-v0.1", 4, "flag:--model_name_or_path"),
        ("gpt-4o", 5, "flag:--model"),
        ("OpenAssistant/reward-model-deberta-v3-large", 5, "flag:--reward-model"),
    }


def test_a_value_is_located_next_to_its_key() -> None:
    text = '{\n "note": "gpt-4o",\n "model": "gpt-4o",\n "models": [\n  "x",\n  "gpt-4o"\n ]\n}'
    assert _found(find_json_references(text)) == {
        ("gpt-4o", 3, "json:model"),
        ("gpt-4o", 6, "json:models"),
    }
    toml = 'note = "gpt-4o"\nmodel = "gpt-4o"\n'
    assert _found(find_toml_references(toml)) == {("gpt-4o", 2, "toml:model")}


def test_long_lists_are_located_in_linear_time() -> None:
    text = json.dumps({"models": [f"org/m{i}" for i in range(50_000)]}, indent=1)
    start = time.perf_counter()
    found = find_json_references(text)
    assert time.perf_counter() - start < 10
    assert [r.line for r in found] == list(range(3, 50_003))
