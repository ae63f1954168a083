"""A team's requirements: the advisor's input, from a YAML profile or from flags.

Owns the profile of docs/design.md (every key also a CLI flag), its defaults and
its validation: wrong types, negative or absurd volumes and unknown keys give
one-line errors naming the key. Entry points: ``Profile``, ``load_profile``
and ``profile_from_values``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

from openness.advise.quality import LEVELS, TASKS, default_quality
from openness.errors import EstimateError

DEVICE_BANDWIDTH = 100.0
"""GB/s of memory bandwidth assumed for a device when the profile does not say (a recent
laptop's; phones have less, workstation GPUs far more): stated in every on-device answer."""

MAX_MONTHLY_TOKENS = 10**15
"""More tokens a month than this is not a real workload (a thousand trillion)."""


@dataclass(frozen=True)
class Profile:
    """What a team needs from a model (docs/design.md advisor profile)."""

    task: str | None = None
    """What the model does: one of ``quality.TASKS`` (the benchmarks read depend on it)."""
    quality: str | None = None
    """The level needed (``basic``, ``good``, ``strong``, ``frontier``); by default from
    ``task`` and ``needs_frontier_reasoning``."""
    needs_frontier_reasoning: bool = False
    """State-of-the-art reasoning is essential (``quality: frontier``)."""
    can_run_gpus: bool = True
    """The team can operate GPU infrastructure."""
    context_tokens: int = 8000
    """Longest input it must handle."""
    prototyping: bool = False
    """Still exploring; speed of iteration comes first."""
    privacy: Literal["none", "preferred", "required"] = "none"
    """Whether data may leave the team's premises."""
    monthly_input_tokens: int = 100_000_000
    """Input tokens a month."""
    monthly_output_tokens: int = 20_000_000
    """Output tokens a month."""
    latency_ms: float | None = None
    """Target time per output token, ms."""
    on_device: bool = False
    """Must run on the user's device."""
    fine_tuning: Literal["none", "light", "deep"] = "none"
    """How much the model must be adapted."""
    needs_unfiltered_answers: bool = False
    """Provider safety filters block answers the use case needs."""
    commercial: bool = True
    """The use is commercial."""
    monthly_active_users: int | None = None
    """Users of the deploying organisation's products in a month."""
    region: str | None = None
    """Where the organisation is (``EU``, ``DE``, ``US``...)."""
    annual_revenue_usd: int | None = None
    """The organisation's yearly revenue, US$."""
    gpu: str | None = None
    """GPU kind to self-host on; None sizes each model on the cheapest kind that fits."""
    max_gpus: int = 8
    """Most GPUs one replica may use."""
    device_memory_gb: float | None = None
    """Memory available on the device, GB: needed with ``on_device``."""
    device_bandwidth_gb_per_s: float | None = None
    """The device's memory bandwidth, GB/s, which bounds its tokens a second (default 100)."""
    request_input_tokens: int | None = None
    """Input tokens of a typical request (default: the lesser of context_tokens and 2,000)."""
    request_output_tokens: int | None = None
    """Output tokens of a typical request (default: from the monthly ratio, 100 to 2,000)."""
    utilization: float = 0.5
    """Average share of peak throughput self-hosted GPUs reach over a month."""
    reasoning_factor: float = 3.0
    """Hidden reasoning tokens a reasoning model writes per visible output token (billed as
    output by APIs, generated on self-hosted GPUs); our estimate, stated in every answer."""

    def __post_init__(self) -> None:
        """Refuse a device without its memory: what fits on it cannot be told."""
        if self.on_device and self.device_memory_gb is None:
            raise EstimateError("on_device needs device_memory_gb, the memory of the device in GB")

    @property
    def device_memory(self) -> float:
        """The device's memory in GB (0 when the profile is not on a device)."""
        return self.device_memory_gb or 0.0

    @property
    def device_bandwidth(self) -> float:
        """The device's memory bandwidth in GB/s: the profile's, else ``DEVICE_BANDWIDTH``."""
        return self.device_bandwidth_gb_per_s or DEVICE_BANDWIDTH

    @property
    def needed_quality(self) -> str:
        """The quality level options must reach: the profile's, else from its task."""
        return self.quality or default_quality(self.task, self.needs_frontier_reasoning)

    @property
    def typical_input(self) -> int:
        """Input tokens of a typical request."""
        return self.request_input_tokens or max(1, min(self.context_tokens, 2000))

    @property
    def typical_output(self) -> int:
        """Output tokens of a typical request."""
        if self.request_output_tokens:
            return self.request_output_tokens
        if not self.monthly_input_tokens:
            return 500
        ratio = self.monthly_output_tokens / self.monthly_input_tokens
        return int(min(2000, max(100, self.typical_input * ratio)))

    @property
    def monthly_tokens(self) -> int:
        """Input and output tokens a month."""
        return self.monthly_input_tokens + self.monthly_output_tokens

    def to_dict(self) -> dict[str, Any]:
        """Return the profile as given and defaulted."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_CHOICES = {
    "task": TASKS,
    "quality": LEVELS,
    "privacy": ("none", "preferred", "required"),
    "fine_tuning": ("none", "light", "deep"),
}
_OPTIONAL = {"task", "quality"}
_POSITIVE_NUMBERS = {"latency_ms", "device_memory_gb", "device_bandwidth_gb_per_s", "utilization"}
_BOOLEANS = {
    "needs_frontier_reasoning",
    "can_run_gpus",
    "prototyping",
    "on_device",
    "needs_unfiltered_answers",
    "commercial",
}
_POSITIVE = {"context_tokens", "max_gpus", "request_input_tokens", "request_output_tokens"}
_VOLUMES = {
    "monthly_input_tokens",
    "monthly_output_tokens",
    "monthly_active_users",
    "annual_revenue_usd",
}


def profile_from_values(values: dict[str, Any], origin: str = "profile") -> Profile:
    """Build a profile from *values* (parsed YAML or flags), checking every value.

    Raises:
        EstimateError: an unknown key or an impossible value, named with *origin*.
    """
    known = {f.name for f in fields(Profile)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise EstimateError(
            f"{origin}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(known))}"
        )
    for key, value in values.items():
        _check(key, value, origin)
    if values.get("on_device") and values.get("device_memory_gb") is None:
        raise EstimateError(
            f"{origin}: on_device: true needs device_memory_gb, the memory of the device in GB"
        )
    return Profile(**values)


def _check(key: str, value: Any, origin: str) -> None:
    where = f"{origin}: {key}"
    if key in _BOOLEANS and not isinstance(value, bool):
        raise EstimateError(f"{where} must be true or false, got {value!r}")
    if key in _CHOICES and value not in _CHOICES[key] and not (key in _OPTIONAL and value is None):
        raise EstimateError(f"{where} must be one of {', '.join(_CHOICES[key])}, got {value!r}")
    if key in _POSITIVE | _VOLUMES and value is not None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise EstimateError(f"{where} must be a whole number, got {value!r}")
        if key in _POSITIVE and value < 1:
            raise EstimateError(f"{where} must be at least 1, got {value}")
        if value < 0:
            raise EstimateError(f"{where} must not be negative, got {value:,}")
        if value > MAX_MONTHLY_TOKENS:
            raise EstimateError(f"{where} of {value:,} is absurd (more than 10^15)")
    if key == "reasoning_factor" and (
        not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 100
    ):
        raise EstimateError(f"{where} must be a number from 0 to 100, got {value!r}")
    if key in _POSITIVE_NUMBERS and value is not None:
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise EstimateError(f"{where} must be a positive number, got {value!r}")
        if key == "utilization" and value > 1:
            raise EstimateError(f"{where} is a share between 0 and 1, got {value}")
    if key in ("region", "gpu") and value is not None and not isinstance(value, str):
        raise EstimateError(f"{where} must be text, got {value!r}")


def load_profile(path: Path) -> Profile:
    """Read a YAML profile file.

    Raises:
        EstimateError: missing, unreadable, not YAML, not a mapping, or a bad value.
    """
    import yaml

    from openness.limits import PROFILE_BYTES, read_whole

    try:
        text = read_whole(path, PROFILE_BYTES).decode("utf-8-sig")
    except FileNotFoundError as err:
        raise EstimateError(f"{path}: no such profile file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise EstimateError(f"{path}: cannot read ({err})") from err
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise EstimateError(f"{where}: not valid YAML") from err
    if values is None:
        return Profile()
    if not isinstance(values, dict):
        raise EstimateError(f"{path}: a profile is a mapping of requirement: value")
    return profile_from_values(values, str(path))


PROFILE_FLAGS: tuple[tuple[str, Any, str], ...] = (
    ("task", TASKS, "What the model does (the benchmarks read depend on it)."),
    ("quality", LEVELS, "Quality needed (default: from the task)."),
    ("needs_frontier_reasoning", bool, "State-of-the-art reasoning is essential."),
    ("can_run_gpus", bool, "The team can operate GPU infrastructure."),
    ("context_tokens", int, "Longest input it must handle."),
    ("prototyping", bool, "Still exploring; speed of iteration first."),
    ("privacy", _CHOICES["privacy"], "Whether data may leave (required: it may not)."),
    ("monthly_input_tokens", int, "Input tokens a month."),
    ("monthly_output_tokens", int, "Output tokens a month."),
    ("latency_ms", float, "Target time per output token, ms."),
    ("on_device", bool, "Must run on the user's device."),
    ("fine_tuning", _CHOICES["fine_tuning"], "How much the model must be adapted."),
    ("needs_unfiltered_answers", bool, "Provider safety filters block needed answers."),
    ("commercial", bool, "The use is commercial."),
    ("monthly_active_users", int, "Monthly active users of the organisation."),
    ("region", str, "Where the organisation is (EU, DE, US...)."),
    ("annual_revenue_usd", int, "The organisation's yearly revenue, US$."),
    ("gpu", str, "GPU kind to self-host on (default: the cheapest that fits each model)."),
    ("max_gpus", int, "Most GPUs one replica may use."),
    ("device_memory_gb", float, "Memory on the device, for --on-device."),
    ("device_bandwidth_gb_per_s", float, "Memory bandwidth of the device, GB/s (default 100)."),
    ("request_input_tokens", int, "Input tokens of a typical request."),
    ("request_output_tokens", int, "Output tokens of a typical request."),
    ("utilization", float, "Average share of peak throughput self-hosted GPUs reach."),
    ("reasoning_factor", float, "Hidden reasoning tokens per visible output token."),
)
"""Every profile key as a CLI flag: (key, type or choices, help)."""
