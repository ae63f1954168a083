"""The options an advisor weighs, each checked against the use and its license.

API models come with their prices, self-hosted models with their estimates.
Owns the shortlist's candidates and their costs as functions of volume, so
the advisor, the break-even and the chart share one cost model. Entry points:
``api_options``, ``self_hosted_options`` and ``break_even``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from openness.advise.estimate import BYTES_PER_PARAMETER, CostEstimate, Precision, estimate
from openness.advise.prices import PROVIDERS, ApiPrice, api_price, hosted_offers, monthly_cost
from openness.advise.profile import Profile
from openness.advise.quality import QualityFit, fit
from openness.assess import Assessment, Tier, assess_model
from openness.assess.policy import Organization, Policy, evaluate_policy
from openness.environment import today as current_day
from openness.errors import EstimateError
from openness.kb.catalog import Catalog
from openness.kb.schema import GENERATIVE_MODALITIES, GpuRecord, ModelRecord, TermKind

HOURS_PER_MONTH = 730.0


@dataclass(frozen=True)
class Option:
    """One way to serve the workload, its monthly cost and whether it may be used."""

    model: ModelRecord
    """The catalog model."""
    deployment: Literal["api", "open_hosted", "self_hosted"]
    """A closed API; open weights served per token by an inference host; or open
    weights run on the team's (or the user's) hardware."""
    license_ok: bool
    """Its license (and its fit: context, hardware) permits this use."""
    notes: tuple[str, ...]
    """Why it is or is not fine, with the numbers."""
    price: ApiPrice | None = None
    """API price (api options)."""
    estimate: CostEstimate | None = None
    """Self-hosting estimate for one replica (self-hosted options)."""
    on_device: bool = False
    """Runs on the user's device (no hosting cost)."""
    quality: QualityFit | None = None
    """How its published scores meet the quality the profile's task needs."""
    device_tokens_per_s: float | None = None
    """On a device: the most output tokens a second its memory bandwidth allows."""

    def monthly_cost(self, profile: Profile, scale: float = 1.0) -> float | None:
        """Return the US$ cost of the profile's monthly volume times *scale*."""
        volume_in = profile.monthly_input_tokens * scale
        volume_out = profile.monthly_output_tokens * scale * self.output_factor(profile)
        if self.price is not None:
            return monthly_cost(self.price, volume_in, volume_out, profile.typical_input)
        if self.on_device:
            return 0.0
        return self.self_hosted_cost(volume_out, profile.utilization)

    def output_factor(self, profile: Profile) -> float:
        """Return the output tokens paid for (or generated) per visible output token.

        A model that always reasons first adds ``profile.reasoning_factor``
        hidden tokens to each visible one; others, and optional thinking
        modes the caller may leave off, add none.
        """
        thinking = self.model.reasoning
        return 1.0 + profile.reasoning_factor if thinking and thinking.value == "always" else 1.0

    def replica_monthly_usd(self) -> float | None:
        """Return the rent of one replica for a month, when a price is known."""
        if self.estimate is None or self.estimate.usd_per_gpu_hour is None:
            return None
        return self.estimate.gpus * self.estimate.usd_per_gpu_hour * HOURS_PER_MONTH

    def replica_capacity(self, utilization: float) -> float:
        """Return the output tokens a month one replica serves at *utilization*."""
        if self.estimate is None:
            return 0.0
        return self.estimate.throughput_tokens_per_s * 3600 * HOURS_PER_MONTH * utilization

    def self_hosted_cost(self, output_tokens: float, utilization: float) -> float | None:
        """Return the rent of enough replicas for *output_tokens* a month (at least one)."""
        rent, capacity = self.replica_monthly_usd(), self.replica_capacity(utilization)
        if rent is None or capacity <= 0:
            return None
        return max(1, math.ceil(output_tokens / capacity)) * rent

    def to_dict(self, profile: Profile) -> dict[str, Any]:
        """Return the shortlist entry of docs/design.md."""
        cost = self.monthly_cost(profile)
        out: dict[str, Any] = {
            "model": self.model.id,
            "name": self.model.name,
            "deployment": self.deployment,
            "monthly_cost_usd": None if cost is None else round(cost, 2),
            "license_ok": self.license_ok,
            "notes": list(self.notes),
        }
        if self.on_device:
            out["on_device"] = True
            out["tokens_per_s"] = (
                None if self.device_tokens_per_s is None else round(self.device_tokens_per_s, 1)
            )
        if self.quality is not None:
            out["quality"] = self.quality.to_dict()
        return out


