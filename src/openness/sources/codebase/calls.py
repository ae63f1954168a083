"""The calls that take a model, and where their model argument is.

Owns the tables the Python finder matches calls against: model loaders
(``from_pretrained``, ``pipeline``, ``SentenceTransformer``, ``hf_hub_download``,
vLLM's ``LLM``), API clients (OpenAI, Anthropic, Google, Mistral, Cohere,
LiteLLM) and LangChain-style constructors. It matches nothing itself (see
``codebase.python``). Entry point: ``rule_for()``.

A call is matched by the last names of its dotted callee, so
``client.chat.completions.create`` and ``OpenAI().chat.completions.create``
both end in ``("chat", "completions", "create")``; the receiver's name is not
trusted, as clients are named freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.sources.codebase.names import Context


@dataclass(frozen=True)
class CallRule:
    """A call that takes a model, and where its model argument is."""

    suffix: tuple[str, ...]
    """The last names of the called dotted name (``("chat", "completions", "create")``)."""
    via: str
    """How to name what is found: ``{lib}`` stands for the module the call
    comes from, ``{recv}`` for the object it is called on, ``{name}`` for the
    called name."""
    context: Context
    """How strongly the argument is a model name."""
    position: int | None
    """Index of the positional model argument, if it may be positional."""
    keywords: tuple[str, ...] = ("model",)
    """Keywords that carry the model, first found wins."""
    module: str | None = None
    """For a bare name, the module it must be imported from."""
    bare_org: str | None = None
    """The Hub organisation the loader puts before a bare name (``all-MiniLM-L6-v2``)."""


_LOADER, _API, _KEY = Context.LOADER, Context.API, Context.KEY
_PRETRAINED = ("pretrained_model_name_or_path", "model_name_or_path", "model_id")
_OPENAI_KEYWORDS = ("model", "engine")  # engine: openai < 1.0 with Azure

_TABLE = [
    # PEFT: from_pretrained(base_model, adapter_id)
    *(
        CallRule((name, "from_pretrained"), "peft.from_pretrained", _LOADER, 1, ("model_id",))
        for name in ("PeftModel", "PeftModelForCausalLM", "PeftModelForSeq2SeqLM")
    ),
    CallRule(("from_pretrained",), "{lib}.from_pretrained", _LOADER, 0, _PRETRAINED),
    CallRule(("from_model_id",), "{lib}.from_model_id", _LOADER, None, ("model_id",)),
    CallRule(("pipeline",), "transformers.pipeline", _LOADER, 1),
    CallRule(
        ("SentenceTransformer",),
        "sentence_transformers.SentenceTransformer",
        _LOADER,
        0,
        ("model_name_or_path",),
        bare_org="sentence-transformers",  # as sentence-transformers resolves it
    ),
    CallRule(
        ("CrossEncoder",),
        "sentence_transformers.CrossEncoder",
        _LOADER,
        0,
        ("model_name", "model_name_or_path"),
    ),
    CallRule(("hf_hub_download",), "huggingface_hub.hf_hub_download", _LOADER, 0, ("repo_id",)),
    CallRule(("snapshot_download",), "huggingface_hub.snapshot_download", _LOADER, 0, ("repo_id",)),
    CallRule(("LLM",), "vllm.LLM", _LOADER, 0),
    CallRule(("InferenceClient",), "huggingface_hub.InferenceClient", _LOADER, 0),
    CallRule(("GenerativeModel",), "google.generativeai.GenerativeModel", _API, 0, ("model_name",)),
    CallRule(("litellm", "completion"), "litellm.completion", _API, 0),
    CallRule(("litellm", "acompletion"), "litellm.acompletion", _API, 0),
    CallRule(("litellm", "embedding"), "litellm.embedding", _API, 0),
    CallRule(("completion",), "litellm.completion", _API, 0, module="litellm"),
    CallRule(("acompletion",), "litellm.acompletion", _API, 0, module="litellm"),
    CallRule(("messages", "create"), "anthropic.messages.create", _API, None),
    CallRule(("messages", "stream"), "anthropic.messages.stream", _API, None),
    CallRule(("messages", "count_tokens"), "anthropic.messages.count_tokens", _API, None),
    CallRule(("models", "generate_content"), "google.genai.models.generate_content", _API, None),
    CallRule(
        ("models", "generate_content_stream"),
        "google.genai.models.generate_content_stream",
        _API,
        None,
    ),
    CallRule(("models", "embed_content"), "google.genai.models.embed_content", _API, None),
    CallRule(("models", "count_tokens"), "google.genai.models.count_tokens", _API, None),
    CallRule(("chat", "complete"), "mistralai.chat.complete", _API, None),
    CallRule(("chat", "complete_async"), "mistralai.chat.complete_async", _API, None),
    CallRule(("chat", "stream"), "mistralai.chat.stream", _API, None),
    CallRule(("fim", "complete"), "mistralai.fim.complete", _API, None),
    # Cohere (co.chat, co.generate...), Mistral's old client.chat, Ollama: by keyword only.
    CallRule(("chat",), "{lib}.chat", _API, None),
    CallRule(("generate",), "{lib}.generate", _API, None),
    CallRule(("embed",), "{lib}.embed", _API, None),
    CallRule(("rerank",), "{lib}.rerank", _API, None),
] + [
    CallRule(path, "openai." + ".".join(path), _API, None, _OPENAI_KEYWORDS)
    for path in (
        ("chat", "completions", "create"),
        ("chat", "completions", "parse"),
        ("chat", "completions", "stream"),
        ("completions", "create"),
        ("responses", "create"),
        ("responses", "parse"),
        ("responses", "stream"),
        ("embeddings", "create"),
        ("images", "generate"),
        ("moderations", "create"),
        ("transcriptions", "create"),
        ("speech", "create"),
        ("ChatCompletion", "create"),
        ("ChatCompletion", "acreate"),
        ("Completion", "create"),
        ("Embedding", "create"),
    )
]

_CONSTRUCTOR_KEYWORDS = ("model", "model_name", "model_id", "repo_id")
_CONSTRUCTORS = [
    # Ollama names (llama3:8b) are neither Hub ids nor API models: only clear names count.
    (re.compile(r"(?:Chat)?Ollama\w*"), _KEY),
    (re.compile(r"HuggingFace\w*|HF\w+|TransformersModel"), _LOADER),
    (
        re.compile(
            r"(?:Azure)?Chat[A-Z]\w*|(?:Async)?(?:Azure)?OpenAI|Anthropic|Gemini|MistralAI"
            r"|Cohere|Groq|LiteLLM|OpenAILike"
        ),
        _API,
    ),
    # smolagents, pydantic-ai, LlamaIndex...: HfApiModel, OpenAIModel, OpenAIEmbedding(s)...
    (re.compile(r"\w+(?:Model|Embeddings?|LLM)"), _KEY),
]


def _index() -> dict[str, tuple[CallRule, ...]]:
    index: dict[str, list[CallRule]] = {}
    for rule in _TABLE:
        index.setdefault(rule.suffix[-1], []).append(rule)
    # Longer suffixes first: ("chat", "complete") before ("complete",).
    return {
        name: tuple(sorted(rules, key=lambda r: -len(r.suffix))) for name, rules in index.items()
    }


_BY_LAST_NAME = _index()


def rule_for(parts: tuple[str, ...], imports: dict[str, str]) -> CallRule | None:
    """Return the rule for a call of the dotted name *parts*, or None.

    Args:
        parts: the callee's names, ``("client", "chat", "completions", "create")``.
        imports: local name -> imported dotted path, for the module a name comes from.

    Returns:
        The first matching rule; for an unlisted class-like name such as
        ``ChatOpenAI``, a constructor rule taking ``model``, ``model_name``,
        ``model_id`` or ``repo_id``.

    >>> rule_for(("client", "messages", "create"), {}).via
    'anthropic.messages.create'
    >>> rule_for(("completion",), {}) is None
    True
    """
    for rule in _BY_LAST_NAME.get(parts[-1], ()):
        if parts[-len(rule.suffix) :] != rule.suffix:
            continue
        if rule.module is None or imports.get(parts[0], "").startswith(rule.module):
            return rule
    name = parts[-1]
    if not name[:1].isupper():
        return None
    via = "{lib}.{name}" if parts[0] in imports else "{name}"
    for pattern, context in _CONSTRUCTORS:
        if pattern.fullmatch(name):
            return CallRule((name,), via, context, None, _CONSTRUCTOR_KEYWORDS)
    return None


def _hot_words() -> re.Pattern[str]:
    # A call's name is on one of its statement's lines, which is all that is checked.
    # Every repetition is bounded, so that no input makes the search slow.
    called = r"\s{0,20}\("
    assigned = r"\w{0,40}(?:\s{0,20}=(?!=)|[\"']\s{0,20}:|\s{0,20}:[^=\n:]{1,80}=(?!=))"
    words = [(name, called) for name in {rule.suffix[-1] for rule in _TABLE}]
    words += [(word, assigned) for word in _MODEL_WORDS]
    words += [(word, called) for word in _CONSTRUCTOR_WORDS]
    words += [(word, r"\w{0,40}" + called) for word in ("Chat", "HuggingFace", "HF")]
    words += [(word, "") for word in ("environ", "getenv", "huggingface.co/", "hf.co/")]
    # Alternatives grouped by their first letter, each starting with a literal: Python's
    # re then skips to candidate letters instead of trying every alternative everywhere.
    groups: dict[str, list[str]] = {}
    for word, rest in sorted(words, key=lambda pair: (-len(pair[0]), pair)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]) + rest)
    return re.compile("|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()))


_MODEL_WORDS = ("Model", "model", "MODEL", "Llm", "llm", "LLM", "Engine", "engine", "ENGINE",
                "name_or_path")  # fmt: skip
_CONSTRUCTOR_WORDS = ("Model", "Embedding", "Embeddings", "LLM", "OpenAI", "Anthropic", "Gemini",
                      "MistralAI", "Cohere", "Groq", "Ollama")  # fmt: skip


HOT_WORDS = _hot_words()
"""Matches what a Python line needs for a finding: a call of a rule or of a constructor,
a model-like keyword, dict key or annotated name, an environment lookup, a Hub URL. A
source without one is not parsed; statements whose lines hold none are not walked."""
