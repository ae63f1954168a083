"""Judge license terms against the Open Source Definition (OSD).

Owns the mapping of term kinds to OSD criteria (docs/design.md) and the verdict
rule: a term that breaks a criterion fails the license; otherwise a sentence
left unread makes the verdict unknown (a pass is a promise that the whole
text was read); otherwise a license shown to be open passes — a known open
license, or a grant found to cover every freedom — and anything else is
unknown. Finding terms is not done here (see the catalog records and
``openness.licenses`` extraction). Entry points: ``judge_terms`` for catalog
records, ``judge_reading`` for a text read sentence by sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    TermKind.EXCLUDED_PARTIES: 5,
    TermKind.NO_REDISTRIBUTION: 1,
    TermKind.FEE_REQUIRED: 1,
    TermKind.PRODUCT_RESTRICTION: 8,
    TermKind.NON_COMMERCIAL: 6,
    TermKind.RESEARCH_ONLY: 6,
    TermKind.USE_RESTRICTIONS: 6,
    TermKind.MODEL_IMPROVEMENT_BAN: 6,
    TermKind.RESTRICTIONS_PASS_THROUGH: 6,
    TermKind.NO_DERIVATIVES: 3,
}
"""The OSD criterion each restrictive term kind breaks; other kinds break none."""


@dataclass(frozen=True)
class Passage:
    """A passage of an analysed text: a sentence left unread, or one a known license lacks."""

    quote: str
    """The passage as it stands in the text."""
    span: tuple[int, int]
    """Its character span in the analysed text."""
    kinds: tuple[TermKind, ...] = ()
    """Kinds of the terms found in it, in vocabulary order."""

    def to_dict(self, *, with_kinds: bool = False) -> dict[str, object]:
        """Return the JSON shape of docs/design.md: quote and span, and kinds if asked."""
        out: dict[str, object] = {"quote": self.quote, "span": list(self.span)}
        if with_kinds:
            out["kinds"] = [kind.value for kind in self.kinds]
        return out


MAX_UNREAD = 50
"""At most this many unread passages are listed; ``unread_count`` gives them all."""


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
        """Return the JSON shape of docs/design.md."""
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
    unread: tuple[Passage, ...] = ()
    """Operative sentences read as nothing (at most ``MAX_UNREAD``)."""
    unread_count: int = 0
    """How many operative sentences were left unread in all."""

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape of docs/design.md (plus the reason and the unread count)."""
        return {
            "verdict": self.verdict.value,
            "violations": [v.to_dict() for v in self.violations],
            "unread": [passage.to_dict() for passage in self.unread],
            "unread_count": self.unread_count,
            "reason": self.reason,
        }


def violations_of(kinds: Iterable[TermKind]) -> tuple[OsdViolation, ...]:
    """Return the OSD criteria that terms of *kinds* break, by criterion number."""
    present = set(kinds)
    by_criterion: dict[int, list[TermKind]] = {}
    for kind in TermKind:
        if kind in present and kind in BREAKS:
            by_criterion.setdefault(BREAKS[kind], []).append(kind)
    return tuple(
        OsdViolation(number, CRITERIA[number], tuple(by_criterion[number]))
        for number in sorted(by_criterion)
    )


def _breaks(violations: Sequence[OsdViolation]) -> str:
    return "breaks " + "; ".join(
        f"criterion {v.criterion} ({v.title}): {', '.join(k.value for k in v.terms)}"
        for v in violations
    )


def judge_reading(
    kinds: Iterable[TermKind],
    *,
    open_because: str | None,
    unread: Sequence[Passage] = (),
    unread_count: int = 0,
) -> OsdVerdict:
    """Return the OSD verdict for a text read sentence by sentence.

    Args:
        kinds: kinds of every term found in the text.
        open_because: why the text is open when nothing breaks the OSD (a known
            open license found word for word, a grant covering every freedom),
            or None when nothing shows it.
        unread: the operative sentences that were read as nothing (listed).
        unread_count: how many there are in all (``unread`` may be cut).

    >>> judge_reading([], open_because="an open grant", unread_count=1).verdict
    <OsdOutcome.UNKNOWN: 'unknown'>
    >>> judge_reading([TermKind.ATTRIBUTION], open_because="an open grant").verdict
    <OsdOutcome.PASS: 'pass'>
    """
    unread = tuple(unread[:MAX_UNREAD])
    unread_count = max(unread_count, len(unread))
    violations = violations_of(kinds)
    if violations:
        return OsdVerdict(OsdOutcome.FAIL, violations, _breaks(violations), unread, unread_count)
    if unread_count:
        sentences = "sentence was" if unread_count == 1 else "sentences were"
        return OsdVerdict(
            OsdOutcome.UNKNOWN,
            (),
            f"no term breaks the OSD, but {unread_count} operative {sentences} not read as a "
            "grant, a term or a condition the OSD allows",
            unread,
            unread_count,
        )
    if open_because is None:
        return OsdVerdict(
            OsdOutcome.UNKNOWN, (), "no term breaks the OSD, but the grant is not known to be open"
        )
    return OsdVerdict(OsdOutcome.PASS, (), f"{open_because}, and no term breaks the OSD")


def judge_terms(kinds: Iterable[TermKind], *, known_open: bool) -> OsdVerdict:
    """Return the OSD verdict for a reviewed catalog record holding terms of *kinds*.

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
    violations = violations_of(kinds)
    if violations:
        return OsdVerdict(OsdOutcome.FAIL, violations, _breaks(violations))
    if known_open:
        return OsdVerdict(OsdOutcome.PASS, (), "an open license with no term that breaks the OSD")
    return OsdVerdict(
        OsdOutcome.UNKNOWN, (), "no term breaks the OSD, but the grant is not known to be open"
    )