def api_options(catalog: Catalog, profile: Profile, today: str | None = None) -> list[Option]:
    """Return every closed API model on sale with a known price, and whether it fits.

    A model its provider has shut down (``lifecycle.retired`` on or before
    *today*, by default the current date) is never an option; a deprecated one
    says when it goes.
    """
    today = today or current_day()
    options = []
    for model in catalog.models():
        if not model.aliases.api or model.developer not in PROVIDERS:
            continue
        if model.modality not in GENERATIVE_MODALITIES:
            continue  # an embedding, speech or image model answers no prompt
        lifecycle = model.lifecycle
        if lifecycle is not None and lifecycle.is_retired(today):
            continue
        if assess_model(model, catalog).tier is not Tier.CLOSED_API:
            continue
        try:
            price = api_price(model.aliases.api[0], PROVIDERS[model.developer])
        except EstimateError:
            continue
        window = price.context_window or (
            model.context_tokens.value if model.context_tokens else None
        )
        notes = [
            f"US${price.input_usd_per_mtok.base:g} / US${price.output_usd_per_mtok.base:g} "
            f"per million input / output tokens ({price.source}, as of {price.as_of})"
        ]
        said = lifecycle.describe(today) if lifecycle is not None else None
        if said is not None:
            notes.append(said)
        fits = window is not None and window >= profile.context_tokens
        notes.append(_context_note(window, profile.context_tokens))
        quality = fit(model, profile.task, profile.needed_quality)
        notes += [f"quality: {quality.why}", *_reasoning_notes(model, profile)]
        options.append(Option(model, "api", fits, tuple(notes), price=price, quality=quality))
    return options


def open_hosted_options(catalog: Catalog, profile: Profile) -> list[Option]:
    """Return each open-weights model an inference host serves per token, at its cheapest.

    The model's license binds the team as it does when self-hosting; the
    offer's own context window (hosts cut it) decides whether it fits.
    """
    policy = _policy_for(profile)
    options = []
    for model in catalog.models():
        if model.modality not in GENERATIVE_MODALITIES:
            continue
        names = {*model.aliases.huggingface, *model.aliases.other, model.id}
        names |= {name.rsplit("/", 1)[-1] for name in model.aliases.huggingface}
        offers = hosted_offers({name.lower() for name in names})
        if not offers:
            continue
        assessment = assess_model(model, catalog)
        if assessment.tier is Tier.CLOSED_API:
            continue
        window = model.context_tokens.value if model.context_tokens else None
        fitting = [o for o in offers if (o.context_window or window or 0) >= profile.context_tokens]
        pool = fitting or offers
        offer = min(pool, key=lambda o: (monthly_cost(o, *_volumes(profile)), o.provider))
        notes = _license_notes(profile, policy, assessment)
        notes.append(
            f"served by {offer.provider} as {offer.model}: US${offer.input_usd_per_mtok.base:g} "
            f"/ US${offer.output_usd_per_mtok.base:g} per million input / output tokens "
            f"({offer.source}, as of {offer.as_of}); {len(offers)} offer(s) in all"
        )
        if not fitting:
            longest = max((o.context_window or window or 0) for o in offers)
            notes.append(_context_note(longest or None, profile.context_tokens))
        quality = fit(model, profile.task, profile.needed_quality)
        notes += [f"quality: {quality.why}", *_reasoning_notes(model, profile)]
        allowed = refusal(notes) is None
        options.append(
            Option(
                model,
                "open_hosted",
                allowed and bool(fitting),
                tuple(notes),
                price=offer,
                quality=quality,
            )
        )
    return options


def _reasoning_notes(model: ModelRecord, profile: Profile) -> list[str]:
    """Say how a reasoning model's hidden tokens are counted."""
    thinking = model.reasoning
    if thinking is None:
        return []
    if thinking.value == "always":
        return [
            f"a reasoning model ({thinking.source}): {profile.reasoning_factor:g} hidden tokens "
            "per visible output token are counted as output"
        ]
    return [
        f"an optional thinking mode ({thinking.source}): costed with it off; each hidden "
        "token it writes when on is billed as output"
    ]


REFUSED = "not allowed"
"""How a note that the model's license refuses this use begins."""


def refusal(notes: Sequence[str]) -> str | None:
    """Return the note saying the license refuses this use, or None when it permits it."""
    return next((n for n in notes if n.startswith(REFUSED)), None)


def _context_note(window: int | None, needed: int) -> str:
    """Say how a model's context compares with the context needed (unknown never fits)."""
    if window is None:
        return f"context unknown: it cannot be shown to take the {needed:,} tokens needed"
    if window < needed:
        return f"context {window:,} tokens is less than the {needed:,} needed"
    return f"context {window:,} tokens"


def _volumes(profile: Profile) -> tuple[float, float, int]:
    return profile.monthly_input_tokens, profile.monthly_output_tokens, profile.typical_input


