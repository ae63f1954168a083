"""What a Hub audit returns: counts by tier, license and year, findings, and the worst lineages.

Owns the ``openness hub audit`` JSON contract. Both engines fill it the same way,
so their outputs can be compared as they are. Entry point: ``AuditResult``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FINDING_KINDS = (
    "license_conflict",
    "no_license",
    "other_without_text",
    "gated_but_called_open",
    "unresolved_parent",
    "lineage_cycle",
    "lineage_cut",
)
"""The findings an audit counts, in the order they are reported."""


@dataclass(frozen=True)
class Malformed:
    """A record the audit could not read."""

    source: str
    """The file."""
    line: int
    """Its 1-based line (JSON lines) or row (Parquet)."""
    error: str


@dataclass(frozen=True)
class ConflictGroup:
    """Derivatives of one root that drop its license's terms, under one declared license."""

    root: str
    root_license: str
    declared: str | None
    models: int
    terms: tuple[str, ...]
    """The root license's term kinds they drop."""
    clause: str | None
    """The first clause that carries over, quoted from the root's license record."""

    def to_dict(self) -> dict[str, Any]:
        """Return one ``largest_conflicts[]`` entry."""
        return {
            "root": self.root,
            "root_license": self.root_license,
            "declared": self.declared,
            "models": self.models,
            "terms": list(self.terms),
            "clause": self.clause,
        }


@dataclass(frozen=True)
class AuditResult:
    """The landscape of one dump."""

    models: int
    findings: dict[str, int]
    by_tier: dict[str, int]
    by_license: dict[str, int]
    by_osd: dict[str, int]
    by_year: dict[str, dict[str, Any]]
    """Per year of creation: models, how many pass, fail or are unknown to the OSD, and
    the five licenses most declared that year."""
    malformed: int = 0
    first_malformed: tuple[Malformed, ...] = ()
    largest_conflicts: tuple[ConflictGroup, ...] = ()
    distinct_licenses: int = 0
    """Distinct declared licenses, each analysed once."""
    engine: str = "duckdb"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness hub audit --format json`` contract."""
        return {
            "models": self.models,
            "findings": {kind: self.findings.get(kind, 0) for kind in FINDING_KINDS},
            "by_tier": self.by_tier,
            "by_license": self.by_license,
            "by_osd": self.by_osd,
            "by_year": self.by_year,
            "malformed": {
                "count": self.malformed,
                "first": [
                    {"source": m.source, "line": m.line, "error": m.error}
                    for m in self.first_malformed
                ],
            },
            "largest_conflicts": [group.to_dict() for group in self.largest_conflicts],
            "distinct_licenses": self.distinct_licenses,
        }
