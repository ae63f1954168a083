"""What a license analysis returns: identity, terms with their clauses, OSD verdict.

Owns the result types shared by every way of learning a license's terms
(a knowledge-base record, or a text analysed by the engine) and their JSON
shape, the ``openness license`` contract of docs/design.md. Entry point:
``LicenseAnalysis``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openness.kb.schema import TermKind
from openness.licenses.osd import OsdVerdict, Passage


@dataclass(frozen=True)
class LicenseIdentity:
    """Which known license a text or record is."""

    id: str
    """Knowledge-base license id."""
    name: str
    """Full name."""
    spdx: str | None
    """SPDX id, if any."""
    confidence: float
    """1.0 for a catalog record or an exact text; lower for an edited text."""
    kind: str = "license"
    """``license``, or ``policy`` for an acceptable-use policy."""
    match: str = "exact"
    """``exact``, or ``variant`` when the text has passages the known license lacks."""
    additions: tuple[Passage, ...] = ()
    """The added or changed passages of a variant, with the kinds of terms in each."""
    version: str | None = None
    """The license's version, where its id or name has one ("2.0", "1.1")."""
    scancode: str | None = None
    """ScanCode LicenseDB key, for a license named from that database."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (plus the kind and version)."""
        return {
            "id": self.id,
            "name": self.name,
            "spdx": self.spdx,
            "confidence": _round_down(self.confidence),
            "match": self.match,
            "additions": [passage.to_dict(with_kinds=True) for passage in self.additions],
            "kind": self.kind,
            "version": self.version,
            **({"scancode": self.scancode} if self.scancode else {}),
        }


def _round_down(confidence: float) -> float:
    """Round to three places, never up to 1.0 from below (an edited text is not exact).

    >>> _round_down(0.99996), _round_down(1.0), _round_down(0.12345)
    (0.999, 1.0, 0.123)
    """
    return int(confidence * 1000) / 1000


@dataclass(frozen=True)
class LicensePart:
    """A known license or policy found in part of a text."""

    identity: LicenseIdentity
    """Which document, and how sure."""
    span: tuple[int, int]
    """Where it is in the analysed text."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: the identity plus its span."""
        return {**self.identity.to_dict(), "span": list(self.span)}


@dataclass(frozen=True)
class FoundTerm:
    """A restriction or duty, with the clause it comes from."""

    kind: TermKind
    """What sort of term."""
    quote: str
    """The clause."""
    value: int | tuple[str, ...] | None = None
    """Threshold or places, depending on the kind."""
    currency: str | None = None
    """Currency of a revenue threshold."""
    span: tuple[int, int] | None = None
    """Character span of the quote in the analysed text (None for catalog records)."""
    document: str | None = None
    """Id of the license or policy the term comes from."""
    note: str | None = None
    """Scope or condition of the term."""
    unit: str | None = None
    """What a user threshold counts (``monthly_active_users``, ``devices``, ...)."""
    period: str | None = None
    """The period of a revenue threshold (``annual``, ``monthly``)."""
    after: str | None = None
    """When a delayed-open license changes (a date or a period as written)."""
    effect: str | None = None
    """``duty`` for a threshold whose crossing brings a duty, not a loss of rights."""
    condition: str | None = None
    """``above_threshold`` for a duty that binds only above the license's thresholds."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (currency only for revenue thresholds)."""
        out: dict[str, Any] = {"kind": self.kind.value}
        if self.kind is TermKind.DELAYED_OPEN:  # value: when, and which license it becomes
            out["value"] = None
            out["license"] = self.value[0] if isinstance(self.value, tuple) else None
        else:
            out["value"] = list(self.value) if isinstance(self.value, tuple) else self.value
        if self.unit is not None:
            out["unit"] = self.unit
        if self.currency is not None:
            out["currency"] = self.currency
        if self.period is not None:
            out["period"] = self.period
        if self.after is not None:
            out["after"] = self.after
        out["quote"] = self.quote
        out["span"] = list(self.span) if self.span is not None else None
        if self.document is not None:
            out["document"] = self.document
        if self.note is not None:
            out["note"] = self.note
        if self.effect is not None:
            out["effect"] = self.effect
        if self.condition is not None:
            out["condition"] = self.condition
        return out


@dataclass(frozen=True)
class LicenseAnalysis:
    """A license, its terms and its OSD verdict."""

    license: LicenseIdentity | None
    """The known license it is, or None when it matches none."""
    terms: tuple[FoundTerm, ...]
    """Every term, in the order of the text (catalog: license, then policies)."""
    osd: OsdVerdict
    """Open Source Definition verdict."""
    notes: tuple[str, ...] = ()
    """What the reader should know about how it was analysed."""
    parts: tuple[LicensePart, ...] = ()
    """Known documents found in the text, in text order (a license and its policy)."""

    def with_notes(self, notes: tuple[str, ...]) -> LicenseAnalysis:
        """Return a copy with *notes* put before the existing ones."""
        if not notes:
            return self
        return LicenseAnalysis(self.license, self.terms, self.osd, notes + self.notes, self.parts)

    def term_kinds(self) -> set[TermKind]:
        """Return the kinds of every term."""
        return {term.kind for term in self.terms}

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness license`` JSON contract of docs/design.md."""
        out: dict[str, Any] = {
            "license": self.license.to_dict() if self.license is not None else None,
            "terms": [term.to_dict() for term in self.terms],
            "osd": self.osd.to_dict(),
        }
        if self.parts:
            out["parts"] = [part.to_dict() for part in self.parts]
        if self.notes:
            out["notes"] = list(self.notes)
        return out