RIGHT_SIZE_GPUS = ("l4", "a10g", "l40s", "a100-40gb", "a100-80gb", "h100", "h200", "b200")
"""The data-centre GPUs one can rent by the hour, tried in turn for each open model."""


def gpus_to_try(catalog: Catalog, profile: Profile) -> list[GpuRecord]:
    """Return the GPU kinds to size each model on.

    They are the profile's, when it names one, else every rentable data-centre
    kind the catalog prices.
    """
    if profile.gpu is not None:
        return [catalog.gpu(profile.gpu)]
    return [
        catalog.gpu(gpu_id)
        for gpu_id in RIGHT_SIZE_GPUS
        if catalog.has_gpu(gpu_id) and catalog.gpu(gpu_id).rental_usd_per_hour is not None
    ] or [catalog.gpu("h100")]


def self_hosted_options(
    catalog: Catalog, profile: Profile, gpu: GpuRecord | Sequence[GpuRecord]
) -> list[Option]:
    """Return the open-weights models of the catalog, each estimated and license-checked.

    With several GPU kinds, each model is sized on each and the cheapest that
    fits (and meets the latency target, when there is one) is kept: an 8B model
    is priced on the small card that serves it, not on the largest.
    """
    kinds = [gpu] if isinstance(gpu, GpuRecord) else list(gpu)
    policy = _policy_for(profile)
    options = []
    for model in catalog.models():
        if model.architecture is None or model.parameters_total is None:
            continue
        if model.modality not in GENERATIVE_MODALITIES:
            continue
        assessment = assess_model(model, catalog)
        if assessment.tier is Tier.CLOSED_API:
            continue
        notes = _license_notes(profile, policy, assessment)
        option = (
            _on_device(model, profile, notes)
            if profile.on_device
            else _cheapest_fit(_sized(model, profile, kinds, notes), profile)
        )
        if option is not None:
            quality = fit(model, profile.task, profile.needed_quality)
            notes_with = (
                *option.notes,
                f"quality: {quality.why}",
                *_reasoning_notes(model, profile),
            )
            options.append(replace(option, notes=notes_with, quality=quality))
    return options


def _sized(
    model: ModelRecord, profile: Profile, kinds: list[GpuRecord], notes: list[str]
) -> list[Option]:
    """Size *model* on every GPU kind at its usual precision, and at 4 bits where it must.

    Four-bit weights are tried on a kind only when the model does not fit it
    within ``max_gpus`` otherwise; the cheapest fit then wins, and a 4-bit one
    says what it costs in quality.
    """
    sized = []
    for kind in kinds:
        usual = _hosted(model, profile, kind, list(notes))
        sized.append(usual)
        estimate = usual.estimate
        if estimate is None or not estimate.fits or estimate.gpus > profile.max_gpus:
            sized.append(_hosted(model, profile, kind, list(notes), Precision.INT4))
    return sized


def _cheapest_fit(options: list[Option], profile: Profile) -> Option:
    """Return the cheapest option that fits and meets the latency target, else the first."""

    def meets(option: Option) -> bool:
        estimate = option.estimate
        return option.license_ok and (
            profile.latency_ms is None
            or (estimate is not None and estimate.time_per_output_token_ms <= profile.latency_ms)
        )

    fitting = [o for o in options if meets(o) and o.monthly_cost(profile) is not None]
    if not fitting:
        return options[-1]  # the largest kind: the clearest reason why nothing fits
    return min(fitting, key=lambda o: o.monthly_cost(profile) or 0.0)


def _policy_for(profile: Profile) -> Policy:
    denied = [TermKind.NON_COMMERCIAL, TermKind.RESEARCH_ONLY] if profile.commercial else []
    if profile.fine_tuning != "none":
        denied.append(TermKind.NO_DERIVATIVES)
    return Policy(
        deny_terms=tuple(denied),
        organization=Organization(
            profile.monthly_active_users, profile.annual_revenue_usd, profile.region
        ),
        unknown_license="fail",
    )


def _license_notes(profile: Profile, policy: Policy, assessment: Assessment) -> list[str]:
    result = evaluate_policy(policy, [(assessment.model.id, assessment)])
    notes = [f"{REFUSED}: {issue.why}" for issue in result.violations]
    if not notes:
        license_id = assessment.model.weights_license or "unknown"
        use = "commercial" if profile.commercial else "non-commercial"
        notes.append(
            f"license {license_id} permits this use ({use}, fine-tuning: {profile.fine_tuning})"
        )
    return notes


