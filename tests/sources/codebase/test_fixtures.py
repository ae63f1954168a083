"""Each sample repository yields exactly the references it plants, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from openness.sources.codebase import ReferenceKind, find_model_references

from .conftest import triples

PYTHON_APP = {
    ("meta-llama/Llama-2-7b-hf", "app/adapters/adapter_config.json", 1),
    ("gpt-4o", "app/llm.py", 15),  # CHAT_MODEL = os.environ.get("CHAT_MODEL", "gpt-4o")
    ("gpt-4o", "app/llm.py", 23),  # def ask(..., model: str = CHAT_MODEL)
    ("gpt-4o", "app/llm.py", 25),  # client.chat.completions.create(model=model, ...)
    ("gpt-4o-mini", "app/llm.py", 32),  # FAST = os.getenv(...) or "gpt-4o-mini"
    ("text-embedding-3-small", "app/llm.py", 33),
    ("claude-3-5-sonnet-20240620", "app/llm.py", 39),  # f"claude-3-5-sonnet-{20240620}"
    ("gemini-1.5-pro", "app/llm.py", 44),
    ("gemini-2.0-flash", "app/llm.py", 46),
    ("mistral-large-latest", "app/llm.py", 47),
    ("command-r-plus", "app/llm.py", 48),
    ("claude-3-haiku-20240307", "app/llm.py", 49),  # f"{PROVIDER}/claude-..." via LiteLLM
    ("gpt-4-turbo", "app/llm.py", 50),
    ("claude-3-opus-20240229", "app/llm.py", 51),
    ("meta-llama/Meta-Llama-3-8B-Instruct", "app/local_models.py", 9),  # MODEL_ID = BASE + ...
    ("sentence-transformers/all-MiniLM-L6-v2", "app/local_models.py", 14),
    ("meta-llama/Meta-Llama-3-8B-Instruct", "app/local_models.py", 18),
    ("meta-llama/Meta-Llama-3-8B", "app/local_models.py", 20),
    ("distilbert-base-uncased-finetuned-sst-2-english", "app/local_models.py", 26),
    ("mistralai/Mistral-7B-Instruct-v0.2", "app/local_models.py", 27),
    ("sentence-transformers/all-mpnet-base-v2", "app/local_models.py", 28),
    ("Qwen/Qwen2-7B-Instruct", "app/local_models.py", 29),
    ("TheBloke/Llama-2-7B-GGUF", "app/local_models.py", 30),
    ("./checkpoints/final", "app/local_models.py", 32),
    ("adapters", "app/local_models.py", 33),  # a folder next to the file: local
    ("google/gemma-2b-it", "app/local_models.py", 34),  # a Hub URL
    ("gpt-3.5-turbo", "scripts/legacy.py", 5),  # Python 2: read as text
    ("bert-base-uncased", "scripts/legacy.py", 6),
}

NOTEBOOK = {
    ("microsoft/phi-2", "analysis.ipynb", 23),
    ("microsoft/phi-2", "analysis.ipynb", 41),  # MODEL from the cell before
    ("Qwen/Qwen2-0.5B", "analysis.ipynb", 65),  # after a %%time magic
    ("gpt-4o", "analysis.ipynb", 80),
    ("facebook/bart-large-cnn", "broken-cell.ipynb", 21),
}

CONFIGS = {
    ("gpt-4o-2024-08-06", ".env", 2),
    ("google/flan-t5-large", ".env", 3),
    ("claude-3-5-haiku-latest", ".env.example", 1),
    ("BAAI/bge-small-en-v1.5", "Dockerfile", 2),
    ("microsoft/Phi-3-mini-4k-instruct", "Dockerfile", 3),
    ("meta-llama/Llama-2-7b-chat-hf", "config.yaml", 5),  # model: {name: ...}
    ("mistralai/Mistral-7B-v0.1", "config.yaml", 8),  # base_model: [...]
    ("text-embedding-3-small", "config.yaml", 10),
    ("claude-3-5-sonnet-latest", "config.yaml", 11),  # judge: {llm: ...}
    ("google/gemma-2b", "config.yaml", 14),  # a Hub URL under any key
    ("Qwen/Qwen2-1.5B", "config.yaml", 16),  # once, although an alias repeats it
    ("bigscience/bloom-560m", "deploy/chart-template.yaml", 8),  # not YAML: line by line
    ("gpt-4o", "deploy/docker-compose.yml", 5),  # - OPENAI_MODEL=gpt-4o
    ("text-embedding-3-large", "deploy/docker-compose.yml", 7),  # ${EMBEDDING_MODEL:-...}
    ("google/flan-t5-base", "deploy/docker-compose.yml", 10),
    ("Qwen/Qwen2-7B-Instruct", "pyproject.toml", 6),
    ("claude-3-5-sonnet-latest", "pyproject.toml", 7),
    ("gpt-4o", "pyproject.toml", 7),
    ("claude-3-haiku-20240307", "settings.json", 2),
    ("gpt-4o-mini", "settings.json", 3),
    ("mistralai/Mistral-Nemo-Instruct-2407", "settings.json", 3),
    ("meta-llama/Llama-2-7b-hf", "settings.json", 4),  # _name_or_path
    ("gpt-4o-mini", "setup.cfg", 9),
    ("gemini-1.5-flash", "setup.cfg", 10),
    ("meta-llama/Meta-Llama-3-8B", "train.sh", 2),
    ("mistralai/Mistral-7B-v0.1", "train.sh", 4),  # --model_name_or_path
}

TS_APP = {
    ("gpt-4o", "src/chat.ts", 5),  # const MODEL = process.env.OPENAI_MODEL ?? "gpt-4o"
    ("gpt-4o", "src/chat.ts", 13),  # model: MODEL
    ("claude-3-5-sonnet-20240620", "src/chat.ts", 16),
    ("gemini-1.5-flash", "src/chat.ts", 20),
    ("gpt-4o-mini", "src/components/Assistant.tsx", 8),
    ("gpt-4-turbo", "src/components/Assistant.tsx", 11),
    ("claude-3-haiku-20240307", "src/components/Assistant.tsx", 12),
    ("Xenova/all-MiniLM-L6-v2", "src/embed.mjs", 5),
    ("Xenova/bert-base-uncased", "src/embed.mjs", 6),
    ("mistralai/Mistral-7B-Instruct-v0.2", "src/embed.mjs", 8),
    ("./models/my-classifier", "src/embed.mjs", 11),
}

IGNORED = {
    ("kept-org/kept-model", "app.py", 2),
    ("kept-org/other-settings", "other/settings.yaml", 1),  # /settings.yaml is root only
    ("kept-org/sub-config", "sub/config.yaml", 1),
    ("kept-org/important-model", "sub/important.py", 1),  # !important.py in sub/.gitignore
}

CASES = {
    "python-app": PYTHON_APP,
    "notebook": NOTEBOOK,
    "configs": CONFIGS,
    "ts-app": TS_APP,
    "ignored": IGNORED,
    "not-models": set(),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_sample_repository_yields_exactly_its_references(
    case: str, sample_repo: Callable[[str], Path]
) -> None:
    scan = find_model_references(sample_repo(case))
    assert triples(scan.references) == CASES[case]
    assert scan.findings == ()


@pytest.mark.parametrize("case", sorted(CASES))
def test_references_are_sorted_and_unique(case: str, sample_repo: Callable[[str], Path]) -> None:
    references = find_model_references(sample_repo(case)).references
    keys = [(r.path, r.line, r.ref) for r in references]
    assert keys == sorted(set(keys))


def test_vendored_folders_are_read_on_request(sample_repo: Callable[[str], Path]) -> None:
    scan = find_model_references(sample_repo("ignored"), include_vendored=True)
    assert triples(scan.references) == IGNORED | {
        ("gpt-4o-vendored-node", "node_modules/openai/index.js", 1),
        ("vendored-org/vendor-model", "vendor/pkg/lib.py", 1),
        ("claude-3-vendored", "third_party/x.ts", 1),
    }


@pytest.mark.parametrize(
    ("case", "path", "line", "kind", "via"),
    [
        ("python-app", "app/llm.py", 25, "api", "openai.chat.completions.create"),
        ("python-app", "app/llm.py", 48, "api", "cohere.chat"),
        ("python-app", "app/local_models.py", 18, "huggingface", "transformers.from_pretrained"),
        ("python-app", "app/local_models.py", 32, "local", "transformers.from_pretrained"),
        ("python-app", "app/local_models.py", 33, "local", "transformers.from_pretrained"),
        ("python-app", "app/local_models.py", 34, "huggingface", "url"),
        ("python-app", "app/local_models.py", 9, "huggingface", "assign:MODEL_ID"),
        ("python-app", "app/llm.py", 15, "api", "env:CHAT_MODEL"),
        (
            "notebook",
            "analysis.ipynb",
            41,
            "huggingface",
            "notebook cell 3: transformers.from_pretrained",
        ),
        ("configs", "config.yaml", 5, "huggingface", "yaml:model.name"),
        ("configs", ".env", 2, "api", "env:OPENAI_MODEL"),
        ("configs", "train.sh", 4, "huggingface", "flag:--model_name_or_path"),
        ("configs", "settings.json", 2, "api", "json:model"),
        ("configs", "pyproject.toml", 6, "huggingface", "toml:model_id"),
        ("ts-app", "src/chat.ts", 16, "api", "anthropic.messages.create"),
        ("ts-app", "src/embed.mjs", 11, "local", "transformers.js.pipeline"),
    ],
)
def test_kind_and_via_say_how_a_reference_was_found(
    case: str, path: str, line: int, kind: str, via: str, sample_repo: Callable[[str], Path]
) -> None:
    scan = find_model_references(sample_repo(case))
    [reference] = [r for r in scan.references if (r.path, r.line) == (path, line)]
    assert (reference.kind, reference.via) == (ReferenceKind(kind), via)
    assert reference.location == f"{path}:{line}"


def test_files_scanned_counts_every_file_visited(sample_repo: Callable[[str], Path]) -> None:
    root = sample_repo("not-models")
    scan = find_model_references(root)
    assert scan.files_scanned == sum(1 for path in root.rglob("*") if path.is_file())


def test_a_single_file_can_be_scanned(sample_repo: Callable[[str], Path]) -> None:
    root = sample_repo("ts-app")
    scan = find_model_references(root / "src" / "chat.ts")
    assert triples(scan.references) == {
        (ref, "chat.ts", line) for ref, path, line in TS_APP if path == "src/chat.ts"
    }
    assert scan.files_scanned == 1
