"""The policy gate: what an organisation accepts, and which models break it.

Owns the policy file of docs/design.md (reading and validating it, every problem
named with its line) and the rules: allowed tiers, denied term kinds, the
organisation's users, revenue and region against the license's thresholds and
geographic restrictions, OSD conformance, unknown licenses, and exceptions.
It judges assessments only: finding models is ``openness.scan``'s, reading the
file ``openness.scan.policy_file``'s; the advisor uses the same rules for the use
it is asked about. Entry point: ``evaluate_policy``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from openness.assess.result import Assessment, Tier
from openness.kb.schema import TermKind
from openness.licenses.osd import OsdOutcome
from openness.licenses.result import FoundTerm

RULES = (
    "allow_tiers",
    "deny_terms",
    "organization",
    "require_osd",
    "allow_models",
    "unknown_license",
    "allow_unverified",
    "use",
)
"""The keys a policy file may hold."""

_EU_MEMBERS = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "EL": "Greece", "HU": "Hungary", "IE": "Ireland",
    "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta",
    "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden",
}  # fmt: skip
"""Member states of the European Union by ISO code (and Greece's EU code EL)."""
_REGION_CODES = {
    "EU": "European Union", "EEA": "European Economic Area", "US": "United States",
    "USA": "United States", "UK": "United Kingdom", "GB": "United Kingdom", "CH": "Switzerland",
    "CN": "China", "HK": "Hong Kong", "MO": "Macau", "TW": "Taiwan", "RU": "Russia",
    "BY": "Belarus", "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "CU": "Cuba",
    "SY": "Syria", "VE": "Venezuela", "IN": "India", "JP": "Japan", "CA": "Canada", "BR": "Brazil",
}  # fmt: skip


@dataclass(frozen=True)
class Organization:
    """Who deploys the models."""

    monthly_active_users: int | None = None
    """Users of the organisation's products in a month."""
    annual_revenue_usd: int | None = None
    """Yearly revenue in US dollars."""
    region: str | None = None
    """Where the organisation is (a code such as ``EU``, ``DE``, ``US``, or a name)."""

    def places(self) -> set[str]:
        """Return every place name a geographic restriction could use for the region."""
        if not self.region:
            return set()
        return region_places(self.region)


@dataclass(frozen=True)
class Policy:
    """What an organisation accepts (docs/design.md policy file)."""

    allow_tiers: tuple[Tier, ...] = (Tier.OPEN_SOURCE, Tier.OPEN_WEIGHTS, Tier.CLOSED_API)
    """Tiers allowed; a model of another tier is a violation."""
    deny_terms: tuple[TermKind, ...] = ()
    """Term kinds that make a license unacceptable."""
    organization: Organization = field(default_factory=Organization)
    """Checked against user and revenue thresholds and geographic restrictions."""
    require_osd: bool = False
    """The weights license must pass the Open Source Definition."""
    allow_models: tuple[str, ...] = ()
    """Model ids (or references) excepted from every rule."""
    unknown_license: Literal["fail", "warn"] = "fail"
    """What a model whose license is unknown is: a violation or a warning."""
    allow_unverified: bool = False
    """Pass files the scanner could not verify (``UNVERIFIED_KINDS``); by default
    they fail the gate, as a file that would run code does."""
    use: str | None = None
    """How the organisation uses the models (an ``openness obligations`` use: internal,
    saas, embed, distribute, derive, outputs): a model whose license refuses it fails
    the gate, and each model's duties for it are reported."""


@dataclass(frozen=True)
class PolicyIssue:
    """One rule a model breaks (or, for warnings, nearly breaks)."""

    ref: str
    """The model reference as found."""
    rule: str
    """The rule: a policy key, or the term kind compared with the organisation."""
    why: str
    """One sentence with the numbers or the clause."""

    def to_dict(self) -> dict[str, str]:
        """Return the JSON shape of docs/design.md."""
        return {"ref": self.ref, "rule": self.rule, "why": self.why}


@dataclass(frozen=True)
class PolicyResult:
    """The gate's verdict."""

    violations: tuple[PolicyIssue, ...]
    """Rules broken: the gate fails when there is any."""
    warnings: tuple[PolicyIssue, ...] = ()
    """Things a reviewer should look at that do not fail the gate."""

    @property
    def is_passing(self) -> bool:
        """True when no rule is broken."""
        return not self.violations

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (plus warnings)."""
        return {
            "passed": self.is_passing,
            "violations": [v.to_dict() for v in self.violations],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def region_places(region: str) -> set[str]:
    """Return the place names that cover *region*: itself, and the EU for a member state.

    >>> sorted(region_places("DE"))
    ['DE', 'European Economic Area', 'European Union', 'Germany']
    >>> sorted(region_places("US"))
    ['US', 'United States']
    """
    region = region.strip()
    code = region.upper()
    places = {region, _REGION_CODES.get(code, region)}
    member = _EU_MEMBERS.get(code) or (
        region.title() if region.title() in _EU_MEMBERS.values() else None
    )
    if member is not None:
        places |= {member, "European Union"}
    if "European Union" in places:
        places.add("European Economic Area")
    return places


def evaluate_policy(
    policy: Policy, models: Iterable[tuple[str, Assessment | None]]
) -> PolicyResult:
    """Apply *policy* to every (reference, assessment) pair; None means unknown.

    Returns:
        Every violation and warning, in the order of the models.
    """
    violations: list[PolicyIssue] = []
    warnings: list[PolicyIssue] = []
    for ref, assessment in models:
        if _is_excepted(policy, ref, assessment):
            continue
        found, warned = _check_model(policy, ref, assessment)
        violations += found
        warnings += warned
    return PolicyResult(tuple(violations), tuple(warnings))


def _is_excepted(policy: Policy, ref: str, assessment: Assessment | None) -> bool:
    names = {ref.lower()}
    if assessment is not None:
        names.add(assessment.model.id.lower())
    return bool(names & {name.lower() for name in policy.allow_models})


def _check_model(
    policy: Policy, ref: str, assessment: Assessment | None
) -> tuple[list[PolicyIssue], list[PolicyIssue]]:
    if assessment is None:
        issue = PolicyIssue(
            ref,
            "unknown_license",
            f"{ref} is not a known model; its license "
            "is unknown (add it with --kb, or scan with --online)",
        )
        return ([issue], []) if policy.unknown_license == "fail" else ([], [issue])
    issues: list[PolicyIssue] = []
    warnings: list[PolicyIssue] = []
    model = assessment.model
    if assessment.tier not in policy.allow_tiers:
        allowed = ", ".join(t.value for t in policy.allow_tiers)
        issues.append(
            PolicyIssue(
                ref, "allow_tiers", f"{model.id} is {assessment.tier.value}; allowed: {allowed}"
            )
        )
    analysis = assessment.license
    if analysis is None:
        if assessment.tier is not Tier.CLOSED_API:
            issue = PolicyIssue(
                ref, "unknown_license", f"{model.id}: no license is known for its weights"
            )
            (issues if policy.unknown_license == "fail" else warnings).append(issue)
        return issues, warnings
    issues += _term_issues(policy, ref, model.modality, analysis.terms)
    if policy.require_osd and analysis.osd.verdict is not OsdOutcome.PASS:
        license_id = analysis.license.id if analysis.license else "its license"
        issues.append(
            PolicyIssue(
                ref,
                "require_osd",
                f"{model.id}: {license_id} "
                f"{analysis.osd.verdict.value}s the OSD: {analysis.osd.reason}",
            )
        )
    return issues, warnings


def _term_issues(
    policy: Policy, ref: str, modality: str, terms: Sequence[FoundTerm]
) -> list[PolicyIssue]:
    issues: list[PolicyIssue] = []
    organization = policy.organization
    for term in terms:
        where = f"{term.document or 'license'}: “{_short(term.quote)}”"
        if term.kind in policy.deny_terms:
            issues.append(PolicyIssue(ref, "deny_terms", f"{term.kind.value} is denied ({where})"))
        issue = _organization_issue(organization, ref, modality, term, where)
        if issue is not None:
            issues.append(issue)
    return _unique(issues)


def _organization_issue(
    organization: Organization, ref: str, modality: str, term: FoundTerm, where: str
) -> PolicyIssue | None:
    users, revenue = organization.monthly_active_users, organization.annual_revenue_usd
    if term.effect == "duty":
        return None  # crossing it brings a duty (a credit line), not a refusal
    if (
        term.kind is TermKind.USER_THRESHOLD
        and users is not None
        and isinstance(term.value, int)
        and users > term.value
    ):
        return PolicyIssue(
            ref,
            "user_threshold",
            f"the organisation has {users:,} monthly "
            f"active users, above the license's {term.value:,} ({where})",
        )
    if (
        term.kind is TermKind.REVENUE_THRESHOLD
        and revenue is not None
        and isinstance(term.value, int)
        and term.currency in (None, "USD")
        and revenue > term.value
    ):
        return PolicyIssue(
            ref,
            "revenue_threshold",
            f"annual revenue of US${revenue:,} is above the license's US${term.value:,} ({where})",
        )
    if term.kind is TermKind.GEOGRAPHIC_RESTRICTION and isinstance(term.value, tuple):
        hit = organization.places() & set(term.value)
        if hit and covers_modality(term, modality):
            return PolicyIssue(
                ref,
                "geographic_restriction",
                f"rights are withheld in "
                f"{', '.join(sorted(hit))}, where the organisation is ({where})",
            )
    return None


def covers_modality(term: FoundTerm, modality: str) -> bool:
    """Tell whether a territory clause covers a model of *modality*.

    Llama 3.2's EU exclusion is recorded with the note that it covers its
    multimodal models only; a text or code model is outside it.
    """
    return not (term.note and "multimodal" in term.note and modality in ("text", "code"))


def _short(quote: str, limit: int = 160) -> str:
    text = " ".join(quote.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique(issues: list[PolicyIssue]) -> list[PolicyIssue]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for issue in issues:
        if (issue.rule, issue.why.split(" (")[0]) not in seen:
            seen.add((issue.rule, issue.why.split(" (")[0]))
            kept.append(issue)
    return kept
