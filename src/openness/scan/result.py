"""What a scan returns: the models found with their assessments, findings, the gate.

Owns the result types of ``openness scan`` and their JSON shape (docs/design.md).
Entry point: ``ScanResult``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openness.assess.obligations import Obligations
from openness.assess.policy import PolicyResult
from openness.assess.result import Assessment
from openness.sources.findings import Finding, blocking_findings


@dataclass(frozen=True)
class Location:
    """Where a model is referenced."""

    path: str
    """File, relative to the scanned root (posix)."""
    line: int | None = None
    """1-based line, when known."""
    via: str = ""
    """How it was found (``transformers.from_pretrained``, ``yaml:model``, ``model folder``)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class ScannedModel:
    """One model a scan found, where, and what it is."""

    ref: str
    """The reference as written (a repo id, an API name, a folder)."""
    locations: tuple[Location, ...]
    """Every place it is referenced."""
    result: Assessment | None
    """The assessment, or None when the reference could not be resolved."""
    obligations: Obligations | None = None
    """Its duties and blockers for the declared use (``scan --obligations``)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (with obligations when asked)."""
        out = {
            "ref": self.ref,
            "found_at": [str(location) for location in self.locations],
            "result": self.result.to_dict() if self.result is not None else None,
        }
        if self.obligations is not None:
            out["obligations"] = self.obligations.to_dict()
        return out


@dataclass(frozen=True)
class ScanResult:
    """Everything ``openness scan`` reports."""

    root: str
    """What was scanned, as given."""
    kind: str
    """``codebase``, ``model_folder`` or ``file``."""
    models: tuple[ScannedModel, ...]
    """Models found, sorted by reference."""
    findings: tuple[Finding, ...]
    """Risks and problems met, sorted by path."""
    policy: PolicyResult | None
    """The gate's verdict, when a policy was given."""
    files_scanned: int = 0
    """Files read."""

    allow_unverified: bool = False
    """The policy accepts files the scanner could not verify."""

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that fail the scan whatever the policy says of models."""
        return blocking_findings(self.findings, self.allow_unverified)

    @property
    def is_passing(self) -> bool:
        """False when the policy fails or a blocking finding is present.

        A file that would run code when loaded always blocks; a file the
        scanner could not verify blocks unless the policy allows it.
        """
        if self.policy is not None and not self.policy.is_passing:
            return False
        return not self.blocking

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness scan`` JSON contract of docs/design.md."""
        return {
            "models": [model.to_dict() for model in self.models],
            "findings": [finding.to_dict() for finding in self.findings],
            "policy": self.policy.to_dict() if self.policy is not None else None,
            "summary": {
                "scanned": self.root,
                "kind": self.kind,
                "files_scanned": self.files_scanned,
                "models": len(self.models),
                "passed": self.is_passing,
                "blocking_findings": len(self.blocking),
            },
        }
