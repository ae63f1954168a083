"""The advisor's criteria, one rule each, and how their reasons decide.

Owns the rules listed in ``openness.advise.advisor`` and the decision: a
strong reason (weight ``STRONG``) decides unless a strong reason points the
other way, in which case the answer is ``hybrid`` with a split of traffic;
otherwise the weights are summed. Entry points: ``reasons_for`` and ``decide``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from openness.advise.options import Option, device_memory_needed_gb, refusal
from openness.advise.profile import Profile

Favours = Literal["closed", "open", "neither"]


@dataclass(frozen=True)
class Reason:
    """One criterion's verdict."""

    criterion: str
    """The criterion (see the module docstring)."""
    favours: Favours
    """Which way it points."""
    why: str
    """Why, with the numbers."""
    weight: int = 1
    """How much it counts (``criteria.STRONG`` decides alone)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (plus the weight)."""
        return {
            "criterion": self.criterion,
            "favours": self.favours,
            "why": self.why,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Route:
    """Which traffic goes where, in a hybrid recommendation."""

    traffic: str
    """Which requests."""
    deployment: Literal["api", "self_hosted"]
    """Where they go."""
    model: str | None
    """To which model, when one qualifies."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape."""
        return {"traffic": self.traffic, "deployment": self.deployment, "model": self.model}


STRONG = 3


def reasons_for(
    profile: Profile,
    apis: list[Option],
    hosted: list[Option],
    best_api: Option | None,
    best_open: Option | None,
) -> list[Reason]:
    """Return every criterion's reason for *profile*."""
    rules = (
        _frontier,
        _context,
        _operations,
        _prototyping,
        _privacy,
        _on_device,
        _fine_tuning,
        _unfiltered,
        _license,
    )
    reasons = [r for rule in rules for r in rule(profile, apis, hosted)]
    reasons += _cost(profile, best_api, best_open)
    reasons += _latency(profile, best_open)
    return reasons


def _reason(criterion: str, favours: str, why: str, weight: int = 1) -> Reason:
    return Reason(criterion, favours, why, weight)  # type: ignore[arg-type]


def _frontier(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    """Compare the open and closed models whose published scores reach the frontier."""
    if profile.needed_quality != "frontier":
        return []
    closed = sorted(o.model.id for o in apis if o.quality is not None and o.quality.meets)
    open_ = sorted(
        o.model.id for o in hosted if o.license_ok and o.quality is not None and o.quality.meets
    )
    task = profile.task or "chat"
    if open_:
        return [
            _reason(
                "frontier_reasoning",
                "neither",
                f"frontier quality for {task} is needed; open models reach it too "
                f"({', '.join(open_[:4])}), so it does not decide between them",
                0,
            )
        ]
    return [
        _reason(
            "frontier_reasoning",
            "closed",
            f"frontier quality for {task} is needed and only closed APIs' published scores "
            f"reach it ({', '.join(closed[:5]) or 'none in the catalog'})",
            STRONG,
        )
    ]


def _context(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    """Compare the context needed with the longest one a licensed, fitting model serves."""
    served = [
        o.model.context_tokens.value
        for o in hosted
        if o.model.context_tokens is not None
        and (
            o.on_device
            or (o.estimate is not None and o.estimate.fits and o.estimate.gpus <= profile.max_gpus)
        )
        and refusal(o.notes) is None
    ]
    longest = max(served, default=0)
    if profile.context_tokens > longest:
        api = max((o.price.context_window or 0 for o in apis if o.price), default=0)
        return [
            _reason(
                "context",
                "closed",
                f"{profile.context_tokens:,} tokens of context are "
                f"needed; the longest self-hostable model licensed for this use offers "
                f"{longest:,}" + (f", closed APIs up to {api:,}" if api else ""),
                STRONG,
            )
        ]
    return [
        _reason(
            "context",
            "neither",
            f"{profile.context_tokens:,} tokens of context: "
            f"self-hostable models offer up to {longest:,}",
            0,
        )
    ]


def _operations(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    if profile.can_run_gpus or profile.on_device:
        return []
    return [
        _reason(
            "operations",
            "closed",
            "the team cannot operate GPU infrastructure: self-hosting is excluded, and open "
            "weights are an option only as served per token by an inference host",
            2,
        )
    ]


def _prototyping(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    if not profile.prototyping:
        return []
    return [
        _reason(
            "prototyping",
            "closed",
            "still exploring: an API is usable in minutes, with nothing to deploy",
            2,
        )
    ]


def _privacy(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    if profile.privacy == "required":
        return [
            _reason(
                "privacy",
                "open",
                "data may not leave the premises: every API option is excluded",
                STRONG,
            )
        ]
    if profile.privacy == "preferred":
        return [
            _reason(
                "privacy",
                "open",
                "data should stay on the premises: self-hosting keeps it there",
                2,
            )
        ]
    return []


def _on_device(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    if not profile.on_device:
        return []
    fitting = [o.model.id for o in hosted if o.license_ok]
    if not fitting:
        sizes = [device_memory_needed_gb(o.model) for o in hosted]
        smallest = f"; the smallest needs about {min(sizes):.2g} GB" if sizes else ""
        why = (
            f"the model must run on the user's device ({profile.device_memory:g} GB), but "
            f"no licensed open model fits{smallest}: the requirement cannot be met as stated, "
            "so an API is the fallback until the device has more memory"
        )
        return [_reason("on_device", "neither", why, 0)]
    why = (
        f"the model must run on the user's device ({profile.device_memory:g} GB); "
        f"{len(fitting)} open models fit and are licensed for it"
    )
    return [_reason("on_device", "open", why, STRONG)]


def _fine_tuning(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    if profile.fine_tuning == "deep":
        return [
            _reason(
                "fine_tuning",
                "open",
                "deep fine-tuning needs the weights (full or adapter training, any method)",
                2,
            )
        ]
    if profile.fine_tuning == "light":
        return [
            _reason(
                "fine_tuning",
                "neither",
                "light fine-tuning is offered by some APIs and possible on open weights",
                0,
            )
        ]
    return []


def _unfiltered(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    if not profile.needs_unfiltered_answers:
        return []
    return [
        _reason(
            "unfiltered_answers",
            "open",
            "provider safety filters block answers the use needs, so every API option is "
            "excluded; a self-hosted model's behaviour is the team's to set",
            STRONG,  # a requirement, as privacy required is: cost cannot outweigh it
        )
    ]


def _license(profile: Profile, apis: list[Option], hosted: list[Option]) -> list[Reason]:
    allowed = [o for o in hosted if o.license_ok]
    if hosted and not allowed:
        return [
            _reason(
                "license",
                "closed",
                "no open model's license permits this use on this "
                "hardware (commercial use, users, revenue, region, fine-tuning, fit)",
                STRONG,
            )
        ]
    blocked = [o for o in hosted if refusal(o.notes) is not None]
    if blocked:
        return [
            _reason(
                "license",
                "neither",
                f"{len(blocked)} of {len(hosted)} open models are "
                "excluded by their licenses for this use (see excluded)",
                0,
            )
        ]
    return []


def _cost(profile: Profile, api: Option | None, hosted: Option | None) -> list[Reason]:
    if api is None or hosted is None or hosted.on_device:
        return []
    api_cost, own_cost = api.monthly_cost(profile), hosted.monthly_cost(profile)
    if api_cost is None or own_cost is None:
        return []
    volume = f"{profile.monthly_tokens:,} tokens a month"
    if own_cost < api_cost:
        weight = STRONG if own_cost * 3 < api_cost else 2
        return [
            _reason(
                "cost",
                "open",
                f"at {volume}, self-hosting {hosted.model.id} costs "
                f"US${own_cost:,.0f} against US${api_cost:,.0f} for {api.model.id}",
                weight,
            )
        ]
    weight = STRONG if api_cost * 3 < own_cost else 2
    return [
        _reason(
            "cost",
            "closed",
            f"at {volume}, {api.model.id} costs US${api_cost:,.0f} "
            f"against US${own_cost:,.0f} to self-host {hosted.model.id}",
            weight,
        )
    ]


def _latency(profile: Profile, hosted: Option | None) -> list[Reason]:
    if profile.latency_ms is not None and hosted is None:
        why = (
            f"no self-hosted option fits and meets the {profile.latency_ms:g} ms "
            "per-token target (see excluded)"
        )
        return [_reason("latency", "closed", why, 1)]
    if profile.latency_ms is None or hosted is None or hosted.estimate is None:
        return []
    per_token = hosted.estimate.time_per_output_token_ms
    if per_token <= profile.latency_ms:
        return [
            _reason(
                "latency",
                "open",
                f"self-hosted {hosted.model.id} takes about "
                f"{per_token:.1f} ms per token, within the {profile.latency_ms:g} ms target, "
                "on hardware the team controls",
                1,
            )
        ]
    return [
        _reason(
            "latency",
            "closed",
            f"self-hosted {hosted.model.id} takes about "
            f"{per_token:.1f} ms per token, more than the {profile.latency_ms:g} ms target",
            1,
        )
    ]


Recommendation = Literal["closed_api", "open_self_hosted", "hybrid"]


def decide(
    profile: Profile, reasons: list[Reason], api: Option | None, hosted: Option | None
) -> tuple[Recommendation, list[Route]]:
    """Return the recommendation and, for hybrid, where each kind of traffic goes."""
    strong_closed = [r for r in reasons if r.favours == "closed" and r.weight >= STRONG]
    strong_open = [r for r in reasons if r.favours == "open" and r.weight >= STRONG]
    if strong_closed and strong_open:
        return "hybrid", _split(profile, strong_closed, api, hosted)
    if strong_open:
        return "open_self_hosted", []
    if strong_closed:
        return "closed_api", []
    score = sum(
        r.weight if r.favours == "open" else -r.weight if r.favours == "closed" else 0
        for r in reasons
    )
    return ("open_self_hosted" if score > 0 else "closed_api"), []


def _split(
    profile: Profile, closed: list[Reason], api: Option | None, hosted: Option | None
) -> list[Route]:
    needs = " and ".join(r.criterion.replace("_", " ") for r in closed)
    own = hosted.model.id if hosted else None
    routes = [
        Route(
            "every request that holds protected or personal data, and all routine traffic",
            "self_hosted",
            own,
        )
    ]
    if profile.privacy == "required":
        routes.append(
            Route(
                f"only requests that need {needs} and hold no protected data "
                "(de-identified before they leave)",
                "api",
                api.model.id if api else None,
            )
        )
    else:
        routes.append(Route(f"requests that need {needs}", "api", api.model.id if api else None))
    return routes


def notes_for(profile: Profile, api: Option | None, hosted: Option | None) -> list[str]:
    """Return the assumptions a reader should know."""
    notes = [
        f"self-hosted costs assume rented GPUs used at {profile.utilization:.0%} of peak "
        f"throughput on average; requests of {profile.typical_input:,} input and "
        f"{profile.typical_output:,} output tokens"
    ]
    if profile.privacy == "required":
        notes.append("no API option is listed: the data may not leave")
    elif profile.needs_unfiltered_answers:
        notes.append("no API option is listed: provider filters would block the answers needed")
    elif api is None:
        notes.append("no API option fits the profile (context, price known)")
    if hosted is None:
        notes.append("no self-hosted option is both licensed for this use and fits the hardware")
    return notes
