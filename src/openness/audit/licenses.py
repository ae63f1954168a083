"""The license side of a Hub audit: each distinct declared license read once.

Owns the classification of a declared license (the card's ``license``, or its
``license_name`` when that is ``other``) into a catalog id, its OSD verdict and
term kinds, and the conflict rule between a derivative's license and its root's
(``openness.assess.lineage.dropped_terms``, the rule ``check`` uses). Both
engines call these on the few thousand distinct values, never per record.
Entry point: ``LicenseBook``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openness.assess.lineage import dropped_terms
from openness.kb.catalog import Catalog
from openness.licenses.known import analyze_known_license
from openness.licenses.osd import OsdOutcome
from openness.licenses.result import FoundTerm

NO_LICENSE = ("", "unknown", "none", "no-license")
"""Declared values that mean no license."""


@dataclass(frozen=True)
class LicenseClass:
    """What a declared license is, once normalised."""

    license: str | None
    """The catalog id, else the declared id as written (lower case), None when none."""
    known: bool
    """True when the catalog has a record for it."""
    osd: str
    """``pass``, ``fail`` or ``unknown``."""
    kinds: tuple[str, ...]
    """The kinds of its terms (and its policies')."""


@dataclass
class LicenseBook:
    """The licenses of one audit, each analysed once; conflicts memoised per pair."""

    catalog: Catalog
    _terms: dict[str, tuple[FoundTerm, ...]] = field(default_factory=dict)
    _pairs: dict[tuple[str | None, str], tuple[str, ...]] = field(default_factory=dict)

    def classify(self, declared: str | None, name: str | None) -> LicenseClass:
        """Classify a declared license and its ``license_name``."""
        value = (declared or "").strip().lower()
        if value in NO_LICENSE:
            return LicenseClass(None, False, OsdOutcome.UNKNOWN.value, ())
        candidates = [value]
        if value == "other" and name:
            candidates.insert(0, name.strip().lower())
        for candidate in candidates:
            if candidate != "other" and self.catalog.has_license(candidate):
                record = self.catalog.license(candidate)
                analysis = analyze_known_license(self.catalog, record.id)
                self._terms[record.id] = analysis.terms
                kinds = tuple(dict.fromkeys(t.kind.value for t in analysis.terms))
                return LicenseClass(record.id, True, analysis.osd.verdict.value, kinds)
        shown = candidates[0] if value == "other" and name else value
        return LicenseClass(shown, False, OsdOutcome.UNKNOWN.value, ())

    def dropped(self, declared: str | None, root: str) -> tuple[str, ...]:
        """Return the kinds of *root*'s terms that *declared* drops (empty: no conflict).

        Both are classified ids; a root the catalog does not know carries nothing
        that can be shown, so it never makes a conflict.
        """
        key = (declared, root)
        if key not in self._pairs:
            base = self._terms_of(root)
            if base is None:
                self._pairs[key] = ()
            else:
                mine: Sequence[FoundTerm] = (self._terms_of(declared) or ()) if declared else ()
                lost = dropped_terms(mine, declared, base, root)
                self._pairs[key] = tuple(dict.fromkeys(t.kind.value for t in lost))
        return self._pairs[key]

    def add_terms(self, license_id: str, terms: Sequence[FoundTerm]) -> None:
        """Record the terms read from a text, under the name the audit gives it."""
        self._terms[license_id] = tuple(terms)

    def first_clause(self, root: str, kind: str) -> str | None:
        """The clause of *root*'s license that carries *kind* over (for the report)."""
        return next((t.quote for t in self._terms_of(root) or () if t.kind.value == kind), None)

    def _terms_of(self, license_id: str) -> tuple[FoundTerm, ...] | None:
        """The terms of a catalog license (a root outside the dump is named by the catalog)."""
        if license_id not in self._terms:
            if not self.catalog.has_license(license_id):
                return None
            self._terms[license_id] = analyze_known_license(self.catalog, license_id).terms
        return self._terms[license_id]
