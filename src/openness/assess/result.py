"""What an assessment returns: tier, OSAID verdict, MOF class, each with reasons.

Owns the result types of ``openness.assess`` and their JSON shape, the
``openness check`` contract of docs/design.md. Entry point: ``Assessment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from openness.assess.lineage import Conflict, Lineage
from openness.kb.catalog import ModelMatch
from openness.kb.schema import (
    Availability,
    Component,
    DatasetRef,
    LicenseChange,
    LicenseRecord,
    Lifecycle,
    ModelRecord,
)
from openness.licenses.result import LicenseAnalysis


class Tier(StrEnum):
    """The three kinds of "open" (docs/design.md)."""

    CLOSED_API = "closed_api"
    OPEN_WEIGHTS = "open_weights"
    OPEN_SOURCE = "open_source"


class Outcome(StrEnum):
    """A verdict: met, not met, or not decidable from what is known."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ComponentStatus:
    """One MOF component of an assessed model."""

    name: Component
    """Which component."""
    available: Availability
    """True, False, "partial" or None (unknown)."""
    license: str | None
    """License id, if known."""
    url: str | None
    """Where it is, or the page that says it is not released."""
    license_is_open: bool | None
    """The license is open in the MOF sense; None when unknown."""
    note: str | None = None
    """Remark from the catalog."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md."""
        out: dict[str, Any] = {
            "available": self.available,
            "license": self.license,
            "url": self.url,
            "license_is_open": self.license_is_open,
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class OsaidVerdict:
    """The Open Source AI Definition 1.0 verdict and the reasons for it."""

    verdict: Outcome
    """pass, fail or unknown."""
    reasons: tuple[str, ...]
    """One sentence per requirement that decided it, naming the component."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md."""
        return {"verdict": self.verdict.value, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class MofClass:
    """The Model Openness Framework class reached, and what the next one lacks."""

    mof_class: str | None
    """"I", "II", "III", or None when not even Class III is met."""
    missing: tuple[Component, ...]
    """Components that keep the model from the next class up."""
    reasons: tuple[str, ...]
    """Why each missing component does not count."""

    @property
    def next_class(self) -> str | None:
        """The class the missing components are for, or None at Class I."""
        return {None: "III", "III": "II", "II": "I"}.get(self.mof_class)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (plus the next class and reasons)."""
        return {
            "class": self.mof_class,
            "next_class": self.next_class,
            "missing": [c.value for c in self.missing],
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Assessment:
    """Everything ``openness check`` says about one model."""

    model: ModelRecord
    """The facts assessed."""
    tier: Tier
    """closed_api, open_weights or open_source."""
    tier_reasons: tuple[str, ...]
    """Why this tier."""
    components: tuple[ComponentStatus, ...]
    """All MOF components, in MOF order."""
    license: LicenseAnalysis | None
    """The weights license with its terms, or None when there is none or it is unknown."""
    osaid: OsaidVerdict
    """Open Source AI Definition verdict."""
    mof: MofClass
    """Model Openness Framework class."""
    resolved: ModelMatch | None = None
    """How the reference named the model, when it was a runtime's name for it (an
    Ollama tag, a GGUF file, a quantised re-upload): its terms are the model's."""
    as_of: str | None = None
    """The day the assessment is for, when not today (``check --as-of``): the license
    is the one in force then."""
    lineage: Lineage | None = None
    """The models it was made from, when it declares any."""
    conflicts: tuple[Conflict, ...] = ()
    """Bases whose license terms its declared license drops."""
    licenses: tuple[LicenseRecord, ...] = ()
    """License records made from the model's own license files (a local folder, a Hub
    repo), which the catalog does not hold."""

    @property
    def sources(self) -> tuple[str, ...]:
        """Every URL behind the facts used, sorted, without repeats."""
        urls: set[str] = set()
        model = self.model
        for fact in (
            model.release_date,
            model.parameters_total,
            model.parameters_active,
            model.context_tokens,
        ):
            if fact is not None:
                urls.add(fact.source)
        urls.update(c.url for c in self.components if c.url)
        if model.architecture is not None:
            urls.add(model.architecture.source)
        if model.aliases.api_source:
            urls.add(model.aliases.api_source)
        if model.lifecycle is not None:
            urls.update(
                f.source for f in (model.lifecycle.deprecated, model.lifecycle.retired) if f
            )
        urls.update(change.source for change in model.license_history)
        return tuple(sorted(urls))

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness check`` JSON contract of docs/design.md."""
        model = self.model
        return {
            "model": {
                "id": model.id,
                "name": model.name,
                "developer": model.developer,
                "family": model.family,
                "release_date": model.release_date.value if model.release_date else None,
                "parameters_total": _value(model.parameters_total),
                "parameters_active": _value(model.parameters_active),
                "context_tokens": _value(model.context_tokens),
            },
            "tier": self.tier.value,
            "components": {c.name.value: c.to_dict() for c in self.components},
            "license": self.license.to_dict() if self.license is not None else None,
            "osaid": self.osaid.to_dict(),
            "mof": self.mof.to_dict(),
            "tier_reasons": list(self.tier_reasons),
            "notes": list(model.notes),
            "sources": list(self.sources),
            **({"lifecycle": _lifecycle(model.lifecycle)} if model.lifecycle else {}),
            **(
                {"license_history": [_change(c) for c in model.license_history]}
                if model.license_history
                else {}
            ),
            **({"as_of": self.as_of} if self.as_of else {}),
            **(self._lineage_dict() if self.lineage is not None else {}),
            **({"datasets": [_dataset(d) for d in model.datasets]} if model.datasets else {}),
            **({"resolved": self.resolved.to_dict()} if self.resolved is not None else {}),
        }

    def _lineage_dict(self) -> dict[str, Any]:
        assert self.lineage is not None
        out: dict[str, Any] = {"lineage": [link.to_dict() for link in self.lineage.links]}
        if self.lineage.problems:
            out["lineage_problems"] = list(self.lineage.problems)
        if self.conflicts:
            out["license_conflicts"] = [c.to_dict() for c in self.conflicts]
        return out


def _dataset(dataset: DatasetRef) -> dict[str, Any]:
    """One ``datasets[]`` entry of ``openness check`` JSON: a dataset the card lists."""
    return {
        "id": dataset.id,
        "license": dataset.license,
        "source": dataset.source,
        "license_source": dataset.license_source,
    }


def _value(fact: Any) -> Any:
    return fact.value if fact is not None else None


def _change(change: LicenseChange) -> dict[str, Any]:
    """One ``license_history`` entry of ``openness check`` JSON."""
    out: dict[str, Any] = {"date": change.date, "license": change.license}
    out["source"] = change.source
    if change.previous:
        out["previous"] = change.previous
    return {**out, "note": change.note} if change.note else out


def _lifecycle(lifecycle: Lifecycle) -> dict[str, Any]:
    """The ``lifecycle`` object of ``openness check`` JSON: dates with their sources."""
    out: dict[str, Any] = {}
    for name in ("deprecated", "retired"):
        fact = getattr(lifecycle, name)
        if fact is not None:
            out[name] = {"date": fact.value, "source": fact.source}
    if lifecycle.replacement:
        out["replacement"] = lifecycle.replacement
    return out
