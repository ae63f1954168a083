"""What changed between two licenses: terms added, removed or changed, with both quotes.

Owns the comparison of two analyses (of texts, or of catalog records): terms
are paired by kind; within a kind, a term whose clause reads the same on both
sides is unchanged, the rest are paired in text order as changed (their values,
places, units or wording), and what is left over is added or removed. The OSD
verdicts and the criteria they break are compared too. Entry point:
``diff_licenses``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openness.licenses.osd import Passage
from openness.licenses.result import FoundTerm, LicenseAnalysis

_FIELDS = ("value", "unit", "currency", "period", "after", "effect", "condition")
"""The parts of a term compared besides its wording."""


@dataclass(frozen=True)
class Side:
    """One of the two licenses compared."""

    name: str
    """The file or id given."""
    analysis: LicenseAnalysis
    text: str | None = None
    """The text read, for a file (None for a catalog record)."""

    def to_dict(self) -> dict[str, Any]:
        """Return what identifies the side in JSON."""
        identity = self.analysis.license
        return {
            "input": self.name,
            "id": identity.id if identity else None,
            "name": identity.name if identity else None,
            "match": identity.match if identity else None,
            "osd": self.analysis.osd.verdict.value,
        }


@dataclass(frozen=True)
class TermChange:
    """A term present on both sides whose values or wording differ."""

    kind: str
    a: FoundTerm
    b: FoundTerm
    fields: tuple[str, ...]
    """What differs: ``value``, ``unit``, …, and ``wording`` when the clause reads otherwise."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: both terms, and what differs with its two values."""
        return {
            "kind": self.kind,
            "fields": list(self.fields),
            "values": {
                name: {"a": _json(getattr(self.a, name)), "b": _json(getattr(self.b, name))}
                for name in self.fields
                if name != "wording"
            },
            "places_added": _places(self.b, self.a),
            "places_removed": _places(self.a, self.b),
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
        }


@dataclass(frozen=True)
class LicenseDiff:
    """Everything two licenses differ in."""

    a: Side
    b: Side
    added: tuple[FoundTerm, ...]
    """Terms only B has."""
    removed: tuple[FoundTerm, ...]
    """Terms only A has."""
    changed: tuple[TermChange, ...]
    unchanged: tuple[str, ...]
    """Kinds whose terms read the same on both sides."""
    criteria_added: tuple[int, ...]
    """OSD criteria B breaks and A does not."""
    criteria_removed: tuple[int, ...]
    unread_added: tuple[Passage, ...] = ()
    """Operative sentences B holds that were read as no term and A does not have: what
    they require is unknown, so the two are not the same."""

    @property
    def texts_identical(self) -> bool | None:
        """For two files: whether their words are the same (None when one is a record)."""
        if self.a.text is None or self.b.text is None:
            return None
        return _words(self.a.text) == _words(self.b.text)

    @property
    def is_same(self) -> bool:
        """True when no term and no verdict differs."""
        return not (self.added or self.removed or self.changed or self.unread_added) and (
            self.a.analysis.osd.verdict is self.b.analysis.osd.verdict
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness diff`` JSON contract."""
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "same": self.is_same,
            "texts_identical": self.texts_identical,
            "added": [term.to_dict() for term in self.added],
            "removed": [term.to_dict() for term in self.removed],
            "changed": [change.to_dict() for change in self.changed],
            "unchanged": list(self.unchanged),
            "unread_added": [passage.to_dict() for passage in self.unread_added],
            "osd": {
                "a": self.a.analysis.osd.verdict.value,
                "b": self.b.analysis.osd.verdict.value,
                "criteria_added": list(self.criteria_added),
                "criteria_removed": list(self.criteria_removed),
            },
        }


def diff_licenses(a: Side, b: Side) -> LicenseDiff:
    """Compare license *a* (the old one) with *b* (the new one)."""
    added: list[FoundTerm] = []
    removed: list[FoundTerm] = []
    changed: list[TermChange] = []
    unchanged: list[str] = []
    kinds = list(dict.fromkeys(t.kind for t in (*a.analysis.terms, *b.analysis.terms)))
    for kind in kinds:
        old = [t for t in a.analysis.terms if t.kind is kind]
        new = [t for t in b.analysis.terms if t.kind is kind]
        same = [t for t in old if any(_same(t, n) for n in new)]
        rest_old = [t for t in old if t not in same]
        rest_new = [n for n in new if not any(_same(t, n) for t in old)]
        for before, after in zip(rest_old, rest_new, strict=False):
            changed.append(TermChange(kind.value, before, after, _differences(before, after)))
        removed += rest_old[len(rest_new) :]
        added += rest_new[len(rest_old) :]
        if same and not rest_old and not rest_new:
            unchanged.append(kind.value)
    known = {_words(p.quote) for p in a.analysis.osd.unread}
    old_words = _words(a.text) if a.text is not None else ""
    unread = tuple(
        p
        for p in b.analysis.osd.unread
        if _words(p.quote) not in known and (not old_words or _words(p.quote) not in old_words)
    )
    broken_a = {v.criterion for v in a.analysis.osd.violations}
    broken_b = {v.criterion for v in b.analysis.osd.violations}
    return LicenseDiff(
        a,
        b,
        tuple(added),
        tuple(removed),
        tuple(changed),
        tuple(unchanged),
        tuple(sorted(broken_b - broken_a)),
        tuple(sorted(broken_a - broken_b)),
        unread,
    )


def _words(quote: str) -> str:
    """Return a clause's wording without case, punctuation or spacing (a rewrap is no change)."""
    text = quote.lower().replace("“", '"').replace("”", '"').replace("’", "'")
    return re.sub(r"[\W_]+", " ", text).strip()


def _same(a: FoundTerm, b: FoundTerm) -> bool:
    return _words(a.quote) == _words(b.quote) and not _differences(a, b)


def _differences(a: FoundTerm, b: FoundTerm) -> tuple[str, ...]:
    fields = [name for name in _FIELDS if getattr(a, name) != getattr(b, name)]
    if _words(a.quote) != _words(b.quote):
        fields.append("wording")
    return tuple(fields)


def _places(a: FoundTerm, b: FoundTerm) -> list[str]:
    """The places *a* names that *b* does not (geographic restrictions)."""
    if not isinstance(a.value, tuple):
        return []
    other = b.value if isinstance(b.value, tuple) else ()
    return [place for place in a.value if place not in other]


def _json(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
