"""The Hub's ``/api/models`` answer, validated at the edge, and what openness keeps of it.

Owns ``HubModel`` (the facts a Hub answer gives about a model) and
``parse_model_info``: the Hub's own fields are checked strictly, hand-written
card data leniently (a value of the wrong type is dropped), and the LICENSE
file to fetch is chosen. Used by ``openness.sources.hub``. Entry point:
``parse_model_info``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    TypeAdapter,
    ValidationError,
)

from openness.errors import HubAccessError
from openness.sources.findings import Finding

LICENSE_FILE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt")
"""Top-level files read as the repository's license, first found first (any case)."""


_SIZE_KEYS = frozenset(
    {
        "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
        "num_key_value_heads", "head_dim", "vocab_size", "max_position_embeddings",
        "num_local_experts", "num_experts", "num_experts_per_tok", "sliding_window",
        "n_layer", "n_head", "n_embd", "n_positions", "d_model", "num_layers",
    }
)  # fmt: skip


@dataclass(frozen=True)
class HubModel:
    """What the Hub says about one model repository."""

    repo_id: str
    """The repository id as the Hub spells it (``meta-llama/Meta-Llama-3-8B``)."""
    sha: str | None
    """The commit the answer describes."""
    gated: bool | str
    """False, or how access is granted: ``"auto"`` or ``"manual"``."""
    private: bool
    """Whether the repository is private."""
    pipeline_tag: str | None
    """The task (``text-generation``)."""
    library_name: str | None
    """The library that loads it (``transformers``)."""
    tags: tuple[str, ...]
    """The Hub tags, in the Hub's order."""
    license: str | None
    """The card's ``license`` id (lower case), else the ``license:<id>`` tag."""
    license_name: str | None
    """The card's ``license_name``, used with ``license: other``."""
    license_link: str | None
    """The card's ``license_link``: a file in the repository or a URL."""
    base_models: tuple[str, ...]
    """The card's ``base_model`` (one or several), else the ``base_model:`` tags."""
    base_model_relation: str | None
    """The card's ``base_model_relation``, else the relation the ``base_model:`` tags give."""
    datasets: tuple[str, ...]
    """The card's ``datasets``, else the ``dataset:`` tags."""
    siblings: tuple[str, ...]
    """The names of the repository's files."""
    parameters_total: int | None
    """The parameter count from the safetensors headers (``safetensors.total``)."""
    config: dict[str, Any]
    """From the model config: ``architectures``, ``model_type`` and the sizes present."""
    license_text: str | None
    """The repository's LICENSE file, when one is listed (its read is bounded)."""
    fetched_at: str
    """When the Hub was asked (ISO 8601, UTC)."""
    findings: tuple[Finding, ...] = ()
    """Problems met on the way (a LICENSE that is gated, too large or not text)."""


def _first_text(value: object) -> str | None:
    """A card value as one string: a string, or the first string of a list."""
    candidates = value if isinstance(value, list) else [value]
    for item in candidates:
        if isinstance(item, str) and item.strip():
            return item.strip()
    return None


def _texts(value: object) -> tuple[str, ...]:
    """A card value as strings: a string, or the strings of a list (others dropped)."""
    candidates = value if isinstance(value, list) else [value]
    texts = (item.strip() for item in candidates if isinstance(item, str))
    return tuple(dict.fromkeys(text for text in texts if text))


def _mapping_or_none(value: object) -> object:
    """Card data that is not a mapping (hand-written YAML gone wrong) counts as absent."""
    return value if isinstance(value, dict) else None


_CardText = Annotated[str | None, BeforeValidator(_first_text)]
_CardTexts = Annotated[tuple[str, ...], BeforeValidator(_texts)]


class _CardData(BaseModel):
    """The model card's metadata, as people write it: read leniently."""

    model_config = ConfigDict(extra="ignore")

    license: _CardText = None
    license_name: _CardText = None
    license_link: _CardText = None
    base_model: _CardTexts = ()
    base_model_relation: _CardText = None
    datasets: _CardTexts = ()


