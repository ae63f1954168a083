"""The advisor: one scenario per criterion and their conflicts, shortlists, properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.advise.advisor import Advice, advise
from openness.advise.options import break_even, self_hosted_options
from openness.advise.profile import Profile, profile_from_values
from openness.advise.quality import LEVELS, TASKS, fit
from openness.errors import EstimateError, GpuNotFoundError, LicenseNotFoundError
from openness.kb import Catalog

BIG = {
    "monthly_input_tokens": 10_000_000_000,
    "monthly_output_tokens": 40_000_000_000,
    "request_input_tokens": 500,
    "request_output_tokens": 500,
    "utilization": 0.9,
}
"""A large, generation-heavy workload on well-used GPUs: where self-hosting pays."""


def _advise(catalog: Catalog, **values: Any) -> Advice:
    return advise(profile_from_values(values), catalog)


def _reason(advice: Advice, criterion: str) -> Any:
    found = [r for r in advice.reasons if r.criterion == criterion]
    assert found, f"no {criterion} reason in {[r.criterion for r in advice.reasons]}"
    return found[0]


# (profile, criterion, which way it points, recommendation or None when not decisive)
SCENARIOS: list[tuple[dict[str, Any], str, str, str | None]] = [
    ({"context_tokens": 50_000_000}, "context", "closed", "closed_api"),
    ({"can_run_gpus": False}, "operations", "closed", None),
    ({"prototyping": True}, "prototyping", "closed", None),
    ({"privacy": "required"}, "privacy", "open", "open_self_hosted"),
    ({"privacy": "preferred"}, "privacy", "open", None),
    ({"on_device": True, "device_memory_gb": 16.0}, "on_device", "open", "open_self_hosted"),
    ({"fine_tuning": "deep"}, "fine_tuning", "open", None),
    ({"needs_unfiltered_answers": True}, "unfiltered_answers", "open", None),
    ({**BIG}, "cost", "open", None),
    ({"monthly_input_tokens": 1_000_000, "monthly_output_tokens": 200_000}, "cost", "closed",
     None),
    ({"latency_ms": 1000.0}, "latency", "open", None),
    ({"latency_ms": 0.01}, "latency", "closed", None),
]  # fmt: skip


@pytest.mark.parametrize(("values", "criterion", "favours", "recommendation"), SCENARIOS)
def test_each_criterion_gives_its_reason(
    catalog: Catalog,
    values: dict[str, Any],
    criterion: str,
    favours: str,
    recommendation: str | None,
) -> None:
    advice = _advise(catalog, **values)
    reason = _reason(advice, criterion)
    assert reason.favours == favours
    assert reason.why
    if recommendation is not None:
        assert advice.recommendation == recommendation


def test_frontier_reasoning_favours_closed_only_when_no_open_model_reaches_it(
    catalog: Catalog,
) -> None:
    advice = _advise(catalog, needs_frontier_reasoning=True)
    reason = _reason(advice, "frontier_reasoning")
    frontier_open = [
        o for o in advice.eligible if o.deployment != "api" and o.quality and o.quality.meets
    ]
    assert reason.favours == ("neither" if frontier_open else "closed")
    assert all(o.quality is not None and o.quality.level == "frontier" for o in advice.eligible)


def test_a_team_without_gpus_is_never_told_to_self_host(catalog: Catalog) -> None:
    for values in ({"can_run_gpus": False}, {"prototyping": True}, {"can_run_gpus": False, **BIG}):
        advice = _advise(catalog, **values)
        assert advice.recommendation in {"closed_api", "open_hosted"}, values
        if advice.recommendation == "open_hosted":
            assert advice.shortlist[0].deployment == "open_hosted"
            api = advice.best("api")
            served = advice.shortlist[0].monthly_cost(advice.profile)
            assert api is None or served is None or served < (api.monthly_cost(advice.profile) or 0)
            assert _reason(advice, "open_hosted").favours == "open"


def test_cost_reason_quotes_both_computed_costs(catalog: Catalog) -> None:
    advice = _advise(catalog, **BIG)
    reason = _reason(advice, "cost")
    api, own = advice.best("api"), advice.best("self_hosted")
    assert api is not None and own is not None
    for option in (api, own):
        cost = option.monthly_cost(advice.profile)
        assert cost is not None and f"US${cost:,.0f}" in reason.why


def _without_open_frontier(catalog: Catalog) -> Catalog:
    """The catalog with the scores of every open model that reaches the frontier removed."""
    from dataclasses import replace

    from openness.assess import Tier, assess_model

    frontier = [
        replace(m, scores=())
        for m in catalog.models()
        if assess_model(m, catalog).tier is not Tier.CLOSED_API
        and any(fit(m, task, "frontier").meets for task in TASKS)
    ]
    assert frontier, "some open model of the catalog reaches the frontier"
    return catalog.with_records(models=frontier)


def test_privacy_and_frontier_conflict_gives_a_concrete_hybrid(catalog: Catalog) -> None:
    advice = _advise(
        _without_open_frontier(catalog), privacy="required", needs_frontier_reasoning=True
    )
    assert advice.recommendation == "hybrid"
    routes = {route.deployment: route for route in advice.split}
    assert set(routes) == {"api", "self_hosted"}
    assert routes["api"].model is not None
    assert fit(catalog.model(routes["api"].model), None, "frontier").meets
    assert "de-identified" in routes["api"].traffic
    assert routes["self_hosted"].model is not None
    assert all(option.deployment == "self_hosted" for option in advice.shortlist)


def test_privacy_and_frontier_self_host_when_an_open_model_reaches_it(catalog: Catalog) -> None:
    advice = _advise(catalog, privacy="required", needs_frontier_reasoning=True)
    first = advice.shortlist[0]
    assert advice.recommendation == "open_self_hosted"
    assert first.deployment == "self_hosted"
    assert first.quality is not None and first.quality.level == "frontier"
    assert _reason(advice, "frontier_reasoning").favours == "neither"


def test_on_device_with_closed_only_need_is_hybrid(catalog: Catalog) -> None:
    advice = _advise(catalog, on_device=True, device_memory_gb=16.0, needs_frontier_reasoning=True)
    assert advice.recommendation == "hybrid"


def test_required_privacy_lists_no_api(catalog: Catalog) -> None:
    advice = _advise(catalog, privacy="required", **BIG)
    assert advice.shortlist
    assert all(option.deployment == "self_hosted" for option in advice.shortlist)
    assert advice.break_even_tokens_per_month is None


def test_user_cap_excludes_llama_above_700_million(catalog: Catalog) -> None:
    advice = _advise(catalog, monthly_active_users=900_000_000, **BIG)
    licenses = {m.id: m.weights_license for m in catalog.models()}
    llamas = [e for e in advice.excluded if licenses[e.model] in ("llama3.1", "llama4")]
    assert llamas, "the excluded list should show the Llama models"
    for exclusion in llamas:
        assert exclusion.requirement == "license" and "700,000,000" in exclusion.why
    assert not any(o.model.weights_license in ("llama3.1", "llama4") for o in advice.shortlist)
    best = advice.best("self_hosted")
    assert best is not None and best.model.weights_license not in ("llama3.1", "llama4")


def test_non_commercial_licenses_are_ok_only_for_non_commercial_use(catalog: Catalog) -> None:
    gpu = catalog.gpu("h100")

    def verdicts(commercial: bool) -> dict[str, bool]:
        profile = profile_from_values({"commercial": commercial})
        return {o.model.id: o.license_ok for o in self_hosted_options(catalog, profile, gpu)}

    business, research = verdicts(True), verdicts(False)
    non_commercial = [
        model.id for model in catalog.models() if model.weights_license == "cc-by-nc-4.0"
    ]
    assert non_commercial
    for model_id in non_commercial:
        if model_id in business:
            assert business[model_id] is False, model_id
    assert any(research.get(model_id) for model_id in non_commercial)


def test_on_device_keeps_models_that_fit_the_device(catalog: Catalog) -> None:
    advice = _advise(catalog, on_device=True, device_memory_gb=8.0)
    best = advice.best("self_hosted")
    assert best is not None and best.on_device
    total = best.model.parameters_total
    assert total is not None and total.value * 0.5625 / 1e9 <= 0.7 * 8.0  # 4-bit weights


def test_on_device_with_a_tiny_device_explains_the_contradiction(catalog: Catalog) -> None:
    advice = _advise(catalog, on_device=True, device_memory_gb=0.01)
    assert advice.best("self_hosted") is None
    assert advice.recommendation == "closed_api"
    assert "cannot be met" in _reason(advice, "on_device").why


def test_context_need_excludes_short_context_models(catalog: Catalog) -> None:
    advice = _advise(catalog, context_tokens=200_000, **BIG)
    for option in advice.shortlist:
        if option.license_ok and option.deployment == "self_hosted":
            window = option.model.context_tokens
            assert window is None or window.value >= 200_000


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"monthly_input_tokens": -1}, "must not be negative"),
        ({"monthly_output_tokens": 10**18}, "absurd"),
        ({"privacy": "maybe"}, "privacy must be one of"),
        ({"commercial": "yes"}, "true or false"),
        ({"speed": 3}, "unknown key 'speed'"),
        ({"utilization": 2.0}, "between 0 and 1"),
    ],
)
def test_bad_profiles_are_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(EstimateError, match=message):
        profile_from_values(values)


def test_unknown_gpu_lists_the_valid_ids(catalog: Catalog) -> None:
    with pytest.raises(GpuNotFoundError, match="h100"):
        _advise(catalog, gpu="tpu-v5")


@pytest.fixture(scope="module")
def big_advice(catalog: Catalog) -> Advice:
    return advise(profile_from_values(dict(BIG)), catalog)


@settings(max_examples=40, deadline=None)
@given(low=st.floats(0.01, 50), high=st.floats(0.01, 50))
def test_cost_never_decreases_with_volume(big_advice: Advice, low: float, high: float) -> None:
    low, high = sorted((low, high))
    for option in big_advice.shortlist:
        a = option.monthly_cost(big_advice.profile, scale=low)
        b = option.monthly_cost(big_advice.profile, scale=high)
        if a is not None and b is not None:
            assert a <= b + 1e-9


@settings(max_examples=30, deadline=None)
@given(
    input_tokens=st.integers(10**6, 10**11),
    output_tokens=st.integers(10**5, 10**10),
)
def test_break_even_matches_the_cost_curves(
    catalog: Catalog, big_advice: Advice, input_tokens: int, output_tokens: int
) -> None:
    profile = Profile(monthly_input_tokens=input_tokens, monthly_output_tokens=output_tokens)
    api, own = big_advice.best("api"), big_advice.best("self_hosted")
    assert api is not None and own is not None
    even = break_even(api, own, profile)
    if even is None:
        # The API is cheaper at every volume: check a few volumes.
        for scale in (0.5, 1.0, 10.0, 100.0):
            cost_api, cost_own = api.monthly_cost(profile, scale), own.monthly_cost(profile, scale)
            assert cost_api is not None and cost_own is not None
            assert cost_api <= cost_own * 1.0001
        return
    scale = even / profile.monthly_tokens
    at = (api.monthly_cost(profile, scale), own.monthly_cost(profile, scale))
    assert at[0] is not None and at[1] is not None
    # At the break-even volume the API costs the rent of one replica...
    assert at[0] == pytest.approx(own.replica_monthly_usd(), rel=1e-6)
    # ...below it the API is cheaper than one replica's rent.
    below = api.monthly_cost(profile, scale * 0.9)
    assert below is not None and below < at[1] + 1e-6


@settings(max_examples=8, deadline=None)
@given(users=st.integers(0, 3_000_000_000))
def test_a_license_user_cap_always_excludes_the_model_above_it(
    catalog: Catalog, users: int
) -> None:
    advice = _advise(catalog, monthly_active_users=users, **BIG)
    for option in advice.shortlist:
        try:
            license_record = catalog.license(option.model.weights_license or "")
        except LicenseNotFoundError:
            continue
        caps = [
            term.value
            for term in license_record.terms
            if term.kind.value == "user_threshold" and isinstance(term.value, int)
        ]
        if caps and users > min(caps):
            assert not option.license_ok, (option.model.id, users, caps)


def test_unfiltered_answers_are_a_requirement_cost_cannot_outweigh(catalog: Catalog) -> None:
    advice = _advise(catalog, needs_unfiltered_answers=True)
    assert advice.recommendation != "closed_api"
    assert all(o.deployment != "api" for o in advice.shortlist)
    apis = [e for e in advice.excluded if e.deployment == "api"]
    assert apis and all(e.requirement in {"unfiltered_answers", "task", "quality"} for e in apis)
    assert sum(e.requirement == "unfiltered_answers" for e in apis) > len(apis) / 2


def test_required_privacy_names_every_api_it_leaves_out(catalog: Catalog) -> None:
    advice = _advise(catalog, privacy="required")
    apis = {e.model for e in advice.excluded if e.requirement == "privacy"}
    assert "gpt-5-nano" in apis or len(apis) > 5
    assert advice.to_dict()["excluded"][0].keys() == {"model", "deployment", "requirement", "why"}


def test_when_nothing_meets_every_requirement_the_advice_says_what_to_relax(
    catalog: Catalog,
) -> None:
    advice = _advise(catalog, privacy="required", latency_ms=0.001)
    assert not advice.shortlist or all(not o.license_ok for o in advice.shortlist)
    assert any("relaxing" in note for note in advice.notes), advice.notes


def test_the_shortlist_is_chosen_first_then_cheapest_first(catalog: Catalog) -> None:
    for values in ({}, {"privacy": "required"}, {"monthly_input_tokens": 10**11}):
        advice = _advise(catalog, **values)
        chosen = [
            o
            for o in (advice.best("api"), advice.best("open_hosted"), advice.best("self_hosted"))
            if o is not None
        ]
        rest = advice.shortlist[len(chosen) :]
        costs = [o.monthly_cost(advice.profile) or float("inf") for o in rest]
        assert costs == sorted(costs), values
        assert all(o.license_ok for o in advice.shortlist)
        if advice.recommendation == "open_self_hosted":
            assert advice.shortlist[0].deployment == "self_hosted"


def test_why_explains_each_kind_of_place(catalog: Catalog) -> None:
    from openness.advise.advisor import explain

    advice = _advise(catalog, monthly_active_users=900_000_000, **BIG)
    first = advice.shortlist[0]
    assert explain(advice, first.model).place == "chosen"
    llama = next(e for e in advice.excluded if e.requirement == "license")
    placed = explain(advice, catalog.model(llama.model))
    assert placed.place == "excluded" and "breaks license" in placed.why[0]
    below = next(o for o in advice.eligible if o not in advice.shortlist)
    assert explain(advice, below.model).place == "eligible"
    retired = explain(advice, catalog.model("gemini-1.5-pro"), today="2026-12-04")
    assert retired.place == "not_considered" and "retired" in retired.why[0]


def test_every_assumption_says_where_it_comes_from(catalog: Catalog) -> None:
    advice = _advise(catalog, gpu="l40s", utilization=0.7)
    found = {a.name: a for a in advice.assumptions}
    assert found["gpu"].source == "profile" and "L40S" in found["gpu"].value
    assert found["utilization"].source == "profile" and found["utilization"].value.startswith("70%")
    assert found["max_gpus"].source == "default"
    assert found["gpu_usd_per_hour"].source.startswith("https://")
    assert all(a.source for a in advice.assumptions)
    assert advice.to_dict()["assumptions"][0].keys() == {"name", "value", "source"}


def test_a_model_too_large_for_the_device_is_excluded_by_on_device(catalog: Catalog) -> None:
    advice = _advise(catalog, on_device=True, device_memory_gb=4.0)
    large = [e for e in advice.excluded if e.deployment == "self_hosted" and "too large" in e.why]
    assert large and all(e.requirement == "on_device" for e in large)


def test_each_open_model_is_priced_on_the_cheapest_gpu_that_serves_it(catalog: Catalog) -> None:
    from openness.advise.options import gpus_to_try, self_hosted_options

    sized = _advise(catalog)
    pinned = _advise(catalog, gpu="h100")
    small = {o.model.id: o for o in sized.eligible if o.deployment == "self_hosted"}
    big = {o.model.id: o for o in pinned.eligible if o.deployment == "self_hosted"}
    shared = set(small) & set(big)
    assert shared
    for model_id in shared:  # right-sizing never costs more than the one kind
        assert (small[model_id].monthly_cost(sized.profile) or 0) <= (
            big[model_id].monthly_cost(pinned.profile) or 0
        ) + 1e-6
    assert any(o.estimate and o.estimate.gpu_id != "h100" for o in small.values())
    assert all(o.estimate and o.estimate.gpu_id == "h100" for o in big.values())
    # with a latency target, an eligible model runs on a kind that meets it; a model no
    # kind serves fast enough is excluded by the latency requirement
    profile = profile_from_values({"latency_ms": 20.0}, origin="test")
    options = self_hosted_options(catalog, profile, gpus_to_try(catalog, profile))
    timed = _advise(catalog, latency_ms=20.0)
    for option in timed.eligible:
        if option.deployment == "self_hosted" and option.estimate is not None:
            assert option.estimate.time_per_output_token_ms <= 20.0
    slow = {o.model.id for o in options if o.license_ok and o.estimate
            and o.estimate.time_per_output_token_ms > 20.0}  # fmt: skip
    assert slow <= {e.model for e in timed.excluded if e.requirement == "latency"}


_PROFILES = st.fixed_dictionaries(
    {},
    optional={
        "privacy": st.sampled_from(["none", "preferred", "required"]),
        "needs_unfiltered_answers": st.booleans(),
        "on_device": st.booleans(),
        "device_memory_gb": st.sampled_from([2.0, 8.0, 24.0]),
        "latency_ms": st.sampled_from([5.0, 20.0, 80.0]),
        "context_tokens": st.sampled_from([2000, 32000, 200000]),
        "commercial": st.booleans(),
        "region": st.sampled_from(["EU", "US", "CN"]),
        "monthly_active_users": st.sampled_from([1000, 900_000_000]),
        "needs_frontier_reasoning": st.booleans(),
        "monthly_input_tokens": st.sampled_from([10**6, 10**9, 10**11]),
        "task": st.sampled_from(list(TASKS)),
        "quality": st.sampled_from(list(LEVELS)),
    },
).map(
    lambda v: {**v, "device_memory_gb": v.get("device_memory_gb", 8.0)} if v.get("on_device") else v
)


@settings(max_examples=40, deadline=None)
@given(values=_PROFILES)
def test_no_shortlisted_option_breaks_a_requirement(catalog: Catalog, values: Any) -> None:
    from openness.advise.advisor import REQUIREMENT_NAMES, broken_requirement

    advice = _advise(catalog, **values)
    listed = {(o.model.id, o.deployment) for o in advice.shortlist}
    for option in advice.shortlist:
        assert option.license_ok and broken_requirement(option, advice.profile) is None
    for exclusion in advice.excluded:
        assert exclusion.requirement in REQUIREMENT_NAMES and exclusion.why
        assert (exclusion.model, exclusion.deployment) not in listed
    if values.get("privacy") == "required" or values.get("needs_unfiltered_answers"):
        assert all(o.deployment != "api" for o in advice.shortlist)
        assert advice.recommendation != "closed_api"
    if not advice.shortlist:
        assert any("relaxing" in note for note in advice.notes)
