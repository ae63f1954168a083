"""The catalog: look models and licenses up by id or by any of their names.

Owns name resolution (case-insensitive ids and aliases, Hub URLs, provider
prefixes, dated API snapshots, the names local runtimes use: Ollama and LM
Studio tags, GGUF file names, quantised re-uploads) and "did you mean"
suggestions. It holds
records; it does not read files (see ``openness.kb.loader``) and it does not
judge (see ``openness.assess``). Records from the prebuilt index are converted
on first access, so a lookup of one model stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from openness.errors import GpuNotFoundError, LicenseNotFoundError, ModelNotFoundError
from openness.kb.index import record_from_json
from openness.kb.schema import GpuRecord, LicenseRecord, ModelRecord

MAX_REF_CHARS = 300
"""Longer references cannot be model names; they get no suggestions."""

_HUB_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/|^hf://")
_HUB_SUFFIX = re.compile(r"/(?:tree|blob|resolve)/.*$|/+$")
_DATE_SUFFIX = re.compile(
    r"(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{3})|-latest|-preview(?:-\d{2}-\d{2})?|-exp)$"
)
_BEDROCK = re.compile(r"^(?:[a-z]{2}\.)?(?:anthropic|meta|mistral|cohere|amazon)\.|-v\d+(?::\d+)?$")
# Prefixes that API routers (LiteLLM, OpenRouter, Vertex, Gemini) put before a
# provider's own model name; a Hub org such as ``google/`` is tried as-is first.
_PROVIDER_PREFIX = re.compile(
    r"^(?:openai|anthropic|google|gemini|vertex_ai|azure|azure_ai|bedrock|mistral|cohere"
    r"|xai|x-ai|deepseek|groq|together_ai|openrouter|models)/"
)

# Names local runtimes and re-uploads give a model. Each reduction keeps what it
# removed when that is a quantisation, so the answer can say which build it is.
_REUPLOADERS = re.compile(
    r"^(?:bartowski|thebloke|lmstudio-community|mlx-community|unsloth|quantfactory"
    r"|mradermacher|second-state|maziyarpanahi|ggml-org|gaianet|lmstudio-ai)/"
)
"""Accounts that publish quantised or converted copies of other labs' models."""
_FILE_SUFFIX = re.compile(r"\.(?:gguf|ggml|safetensors|bin|mlx)$")
_QUANTISATION = re.compile(
    r"[-_.:](i?q[1-8](?:_[0-9a-z]{1,2}){0,2}|f16|fp16|bf16|f32|fp8|int[48]|[2-8]-?bit|bnb"
    r"|gguf|ggml|gptq|awq|mlx|exl2|qat|\d(?:\.\d+)?bpw)$"
)
"""One quantisation or format token at the end of a name; a name may carry several."""
_OLLAMA_LATEST = re.compile(r":latest$")
_OLLAMA_SIZE = re.compile(
    r"^(?P<name>[a-z][\w.-]*):(?P<size>(?:e?\d+(?:\.\d+)?[bm])|(?:\d+x\d+b))"
    r"(?:-[\w.-]+)?$"
)
_TUNE_SUFFIX = re.compile(r"-(?:instruct|it|chat|base|hf)$")
_META_PREFIX = re.compile(r"^meta-(?=llama)")
_GLUED_VERSION = re.compile(r"^([a-z]+)(\d)")
"""Ollama glues a family to its version (``phi4``, ``gemma3``); catalog ids hyphenate."""


@dataclass(frozen=True)
class ModelMatch:
    """How a reference named a catalog model."""

    ref: str
    """The reference as given."""
    model_id: str
    """The catalog id it names."""
    how: str | None = None
    """When it is not an id or alias: ``ollama tag``, ``gguf file``, ``re-upload``, ``variant``."""
    quantization: str | None = None
    """The quantisation the name carries (``q4_k_m``, ``awq``), if any."""

    def to_dict(self) -> dict[str, Any]:
        """Return the ``resolved`` object of ``openness check`` JSON."""
        return {"ref": self.ref, "as": self.how, "quantization": self.quantization}