class _Sibling(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    rfilename: str


class _Safetensors(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    total: NonNegativeInt | None = None


class _ModelInfo(BaseModel):
    """The fields of ``GET /api/models/{repo_id}`` we use; the Hub adds others over time."""

    model_config = ConfigDict(extra="ignore", strict=True)

    id: str = Field(validation_alias=AliasChoices("id", "modelId"), min_length=1, max_length=200)
    sha: str | None = Field(None, max_length=200)
    gated: bool | str = False
    private: bool = False
    pipeline_tag: str | None = None
    library_name: str | None = None
    tags: list[str] = []
    siblings: list[_Sibling] = []
    card_data: Annotated[_CardData | None, BeforeValidator(_mapping_or_none)] = Field(
        None, validation_alias="cardData"
    )
    safetensors: _Safetensors | None = None
    config: dict[str, Any] | None = None


_HUB_MODEL = TypeAdapter(HubModel)


def parse_model_info(body: bytes | str, repo_id: str, fetched_at: str) -> HubModel:
    """Read a ``GET /api/models/{repo_id}`` answer into a ``HubModel`` (without license text).

    Args:
        body: the answer as received.
        repo_id: the repository asked for, for error messages.
        fetched_at: when it was fetched (ISO 8601).

    Returns:
        The facts the answer holds; ``license_text`` is None.

    Raises:
        HubAccessError: the answer is not JSON, or not of the documented shape.
    """
    try:
        info = _ModelInfo.model_validate_json(body)
    except ValidationError as err:
        problem = err.errors(include_url=False, include_input=False)[0]
        if problem["type"] == "json_invalid":
            reason = "not JSON"
        else:
            where = ".".join(str(part) for part in problem["loc"])[:80] or "answer"
            reason = f"{where}: {problem['msg']}"[:160]
        raise HubAccessError(
            f"The Hub sent a malformed answer for {repo_id!r} ({reason}); "
            "check HF_ENDPOINT or try again later.",
            repo_id,
        ) from err
    return _hub_model(info, fetched_at)


def _hub_model(info: _ModelInfo, fetched_at: str) -> HubModel:
    """Turn validated Hub JSON into a ``HubModel``."""
    card = info.card_data or _CardData()
    tags = tuple(info.tags)
    license_id = card.license or next(iter(_tag_values(tags, "license")), None)
    return HubModel(
        repo_id=info.id,
        sha=info.sha,
        gated=info.gated,
        private=info.private,
        pipeline_tag=info.pipeline_tag,
        library_name=info.library_name,
        tags=tags,
        license=license_id.lower() if license_id else None,
        license_name=card.license_name,
        license_link=card.license_link,
        base_models=card.base_model or _tag_values(tags, "base_model"),
        base_model_relation=card.base_model_relation or _tag_relation(tags),
        datasets=card.datasets or _tag_values(tags, "dataset"),
        siblings=tuple(sibling.rfilename for sibling in info.siblings),
        parameters_total=info.safetensors.total if info.safetensors else None,
        config=_config_facts(info.config or {}),
        license_text=None,
        fetched_at=fetched_at,
    )


def _tag_values(tags: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """Values of ``prefix:value`` tags; ``base_model:finetune:x`` gives ``x``.

    >>> _tag_values(("license:mit", "base_model:adapter:a/b", "base_model:a/b"), "base_model")
    ('a/b',)
    """
    values = (tag.split(":")[-1].strip() for tag in tags if tag.startswith(prefix + ":"))
    return tuple(dict.fromkeys(value for value in values if value))


def _tag_relation(tags: tuple[str, ...]) -> str | None:
    """The relation a ``base_model:<relation>:<id>`` tag gives, if any.

    >>> _tag_relation(("license:mit", "base_model:quantized:a/b", "base_model:a/b"))
    'quantized'
    """
    for tag in tags:
        parts = tag.split(":")
        if len(parts) == 3 and parts[0] == "base_model" and parts[1]:
            return parts[1]
    return None


def _config_facts(config: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the architecture names, the model type and the sizes (plain integers) of a config."""
    facts: dict[str, Any] = {}
    architectures = config.get("architectures")
    if isinstance(architectures, list):
        facts["architectures"] = [name for name in architectures[:20] if isinstance(name, str)]
    if isinstance(config.get("model_type"), str):
        facts["model_type"] = config["model_type"]
    for key in sorted(_SIZE_KEYS & config.keys()):
        value = config[key]
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53:
            facts[key] = value
    return facts


def license_file(siblings: tuple[str, ...], license_link: str | None) -> str | None:
    """The top-level LICENSE file to read, if the repository has one.

    The card's ``license_link`` comes first when it names such a file, then
    ``LICENSE_FILE_NAMES`` in order, matched in any case.

    >>> license_file(("config.json", "license.txt", "LICENSE"), None)
    'LICENSE'
    >>> license_file(("LICENSE", "LICENSE.md"), "./LICENSE.md")
    'LICENSE.md'
    """
    by_lower = {name.lower(): name for name in reversed(siblings) if "/" not in name}
    wanted = [name.lower() for name in LICENSE_FILE_NAMES]
    if license_link:
        link = license_link.removeprefix("./").lower()
        if link in wanted:
            wanted.insert(0, link)
    return next((by_lower[name] for name in wanted if name in by_lower), None)
