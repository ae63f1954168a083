"""The deterministic rules of docs/design.md: tier, OSAID verdict and MOF class, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from openness.assess import Outcome, Tier, assess_model
from openness.kb import Catalog

from .conftest import MakeModel

# (case id, component changes, expected tier, OSAID verdict, reason fragment)
TIER_CASES: list[tuple[str, dict[str, Any], Tier, Outcome, str]] = [
    ("everything open", {}, Tier.OPEN_SOURCE, Outcome.PASS, "released under open terms"),
    (
        "weights withheld",
        {"model_parameters": (False, None)},
        Tier.CLOSED_API,
        Outcome.FAIL,
        "model_parameters: not released",
    ),
    (
        "weights unknown",
        {"model_parameters": None},
        Tier.CLOSED_API,
        Outcome.UNKNOWN,
        "model_parameters: unknown",
    ),
    (
        "apache weights, no data",
        {"datasets": (False, None), "data_card": (False, None)},
        Tier.OPEN_WEIGHTS,
        Outcome.FAIL,
        "datasets: training data not released",
    ),
    (
        "no data, but a data card",
        {"datasets": (False, None), "data_card": (True, "open-data")},
        Tier.OPEN_WEIGHTS,
        Outcome.UNKNOWN,
        "a data card exists",
    ),
    (
        "partial data with a data card",
        {"datasets": ("partial", None)},
        Tier.OPEN_SOURCE,
        Outcome.PASS,
        "released under open terms",
    ),
    (
        "partial data, no data card",
        {"datasets": ("partial", None), "data_card": (False, None)},
        Tier.OPEN_WEIGHTS,
        Outcome.FAIL,
        "only partly released",
    ),
    (
        "no training code",
        {"training_code": (False, None)},
        Tier.OPEN_WEIGHTS,
        Outcome.FAIL,
        "training_code: not released",
    ),
    (
        "training code unknown",
        {"training_code": None},
        Tier.OPEN_WEIGHTS,
        Outcome.UNKNOWN,
        "training_code: unknown whether",
    ),
    (
        "no preprocessing code",
        {"data_preprocessing_code": (False, None)},
        Tier.OPEN_WEIGHTS,
        Outcome.FAIL,
        "data_preprocessing_code: not released",
    ),
    (
        "capped weights license",
        {"model_parameters": (True, "capped")},
        Tier.OPEN_WEIGHTS,
        Outcome.FAIL,
        "model_parameters: under capped, which breaks criterion 5",
    ),
    (
        "weights license of unknown openness",
        {"model_parameters": (True, "unknown-terms")},
        Tier.OPEN_WEIGHTS,
        Outcome.UNKNOWN,
        "unknown-terms is not known to be open",
    ),
    (
        "weights without a license",
        {"model_parameters": (True, None)},
        Tier.OPEN_WEIGHTS,
        Outcome.UNKNOWN,
        "under no known license",
    ),
    (
        "gated-style partial weights",
        {"model_parameters": ("partial", "open-code")},
        Tier.OPEN_WEIGHTS,
        Outcome.FAIL,
        "model_parameters: only partly released",
    ),
]


@pytest.mark.parametrize(
    ("changes", "tier", "osaid", "fragment"),
    [case[1:] for case in TIER_CASES],
    ids=[case[0] for case in TIER_CASES],
)
def test_tier_and_osaid(
    make_model: MakeModel,
    rules_catalog: Catalog,
    changes: dict[str, Any],
    tier: Tier,
    osaid: Outcome,
    fragment: str,
) -> None:
    result = assess_model(make_model(**changes), rules_catalog)
    assert result.tier is tier
    assert result.osaid.verdict is osaid
    assert any(fragment in reason for reason in result.osaid.reasons), result.osaid.reasons


# (case id, component changes, expected class, missing components)
MOF_CASES: list[tuple[str, dict[str, Any], str | None, list[str]]] = [
    ("all open", {}, "I", []),
    (
        "no intermediate checkpoints",
        {"intermediate_parameters": (False, None)},
        "II",
        ["intermediate_parameters"],
    ),
    ("datasets count whatever their license", {"datasets": (True, "capped")}, "I", []),
    ("datasets unknown", {"datasets": None}, "II", ["datasets"]),
    ("no evaluation code", {"evaluation_code": (False, None)}, "III", ["evaluation_code"]),
    (
        "weights under a capped license",
        {"model_parameters": (True, "capped")},
        None,
        ["model_parameters"],
    ),
    ("no data card", {"data_card": (False, None)}, None, ["data_card"]),
    ("paper stands in for the report", {"technical_report": (False, None)}, "I", []),
    (
        "neither report nor paper",
        {"technical_report": (False, None), "research_paper": (False, None)},
        None,
        ["technical_report"],
    ),
    (
        "card without license inherits the open weights license",
        {"model_card": (True, None)},
        "I",
        [],
    ),
    (
        "card without license under capped weights",
        {"model_card": (True, None), "model_parameters": (True, "capped")},
        None,
        ["model_parameters", "model_card"],
    ),
    (
        "lower class blocked by higher",
        {"model_card": (False, None), "training_code": (False, None)},
        None,
        ["model_card"],
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected_class", "missing"),
    [case[1:] for case in MOF_CASES],
    ids=[case[0] for case in MOF_CASES],
)
def test_mof_class(
    make_model: MakeModel,
    rules_catalog: Catalog,
    changes: dict[str, Any],
    expected_class: str | None,
    missing: list[str],
) -> None:
    result = assess_model(make_model(**changes), rules_catalog)
    assert result.mof.mof_class == expected_class
    assert [c.value for c in result.mof.missing] == missing
    assert len(result.mof.reasons) == len(missing)


def test_weights_license_terms_include_incorporated_policy(
    make_model: MakeModel, rules_catalog: Catalog
) -> None:
    result = assess_model(make_model(model_parameters=(True, "capped")), rules_catalog)
    assert result.license is not None
    kinds = [(t.kind.value, t.document) for t in result.license.terms]
    assert kinds == [("user_threshold", "capped"), ("use_restrictions", "capped-aup")]
    assert [v.criterion for v in result.license.osd.violations] == [5, 6]


def test_availability_and_license_are_separate_axes(
    make_model: MakeModel, rules_catalog: Catalog
) -> None:
    # Apache-style weights and code, but no data: open weights, not open source.
    model = make_model(datasets=(False, None), data_card=(False, None))
    result = assess_model(model, rules_catalog)
    assert result.license is not None and result.license.osd.verdict.value == "pass"
    assert result.tier is Tier.OPEN_WEIGHTS
