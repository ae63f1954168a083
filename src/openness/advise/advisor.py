"""The advisor: a team's requirements in, closed API, self-hosted or hybrid out, with reasons.

Owns the criteria, each an explicit rule that gives a reason naming it, which
way it points and why, with the numbers:

- ``frontier_reasoning``: essential state-of-the-art reasoning (``quality:
  frontier``) favours closed APIs when no open model's published scores reach
  the frontier level, and nothing when one does.
- ``context``: a context longer than any self-hostable model serves on the
  team's hardware favours closed APIs; otherwise it is neutral.
- ``operations``: a team that cannot run GPUs favours closed APIs.
- ``prototyping``: still exploring favours closed APIs (no infrastructure).
- ``privacy``: required excludes every API option; preferred favours open.
- ``cost``: the computed monthly cost of the best API and the best
  self-hosted option at the profile's volume, and the break-even volume.
- ``latency``: a per-token target the self-hosted estimate meets favours open.
- ``on_device``: only a model on the device will do: favours open.
- ``fine_tuning``: deep adaptation needs the weights: favours open.
- ``unfiltered_answers``: provider safety filters block needed answers:
  favours open.
- ``license``: when no open model's license permits the use, closed wins.

Privacy required together with a need only closed models meet gives
``hybrid``, with the split of traffic. Entry point: ``advise``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from openness.advise.criteria import Reason, Route, decide, notes_for, reasons_for
from openness.advise.options import (
    Option,
    api_options,
    break_even,
    gpus_to_try,
    open_hosted_options,
    refusal,
    self_hosted_options,
)
from openness.advise.profile import Profile
from openness.advise.quality import thresholds_line
from openness.kb.catalog import Catalog
from openness.kb.schema import GpuRecord, ModelRecord


@dataclass(frozen=True)
class Assumption:
    """A number the advice rests on that the team did not necessarily choose."""

    name: str
    value: str
    source: str
    """A URL, ``profile`` (the team's value) or ``default`` (the advisor's)."""

    def to_dict(self) -> dict[str, str]:
        """Return the ``assumptions[]`` entry of the advice JSON."""
        return {"name": self.name, "value": self.value, "source": self.source}


def assumptions_for(profile: Profile, gpus: list[GpuRecord], prices_as_of: str) -> list[Assumption]:
    """Return what the costs assume: the GPUs, their prices, precision, load, request sizes."""
    defaults = Profile()

    def given(name: str) -> str:
        return "profile" if getattr(profile, name) != getattr(defaults, name) else "default"

    gpu = gpus[0]
    price = gpu.rental_usd_per_hour if len(gpus) == 1 else None
    kinds = (
        gpu.name
        if len(gpus) == 1
        else "each model on the cheapest that fits of " + ", ".join(g.id for g in gpus)
    )
    found = [
        Assumption("gpu", kinds, given("gpu")),
        Assumption("max_gpus", str(profile.max_gpus), given("max_gpus")),
        Assumption(
            "precision",
            ("fp8" if gpu.fp8_tflops is not None else "fp16") if len(gpus) == 1 else "fp8 or fp16",
            "default: fp8 where the GPU has FP8 units, else fp16; 4-bit weights on a GPU kind "
            "the model does not fit otherwise",
        ),
        Assumption(
            "utilization", f"{profile.utilization:.0%} of peak throughput", given("utilization")
        ),
        Assumption(
            "request_input_tokens",
            f"{profile.typical_input:,}",
            "profile"
            if profile.request_input_tokens
            else "default: the lesser of context_tokens and 2,000",
        ),
        Assumption(
            "request_output_tokens",
            f"{profile.typical_output:,}",
            "profile"
            if profile.request_output_tokens
            else "default: from the monthly output/input ratio",
        ),
        Assumption("api_prices_as_of", prices_as_of, "genai-prices (pydantic/genai-prices)"),
        Assumption("task", profile.task or "chat", "profile" if profile.task else "default: chat"),
        *(
            [
                Assumption(
                    "device_bandwidth_gb_per_s",
                    f"{profile.device_bandwidth:g}",
                    "profile"
                    if profile.device_bandwidth_gb_per_s
                    else "default: openness's assumption for a recent laptop",
                )
            ]
            if profile.on_device
            else []
        ),
        Assumption(
            "reasoning_factor",
            f"{profile.reasoning_factor:g} hidden tokens per visible output token of a "
            "reasoning model, counted as output",
            "profile"
            if profile.reasoning_factor != defaults.reasoning_factor
            else "default: openness's estimate; providers bill reasoning tokens as output "
            "(https://platform.openai.com/docs/guides/reasoning)",
        ),
        Assumption(
            "quality",
            profile.needed_quality,
            "profile"
            if profile.quality
            else "default: from needs_frontier_reasoning and the task (docs/design.md)",
        ),
        Assumption(
            "quality_thresholds",
            thresholds_line(profile.task, profile.needed_quality),
            "default: openness's calibration of published scores (docs/design.md)",
        ),
    ]
    if price is not None:
        found.insert(1, Assumption("gpu_usd_per_hour", f"{price.value:g}", price.source))
    if len(gpus) > 1:  # every kind a model may land on, with its price's source
        for kind in gpus:
            rent = kind.rental_usd_per_hour
            if rent is not None:
                name = f"{kind.id}_usd_per_hour"
                found.append(Assumption(name, f"{rent.value:g}", rent.source))
    return found


@dataclass(frozen=True)
class Exclusion:
    """An option that breaks a requirement of the profile, and which one."""

    model: str
    """Catalog id."""
    deployment: str
    """``api`` or ``self_hosted``."""
    requirement: str
    """The requirement it breaks (``quality``, ``task``, ``privacy``, ``unfiltered_answers``,
    ``on_device``, ``operations``, ``context``, ``latency``, ``license``, ``hardware``)."""
    why: str
    """One line with the numbers or the clause."""

    def to_dict(self) -> dict[str, str]:
        """Return the ``excluded[]`` entry of the advice JSON."""
        return {
            "model": self.model,
            "deployment": self.deployment,
            "requirement": self.requirement,
            "why": self.why,
        }


@dataclass(frozen=True)
class Advice:
    """The advisor's answer."""

    profile: Profile
    recommendation: Literal["closed_api", "open_hosted", "open_self_hosted", "hybrid"]
    reasons: tuple[Reason, ...]
    shortlist: tuple[Option, ...]
    break_even_tokens_per_month: float | None
    split: tuple[Route, ...]
    prices_as_of: str
    notes: tuple[str, ...]
    excluded: tuple[Exclusion, ...] = ()
    """Options that break a requirement: never on the shortlist, never weighed on cost."""
    eligible: tuple[Option, ...] = ()
    """Every option that meets the requirements (the shortlist is the best of them)."""
    assumptions: tuple[Assumption, ...] = ()
    """The numbers the costs rest on, each with where it comes from."""

    def best(self, deployment: str) -> Option | None:
        """Return the first license-ok option of *deployment* in the shortlist."""
        return next(
            (o for o in self.shortlist if o.deployment == deployment and o.license_ok), None
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness advise`` JSON contract of docs/design.md."""
        return {
            "recommendation": self.recommendation,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "shortlist": [option.to_dict(self.profile) for option in self.shortlist],
            "break_even_tokens_per_month": None
            if self.break_even_tokens_per_month is None
            else round(self.break_even_tokens_per_month),
            "split": [route.to_dict() for route in self.split],
            "prices_as_of": self.prices_as_of,
            "notes": list(self.notes),
            "excluded": [exclusion.to_dict() for exclusion in self.excluded],
            "assumptions": [assumption.to_dict() for assumption in self.assumptions],
            "profile": self.profile.to_dict(),
        }


def advise(profile: Profile, catalog: Catalog) -> Advice:
    """Weigh closed APIs, open models served per token and self-hosted ones for *profile*.

    Raises:
        GpuNotFoundError: the profile names an unknown GPU.
    """
    from openness.advise.prices import prices_as_of

    gpus = gpus_to_try(catalog, profile)
    every_api = api_options(catalog, profile)
    every_hosted = self_hosted_options(catalog, profile, gpus)
    every_served = open_hosted_options(catalog, profile)
    exclusions = [
        Exclusion(o.model.id, o.deployment, *broken)
        for o in (*every_api, *every_served, *every_hosted)
        if (broken := broken_requirement(o, profile)) is not None
    ]
    left_out = {(e.model, e.deployment) for e in exclusions}
    apis = [o for o in every_api if (o.model.id, o.deployment) not in left_out]
    hosted = [o for o in every_hosted if (o.model.id, o.deployment) not in left_out]
    served = [o for o in every_served if (o.model.id, o.deployment) not in left_out]
    best_served = _best_open(served, profile) if not profile.on_device else None
    best_api = _cheapest(apis, profile)
    best_open = _best_open(hosted, profile)
    reasons = reasons_for(profile, apis, every_hosted, best_api, best_open)
    # A hybrid split names the API its de-identified traffic would go to, even
    # when privacy keeps every API off the shortlist.
    route_api = (
        best_api
        or _cheapest([o for o in every_api if o.quality is None or o.quality.meets], profile)
        or _cheapest(every_api, profile)
    )
    route_open = best_open or _routine_open(every_hosted, profile)
    recommendation, split = decide(profile, reasons, route_api, route_open)
    recommendation, served_reason = _served_instead(
        profile, recommendation, reasons, best_api, best_open, best_served
    )
    reasons += served_reason
    even = break_even(best_api, best_open, profile) if best_api and best_open else None
    shortlist = _shortlist(
        apis, hosted, profile, best_api, best_open, recommendation, served, best_served
    )
    notes = notes_for(profile, best_api, best_open)
    if best_api is None and best_open is None and best_served is None and exclusions:
        notes.append(_nothing_meets(exclusions))
    as_of = prices_as_of()
    stale = [
        warning
        for warning in (_staleness(as_of), _quality_staleness(catalog, profile))
        if warning is not None
    ]
    return Advice(
        profile,
        recommendation,
        tuple(reasons),
        tuple(shortlist),
        even,
        tuple(split),
        as_of,
        (*notes, *stale),
        tuple(exclusions),
        tuple(o for o in (*apis, *served, *hosted) if o.license_ok),
        tuple(assumptions_for(profile, gpus, as_of)),
    )


REQUIREMENT_NAMES = {
    "privacy": "privacy: required",
    "unfiltered_answers": "needs_unfiltered_answers",
    "on_device": "on_device",
    "context": "context_tokens",
    "latency": "latency_ms",
    "license": "the license terms for this use",
    "hardware": "the GPUs the team can run",
    "operations": "can_run_gpus (or use open weights served per token)",
    "quality": "quality (a lower level, or another task's benchmarks)",
    "task": "the task (a vision task needs a model that takes images; code models serve code)",
}


def broken_requirement(option: Option, profile: Profile) -> tuple[str, str] | None:
    """Return the requirement of *profile* that *option* cannot meet, and why; None if none.

    Requirements are not weighed against cost: the quality the task needs (a
    published score that reaches it), privacy that must hold, answers no
    provider filter may block, a model on the device, the context length, the
    per-token latency, and license terms that permit the use.
    """
    quality = option.quality
    if quality is not None and not quality.meets:
        return quality.requirement, quality.why
    if option.deployment == "open_hosted":
        return _hosted_breaks(option, profile)
    if option.deployment == "api":
        if profile.privacy == "required":
            return "privacy", "privacy is required and an API sends the data to its provider"
        if profile.needs_unfiltered_answers:
            return (
                "unfiltered_answers",
                "the provider's safety filters stay on and can block the answers needed",
            )
        if profile.on_device:
            return "on_device", "an API does not run on the user's device"
        if not option.license_ok:
            return "context", _first_note(option, "context") or "it cannot serve the request"
        if profile.latency_ms is not None:
            return "latency", _latency_unknown(profile, "the provider's")
        return None
    if not option.on_device and not profile.can_run_gpus:
        return "operations", "the team cannot operate GPUs (can_run_gpus: false)"
    if not option.license_ok:
        refused = refusal(option.notes)
        if refused is not None:
            return "license", refused
        device = _first_note(option, "the device has")
        if option.on_device and device is not None and device.endswith("too large"):
            return "on_device", device
        short = _first_note(option, "context")
        if short is not None:
            return "context", short
        return "hardware", _first_note(option, "") or "it does not fit the hardware"
    speed = option.device_tokens_per_s
    if option.on_device and profile.latency_ms is not None and speed:
        per_token = 1000.0 / speed
        if per_token > profile.latency_ms:
            return (
                "latency",
                f"about {per_token:.1f} ms per output token on the device at best, above "
                f"the {profile.latency_ms:g} ms required",
            )
    estimate = option.estimate
    if (
        profile.latency_ms is not None
        and estimate is not None
        and not option.on_device
        and estimate.time_per_output_token_ms > profile.latency_ms
    ):
        return (
            "latency",
            f"{estimate.time_per_output_token_ms:.1f} ms per output token on "
            f"{estimate.gpus} × {estimate.gpu_id}, above the {profile.latency_ms:g} ms required",
        )
    return None


def _hosted_breaks(option: Option, profile: Profile) -> tuple[str, str] | None:
    """Return the requirement an open model served per token by a host cannot meet."""
    if profile.privacy == "required":
        return "privacy", "privacy is required and an inference host receives the data"
    if profile.on_device:
        return "on_device", "a hosted model does not run on the user's device"
    refused = refusal(option.notes)
    if refused is not None:
        return "license", refused
    if not option.license_ok:
        return "context", _first_note(option, "context") or "it cannot serve the request"
    if profile.latency_ms is not None:
        return "latency", _latency_unknown(profile, "the host's")
    return None


def _latency_unknown(profile: Profile, whose: str) -> str:
    return (
        f"{whose} time per output token is not in the knowledge base, so the "
        f"{profile.latency_ms:g} ms required cannot be shown to hold"
    )


def _first_note(option: Option, start: str) -> str | None:
    return next((n for n in option.notes if start in n), None)


def _nothing_meets(exclusions: list[Exclusion]) -> str:
    """Say which requirement to relax, and how many options that would allow."""
    counts: dict[str, int] = {}
    for exclusion in exclusions:
        counts[exclusion.requirement] = counts.get(exclusion.requirement, 0) + 1
    requirement, freed = max(counts.items(), key=lambda item: (item[1], item[0]))
    return (
        f"no option meets every requirement; relaxing {REQUIREMENT_NAMES[requirement]} "
        f"would let up to {freed} option(s) be considered"
    )


STALE_AFTER_DAYS = 90
"""Prices older than this are flagged: providers change them often."""


def _staleness(as_of: str) -> str | None:
    """Warn when the newest price in the data is older than ``STALE_AFTER_DAYS``."""
    from datetime import date

    from openness.environment import today

    age = (date.fromisoformat(today()) - date.fromisoformat(as_of)).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"the newest API price in the bundled data is from {as_of}, {age} days ago: "
        "check the providers' pricing pages before relying on these costs"
    )


def _quality_staleness(catalog: Catalog, profile: Profile) -> str | None:
    """Warn when the newest published score in the data is older than ``STALE_AFTER_DAYS``.

    Scores are published once, at a model's release; when even the newest is
    old, models released since are missing from the comparison.
    """
    from datetime import date

    from openness.environment import today

    if profile.needed_quality == "basic":
        return None  # no quality was asked for: the scores decided nothing
    dates = [s.date for m in catalog.models() for s in m.scores]
    if not dates:
        return None
    newest = max(dates)
    day = date.fromisoformat(
        (newest + "-01-01")[:10] if len(newest) == 4 else (newest + "-01")[:10]
    )
    age = (date.fromisoformat(today()) - day).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"the newest benchmark score in the bundled data is from {newest}, {age} days ago: "
        "models released since are not compared; check current leaderboards"
    )


def _cheapest(options: list[Option], profile: Profile) -> Option | None:
    pool = [o for o in options if o.license_ok and o.monthly_cost(profile) is not None]
    return min(pool, key=lambda o: (o.monthly_cost(profile) or 0.0, o.model.id), default=None)


def _best_open(options: list[Option], profile: Profile) -> Option | None:
    """The open option to set against the best API.

    With a quality to reach, every option here reaches it (the others are
    excluded): the cheapest is chosen, and of equal cost the smallest — the
    right size. On a device, the most capable that fits. With no quality
    named (``basic``), the cheapest of the most capable third of the field,
    so that a toy model is not set against a real API.
    """
    pool = _open_pool(options, profile)
    if not pool:
        return None
    if profile.on_device:
        return max(pool, key=lambda o: (_capability(o), -(o.monthly_cost(profile) or 0.0)))
    return min(pool, key=lambda o: (o.monthly_cost(profile) or 0.0, _capability(o), o.model.id))


def _capability(option: Option) -> float:
    active = option.model.parameters_active or option.model.parameters_total
    return active.value if active else 0.0


def _open_pool(options: list[Option], profile: Profile) -> list[Option]:
    """Return the open options a choice is made among.

    Every adequate one; with no quality named (``basic``), the most capable
    third, so that a toy model is not set against a real API.
    """
    pool = [
        o for o in options if o.license_ok and (o.on_device or o.monthly_cost(profile) is not None)
    ]
    if profile.needed_quality != "basic" or profile.on_device:
        return pool
    ranked = sorted(pool, key=_capability, reverse=True)
    return ranked[: max(1, len(ranked) // 3)]


_GPU_REASONS = {"operations", "prototyping"}
"""Criteria that hold against running GPUs, not against open weights."""


def _served_instead(
    profile: Profile,
    recommendation: str,
    reasons: list[Reason],
    best_api: Option | None,
    best_open: Option | None,
    best_served: Option | None,
) -> tuple[Any, list[Reason]]:
    """Turn an open or closed answer into ``open_hosted`` when a host serves it for less.

    Open weights served per token by an inference host need no GPUs, so: an
    ``open_self_hosted`` answer becomes ``open_hosted`` when the host costs
    less than the team's own GPUs and privacy is not preferred; a
    ``closed_api`` answer does when nothing but running GPUs and cost
    held against open weights, and the host costs less than the API of the
    same quality.
    """
    if best_served is None or recommendation == "hybrid":
        return recommendation, []
    served = best_served.monthly_cost(profile) or 0.0
    host = best_served.price.provider if best_served.price else "an inference host"
    said = f"{best_served.model.id} served per token by {host} costs US${served:,.0f} a month"
    if recommendation == "open_self_hosted":
        own = best_open.monthly_cost(profile) if best_open is not None else None
        if profile.privacy == "preferred" or (own is not None and own <= served):
            return recommendation, []
        against = f", against US${own:,.0f} on the team's own GPUs" if own is not None else ""
        return "open_hosted", [Reason("open_hosted", "open", said + against + ": no GPUs to run")]
    against_open = {r.criterion for r in reasons if r.favours == "closed" and r.criterion != "cost"}
    api = best_api.monthly_cost(profile) if best_api is not None else None
    if against_open - _GPU_REASONS or (api is not None and api <= served):
        return recommendation, []
    versus = f", against US${api:,.0f} for {best_api.model.id}" if best_api and api else ""
    why = said + versus + " at the quality needed, and an inference host runs the GPUs"
    return "open_hosted", [Reason("open_hosted", "open", why)]


def _routine_open(options: list[Option], profile: Profile) -> Option | None:
    """The open model for a hybrid's routine traffic when none reaches the quality needed.

    Of the options that break no requirement but quality, the highest level
    (then the most active parameters, then the cheapest).
    """
    from dataclasses import replace

    from openness.advise.quality import LEVELS

    pool = [
        o
        for o in options
        if o.license_ok
        and o.monthly_cost(profile) is not None
        and broken_requirement(replace(o, quality=None), profile) is None
    ]

    def rank(option: Option) -> tuple[int, float, float]:
        level = option.quality.level if option.quality else None
        active = option.model.parameters_active or option.model.parameters_total
        return (
            LEVELS.index(level) if level else -1,
            active.value if active else 0.0,
            -(option.monthly_cost(profile) or 0.0),
        )

    return max(pool, key=rank, default=None)


def _shortlist(
    apis: list[Option],
    hosted: list[Option],
    profile: Profile,
    best_api: Option | None,
    best_open: Option | None,
    recommendation: str,
    served: list[Option],
    best_served: Option | None,
) -> list[Option]:
    """Return the options worth reading: the chosen first, then alternatives by cost.

    The recommended kind's choice comes first, then the other kinds' choices;
    the alternatives are the cheapest APIs and open models served per token,
    and the largest self-hosted ones, cheapest first. Only options that meet
    every requirement are here.
    """

    def cost(option: Option) -> float:
        value = option.monthly_cost(profile)
        return value if value is not None else float("inf")

    first = {
        "open_self_hosted": (best_open, best_served, best_api),
        "open_hosted": (best_served, best_open, best_api),
    }.get(recommendation, (best_api, best_served, best_open))
    chosen: list[Option] = [o for o in first if o is not None]
    others_api = sorted((o for o in apis if o.license_ok and o not in chosen), key=cost)[:3]
    others_served = sorted((o for o in served if o.license_ok and o not in chosen), key=cost)[:2]
    own = sorted((o for o in _open_pool(hosted, profile) if o not in chosen), key=cost)[:3]
    return [*chosen, *sorted([*others_api, *others_served, *own], key=cost)]


@dataclass(frozen=True)
class Placement:
    """Where one model stands in an advice, and why (``openness advise --why MODEL``)."""

    model: str
    """Catalog id."""
    place: Literal["chosen", "shortlist", "eligible", "excluded", "not_considered"]
    """Recommended, listed, eligible below the list, left out by a requirement, or never
    an option."""
    rank: int | None
    """1-based position on the shortlist, when it is on it."""
    why: tuple[str, ...]
    """The reasons, with the numbers or the clause."""

    def to_dict(self) -> dict[str, Any]:
        """Return the ``--why`` JSON."""
        return {"model": self.model, "place": self.place, "rank": self.rank, "why": list(self.why)}


def explain(advice: Advice, model: ModelRecord, today: str | None = None) -> Placement:
    """Say where *model* stands in *advice*, and why.

    It is chosen, on the shortlist, eligible but ranked below it, excluded (by
    which requirement), retired, or never an option at all.
    """
    from openness.environment import today as current_day

    model_id = model.id
    for rank, option in enumerate(advice.shortlist, 1):
        if option.model.id == model_id:
            chosen = option in (
                advice.best("api"),
                advice.best("open_hosted"),
                advice.best("self_hosted"),
            )
            return Placement(
                model_id,
                "chosen" if chosen else "shortlist",
                rank,
                (_cost_line(option, advice), *option.notes),
            )
    eligible = [o for o in advice.eligible if o.model.id == model_id]
    if eligible:
        option = eligible[0]
        same = sorted(
            (o for o in advice.eligible if o.deployment == option.deployment),
            key=lambda o: o.monthly_cost(advice.profile) or float("inf"),
        )
        why = f"meets every requirement; #{same.index(option) + 1} of {len(same)} by cost"
        return Placement(
            model_id, "eligible", None, (why, _cost_line(option, advice), *option.notes)
        )
    found = [e for e in advice.excluded if e.model == model_id]
    if found:
        return Placement(
            model_id,
            "excluded",
            None,
            tuple(f"{e.deployment}: breaks {e.requirement}: {e.why}" for e in found),
        )
    lifecycle = model.lifecycle
    if lifecycle and lifecycle.retired and lifecycle.is_retired(today or current_day()):
        gone = f"retired by its provider on {lifecycle.retired.value}: never offered"
        return Placement(model_id, "not_considered", None, (gone,))
    return Placement(
        model_id,
        "not_considered",
        None,
        (
            "not an option for this profile: an API model needs a known price, and an open "
            "model its architecture and parameter count",
        ),
    )


def _cost_line(option: Option, advice: Advice) -> str:
    cost = option.monthly_cost(advice.profile)
    costs = f"US${cost:,.0f} a month" if cost is not None else "cost unknown"
    return f"{option.deployment.replace('_', '-')}, {costs}"
