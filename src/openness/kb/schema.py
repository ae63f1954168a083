"""Typed records of the knowledge base: models, licenses, their components and terms.

This module owns the shape of every knowledge-base record and the closed
vocabularies of docs/design.md (components, term kinds). It does not read files (see
``openness.kb.loader``) and it does not judge anything (see ``openness.assess``).

The records are frozen standard-library dataclasses so the core can use them
without importing pydantic; the loader validates YAML against them with
pydantic, which reads the ``__pydantic_config__`` attribute below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, NewType

ModelId = NewType("ModelId", str)
LicenseId = NewType("LicenseId", str)

# Read by pydantic when the loader validates YAML: unknown keys are errors.
_STRICT: Any = {"extra": "forbid"}

Availability = bool | Literal["partial"] | None
"""``True``, ``False``, ``"partial"``, or ``None`` for unknown."""


class Component(StrEnum):
    """The components of a model, after the Model Openness Framework (MOF)."""

    MODEL_ARCHITECTURE = "model_architecture"
    MODEL_PARAMETERS = "model_parameters"
    INTERMEDIATE_PARAMETERS = "intermediate_parameters"
    MODEL_CARD = "model_card"
    DATA_CARD = "data_card"
    TECHNICAL_REPORT = "technical_report"
    RESEARCH_PAPER = "research_paper"
    EVALUATION_RESULTS = "evaluation_results"
    SAMPLE_OUTPUTS = "sample_outputs"
    TRAINING_CODE = "training_code"
    INFERENCE_CODE = "inference_code"
    EVALUATION_CODE = "evaluation_code"
    EVALUATION_DATA = "evaluation_data"
    SUPPORTING_LIBRARIES = "supporting_libraries"
    DATASETS = "datasets"
    DATA_PREPROCESSING_CODE = "data_preprocessing_code"
    MODEL_METADATA = "model_metadata"


class TermKind(StrEnum):
    """The restrictions and duties a license text can hold (docs/design.md vocabulary)."""

    USER_THRESHOLD = "user_threshold"
    REVENUE_THRESHOLD = "revenue_threshold"
    GEOGRAPHIC_RESTRICTION = "geographic_restriction"
    EXCLUDED_PARTIES = "excluded_parties"
    NO_REDISTRIBUTION = "no_redistribution"
    FEE_REQUIRED = "fee_required"
    PRODUCT_RESTRICTION = "product_restriction"
    DELAYED_OPEN = "delayed_open"
    NON_COMMERCIAL = "non_commercial"
    RESEARCH_ONLY = "research_only"
    USE_RESTRICTIONS = "use_restrictions"
    MODEL_IMPROVEMENT_BAN = "model_improvement_ban"
    RESTRICTIONS_PASS_THROUGH = "restrictions_pass_through"
    NO_DERIVATIVES = "no_derivatives"
    UNILATERAL_CHANGES = "unilateral_changes"
    ATTRIBUTION = "attribution"
    NAMING = "naming"
    SHARE_ALIKE = "share_alike"


class LicenseKind(StrEnum):
    """Whether a document grants rights (a license) or limits use (a policy)."""

    LICENSE = "license"
    POLICY = "policy"


@dataclass(frozen=True)
class IntFact:
    """An integer fact and the page it was read from."""

    __pydantic_config__ = _STRICT

    value: int
    """The number."""
    source: str
    """URL of the page that states it."""


@dataclass(frozen=True)
class TextFact:
    """A textual fact (such as a date, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and its source."""

    __pydantic_config__ = _STRICT

    value: str
    """The text."""
    source: str
    """URL of the page that states it."""


@dataclass(frozen=True)
class ComponentRecord:
    """One MOF component of a model: is it released, under which license, where."""

    __pydantic_config__ = _STRICT

    available: Availability
    """Released (``True``), not released (``False``), ``"partial"``, or unknown (``None``)."""
    license: str | None = None
    """License id it is released under, or ``None`` when none is known."""
    url: str | None = None
    """Where the component is, or the page stating it is not released."""
    note: str | None = None
    """A short remark a reader needs (what exactly is partial, for instance)."""


@dataclass(frozen=True)
class Aliases:
    """Every name a model is known by."""

    __pydantic_config__ = _STRICT

    huggingface: tuple[str, ...] = ()
    """Hugging Face repo ids of the base and instruct variants (``org/name``)."""
    api: tuple[str, ...] = ()
    """API model names, dated snapshots included."""
    api_source: str | None = None
    """URL of the provider page that lists the API names."""
    other: tuple[str, ...] = ()
    """Other common names (Ollama tags, short names)."""

    def all(self) -> tuple[str, ...]:
        """Return every alias, Hub ids first."""
        return self.huggingface + self.api + self.other


@dataclass(frozen=True)
class Architecture:
    """The transformer shape a memory and throughput estimate needs."""

    __pydantic_config__ = _STRICT

    source: str
    """URL of the configuration or paper these numbers come from."""
    layers: int
    """Number of transformer blocks."""
    hidden_size: int
    """Model (embedding) dimension."""
    attention_heads: int
    """Query heads per layer."""
    kv_heads: int
    """Key/value heads per layer (fewer than ``attention_heads`` under GQA)."""
    head_dim: int
    """Dimension of one attention head."""
    intermediate_size: int | None = None
    """Feed-forward inner dimension (per expert for mixture-of-experts models)."""
    vocab_size: int | None = None
    """Tokenizer vocabulary size."""
    experts: int | None = None
    """Routed experts per MoE layer; ``None`` for dense models."""
    experts_per_token: int | None = None
    """Routed experts active per token."""
    shared_experts: int | None = None
    """Always-active shared experts per MoE layer."""
    dense_layers: int | None = None
    """Leading layers that are dense in an otherwise MoE model."""
    kv_lora_rank: int | None = None
    """Multi-head latent attention (MLA): rank of the compressed KV latent."""
    qk_rope_head_dim: int | None = None
    """MLA: dimension of the decoupled rotary key, cached beside the latent."""
    sliding_window: int | None = None
    """Attention window of sliding-window layers, if any."""
    attention_layers: int | None = None
    """Layers that keep a KV cache, when fewer than ``layers``: a hybrid's attention
    blocks (its Mamba or linear-attention blocks keep a fixed-size state instead)."""


@dataclass(frozen=True)
class ExternalAssessment:
    """A published verdict by someone else (OSI validation, MOT class, index score)."""

    __pydantic_config__ = _STRICT

    by: str
    """Who published it (``OSI``, ``MOT``, ``OSAI index``)."""
    result: str
    """What they concluded, in their words."""
    url: str
    """Where it is published."""


@dataclass(frozen=True)
class Lifecycle:
    """When a provider stopped supporting a model, and when it turned it off."""

    __pydantic_config__ = _STRICT

    deprecated: TextFact | None = None
    """The date the provider deprecated it (``YYYY-MM-DD``)."""
    retired: TextFact | None = None
    """The date it was or will be shut down: requests fail from then on."""
    replacement: str | None = None
    """The model the provider names in its place, on the page of the dates above (their
    source is its source; a replacement without a date is refused)."""

    def is_retired(self, today: str) -> bool:
        """Tell whether the model is shut down on *today* (``YYYY-MM-DD``)."""
        return self.retired is not None and self.retired.value <= today

    def is_deprecated(self, today: str) -> bool:
        """Tell whether the model is deprecated (or retired) on *today*."""
        return (self.deprecated is not None and self.deprecated.value <= today) or (
            self.retired is not None
        )

    def describe(self, today: str) -> str | None:
        """Say whether the model is retired or deprecated on *today*, and what replaces it.

        >>> gone = Lifecycle(retired=TextFact("2025-09-24", "https://x"), replacement="b")
        >>> gone.describe("2026-01-01")
        'retired on 2025-09-24: requests fail; its provider names b instead'
        >>> gone.describe("2025-01-01")
        'deprecated, shuts down on 2025-09-24; its provider names b instead'
        """
        instead = f"; its provider names {self.replacement} instead" if self.replacement else ""
        if self.retired is not None and self.is_retired(today):
            return f"retired on {self.retired.value}: requests fail{instead}"
        if not self.is_deprecated(today):
            return None
        since = f" since {self.deprecated.value}" if self.deprecated else ""
        until = f", shuts down on {self.retired.value}" if self.retired else ""
        return f"deprecated{since}{until}{instead}"


GENERATIVE_MODALITIES = ("text", "code", "vision-language", "multimodal")
"""Models that write text (or code) in answer to a prompt: what the advisor weighs."""
MODALITIES = (
    *GENERATIVE_MODALITIES,
    "embedding",  # text (or image) in, a vector out: sentence embeddings, CLIP-style encoders
    "reranker",  # a query and a passage in, a relevance score out
    "encoder",  # BERT-style encoders fine-tuned for classification or tagging
    "speech-recognition",  # audio in, text out
    "text-to-speech",  # text in, audio out
    "text-to-image",  # a prompt in, an image out
)
"""Every modality a model record may state."""


class Benchmark(StrEnum):
    """A published benchmark whose score says what a model can do (percent correct)."""

    MMLU = "mmlu"
    """Massive Multitask Language Understanding (57 subjects, multiple choice)."""
    MMLU_PRO = "mmlu_pro"
    """MMLU-Pro: harder, ten-choice, reasoning-heavy questions."""
    GPQA_DIAMOND = "gpqa_diamond"
    """GPQA Diamond: graduate-level science questions written to defeat search."""
    HUMANEVAL = "humaneval"
    """HumanEval: Python functions from docstrings, pass@1."""
    SWE_BENCH_VERIFIED = "swe_bench_verified"
    """SWE-bench Verified: real GitHub issues resolved by an agent."""
    MMMU = "mmmu"
    """MMMU: college-level questions over images (validation set)."""


@dataclass(frozen=True)
class Score:
    """A model's score on a benchmark, as its developer or a public leaderboard published it."""

    __pydantic_config__ = _STRICT

    benchmark: Benchmark
    """Which benchmark."""
    value: float
    """The score in percent (0 to 100)."""
    source: str
    """URL of the table that states it: the model card, the release post, a leaderboard."""
    date: str
    """When that table was published (``YYYY-MM-DD``, ``YYYY-MM``): how old the measure is."""
    note: str | None = None
    """The setting when the source gives it ("5-shot", "instruct model", "with thinking")."""


@dataclass(frozen=True)
class LicenseChange:
    """From a date on, the model's weights were offered under a license."""

    __pydantic_config__ = _STRICT

    date: str
    """The day the license took effect (``YYYY-MM-DD``)."""
    license: str
    """The license id (a record of the knowledge base)."""
    source: str
    """URL of the page that shows the license and its date (a commit, a release post)."""
    previous: str | None = None
    """The license it replaced, when the source shows it (a commit's diff) and no earlier
    entry records it: before ``date``, that license applied."""
    note: str | None = None
    """What changed, in a few words."""


RELATIONS = ("finetune", "adapter", "merge", "quantized")
"""How a model derives from its base (the Hub's ``base_model_relation`` values)."""

GATES = ("auto", "manual", "true")
"""How a gated repository grants access: accepted by a click, approved by its authors,
or gated with the mode not recorded."""


@dataclass(frozen=True)
class BaseModel:
    """A model this one was made from, as its card declares (``base_model``)."""

    __pydantic_config__ = _STRICT

    model: str
    """The base: a catalog id when the catalog has it, else its Hub repo id."""
    relation: str
    """One of ``RELATIONS``: how this model was made from it."""
    source: str
    """URL of the card that declares it."""


@dataclass(frozen=True)
class DatasetRef:
    """A dataset a model's card says it was trained or tuned on (``datasets``)."""

    __pydantic_config__ = _STRICT

    id: str
    """The Hub dataset id (``HuggingFaceH4/ultrachat_200k``)."""
    source: str
    """URL of the model card that lists it."""
    license: str | None = None
    """The dataset card's license id, where known."""
    license_source: str | None = None
    """URL of the dataset card that states the license."""


@dataclass(frozen=True)
class ModelRecord:
    """Everything the catalog knows about one model (one size, base and instruct)."""

    __pydantic_config__ = _STRICT

    id: str
    """Catalog id: lowercase slug such as ``llama-3-8b``."""
    name: str
    """Display name."""
    developer: str
    """Organisation that released it."""
    family: str
    """Family name shared by sizes and versions (``Llama 3``)."""
    release_date: TextFact | None = None
    """First public release, ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    parameters_total: IntFact | None = None
    """All parameters."""
    parameters_active: IntFact | None = None
    """Parameters used per token (equal to the total for dense models)."""
    context_tokens: IntFact | None = None
    """Longest supported context in tokens."""
    components: dict[Component, ComponentRecord] = field(default_factory=dict)
    """The MOF components; a missing key means unknown."""
    aliases: Aliases = field(default_factory=Aliases)
    """Other names: Hub repo ids, API names."""
    modality: str = "text"
    """What it takes and makes: one of ``MODALITIES``."""
    use_policies: tuple[str, ...] = ()
    """Policy ids that apply to the weights beyond what their license incorporates."""
    architecture: Architecture | None = None
    """Shape facts for cost estimates (open-weights models)."""
    assessments: tuple[ExternalAssessment, ...] = ()
    """Published verdicts of others, for comparison."""
    notes: tuple[str, ...] = ()
    """Remarks a reader should see (license history, caveats)."""
    lifecycle: Lifecycle | None = None
    """Deprecation and shutdown dates from the provider's own pages (API models)."""
    scores: tuple[Score, ...] = ()
    """Published benchmark scores: what the model can do, each with its table and date."""
    license_history: tuple[LicenseChange, ...] = ()
    """The weights' licenses over time, oldest first; the last is the current one (that of
    ``components.model_parameters``). Empty when the license never changed, as far as known."""
    reasoning: TextFact | None = None
    """Whether it thinks before answering, in hidden tokens billed (or generated) as output:
    ``always`` (a reasoning model) or ``optional`` (a thinking mode the caller turns on),
    from the developer's or provider's page that says so."""
    base_models: tuple[BaseModel, ...] = ()
    """The models it was made from (fine-tuned, adapted, merged or quantised), from its card."""
    datasets: tuple[DatasetRef, ...] = ()
    """The datasets its card lists."""
    gated: TextFact | None = None
    """Whether the weights' repository is gated: terms must be accepted on the Hub before
    download. One of ``GATES``, with the repository page as source."""

    def component(self, name: Component) -> ComponentRecord:
        """Return the record of component *name*, unknown when the catalog has none."""
        return self.components.get(name, UNKNOWN_COMPONENT)

    @property
    def weights_license(self) -> str | None:
        """License id of the final parameters, if known."""
        return self.component(Component.MODEL_PARAMETERS).license

    def license_on(self, day: str) -> LicenseChange | None:
        """Return the license change in force on *day* (``YYYY-MM-DD``), None before the first.

        >>> model = ModelRecord("m", "M", "D", "F", license_history=(
        ...     LicenseChange("2023-03-15", "falcon-llm-license", "https://x"),
        ...     LicenseChange("2023-05-31", "apache-2.0", "https://y")))
        >>> model.license_on("2023-04-01").license, model.license_on("2024-01-01").license
        ('falcon-llm-license', 'apache-2.0')
        >>> model.license_on("2023-01-01") is None
        True
        """
        found = None
        for change in self.license_history:
            if change.date <= day:
                found = change
        return found

    def license_before(self, day: str) -> str | None:
        """Return the license that applied on *day*, before the first recorded change too.

        >>> model = ModelRecord("m", "M", "D", "F", license_history=(
        ...     LicenseChange("2023-05-31", "apache-2.0", "https://y", "falcon-llm-license"),))
        >>> model.license_before("2023-05-28"), model.license_before("2023-06-01")
        ('falcon-llm-license', 'apache-2.0')
        """
        change = self.license_on(day)
        if change is not None:
            return change.license
        first = self.license_history[0] if self.license_history else None
        return first.previous if first is not None else None


UNKNOWN_COMPONENT = ComponentRecord(available=None)


@dataclass(frozen=True)
class TermRecord:
    """One restriction or duty of a license, with the clause it comes from."""

    __pydantic_config__ = _STRICT

    kind: TermKind
    """What sort of term it is."""
    quote: str
    """The words of the clause (an excerpt, enough to find it in the text)."""
    value: int | tuple[str, ...] | None = None
    """Threshold (users, amount) or the places named, depending on *kind*."""
    currency: str | None = None
    """ISO currency code of a revenue threshold."""
    section: str | None = None
    """Section heading or number the clause sits in."""
    note: str | None = None
    """Scope or condition a reader needs (``multimodal models only``)."""
    unit: str | None = None
    """What a user threshold counts (``monthly_active_users``, ``daily_active_users``, ...);
    monthly active users when not given."""
    period: str | None = None
    """The period of a revenue threshold (``annual``, ``monthly``); annual when not given."""
    effect: str | None = None
    """For a threshold, ``duty`` when crossing it brings a duty (the license's terms whose
    ``condition`` is ``above_threshold``) rather than a loss of rights."""
    condition: str | None = None
    """``above_threshold`` for a duty that binds only above the license's thresholds."""
    span: tuple[int, int] | None = None
    """Where the quote is in the text, for a record made from a license file."""


TERM_EFFECTS = ("duty",)
TERM_CONDITIONS = ("above_threshold",)


@dataclass(frozen=True)
class PassageRecord:
    """A passage of a license text: one a known license lacks, or one left unread."""

    __pydantic_config__ = _STRICT

    quote: str
    """The passage as it stands in the text."""
    span: tuple[int, int]
    """Its character span in the text."""
    kinds: tuple[TermKind, ...] = ()
    """Kinds of the terms found in it."""


@dataclass(frozen=True)
class TextReading:
    """How a license record made from a text (a model folder's LICENSE) was read."""

    __pydantic_config__ = _STRICT

    variant_of: str | None = None
    """The known license the text is a variant of (it adds passages to it)."""
    confidence: float = 0.0
    """How closely the text matches *variant_of* (below 1 for a variant)."""
    additions: tuple[PassageRecord, ...] = ()
    """The passages the known license lacks."""
    unread: tuple[PassageRecord, ...] = ()
    """Operative sentences read as nothing: they keep the OSD verdict from ``pass``."""
    unread_count: int = 0
    """How many there are in all (``unread`` may be cut)."""


@dataclass(frozen=True)
class LicenseRecord:
    """A license or an acceptable-use policy and its terms."""

    __pydantic_config__ = _STRICT

    id: str
    """Hub license id, else the Hub ``license_name``, else a lowercase slug."""
    name: str
    """Full name."""
    url: str
    """Canonical text of this version."""
    kind: LicenseKind = LicenseKind.LICENSE
    """A license, or a policy it incorporates by reference."""
    spdx: str | None = None
    """SPDX id, when the SPDX list has one."""
    osi_approved: bool = False
    """Approved by the Open Source Initiative."""
    open_data: bool = False
    """An open data or content license (Open Definition conformant, or accepted as open by MOF)."""
    status_source: str | None = None
    """URL confirming ``osi_approved`` or ``open_data``; required when either is true."""
    version_date: str | None = None
    """Date of this version (``YYYY-MM-DD``) when the text carries one."""
    aliases: tuple[str, ...] = ()
    """Other ids (a family id for the latest dated version, ScanCode keys, old names)."""
    incorporates: tuple[str, ...] = ()
    """Policy ids this license makes part of its terms by reference."""
    terms: tuple[TermRecord, ...] = ()
    """Restrictions and duties, each with its clause."""
    notes: tuple[str, ...] = ()
    """Remarks a reader should see."""
    hosting_is_distribution: str | None = None
    """The definition (quoted) by which serving the model as a hosted service counts as
    distributing it: the duties that bind copies then bind a hosted service too."""
    reading: TextReading | None = None
    """For a record made from a text rather than reviewed: what the reading left over."""

    @property
    def is_policy(self) -> bool:
        """True for an acceptable-use or prohibited-use policy."""
        return self.kind is LicenseKind.POLICY


@dataclass(frozen=True)
class FloatFact:
    """A measured number and the page it was read from."""

    __pydantic_config__ = _STRICT

    value: float
    """The number."""
    source: str
    """URL of the page that states it."""


@dataclass(frozen=True)
class PriceFact:
    """A price, the page that quotes it, and when."""

    __pydantic_config__ = _STRICT

    value: float
    """US dollars."""
    source: str
    """URL of the page that quotes it."""
    date: str
    """When the page quoted it (``YYYY-MM`` or ``YYYY-MM-DD``)."""
    note: str | None = None
    """Which offer (on-demand, community, tier) the price is."""


@dataclass(frozen=True)
class GpuRecord:
    """An accelerator: memory, bandwidth, peak compute, rental price."""

    __pydantic_config__ = _STRICT

    id: str
    """Short id used on the command line (``h100``)."""
    name: str
    """Full name."""
    vendor: str
    """Maker."""
    memory_gb: FloatFact
    """Memory per GPU, in GB (10^9 bytes)."""
    memory_bandwidth_gb_per_s: FloatFact
    """Peak memory bandwidth, GB/s."""
    bf16_tflops: FloatFact
    """Dense BF16/FP16 tensor throughput, TFLOPS (no sparsity)."""
    fp8_tflops: FloatFact | None = None
    """Dense FP8 tensor throughput, TFLOPS; None when the GPU has no FP8 units."""
    interconnect_gb_per_s: FloatFact | None = None
    """GPU-to-GPU bandwidth per GPU (NVLink, Infinity Fabric), GB/s."""
    rental_usd_per_hour: PriceFact | None = None
    """On-demand rental price per GPU-hour."""
    notes: tuple[str, ...] = ()
    """Remarks (figures marked unsure in the sources, form factor)."""
