"""Profile v2: tasks, quality read from sourced scores, four ways to run, example profiles."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.advise.advisor import advise, broken_requirement
from openness.advise.profile import Profile, load_profile, profile_from_values
from openness.advise.quality import LEVELS, TASKS, THRESHOLDS, fit, level_of
from openness.errors import EstimateError
from openness.kb import Catalog
from openness.kb.schema import Benchmark, Score

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "profiles"


def _score(benchmark: Benchmark, value: float) -> Score:
    return Score(benchmark, value, "https://example.org/table", "2025-01-01")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(Benchmark)), st.floats(0, 100))
def test_a_higher_score_never_reads_as_a_lower_level(benchmark: Benchmark, value: float) -> None:
    low, high = level_of(_score(benchmark, value)), level_of(_score(benchmark, min(100, value + 5)))
    assert LEVELS.index(high) >= LEVELS.index(low)
    good, strong, frontier = THRESHOLDS[benchmark]
    expected = (
        "frontier"
        if value >= frontier
        else "strong"
        if value >= strong
        else "good"
        if value >= good
        else "basic"
    )
    assert low == expected


def test_quality_is_read_from_the_task_benchmark_and_names_its_source(catalog: Catalog) -> None:
    model = catalog.model("llama-3.1-8b")
    scored = replace(model, scores=(_score(Benchmark.MMLU_PRO, 61.0),))
    chat = fit(scored, "chat", "strong")
    assert chat.meets and chat.level == "strong" and "https://example.org/table" in chat.why
    coding = fit(scored, "coding", "good")  # no coding benchmark: cannot be shown
    assert not coding.meets and coding.level is None and "swe_bench_verified" in coding.why
    assert fit(scored, "coding", "basic").meets  # basic asks for nothing


def test_vision_needs_a_model_that_takes_images_and_code_models_serve_code(
    catalog: Catalog,
) -> None:
    text = replace(catalog.model("llama-3.1-8b"), scores=(_score(Benchmark.MMMU, 80.0),))
    assert fit(text, "vision", "basic").requirement == "task"
    coder = next(m for m in catalog.models() if m.modality == "code")
    assert not fit(coder, "chat", "basic").meets
    assert fit(coder, "chat", "basic").requirement == "task"


@pytest.mark.parametrize("task", TASKS)
def test_every_shortlisted_option_reaches_the_quality_its_task_needs(
    catalog: Catalog, task: str
) -> None:
    advice = advise(profile_from_values({"task": task, "quality": "good"}), catalog)
    for option in advice.shortlist:
        assert option.quality is not None and option.quality.meets
        assert option.quality.score is not None and option.quality.score.source.startswith("http")
        assert LEVELS.index(option.quality.level or "basic") >= LEVELS.index("good")
    names = {a.name: a for a in advice.assumptions}
    assert names["quality"].value == "good" and names["task"].value == task
    assert ">=" in names["quality_thresholds"].value


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"task": "poetry"}, "task must be one of"),
        ({"quality": "excellent"}, "quality must be one of"),
        ({"on_device": True}, "needs device_memory_gb"),
        ({"taks": "chat"}, "unknown key 'taks'; known keys:"),
        ({"device_memory_gb": -1}, "must be a positive number"),
    ],
)
def test_bad_profile_values_are_one_line_errors(values: dict[str, Any], message: str) -> None:
    with pytest.raises(EstimateError, match=message) as caught:
        profile_from_values(values)
    assert "\n" not in str(caught.value)


def test_privacy_required_excludes_hosted_open_models_and_latency_excludes_unknowns(
    catalog: Catalog,
) -> None:
    private = advise(profile_from_values({"privacy": "required"}), catalog)
    hosted = [e for e in private.excluded if e.deployment == "open_hosted"]
    assert any(e.requirement == "privacy" for e in hosted)
    assert all(e.requirement in {"privacy", "quality", "task"} for e in hosted)
    assert not [o for o in private.eligible if o.deployment == "open_hosted"]
    timed = advise(profile_from_values({"latency_ms": 30.0}), catalog)
    assert all(o.deployment == "self_hosted" for o in timed.shortlist)
    assert {e.requirement for e in timed.excluded if e.deployment != "self_hosted"} >= {"latency"}


def test_an_open_hosted_option_carries_its_host_price_and_license(catalog: Catalog) -> None:
    advice = advise(profile_from_values({"task": "chat", "can_run_gpus": False}), catalog)
    served = [o for o in advice.eligible if o.deployment == "open_hosted"]
    assert served
    for option in served:
        assert option.price is not None and option.price.provider
        assert any(n.startswith("license ") for n in option.notes)
        assert broken_requirement(option, advice.profile) is None


def test_a_contradiction_says_what_to_relax(catalog: Catalog) -> None:
    values = {"on_device": True, "device_memory_gb": 4, "context_tokens": 1_000_000}
    advice = advise(profile_from_values(values), catalog)
    assert not advice.shortlist
    assert any("relaxing" in note for note in advice.notes)


def test_the_example_profiles_load_advise_and_cover_every_field(catalog: Catalog) -> None:
    paths = sorted(EXAMPLES.glob("*.yaml"))
    assert len(paths) >= 10
    used: set[str] = set()
    for path in paths:
        profile = load_profile(path)
        used |= set(yaml.safe_load(path.read_text(encoding="utf-8")))
        advice = advise(profile, catalog)
        assert advice.recommendation in {"closed_api", "open_hosted", "open_self_hosted", "hybrid"}
    assert {f.name for f in fields(Profile)} - used == set()


def test_a_model_too_large_for_a_gpu_kind_is_sized_at_four_bits_and_says_so(
    catalog: Catalog,
) -> None:
    advice = advise(profile_from_values({"gpu": "l4", "max_gpus": 1, "task": "chat"}), catalog)
    four_bit = [
        o
        for o in advice.eligible
        if o.deployment == "self_hosted" and o.estimate and o.estimate.precision.value == "int4"
    ]
    assert four_bit
    for option in four_bit:
        assert option.estimate is not None and option.estimate.gpus == 1
        assert any("4-bit weights" in note and "loss" in note for note in option.notes)
        usual = [n for n in option.notes if " at fp" in n]
        assert not usual  # the 4-bit option is the one that fits, not a second listing


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 10))
def test_a_reasoning_model_pays_its_hidden_tokens_as_output(factor: float) -> None:
    from openness.advise.options import api_options
    from openness.kb.loader import load_catalog
    from openness.kb.schema import TextFact

    catalog = load_catalog()
    profile = profile_from_values({"reasoning_factor": factor})
    base = next(o for o in api_options(catalog, profile) if o.model.reasoning is None)
    thinking = replace(
        base, model=replace(base.model, reasoning=TextFact("always", "https://example.org/r"))
    )
    assert base.price is not None
    plain, hidden = base.monthly_cost(profile), thinking.monthly_cost(profile)
    assert plain is not None and hidden is not None
    output_rate = base.price.output_usd_per_mtok.rate(profile.typical_input)
    extra = profile.monthly_output_tokens * factor * output_rate / 1e6
    assert hidden == pytest.approx(plain + extra)
    optional = replace(
        base, model=replace(base.model, reasoning=TextFact("optional", "https://example.org/r"))
    )
    assert optional.monthly_cost(profile) == pytest.approx(plain)


def test_old_scores_are_flagged_when_quality_decides(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openness.environment import TODAY_ENV

    newest = max(s.date for m in catalog.models() for s in m.scores)
    monkeypatch.setenv(TODAY_ENV, (newest + "-01-01")[:10])
    fresh = advise(profile_from_values({"task": "chat"}), catalog)
    assert not any("newest benchmark score" in note for note in fresh.notes)
    monkeypatch.setenv(TODAY_ENV, "2030-01-01")
    old = advise(profile_from_values({"task": "chat"}), catalog)
    said = f"newest benchmark score in the bundled data is from {newest}"
    assert any(said in note for note in old.notes)
    anything = advise(profile_from_values({}), catalog)  # basic: no score decided anything
    assert not any("newest benchmark score" in note for note in anything.notes)


def test_on_device_options_say_their_speed_and_slow_ones_break_latency(catalog: Catalog) -> None:
    values = {"on_device": True, "device_memory_gb": 16, "device_bandwidth_gb_per_s": 50}
    advice = advise(profile_from_values(values), catalog)
    listed = [o for o in advice.shortlist if o.on_device]
    assert listed
    for option in listed:
        active = option.model.parameters_active or option.model.parameters_total
        assert active is not None and option.device_tokens_per_s is not None
        assert option.device_tokens_per_s == pytest.approx(50e9 / (active.value * 0.5625))
        assert option.to_dict(advice.profile)["tokens_per_s"] is not None
    assert any(a.name == "device_bandwidth_gb_per_s" for a in advice.assumptions)
    fastest = max(o.device_tokens_per_s or 0 for o in listed)
    strict = advise(profile_from_values({**values, "latency_ms": 500 / fastest}), catalog)
    slow = [e for e in strict.excluded if e.requirement == "latency"]
    assert slow and all("on the device" in e.why for e in slow)


def test_a_team_without_gpus_is_not_told_that_nothing_qualifies_when_a_host_does(
    catalog: Catalog,
) -> None:
    advice = advise(profile_from_values({"can_run_gpus": False, "privacy": "preferred"}), catalog)
    hosted = [o for o in advice.shortlist if o.deployment == "open_hosted"]
    assert hosted
    assert not any("no option meets every requirement" in note for note in advice.notes)
    assert all(o.deployment != "self_hosted" or o.on_device for o in advice.shortlist)
