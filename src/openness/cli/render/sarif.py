"""Render a scan as SARIF 2.1.0, for code-scanning dashboards.

Every policy violation becomes a result at each place the model is referenced
(``file:line``); every finding becomes a result at its file. Rule ids are the
policy rules and finding kinds, stable across runs.
"""

from __future__ import annotations

import json
from typing import Any

from openness import __version__
from openness.scan.result import Location, ScannedModel, ScanResult
from openness.sources.findings import FindingKind

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_RULE_TEXT = {
    "allow_tiers": "The model's openness tier is not allowed by the policy.",
    "deny_terms": "The model's license holds a term the policy denies.",
    "user_threshold": "The organisation has more users than the license allows.",
    "revenue_threshold": "The organisation's revenue is above the license's limit.",
    "geographic_restriction": "The license withholds rights where the organisation is.",
    "require_osd": "The policy requires a license that meets the Open Source Definition.",
    "unknown_license": "The model's license is unknown.",
}
_ERRORS = {FindingKind.UNSAFE_PICKLE, FindingKind.INVALID_SAFETENSORS}


def render_sarif(result: ScanResult) -> str:
    """Return the scan as a SARIF 2.1.0 log."""
    results: list[dict[str, Any]] = []
    rules: dict[str, str] = {}
    by_ref = {model.ref: model for model in result.models}
    if result.policy is not None:
        for issue in result.policy.violations:
            rules[issue.rule] = _RULE_TEXT.get(issue.rule, issue.rule)
            model = by_ref.get(issue.ref)
            locations = model.locations if model else (Location(issue.ref),)
            results += [
                _result(issue.rule, "error", f"{issue.ref}: {issue.why}", loc.path, loc.line)
                for loc in locations
            ]
    for finding in result.findings:
        rules[finding.kind.value] = finding.kind.value.replace("_", " ")
        level = "error" if finding.kind in _ERRORS else "warning"
        model = by_ref.get(finding.path)  # a finding about a reference, not a file
        places = model.locations if model else (Location(finding.path, finding.line),)
        results += [
            _result(
                finding.kind.value,
                level,
                f"{finding.path}: {finding.detail}",
                place.path,
                place.line,
            )
            for place in places
        ]
    for model in result.models:
        rules["model_used"] = "a model this code base uses, with its tier and license"
        results += [
            _result("model_used", "note", _usage(model), place.path, place.line)
            for place in model.locations
        ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "openness",
                        "version": __version__,
                        "rules": [
                            {"id": rule, "shortDescription": {"text": text}}
                            for rule, text in sorted(rules.items())
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _usage(model: ScannedModel) -> str:
    assessment = model.result
    if assessment is None:
        return f"{model.ref}: not in the catalog (unknown tier and license)"
    license_id = assessment.model.weights_license or "no license"
    return f"{model.ref}: {assessment.tier.value.replace('_', ' ')}, {license_id}"


def _result(rule: str, level: str, message: str, path: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path}}
    if line:
        physical["region"] = {"startLine": line}
    return {
        "ruleId": rule,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
    }
