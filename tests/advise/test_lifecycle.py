"""A retired model is never recommended; a deprecated one says when it goes."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from openness.advise.advisor import advise
from openness.advise.options import api_options
from openness.advise.profile import profile_from_values
from openness.assess import assess_model
from openness.errors import KnowledgeBaseError
from openness.kb import Catalog
from openness.kb.loader import DATA
from openness.kb.schema import Lifecycle, TextFact
from openness.kb.validate import parse_model

SOURCE = "https://example.org/deprecations"


def _with_lifecycle(catalog: Catalog, model_id: str, lifecycle: Lifecycle) -> Catalog:
    return catalog.with_records(models=[replace(catalog.model(model_id), lifecycle=lifecycle)])


def _api_models(catalog: Catalog, today: str) -> set[str]:
    profile = profile_from_values({"monthly_input_tokens": 10**9}, origin="test")
    return {o.model.id for o in api_options(catalog, profile, today=today)}


def test_a_retired_model_is_never_an_option(catalog: Catalog) -> None:
    best_api = advise(profile_from_values({}, origin="test"), catalog).best("api")
    assert best_api is not None
    cheapest = best_api.model.id
    gone = _with_lifecycle(
        catalog, cheapest, Lifecycle(retired=TextFact("2025-01-01", SOURCE), replacement="x")
    )
    assert cheapest in _api_models(catalog, "2026-12-04")
    assert cheapest not in _api_models(gone, "2026-12-04")
    assert cheapest in _api_models(gone, "2024-12-31")  # before its shutdown it was on sale
    shortlist = advise(profile_from_values({}, origin="test"), gone).shortlist
    assert all(option.model.id != cheapest for option in shortlist)


def test_a_deprecated_model_says_when_it_shuts_down(catalog: Catalog) -> None:
    lifecycle = Lifecycle(
        deprecated=TextFact("2026-06-01", SOURCE),
        retired=TextFact("2027-03-01", SOURCE),
        replacement="gpt-5-mini",
    )
    changed = _with_lifecycle(catalog, "gpt-4o", lifecycle)
    profile = profile_from_values({"monthly_input_tokens": 10**9}, origin="test")
    option = next(
        o for o in api_options(changed, profile, today="2026-12-04") if o.model.id == "gpt-4o"
    )
    assert "deprecated since 2026-06-01, shuts down on 2027-03-01" in " ".join(option.notes)
    assert "gpt-5-mini" in " ".join(option.notes)


def test_check_reports_the_lifecycle_with_its_sources(catalog: Catalog) -> None:
    lifecycle = Lifecycle(retired=TextFact("2025-09-24", SOURCE))
    changed = _with_lifecycle(catalog, "gpt-4o", lifecycle)
    document = assess_model(changed.model("gpt-4o"), changed).to_dict()
    assert document["lifecycle"] == {"retired": {"date": "2025-09-24", "source": SOURCE}}
    assert SOURCE in document["sources"]


def test_lifecycle_dates_must_be_days_with_sources() -> None:
    data = yaml.safe_load((DATA / "models" / "gpt-4o.yaml").read_text(encoding="utf-8"))
    data["lifecycle"] = {"retired": {"value": "September 2025", "source": "x"}}
    with pytest.raises(KnowledgeBaseError) as raised:
        parse_model(data, "gpt-4o.yaml")
    problems = " ".join(raised.value.problems) or str(raised.value)
    assert "lifecycle.retired.value" in problems and "lifecycle.retired.source" in problems


def test_the_day_to_judge_on_can_be_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    from openness.environment import today

    monkeypatch.setenv("OPENNESS_TODAY", "2027-01-31")
    assert today() == "2027-01-31"
    monkeypatch.setenv("OPENNESS_TODAY", "not a date")
    assert today() != "not a date" and len(today()) == 10


def test_prices_older_than_90_days_are_flagged(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = profile_from_values({}, origin="test")
    as_of = advise(profile, catalog).prices_as_of
    monkeypatch.setenv("OPENNESS_TODAY", as_of)
    assert not any("days ago" in note for note in advise(profile, catalog).notes)
    monkeypatch.setenv("OPENNESS_TODAY", "2099-01-01")
    notes = advise(profile, catalog).notes
    assert any(f"from {as_of}" in note and "days ago" in note for note in notes)


def test_a_replacement_without_a_dated_source_is_refused() -> None:
    data = yaml.safe_load((DATA / "models" / "gpt-4o.yaml").read_text(encoding="utf-8"))
    data["lifecycle"] = {"replacement": "gpt-5"}
    with pytest.raises(KnowledgeBaseError, match="lifecycle.replacement needs"):
        parse_model(data, "gpt-4o.yaml")


def test_every_catalog_lifecycle_is_sourced_and_retired_models_are_never_offered(
    catalog: Catalog,
) -> None:
    dated = [m for m in catalog.models() if m.lifecycle is not None]
    assert len(dated) >= 30
    for model in dated:
        lifecycle = model.lifecycle
        assert lifecycle is not None
        facts = [f for f in (lifecycle.deprecated, lifecycle.retired) if f is not None]
        assert facts and all(f.source.startswith("https://") for f in facts), model.id
    profile = profile_from_values({}, origin="test")
    offered = {o.model.id for o in api_options(catalog, profile, today="2026-12-04")}
    gone = {m.id for m in dated if m.lifecycle and m.lifecycle.is_retired("2026-12-04")}
    assert gone and not (offered & gone)
