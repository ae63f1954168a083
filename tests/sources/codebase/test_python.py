"""The Python finder: calls, keywords and constants, read from the syntax tree."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from openness.limits import SOURCE_CHARS as MAX_SOURCE_CHARS
from openness.sources.codebase import find_model_references
from openness.sources.codebase.python import find_python_references
from openness.sources.codebase.regex import find_python_text_references

Found = set[tuple[str, int, str, str]]


def _find(code: str) -> Found:
    found = find_python_references(textwrap.dedent(code).lstrip("\n"))
    assert found is not None, "the sample must parse"
    return {(r.ref, r.line, r.kind.value, r.via) for r in found}


HF, API, LOCAL = "huggingface", "api", "local"

CASES: dict[str, tuple[str, Found]] = {
    "from-pretrained-positional": (
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/name")\n',
        {("org/name", 2, HF, "transformers.from_pretrained")},
    ),
    "from-pretrained-keyword-multiline": (
        """
        import transformers
        m = transformers.AutoModelForSeq2SeqLM.from_pretrained(
            cache_dir="/tmp",
            pretrained_model_name_or_path="google/flan-t5-small",
        )
        """,
        {("google/flan-t5-small", 4, HF, "transformers.from_pretrained")},
    ),
    "receiver-not-imported": (
        'm = self.model_class.from_pretrained("org/name")\n',
        {("org/name", 1, HF, "model_class.from_pretrained")},
    ),
    "peft-and-diffusers": (
        """
        from diffusers import StableDiffusionPipeline
        from peft import PeftModel
        pipe = StableDiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-2-1")
        model = PeftModel.from_pretrained(base, "org/lora-adapter")
        """,
        {
            ("stabilityai/stable-diffusion-2-1", 3, HF, "diffusers.from_pretrained"),
            ("org/lora-adapter", 4, HF, "peft.from_pretrained"),
        },
    ),
    "module-constant-concatenated": (
        """
        BASE = "meta-llama/Meta-Llama-3-8B"
        MODEL_ID = BASE + "-Instruct"
        def load():
            return AutoModel.from_pretrained(MODEL_ID)
        """,
        {
            ("meta-llama/Meta-Llama-3-8B-Instruct", 2, HF, "assign:MODEL_ID"),
            ("meta-llama/Meta-Llama-3-8B-Instruct", 4, HF, "AutoModel.from_pretrained"),
        },
    ),
    "fstring-constant-parts": (
        """
        ORG, SIZE = "Qwen", 7
        pipe = pipeline("text-generation", model=f"{ORG}/Qwen2-{SIZE}B-Instruct")
        bad = pipeline("text-generation", model=f"{ORG}/{unknown}")
        """,
        set(),
    ),
    "fstring-with-names": (
        """
        ORG = "Qwen"
        SIZE = "7"
        pipe = pipeline("text-generation", model=f"{ORG}/Qwen2-{SIZE}B-Instruct")
        """,
        {("Qwen/Qwen2-7B-Instruct", 3, HF, "transformers.pipeline")},
    ),
    "environment-default": (
        """
        import os
        NAME = os.environ.get("LLM_NAME", "gpt-4o")
        OTHER = os.getenv("OTHER") or "o1-mini"
        client.chat.completions.create(model=NAME)
        client.chat.completions.create(model=OTHER)
        client.chat.completions.create(model=os.environ["MODEL"])
        """,
        {
            ("gpt-4o", 4, API, "openai.chat.completions.create"),
            ("o1-mini", 5, API, "openai.chat.completions.create"),
        },
    ),
    "environment-variables-that-name-a-model": (
        """
        import os
        os.environ["OPENAI_MODEL"] = "gpt-4o"
        model = os.getenv("HF_MODEL_ID", default="google/gemma-2b")
        os.environ.setdefault("EMBEDDING_MODEL", "text-embedding-3-small")
        """,
        {
            ("gpt-4o", 2, API, "env:OPENAI_MODEL"),
            ("google/gemma-2b", 3, HF, "env:HF_MODEL_ID"),
            ("google/gemma-2b", 3, HF, "assign:model"),
            ("text-embedding-3-small", 4, API, "env:EMBEDDING_MODEL"),
        },
    ),
    # Bare names (gpt2) count only where a loader takes them, not under a model-like name.
    "function-local-and-parameter-defaults": (
        """
        MODEL = "gpt2"
        def run(prompt, model_name="distilgpt2"):
            MODEL = "EleutherAI/pythia-70m"
            a = pipeline("text-generation", model=MODEL)
            b = pipeline("text-generation", model=model_name)
        def shadow(MODEL):
            return pipeline("text-generation", model=MODEL)
        c = pipeline("text-generation", model=MODEL)
        """,
        {
            ("EleutherAI/pythia-70m", 3, HF, "assign:MODEL"),
            ("EleutherAI/pythia-70m", 4, HF, "transformers.pipeline"),
            ("distilgpt2", 5, HF, "transformers.pipeline"),
            ("gpt2", 8, HF, "transformers.pipeline"),
        },
    ),
    "last-resolvable-binding-wins": (
        """
        name = "org/first"
        name = "org/second"
        if args.name:
            name = args.name
        m = AutoModel.from_pretrained(name)
        """,
        {("org/second", 5, HF, "AutoModel.from_pretrained")},
    ),
    "class-attributes-and-self": (
        """
        class Config:
            model_name: str = "bert-base-uncased"
            base_model = "google-bert/bert-base-cased"
            def __init__(self):
                self.embedding_model = "BAAI/bge-small-en-v1.5"
        """,
        {
            ("google-bert/bert-base-cased", 3, HF, "assign:base_model"),
            ("BAAI/bge-small-en-v1.5", 5, HF, "assign:embedding_model"),
        },
    ),
    "loaders": (
        """
        from huggingface_hub import hf_hub_download, snapshot_download
        from sentence_transformers import CrossEncoder, SentenceTransformer
        from vllm import LLM
        a = pipeline("text-generation", "gpt2")
        b = pipeline("summarization")
        c = SentenceTransformer("all-MiniLM-L6-v2")
        d = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
        e = LLM("mistralai/Mistral-7B-v0.1")
        f = hf_hub_download("TheBloke/Llama-2-7B-GGUF", "x.gguf")
        g = snapshot_download(repo_id="squad", repo_type="dataset")
        h = snapshot_download(repo_id="org/space", repo_type="space")
        i = InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")
        """,
        {
            ("gpt2", 4, HF, "transformers.pipeline"),
            (
                "sentence-transformers/all-MiniLM-L6-v2",
                6,
                HF,
                "sentence_transformers.SentenceTransformer",
            ),
            ("cross-encoder/ms-marco-MiniLM-L-6-v2", 7, HF, "sentence_transformers.CrossEncoder"),
            ("mistralai/Mistral-7B-v0.1", 8, HF, "vllm.LLM"),
            ("TheBloke/Llama-2-7B-GGUF", 9, HF, "huggingface_hub.hf_hub_download"),
            ("HuggingFaceH4/zephyr-7b-beta", 12, HF, "huggingface_hub.InferenceClient"),
        },
    ),
    "local-paths": (
        """
        a = AutoModel.from_pretrained("./out")
        b = AutoModel.from_pretrained("/models/llama")
        c = AutoModel.from_pretrained("checkpoints/run-1/final")
        d = AutoModel.from_pretrained("C:\\\\models\\\\x")
        e = AutoModel.from_pretrained("~/models/x")
        f = AutoModel.from_pretrained("outputs")
        g = AutoModel.from_pretrained(args.model)
        """,
        {
            ("./out", 1, LOCAL, "AutoModel.from_pretrained"),
            ("/models/llama", 2, LOCAL, "AutoModel.from_pretrained"),
            ("checkpoints/run-1/final", 3, LOCAL, "AutoModel.from_pretrained"),
            ("C:\\models\\x", 4, LOCAL, "AutoModel.from_pretrained"),
            ("~/models/x", 5, LOCAL, "AutoModel.from_pretrained"),
            ("outputs", 6, LOCAL, "AutoModel.from_pretrained"),
        },
    ),
    "openai": (
        """
        import openai
        from openai import AzureOpenAI
        openai.ChatCompletion.create(engine="gpt-35-turbo", messages=[])
        OpenAI().chat.completions.create(model="gpt-4o", messages=[])
        client.responses.create(model="o3", input="x")
        client.embeddings.create(model="text-embedding-3-large", input=["x"])
        client.chat.completions.create(model="meta-llama/Meta-Llama-3-8B-Instruct", messages=[])
        client.chat.completions.create(model="my-azure-deployment", messages=[])
        client.chat.completions.create(**params)
        """,
        {
            ("gpt-35-turbo", 3, API, "openai.ChatCompletion.create"),
            ("gpt-4o", 4, API, "openai.chat.completions.create"),
            ("o3", 5, API, "openai.responses.create"),
            ("text-embedding-3-large", 6, API, "openai.embeddings.create"),
            ("meta-llama/Meta-Llama-3-8B-Instruct", 7, HF, "openai.chat.completions.create"),
            ("my-azure-deployment", 8, API, "openai.chat.completions.create"),
        },
    ),
    "other-clients": (
        """
        import google.generativeai as genai
        import litellm
        from litellm import completion
        anthropic_client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=1)
        genai.GenerativeModel(model_name="models/gemini-1.5-pro")
        client.models.generate_content(model="gemini-2.0-flash", contents="x")
        mistral.chat.complete(model="mistral-small-latest", messages=[])
        co.chat(model="command-r", message="x")
        co.generate(model="command-light", prompt="x")
        litellm.completion("groq/llama3-8b-8192", messages=[])
        completion(model="huggingface/meta-llama/Meta-Llama-3-8B", messages=[])
        completion(model="openrouter/anthropic/claude-3.5-sonnet", messages=[])
        """,
        {
            ("claude-3-5-sonnet-latest", 4, API, "anthropic.messages.create"),
            ("gemini-1.5-pro", 5, API, "google.generativeai.GenerativeModel"),
            ("gemini-2.0-flash", 6, API, "google.genai.models.generate_content"),
            ("mistral-small-latest", 7, API, "mistralai.chat.complete"),
            ("command-r", 8, API, "co.chat"),
            ("command-light", 9, API, "co.generate"),
            ("groq/llama3-8b-8192", 10, API, "litellm.completion"),
            ("meta-llama/Meta-Llama-3-8B", 11, HF, "litellm.completion"),
            ("claude-3.5-sonnet", 12, API, "litellm.completion"),
        },
    ),
    "constructors": (
        """
        from langchain_openai import ChatOpenAI, OpenAIEmbeddings
        from langchain_ollama import ChatOllama
        a = ChatOpenAI(model_name="gpt-4-turbo")
        b = ChatAnthropic(model="claude-3-haiku-20240307")
        c = ChatOllama(model="llama3")
        d = OpenAIEmbeddings(model="text-embedding-ada-002")
        e = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
        f = HfApiModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct")
        """,
        {
            ("gpt-4-turbo", 3, API, "langchain_openai.ChatOpenAI"),
            ("claude-3-haiku-20240307", 4, API, "ChatAnthropic"),
            ("text-embedding-ada-002", 6, API, "langchain_openai.OpenAIEmbeddings"),
            ("sentence-transformers/all-mpnet-base-v2", 7, HF, "HuggingFaceEmbeddings"),
            ("Qwen/Qwen2.5-Coder-32B-Instruct", 8, HF, "HfApiModel"),
        },
    ),
    "keywords-and-dict-keys": (
        """
        agent = Agent(model="gpt-4o", tools=[])
        payload = {"model": "claude-3-opus-20240229", "messages": []}
        trainer = Trainer(model=model, args=args)
        other = Thing(model="resnet50", model_dir="org/name")
        """,
        {
            ("gpt-4o", 1, API, "Agent(model=)"),
            ("claude-3-opus-20240229", 2, API, "dict:model"),
        },
    ),
    "hub-urls-in-strings-not-in-docs": (
        '''
        """See https://huggingface.co/org/documented."""
        # https://huggingface.co/org/commented
        URL = "https://huggingface.co/mistralai/Mistral-7B-v0.1/resolve/main/config.json"
        API = "https://huggingface.co/api/models/google/gemma-2b"
        PAGES = ["https://huggingface.co/datasets/squad/x", "https://hf.co/spaces/a/b"]
        def f():
            """Uses https://huggingface.co/org/in-docstring."""
        ''',
        {
            ("mistralai/Mistral-7B-v0.1", 3, HF, "url"),
            ("google/gemma-2b", 4, HF, "url"),
        },
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_python_finder(case: str) -> None:
    code, expected = CASES[case]
    assert _find(code) == expected


@pytest.mark.parametrize(
    "code",
    ["def f(:\n", "x = (\n", "print 'py2'\n", "a\x00b = 1\n", "x = " + "(" * 300 + ")" * 300],
    ids=["syntax", "unclosed", "python2", "null-byte", "too-nested"],
)
def test_unparsable_source_gives_none(code: str) -> None:
    assert find_python_references(code) is None


def test_text_reading_finds_literal_calls_of_unparsable_python() -> None:
    code = textwrap.dedent(
        """
        print "python 2"
        MODEL = "gpt2"
        a = AutoModel.from_pretrained("org/name")
        b = pipeline("text-generation", model=MODEL)
        c = openai.ChatCompletion.create(engine="gpt-35-turbo")
        d = from_pretrained_like("not/this")
        # e = AutoModel.from_pretrained("org/commented")
        """
    )
    found = {(r.ref, r.line, r.via) for r in find_python_text_references(code)}
    assert found == {
        ("org/name", 4, "from_pretrained"),
        ("gpt2", 5, "transformers.pipeline"),
        ("gpt-35-turbo", 6, "openai.ChatCompletion.create"),
    }


def test_a_source_too_long_for_a_syntax_tree_is_read_as_text(tmp_path: Path) -> None:
    filler = "x = 1\n" * (MAX_SOURCE_CHARS // 6 + 1)
    code = filler + 'm = AutoModel.from_pretrained("org/at-the-end")\n'
    assert find_python_references(code) is None
    (tmp_path / "big.py").write_text(code, encoding="utf-8")
    [reference] = find_model_references(tmp_path).references
    assert (reference.ref, reference.line) == ("org/at-the-end", code.count("\n"))
