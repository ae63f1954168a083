"""Judge license terms against the Open Source Definition (OSD).

Owns the mapping of term kinds to OSD criteria (DESIGN.md) and the verdict
rule: a term that breaks a criterion fails the license; otherwise a known
open license (OSI-approved, or an open data license) passes; otherwise the
verdict is unknown. Finding terms is not done here (see the catalog records
and ``openness.licenses`` extraction). Entry point: ``judge_terms``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from openness.kb.schema import TermKind


class OsdOutcome(StrEnum):
    """The three OSD verdicts."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


CRITERIA: dict[int, str] = {
    1: "Free Redistribution",
    2: "Source Code",
    3: "Derived Works",
    4: "Integrity of The Author's Source Code",
    5: "No Discrimination Against Persons or Groups",
    6: "No Discrimination Against Fields of Endeavor",
    7: "Distribution of License",
    8: "License Must Not Be Specific to a Product",
    9: "License Must Not Restrict Other Software",
    10: "License Must Be Technology-Neutral",
}
"""OSD criteria by number (https://opensource.org/osd)."""

BREAKS: dict[TermKind, int] = {
    TermKind.USER_THRESHOLD: 5,
    TermKind.REVENUE_THRESHOLD: 5,
    TermKind.GEOGRAPHIC_RESTRICTION: 5,
    TermKind.NON_COMMERCIAL: 6,
    TermKind.RESEARCH_ONLY: 6,
    TermKind.USE_RESTRICTIONS: 6,
    TermKind.MODEL_IMPROVEMENT_BAN: 6,
    TermKind.RESTRICTIONS_PASS_THROUGH: 6,
    TermKind.NO_DERIVATIVES: 3,
}
"""The OSD criterion each restrictive term kind breaks; other kinds break none."""


@dataclass(frozen=True)
class OsdViolation:
    """One OSD criterion a license breaks, and the term kinds that break it."""

    criterion: int
    """Criterion number, 1 to 10."""
    title: str
    """Criterion title as the OSI words it."""
    terms: tuple[TermKind, ...]
    """Kinds of the terms that break it, in vocabulary order."""

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape of DESIGN.md."""
        return {
            "criterion": self.criterion,
            "title": self.title,
            "terms": [kind.value for kind in self.terms],
        }


@dataclass(frozen=True)
class OsdVerdict:
    """Whether a license meets the Open Source Definition, and why not."""

    verdict: OsdOutcome
    """pass, fail or unknown."""
    violations: tuple[OsdViolation, ...] = ()
    """The criteria broken (empty unless the verdict is fail)."""
    reason: str = ""
    """One sentence on how the verdict was reached."""

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape of DESIGN.md (plus the reason)."""
        return {
            "verdict": self.verdict.value,
            "violations": [v.to_dict() for v in self.violations],
            "reason": self.reason,
        }


def judge_terms(kinds: Iterable[TermKind], *, known_open: bool) -> OsdVerdict:
    """Return the OSD verdict for a license holding terms of *kinds*.

    Args:
        kinds: kinds of every term of the license and its incorporated policies.
        known_open: the license is OSI-approved or a recognised open data
            license, or its grant was found to cover use, modification and
            redistribution for any purpose.

    Returns:
        ``fail`` with the broken criteria when a term breaks one; otherwise
        ``pass`` when *known_open*; otherwise ``unknown``.

    >>> judge_terms([TermKind.USER_THRESHOLD, TermKind.ATTRIBUTION], known_open=False).verdict
    <OsdOutcome.FAIL: 'fail'>
    >>> judge_terms([TermKind.ATTRIBUTION], known_open=True).verdict
    <OsdOutcome.PASS: 'pass'>
    """
    present = set(kinds)
    by_criterion: dict[int, list[TermKind]] = {}
    for kind in TermKind:
        if kind in present and kind in BREAKS:
            by_criterion.setdefault(BREAKS[kind], []).append(kind)
    if by_criterion:
        violations = tuple(
            OsdViolation(number, CRITERIA[number], tuple(by_criterion[number]))
            for number in sorted(by_criterion)
        )
        broken = "; ".join(
            f"criterion {v.criterion} ({v.title}): {', '.join(k.value for k in v.terms)}"
            for v in violations
        )
        return OsdVerdict(OsdOutcome.FAIL, violations, f"breaks {broken}")
    if known_open:
        return OsdVerdict(OsdOutcome.PASS, (), "an open license with no term that breaks the OSD")
    return OsdVerdict(
        OsdOutcome.UNKNOWN, (), "no term breaks the OSD, but the grant is not known to be open"
    )
