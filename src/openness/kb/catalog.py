"""The catalog: look models and licenses up by id or by any of their names.

Owns name resolution (case-insensitive ids and aliases, Hub URLs, provider
prefixes, dated API snapshots) and "did you mean" suggestions. It holds
records; it does not read files (see ``openness.kb.loader``) and it does not
judge (see ``openness.assess``). Records from the prebuilt index are converted
on first access, so a lookup of one model stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
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
        for model_id, record in self._models.items():
            for name in (model_id, *_model_aliases(record)):
                self._model_names.setdefault(fold(name), model_id)
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
        key = fold(gpu_id)
        record = self._gpus.get(key)
        if record is None:
            raise GpuNotFoundError(gpu_id, sorted(self._gpus))
        if not isinstance(record, GpuRecord):
            record = record_from_json(GpuRecord, record)
            self._gpus[key] = record
        return record

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
        if len(ref) > MAX_REF_CHARS:
            return None
        name = _HUB_SUFFIX.sub("", _HUB_PREFIX.sub("", fold(ref)))
        for candidate in _variants(name):
            model_id = self._model_names.get(candidate)
            if model_id is not None:
                return model_id
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
        if not ref.strip() or len(ref) > MAX_REF_CHARS:
            return []
        import difflib

        folded = fold(ref)
        matches = difflib.get_close_matches(folded, list(names), n=8, cutoff=0.6)
        matches += [n for n in names if folded in n and n not in matches and len(folded) > 2]
        # Suggest the ids behind the close names, best match first, without repeats.
        return list(dict.fromkeys(names[m] for m in matches))[:3]


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
