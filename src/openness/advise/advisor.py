"""The advisor: a team's requirements in, closed API, self-hosted or hybrid out, with reasons.

Owns the criteria, each an explicit rule that gives a reason naming it, which
way it points and why, with the numbers:

- ``frontier_reasoning``: essential state-of-the-art reasoning favours the
  closed frontier models (FRONTIER_MODELS).
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
    FRONTIER_MODELS,
    Option,
    api_options,
    break_even,
    self_hosted_options,
)
from openness.advise.profile import Profile
from openness.kb.catalog import Catalog


@dataclass(frozen=True)
class Advice:
    """The advisor's answer."""

    profile: Profile
    recommendation: Literal["closed_api", "open_self_hosted", "hybrid"]
    reasons: tuple[Reason, ...]
    shortlist: tuple[Option, ...]
    break_even_tokens_per_month: float | None
    split: tuple[Route, ...]
    prices_as_of: str
    notes: tuple[str, ...]

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
            "profile": self.profile.to_dict(),
        }


def advise(profile: Profile, catalog: Catalog) -> Advice:
    """Weigh closed APIs against self-hosted open models for *profile*.

    Raises:
        GpuNotFoundError: the profile names an unknown GPU.
    """
    from openness.advise.prices import prices_as_of

    gpu = catalog.gpu(profile.gpu)
    apis = [] if profile.privacy == "required" else api_options(catalog, profile)
    hosted = self_hosted_options(catalog, profile, gpu)
    best_api = _cheapest(apis, profile, frontier=profile.needs_frontier_reasoning)
    best_open = _best_open(hosted, profile)
    reasons = reasons_for(profile, apis, hosted, best_api, best_open)
    # A hybrid split names the API its de-identified traffic would go to, even
    # when privacy keeps every API off the shortlist.
    route_api = best_api or _cheapest(
        api_options(catalog, profile), profile, frontier=profile.needs_frontier_reasoning
    )
    recommendation, split = decide(profile, reasons, route_api, best_open)
    even = break_even(best_api, best_open, profile) if best_api and best_open else None
    shortlist = _shortlist(apis, hosted, profile, best_api, best_open)
    notes = notes_for(profile, best_api, best_open)
    as_of = prices_as_of()
    stale = _staleness(as_of)
    return Advice(
        profile,
        recommendation,
        tuple(reasons),
        tuple(shortlist),
        even,
        tuple(split),
        as_of,
        (*notes, *([stale] if stale else [])),
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


def _cheapest(options: list[Option], profile: Profile, *, frontier: bool) -> Option | None:
    pool = [o for o in options if o.license_ok and o.monthly_cost(profile) is not None]
    if frontier:
        pool = [o for o in pool if o.model.id in FRONTIER_MODELS] or pool
    return min(pool, key=lambda o: (o.monthly_cost(profile) or 0.0, o.model.id), default=None)


def _best_open(options: list[Option], profile: Profile) -> Option | None:
    """The most capable license-ok option (most active parameters), then the cheapest."""
    pool = [
        o for o in options if o.license_ok and (o.on_device or o.monthly_cost(profile) is not None)
    ]

    def capability(option: Option) -> float:
        model = option.model
        active = model.parameters_active or model.parameters_total
        return active.value if active else 0.0

    if not pool:
        return None
    if profile.needs_frontier_reasoning or profile.on_device:
        return max(pool, key=lambda o: (capability(o), -(o.monthly_cost(profile) or 0.0)))
    # Without a frontier need: the cheapest of the capable third of the field.
    ranked = sorted(pool, key=capability, reverse=True)
    capable = ranked[: max(1, len(ranked) // 3)]
    return min(capable, key=lambda o: (o.monthly_cost(profile) or 0.0, o.model.id))


def _shortlist(
    apis: list[Option],
    hosted: list[Option],
    profile: Profile,
    best_api: Option | None,
    best_open: Option | None,
) -> list[Option]:
    """The best option of each kind first, then alternatives, then notable exclusions."""

    def cost(option: Option) -> float:
        value = option.monthly_cost(profile)
        return value if value is not None else float("inf")

    chosen: list[Option] = [o for o in (best_api, best_open) if o is not None]
    others_api = sorted((o for o in apis if o.license_ok and o not in chosen), key=cost)[:3]
    capable = sorted(
        (o for o in hosted if o.license_ok and o not in chosen),
        key=lambda o: -(o.model.parameters_total.value if o.model.parameters_total else 0),
    )[:3]
    excluded = sorted(
        (
            o
            for o in hosted
            if not o.license_ok and any(n.startswith("not allowed") for n in o.notes)
        ),
        key=lambda o: -(o.model.parameters_total.value if o.model.parameters_total else 0),
    )[:2]
    return [*chosen, *others_api, *capable, *excluded]