def fold(name: str) -> str:
    """Normalise a name for lookup: trimmed, lower case.

    >>> fold("  Meta-Llama/Meta-Llama-3-8B ")
    'meta-llama/meta-llama-3-8b'
    """
    return name.strip().lower()


class Catalog:
    """Models and licenses of the knowledge base, looked up by any name."""

    def __init__(
        self,
        models: Mapping[str, ModelRecord | Mapping[str, Any]],
        licenses: Mapping[str, LicenseRecord | Mapping[str, Any]],
        gpus: Mapping[str, GpuRecord | Mapping[str, Any]] | None = None,
    ) -> None:
        """Build a catalog from records, or from index JSON converted on first access."""
        self._models = dict(models)
        self._licenses = dict(licenses)
        self._gpus = dict(gpus or {})
        self._model_names: dict[str, str] = {}
        bare: dict[str, set[str]] = {}
        for model_id, record in self._models.items():
            for name in (model_id, *_model_aliases(record)):
                self._model_names.setdefault(fold(name), model_id)
                if "/" in name:
                    bare.setdefault(fold(name).rsplit("/", 1)[1], set()).add(model_id)
        # A Hub repo's name without its org, when only one model has it: what a
        # re-upload ("bartowski/Meta-Llama-3-8B-Instruct-GGUF") keeps of it.
        self._repo_names = {name: ids.pop() for name, ids in bare.items() if len(ids) == 1}
        self._license_names: dict[str, str] = {}
        for license_id, license_record in self._licenses.items():
            for name in (license_id, *_license_aliases(license_record)):
                self._license_names.setdefault(fold(name), license_id)

    def with_records(
        self, models: Iterable[ModelRecord] = (), licenses: Iterable[LicenseRecord] = ()
    ) -> Catalog:
        """Return a catalog that also holds *models* and *licenses* (same ids replace)."""
        return Catalog(
            {**self._models, **{m.id: m for m in models}},
            {**self._licenses, **{r.id: r for r in licenses}},
            self._gpus,
        )

    def __len__(self) -> int:
        return len(self._models)

    def models(self) -> Iterator[ModelRecord]:
        """Yield every model record, sorted by id."""
        for model_id in sorted(self._models):
            yield self.model(model_id)

    def licenses(self) -> Iterator[LicenseRecord]:
        """Yield every license and policy record, sorted by id."""
        for license_id in sorted(self._licenses):
            yield self.license(license_id)

    def model(self, model_id: str) -> ModelRecord:
        """Return the model with catalog id *model_id* (exact)."""
        record = self._models[model_id]
        if not isinstance(record, ModelRecord):
            record = record_from_json(ModelRecord, record)
            self._models[model_id] = record
        return record

    def license(self, license_id: str) -> LicenseRecord:
        """Return the license with id or alias *license_id*.

        Raises:
            LicenseNotFoundError: no license has that id or alias.
        """
        key = self._license_names.get(fold(license_id))
        if key is None:
            raise LicenseNotFoundError(license_id, self._suggest(license_id, self._license_names))
        record = self._licenses[key]
        if not isinstance(record, LicenseRecord):
            record = record_from_json(LicenseRecord, record)
            self._licenses[key] = record
        return record

    def gpus(self) -> list[GpuRecord]:
        """Return every GPU record, sorted by id."""
        return [self.gpu(gpu_id) for gpu_id in sorted(self._gpus)]

    def gpu(self, gpu_id: str) -> GpuRecord:
        """Return the GPU *gpu_id* (case-insensitive).

        Raises:
            GpuNotFoundError: no GPU has that id; the error lists the valid ids.
        """
        key = self._gpu_key(gpu_id)
        record = self._gpus.get(key) if key is not None else None
        if key is None or record is None:
            raise GpuNotFoundError(gpu_id, sorted(self._gpus), self._gpu_variants(gpu_id))
        if not isinstance(record, GpuRecord):
            record = record_from_json(GpuRecord, record)
            self._gpus[key] = record
        return record

    def has_gpu(self, gpu_id: str) -> bool:
        """True when *gpu_id* names a GPU of the catalog."""
        return self._gpu_key(gpu_id) is not None

    def _gpu_key(self, name: str) -> str | None:
        """Return the id a GPU name as people type it stands for (``NVIDIA H100 SXM`` -> h100).

        Vendor words, form factors that are the default (SXM for H100, the only
        kind of L40S) and spacing do not matter; an ambiguous name (``a100``,
        sold with 40 and 80 GB) names nothing and the error lists its variants.
        """
        key = _gpu_spelling(name)
        for candidate in (key, re.sub(r"^([a-z]+)(\d)", r"\1-\2", key)):  # rtx4090 -> rtx-4090
            if candidate in self._gpus:
                return candidate
            for form in ("sxm", "sxm4", "sxm5", "pcie"):
                reduced = re.sub(rf"-{form}$", "", candidate)
                if reduced == candidate or reduced not in self._gpus:
                    continue
                default = self.gpu(reduced).name.lower()
                if ("sxm" if form.startswith("sxm") else form) in default:
                    return reduced
        return None

    def _gpu_variants(self, name: str) -> list[str]:
        key = _gpu_spelling(name)
        return sorted(g for g in self._gpus if len(key) >= 2 and g.startswith(f"{key}-"))

    def has_license(self, license_id: str) -> bool:
        """True when *license_id* is a known license id or alias."""
        return fold(license_id) in self._license_names

    def find_model_id(self, ref: str) -> str | None:
        """Return the catalog id that *ref* names, or None.

        *ref* may be an id or alias in any case, a Hugging Face URL, an API
        name with a provider prefix (``openai/gpt-4o``, ``models/gemini-1.5-pro``,
        ``anthropic.claude-3-5-sonnet-20240620-v1:0``) or a dated or ``-latest``
        snapshot of a listed API name.
        """
        found = self.match_model(ref)
        return found.model_id if found is not None else None

    def match_model(self, ref: str) -> ModelMatch | None:
        """Return the catalog model *ref* names and how, or None (see ``find_model_id``).

        Beyond ids and aliases, the names local runtimes use are understood: an
        Ollama tag (``qwen2.5:7b-instruct-q4_K_M``, ``phi4:latest``), a GGUF file
        name (``Meta-Llama-3-8B-Instruct.Q4_K_M.gguf``), a quantised re-upload
        (``bartowski/…-GGUF``, ``mlx-community/…-4bit``) and an instruct or chat
        variant of a listed model; the quantisation is kept in the answer.

        >>> from openness.kb.loader import load_catalog
        >>> load_catalog().match_model("llama3:8b-instruct-q4_K_M")
        ModelMatch(ref='llama3:8b-instruct-q4_K_M', model_id='llama-3-8b', how='ollama tag', \
quantization='q4_k_m')
        """
        if len(ref) > MAX_REF_CHARS:
            return None
        name = _HUB_SUFFIX.sub("", _HUB_PREFIX.sub("", fold(ref)))
        for candidate in _variants(name):
            model_id = self._model_names.get(candidate)
            if model_id is not None:
                return ModelMatch(ref, model_id)
        return self._runtime_match(ref, name)

    def _runtime_match(self, ref: str, name: str) -> ModelMatch | None:
        how = (
            "ollama tag" if ":" in name and "/" not in name
            else "gguf file" if name.endswith(".gguf")
            else "re-upload" if _REUPLOADERS.match(name)
            else "variant"
        )  # fmt: skip
        name = _REUPLOADERS.sub("", _FILE_SUFFIX.sub("", name))
        quantization = None
        candidates = [name]
        while (found := _QUANTISATION.search(name)) is not None:
            quantization = quantization or found.group(1)  # the outermost build token
            name = name[: found.start()]
            candidates.append(name)
        for candidate in list(candidates):
            latest = _OLLAMA_LATEST.sub("", candidate)
            sized = _OLLAMA_SIZE.match(latest)
            candidates.append(latest)
            if sized is not None:
                candidates += [
                    f"{sized['name']}:{sized['size']}",
                    f"{sized['name']}-{sized['size']}",
                ]
        candidates += [_GLUED_VERSION.sub(r"\1-\2", c) for c in candidates]
        # "bartowski/Qwen_Qwen3-14B-GGUF": the original's org and name, joined by "_"
        candidates += [
            form
            for c in candidates
            if "_" in c and "/" not in c
            for form in (c.split("_", 1)[1], c.replace("_", "/", 1))
        ]
        for candidate in list(candidates):
            for reduced in (_TUNE_SUFFIX.sub("", candidate), _META_PREFIX.sub("", candidate)):
                candidates.append(reduced)
                candidates.append(_TUNE_SUFFIX.sub("", _META_PREFIX.sub("", reduced)))
        for candidate in dict.fromkeys(candidates):
            for variant in _variants(candidate):
                model_id = self._model_names.get(variant) or self._repo_names.get(variant)
                if model_id is not None:
                    return ModelMatch(ref, model_id, how, quantization)
        return None

    def resolve_model(self, ref: str) -> ModelRecord:
        """Return the model *ref* names (see ``find_model_id``).

        Raises:
            ModelNotFoundError: nothing matches; carries close names as suggestions.
        """
        model_id = self.find_model_id(ref)
        if model_id is None:
            raise ModelNotFoundError(ref, self._suggest(ref, self._model_names))
        return self.model(model_id)

    @staticmethod
    def _suggest(ref: str, names: Mapping[str, str]) -> list[str]:
        """Return up to three ids close to *ref*.

        They are the sizes of a family it names, else names of the same family
        spelled alike (never another family that merely shares a number).
        """
        if not ref.strip() or len(ref) > MAX_REF_CHARS:
            return []
        import difflib

        folded = _HUB_SUFFIX.sub("", _HUB_PREFIX.sub("", fold(ref))).rsplit("/", 1)[-1]
        hyphenated = _GLUED_VERSION.sub(r"\1-\2", folded)
        family = [names[n] for n in sorted(names) if n.startswith((f"{folded}:", f"{hyphenated}-"))]
        if family:
            return list(dict.fromkeys(family))[:3]
        head = _head(folded)
        scored = []
        for name, model_id in names.items():
            bare = name.rsplit("/", 1)[-1]
            other = _head(bare)
            alike = difflib.SequenceMatcher(None, head, other).ratio()
            if len(head) >= 2 and (
                alike >= 0.8 or other.startswith(head) or head.startswith(other)
            ):
                score = difflib.SequenceMatcher(None, folded, bare).ratio()
                if score >= 0.5:
                    scored.append((-score, len(bare), model_id))
        return list(dict.fromkeys(model_id for _, _, model_id in sorted(scored)))[:3]


