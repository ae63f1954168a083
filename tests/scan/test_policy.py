"""The policy gate: each rule of docs/design.md's policy file, on real catalog models."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.assess import Tier, assess_model
from openness.assess.policy import Organization, Policy, evaluate_policy
from openness.errors import PolicyFileError
from openness.kb import Catalog
from openness.kb.schema import TermKind
from openness.scan.policy_file import parse_policy_file as load_policy


def _rules(policy: Policy, catalog: Catalog, *refs: str) -> list[tuple[str, str]]:
    models = [(ref, assess_model(catalog.resolve_model(ref), catalog)) for ref in refs]
    return [(v.ref, v.rule) for v in evaluate_policy(policy, models).violations]


def test_user_cap_below_the_organisation_is_a_violation(catalog: Catalog) -> None:
    big = Policy(organization=Organization(monthly_active_users=800_000_000))
    small = Policy(organization=Organization(monthly_active_users=10_000_000))
    assert _rules(big, catalog, "llama-3-8b") == [("llama-3-8b", "user_threshold")]
    assert _rules(small, catalog, "llama-3-8b") == []
    assert _rules(big, catalog, "olmo-7b", "mistral-7b-v0.3") == []


def test_revenue_threshold(catalog: Catalog) -> None:
    from openness.kb.schema import LicenseRecord, TermRecord

    record = LicenseRecord(
        id="rev",
        name="Revenue-capped",
        url="https://example.org/rev",
        terms=(TermRecord(TermKind.REVENUE_THRESHOLD, "less than US$1,000,000", 1_000_000, "USD"),),
    )
    base = catalog.model("olmo-7b")
    from dataclasses import replace

    from openness.kb.schema import Component, ComponentRecord

    components = dict(base.components)
    components[Component.MODEL_PARAMETERS] = ComponentRecord(True, "rev", "https://example.org")
    model = replace(base, id="capped", components=components)
    extended = catalog.with_records(licenses=[record])
    result = evaluate_policy(
        Policy(organization=Organization(annual_revenue_usd=5_000_000)),
        [("capped", assess_model(model, extended))],
    )
    assert [v.rule for v in result.violations] == ["revenue_threshold"]
    assert "US$5,000,000" in result.violations[0].why


@pytest.mark.parametrize(
    ("region", "ref", "violates"),
    [
        ("EU", "llama-3.2-11b-vision", True),
        ("DE", "llama-3.2-11b-vision", True),  # a member state is in the EU
        ("US", "llama-3.2-11b-vision", False),
        ("EU", "llama-3.3-70b", False),  # the EU clause covers multimodal models only
        ("EU", "llama-4-scout", True),
    ],
)
def test_region_against_geographic_restrictions(
    catalog: Catalog, region: str, ref: str, violates: bool
) -> None:
    policy = Policy(organization=Organization(region=region))
    rules = [rule for _, rule in _rules(policy, catalog, ref)]
    assert ("geographic_restriction" in rules) is violates


def test_denied_terms_and_allowed_tiers(catalog: Catalog) -> None:
    policy = Policy(
        allow_tiers=(Tier.OPEN_SOURCE, Tier.OPEN_WEIGHTS),
        deny_terms=(TermKind.NON_COMMERCIAL, TermKind.MODEL_IMPROVEMENT_BAN),
    )
    assert _rules(policy, catalog, "gpt-4o", "command-r-plus", "llama-3-8b", "olmo-7b") == [
        ("gpt-4o", "allow_tiers"),
        ("command-r-plus", "deny_terms"),
        ("llama-3-8b", "deny_terms"),
    ]


def test_require_osd(catalog: Catalog) -> None:
    policy = Policy(require_osd=True)
    assert _rules(policy, catalog, "llama-3-8b", "olmo-7b", "gemma-2-9b") == [
        ("llama-3-8b", "require_osd"),
        ("gemma-2-9b", "require_osd"),
    ]


def test_exceptions_and_unknown_models(catalog: Catalog) -> None:
    policy = Policy(require_osd=True, allow_models=("llama-3-8b",))
    assert _rules(policy, catalog, "meta-llama/Meta-Llama-3-8B") == []
    fail = evaluate_policy(Policy(), [("acme/secret-model", None)])
    warn = evaluate_policy(Policy(unknown_license="warn"), [("acme/secret-model", None)])
    assert [v.rule for v in fail.violations] == ["unknown_license"]
    assert not warn.violations and [w.rule for w in warn.warnings] == ["unknown_license"]


def test_policy_file_round_trip(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "allow_tiers: [open_source, open_weights]\n"
        "deny_terms: [non_commercial, research_only]\n"
        "organization:\n  monthly_active_users: 800000000\n  annual_revenue_usd: 5000000000\n"
        "  region: EU\n"
        "require_osd: false\nallow_models: []\nunknown_license: fail\n",
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert policy.organization.region == "EU"
    assert _rules(policy, catalog, "llama-3-8b", "gpt-4o") == [
        ("llama-3-8b", "user_threshold"),
        ("gpt-4o", "allow_tiers"),
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            "allow_tiers: [open_source]\ndeny_term: [non_commercial]\n",
            "Unknown rule 'deny_term' in",
        ),
        ("allow_tiers: [opensource]\n", "unknown value 'opensource'"),
        ("organization:\n  monthly_active_users: many\n", "whole number"),
        ("organization:\n  country: EU\n", "unknown organization key 'country'"),
        ("require_osd: maybe\n", "true or false"),
        ("unknown_license: ignore\n", "fail or warn"),
        ("allow_tiers: [\n", "not valid YAML"),
        ("- a list\n", "a mapping of rules"),
    ],
)
def test_bad_policy_files(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyFileError) as info:
        load_policy(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_rule_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("require_osd: true\n\nfail_on: everything\n", encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"policy.yaml:3\. Known rules"):
        load_policy(path)


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="no such policy file"):
        load_policy(tmp_path / "nope.yaml")