def _hosted(
    model: ModelRecord,
    profile: Profile,
    gpu: GpuRecord,
    notes: list[str],
    precision: Precision | None = None,
) -> Option:
    precision = precision or (Precision.FP8 if gpu.fp8_tflops is not None else Precision.FP16)
    if precision is Precision.INT4:
        notes.append(
            f"4-bit weights (as GPTQ or AWQ quantise them), to fit on {gpu.id}: expect some "
            "loss against the full-precision model its scores were measured on"
        )
    ok = refusal(notes) is None
    window = model.context_tokens.value if model.context_tokens else None
    context_ok = window is not None and window >= profile.context_tokens
    if not context_ok:
        notes.append(_context_note(window, profile.context_tokens))
    result = None
    try:
        probe = estimate(
            model,
            gpu,
            gpus=1,
            precision=precision,
            input_tokens=profile.typical_input,
            output_tokens=profile.typical_output,
        )
        gpus = min(probe.gpus_needed, 1024)
        result = estimate(
            model,
            gpu,
            gpus=max(1, gpus),
            precision=precision,
            input_tokens=profile.typical_input,
            output_tokens=profile.typical_output,
        )
    except EstimateError as err:
        notes.append(f"no estimate: {err}")
    fits = result is not None and result.fits and result.gpus <= profile.max_gpus
    if result is not None:
        notes.append(
            f"{result.gpus} × {gpu.id} at {precision.value}: "
            f"{result.throughput_tokens_per_s:,.0f} output tokens/s at full load, "
            f"{result.time_per_output_token_ms:.1f} ms per token alone"
        )
        if result.gpus > profile.max_gpus:
            notes.append(f"needs {result.gpus} GPUs, more than the {profile.max_gpus} available")
    return Option(model, "self_hosted", ok and context_ok and fits, tuple(notes), estimate=result)


DEVICE_MEMORY_SHARE = 0.7
"""Share of a device's memory a model's weights may take (the rest: OS, apps, KV cache)."""


def device_memory_needed_gb(model: ModelRecord) -> float:
    """Return the device memory *model* needs with 4-bit weights (inf without a size)."""
    if model.parameters_total is None:
        return math.inf
    weights = model.parameters_total.value * BYTES_PER_PARAMETER[Precision.INT4] / 1e9
    return weights / DEVICE_MEMORY_SHARE


def _on_device(model: ModelRecord, profile: Profile, notes: list[str]) -> Option | None:
    assert model.parameters_total is not None
    weights_gb = model.parameters_total.value * BYTES_PER_PARAMETER[Precision.INT4] / 1e9
    fits = device_memory_needed_gb(model) <= profile.device_memory
    notes.append(
        f"about {weights_gb:.1f} GB at 4 bits; the device has "
        f"{profile.device_memory:g} GB" + ("" if fits else ": too large")
    )
    window = model.context_tokens.value if model.context_tokens else None
    context_ok = window is not None and window >= profile.context_tokens
    if not context_ok:
        notes.append(_context_note(window, profile.context_tokens))
    speed = device_tokens_per_s(model, profile)
    notes.append(
        f"about {speed:,.0f} output tokens/s at most on {profile.device_bandwidth:g} GB/s of "
        "memory bandwidth (each token reads every active weight once)"
    )
    ok = fits and context_ok and refusal(notes) is None
    return Option(model, "self_hosted", ok, tuple(notes), on_device=True, device_tokens_per_s=speed)


def device_tokens_per_s(model: ModelRecord, profile: Profile) -> float:
    """Return the most output tokens a second a device decodes *model* at, with 4-bit weights.

    Decoding one token reads every active weight once, so the device's memory
    bandwidth bounds it: bandwidth / active weight bytes.
    """
    active = model.parameters_active or model.parameters_total
    if active is None:
        return 0.0
    weight_bytes = active.value * BYTES_PER_PARAMETER[Precision.INT4]
    return profile.device_bandwidth * 1e9 / weight_bytes


def break_even(api: Option, hosted: Option, profile: Profile) -> float | None:
    """Return the tokens a month from which self-hosting costs no more than the API.

    The API costs a fixed price per token; self-hosting rents whole replicas,
    a step function of volume. None when the API is cheaper at every volume.
    """
    if api.price is None or hosted.estimate is None:
        return None
    share_out = profile.monthly_output_tokens / max(1, profile.monthly_tokens)
    api_out = share_out * api.output_factor(profile)
    api_per_token = monthly_cost(api.price, 1 - share_out, api_out, profile.typical_input)
    rent = hosted.replica_monthly_usd()
    capacity = hosted.replica_capacity(profile.utilization)  # output tokens a month
    if rent is None or capacity <= 0 or api_per_token <= 0:
        return None
    if share_out == 0:
        return None
    # Tokens a month one replica handles (a reasoning model also writes its hidden tokens).
    capacity_total = capacity / (share_out * hosted.output_factor(profile))
    if api_per_token * capacity_total < rent:
        return None  # even a full replica costs more than the API for the same tokens
    return rent / api_per_token