def _gpu_spelling(name: str) -> str:
    """Fold a GPU name as people write it: ``NVIDIA H100 Tensor Core GPU`` -> ``h100``."""
    key = re.sub(r"[\s_]+", "-", fold(name)).strip("-")
    return re.sub(r"^(?:nvidia|amd|geforce)-|-(?:gpu|tensor-core)$", "", key)


def _head(name: str) -> str:
    """Return the family word a model name starts with (``gpt`` of ``gpt-4.5``, ``glm``)."""
    found = re.match(r"[a-z]+", _META_PREFIX.sub("", name))
    return found.group() if found else ""


def _variants(name: str) -> Iterator[str]:
    """Yield *name*, then the forms it may reduce to, most specific first."""
    seen = {name}
    yield name
    queue = [name]
    while queue:
        current = queue.pop(0)
        for pattern in (_BEDROCK, _PROVIDER_PREFIX, _DATE_SUFFIX):
            reduced = pattern.sub("", current)
            if reduced and reduced not in seen:
                seen.add(reduced)
                queue.append(reduced)
                yield reduced


def _model_aliases(record: ModelRecord | Mapping[str, Any]) -> list[str]:
    if isinstance(record, ModelRecord):
        return list(record.aliases.all())
    aliases = record.get("aliases", {})
    return [*aliases.get("huggingface", ()), *aliases.get("api", ()), *aliases.get("other", ())]


def _license_aliases(record: LicenseRecord | Mapping[str, Any]) -> list[str]:
    if isinstance(record, LicenseRecord):
        return list(record.aliases)
    return list(record.get("aliases", ()))
