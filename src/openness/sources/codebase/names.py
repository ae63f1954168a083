"""Tell a model name from any other string, given where the string was found.

Owns the vocabulary shared by the code-base finders: what a Hugging Face repo
id, a Hub URL, an API model name and a local model path look like; which keys
and variables name a model; and the ``RawReference`` each finder returns. It
reads no files (see ``codebase.python``, ``codebase.text``, ``codebase``).
Entry points: ``classify()`` and ``is_model_key()``.

The string alone never decides. The caller says how strong its context is:

- ``Context.LOADER``: the argument of a loader such as ``from_pretrained`` or
  ``pipeline``; a repo id, a bare legacy id (``gpt2``) or a local path.
- ``Context.API``: the ``model`` of a client call such as
  ``client.chat.completions.create``; any model-like token is a model name.
- ``Context.KEY``: a value under a key such as ``model_name`` in a config file
  or a keyword of an unknown call; only a plausible Hub repo id or a known API
  model name counts, so that paths, MIME types, dates, GitHub ``owner/repo``
  strings and URLs other than Hub URLs are not taken for models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum


class ReferenceKind(StrEnum):
    """What kind of model a reference names."""

    HUGGINGFACE = "huggingface"
    """A Hugging Face Hub repo id, ``org/name`` (or a legacy id such as ``gpt2``)."""
    API = "api"
    """A model served behind an API, by its API name (``gpt-4o``)."""
    LOCAL = "local"
    """A local path given to a loader: reported, but not resolvable to a known model."""


class Context(Enum):
    """How strongly the place a string was found says it is a model name."""

    LOADER = "loader"
    """The model argument of a weights loader (``from_pretrained``, ``pipeline``...)."""
    API = "api"
    """The model argument of an API client call."""
    KEY = "key"
    """A value under a model-like key or keyword, or of a model-like variable."""


@dataclass(frozen=True)
class RawReference:
    """A model reference found in one file, before the file's path is attached."""

    ref: str
    """The model: repo id, API model name or local path."""
    line: int
    """1-based line in the file."""
    kind: ReferenceKind
    """What ``ref`` names."""
    via: str
    """How it was found (``transformers.from_pretrained``, ``yaml:model``...)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_NAME_CHARS = 200
"""Longer strings are not model names."""

_MODEL_KEYS = frozenset(
    {
        "model",
        "models",
        "model_name",
        "model_id",
        "model_name_or_path",
        "base_model",
        "pretrained_model_name_or_path",
        "name_or_path",
        "llm",
        "engine",
        "modelname",
        "modelid",
        "basemodel",
    }
)
_MODEL_KEY_ENDINGS = ("_model", "_model_id", "_model_name", "_name_or_path", "_models", "_llm")

_HUB_ID = re.compile(
    r"(?P<org>[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9_])?)/(?P<name>[A-Za-z0-9_](?:[\w.-]{0,94}[A-Za-z0-9_])?)"
)
_BARE_ID = re.compile(r"[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9_])?")
_MODEL_TOKEN = re.compile(r"[A-Za-z0-9][\w.:@/+-]{0,127}")
_HUB_PAGES = (
    "api|datasets|spaces|docs|blog|papers|learn|models|collections|organizations|settings|join"
    "|login|tasks|pricing|chat|posts|enterprise|new|search|pro|inference-endpoints|hub"
    "|cli|welcome|changelog|terms-of-service|privacy|brand|status|notifications|billing|jobs"
    "|leaderboard|mcp|storage|security|careers"
)
"""Top-level paths of the Hub's site that are pages or tools, never an org's models."""
_HUB_URL = re.compile(
    r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:api/models/)?"
    rf"(?!(?:{_HUB_PAGES})/)"
    r"([A-Za-z0-9][\w.-]{0,95})/([A-Za-z0-9_][\w.-]{0,95})"
)
_HUB_PREFIX = re.compile(r"(?:hf[-_]hub:|hf://|huggingface:)")
_NOT_ORGS = _words(
    # MIME top-level types, then folder names that make "x/y" a path.
    "text application image audio video multipart font message example chemical "
    ". .. src lib lib64 data dataset datasets tmp temp var etc usr home opt bin dev mnt root "
    "srv tests test docs doc app apps assets static public config configs conf scripts build "
    "dist node_modules outputs output out checkpoints checkpoint ckpt ckpts runs logs cache "
    "results models model weights artifacts saved_models saved pretrained local resources "
    "files experiments exp storage workspace content drive"
)
_DOMAIN = re.compile(r"\.(?:com|org|net|io|ai|dev|co|edu|gov|app|cloud)$", re.IGNORECASE)
_FILE_SUFFIX = re.compile(
    r"\.(?:py|ipynb|js|ts|json|jsonl|ya?ml|toml|txt|md|csv|tsv|parquet|arrow|bin|pt|pth|ckpt"
    r"|safetensors|gguf|ggml|onnx|h5|hdf5|pb|tflite|pkl|pickle|joblib|npz|npy|zip|tar|gz|tgz"
    r"|bz2|xz|html?|xml|png|jpe?g|gif|svg|webp|sh|bash|zsh|ps1|bat|cmd|exe|msi|dmg|pkg|deb|rpm"
    r"|whl|rb|go|rs|java|cfg|ini|log|lock|mlmodel|engine|plan)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[\d.:-]+")
_API_NAME = re.compile(
    r"""
    gpt-(?:3\.5|4|4o|4\.1|4\.5|5)(?:[\w.:-]*)|chatgpt-4o-latest|gpt-image-1[\w.-]*|gpt-realtime[\w.-]*
    |o[134](?:-(?:mini|pro|preview|deep-research))*(?:-\d{4}-\d{2}-\d{2})?
    |text-embedding-(?:3-small|3-large|ada-002|00[2-5])|text-(?:davinci|curie|babbage|ada)-00\d
    |(?:davinci|babbage)-002|code-davinci-002|whisper-1|tts-1(?:-hd)?(?:-\d{4})?|dall-e-[23]
    |(?:omni|text)-moderation-[\w.-]+|computer-use-preview[\w.-]*
    |claude-[\w.@:-]+
    |gemini-[\w.-]+|(?:text|chat|code)-bison[\w@.-]*|textembedding-gecko[\w@.-]*
    |embedding-001|imagen-[\w.-]+|veo-[\w.-]+
    |(?:mistral-(?:large|medium|small|tiny|embed|saba|moderation|ocr)|open-mistral|open-mixtral
       |open-codestral|codestral|ministral|pixtral|magistral|devstral)(?:-[\w.-]+)?
    |command-(?:r|a|light|nightly|xlarge)[\w.+-]*|embed-(?:english|multilingual)[\w.-]*
    |rerank-[\w.-]+|c4ai-aya-[\w.-]+
    |grok-[\w.-]+|deepseek-(?:chat|reasoner)|sonar(?:-(?:pro|reasoning|deep-research)[\w.-]*)?
    """,
    re.VERBOSE,
)
_PROVIDERS = _words(
    "openai anthropic google gemini vertex_ai vertexai google-vertex azure azure_ai azure-openai "
    "bedrock mistral mistralai cohere groq together_ai together openrouter deepseek xai "
    "fireworks_ai perplexity huggingface hf"
)
_API_ONLY_PROVIDERS = _words(
    # LiteLLM / pydantic-ai provider prefixes that are not Hub organisations.
    "anthropic gemini vertex_ai vertexai google-vertex azure azure_ai azure-openai bedrock groq "
    "together_ai openrouter fireworks_ai perplexity xai ollama"
)
_PROVIDER_PREFIX = re.compile(r"(?P<provider>[a-z][a-z0-9_-]{1,20})[/:](?P<rest>.+)")
_BEDROCK = re.compile(r"(?:[a-z]{2}\.)?(?:anthropic|cohere|mistral|ai21|amazon|meta)\.(?P<rest>.+)")
_ENV_DEFAULT = re.compile(r"\$\{\w{1,100}:?-(?P<default>[^}]{1,200})\}")


def is_model_key(key: str) -> bool:
    """Tell whether a key, keyword, variable or flag name says its value is a model.

    Case, dashes and leading underscores do not matter, so ``OPENAI_MODEL``,
    ``model-name`` and ``_name_or_path`` all count.

    >>> [is_model_key(k) for k in ("model", "OPENAI_MODEL", "modelName", "model_dir", "title")]
    [True, True, True, False, False]
    """
    normal = key.strip().lower().replace("-", "_").lstrip("_")
    return normal in _MODEL_KEYS or normal.endswith(_MODEL_KEY_ENDINGS)


def hub_url_refs(text: str) -> list[str]:
    """Return the repo ids of the Hugging Face model URLs in *text*, in order.

    >>> hub_url_refs("see https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/x.")
    ['meta-llama/Meta-Llama-3-8B']
    >>> hub_url_refs("https://huggingface.co/datasets/squad/x https://github.com/a/b")
    []
    """
    refs = []
    for match in _HUB_URL.finditer(text):
        org, name = match.group(1), match.group(2).rstrip(".")
        if name and not _FILE_SUFFIX.search(name):
            refs.append(f"{org}/{name}")
    return refs


def classify(value: str, context: Context) -> tuple[str, ReferenceKind] | None:
    """Return the model a string names, and its kind, or None when it names none.

    Args:
        value: the string as found (a literal, a resolved constant, a config value).
        context: how strongly the place it was found says it is a model.

    Returns:
        ``(ref, kind)``, or None.

    >>> classify("meta-llama/Meta-Llama-3-8B", Context.KEY)
    ('meta-llama/Meta-Llama-3-8B', <ReferenceKind.HUGGINGFACE: 'huggingface'>)
    >>> classify("anthropic/claude-3-5-sonnet-20240620", Context.KEY)[0]
    'claude-3-5-sonnet-20240620'
    >>> classify("./checkpoints/final", Context.LOADER)[1].value
    'local'
    >>> [classify(s, Context.KEY) for s in ("text/plain", "src/model.py", "2024/01")]
    [None, None, None]
    """
    value = value.strip()
    default = _ENV_DEFAULT.fullmatch(value)
    if default:
        value = default.group("default").strip()
    if not value or len(value) > MAX_NAME_CHARS or any(c.isspace() for c in value):
        return None
    if "://" in value:
        urls = hub_url_refs(value)
        return (urls[0], ReferenceKind.HUGGINGFACE) if urls else None
    if context is Context.LOADER:
        return _classify_loaded(value)
    api = api_model_name(value)
    if api is not None:
        return api, ReferenceKind.API
    hub = _provider_hub_id(value, loader=False)
    if hub is not None:
        return hub, ReferenceKind.HUGGINGFACE
    prefixed = _PROVIDER_PREFIX.fullmatch(value)
    if prefixed and prefixed.group("provider") in _API_ONLY_PROVIDERS:
        return value, ReferenceKind.API  # groq/llama3-8b-8192: the provider's own name
    if context is Context.API and _MODEL_TOKEN.fullmatch(value) and not _is_path(value):
        return value, ReferenceKind.API
    return None


def api_model_name(value: str) -> str | None:
    """Return the API model name *value* stands for, without a provider prefix, or None.

    >>> [api_model_name(v) for v in ("gpt-4o", "openai/gpt-4o-mini", "models/gemini-1.5-pro")]
    ['gpt-4o', 'gpt-4o-mini', 'gemini-1.5-pro']
    >>> api_model_name("openai/whisper-large-v3") is None
    True
    """
    for _ in range(3):  # at most "openrouter/anthropic/claude-..." deep
        if _API_NAME.fullmatch(value):
            return value
        prefixed = _PROVIDER_PREFIX.fullmatch(value)
        bedrock = _BEDROCK.fullmatch(value)
        if value.startswith("models/"):
            value = value[len("models/") :]
        elif prefixed and prefixed.group("provider") in _PROVIDERS:
            value = prefixed.group("rest")
        elif bedrock:
            value = bedrock.group("rest")
        else:
            return None
    return None


def plausible_hub_id(value: str) -> bool:
    """Tell whether *value* reads as ``org/name`` on the Hub rather than a path or a type.

    >>> [plausible_hub_id(v) for v in ("google/gemma-2b", "src/app.py", "image/png", "a--b/c")]
    [True, False, False, False]
    """
    match = _HUB_ID.fullmatch(value)
    if match is None or "--" in value or ".." in value:
        return False
    org, name = match.group("org"), match.group("name")
    if org.lower() in _NOT_ORGS or _DOMAIN.search(org) or _FILE_SUFFIX.search(name):
        return False
    return not (_DIGITS.fullmatch(org) and _DIGITS.fullmatch(name))


def _provider_hub_id(value: str, *, loader: bool) -> str | None:
    """Return the Hub repo id in *value* (``org/name``, ``hf-hub:org/name``...), or None.

    Outside a loader, ``groq/llama3-8b-8192`` names the provider's model, not a repo.
    """
    prefix = _HUB_PREFIX.match(value)
    if prefix:
        value = value[prefix.end() :]
    elif not loader and value.split("/", 1)[0] in _API_ONLY_PROVIDERS:
        return None
    elif value.count("/") == 2:
        prefixed = _PROVIDER_PREFIX.fullmatch(value)
        if prefixed is None or prefixed.group("provider") not in _PROVIDERS:
            return None
        value = prefixed.group("rest")
    return value if plausible_hub_id(value) else None


def _classify_loaded(value: str) -> tuple[str, ReferenceKind] | None:
    """Classify the model argument of a weights loader: a repo id or a local path."""
    hub = _provider_hub_id(value, loader=True)
    if hub is not None:
        return hub, ReferenceKind.HUGGINGFACE
    if _is_path(value) or _HUB_ID.fullmatch(value):
        return value, ReferenceKind.LOCAL
    if _BARE_ID.fullmatch(value) and not _FILE_SUFFIX.search(value):
        if value.lower() in _NOT_ORGS:
            return value, ReferenceKind.LOCAL
        return value, ReferenceKind.HUGGINGFACE
    if _FILE_SUFFIX.search(value):
        return value, ReferenceKind.LOCAL
    return None


def _is_path(value: str) -> bool:
    """Tell whether *value* is written as a file-system path."""
    return (
        value.startswith(("/", "./", "../", "~", "\\", "."))
        or "\\" in value
        or value.count("/") >= 2
        or value.endswith("/")
        or bool(re.match(r"[A-Za-z]:[\\/]", value))
    )
