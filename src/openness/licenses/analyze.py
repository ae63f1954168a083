"""Analyse any license text: which license it is, its terms with quotes, its OSD verdict.

Owns the workflow of the license engine: prepare the text, identify the known
documents it is made of, extract terms from the text itself (never copied from
a record), and judge the result against the Open Source Definition. Entry
point: ``analyze_license``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from openness.kb.catalog import Catalog
from openness.kb.schema import TermKind
from openness.licenses.clauses import Clause, split_clauses
from openness.licenses.extract import Finding, extract_terms, grant_covers_everything
from openness.licenses.fingerprint import (
    SHINGLE_SIZE,
    Shingles,
    load_database_licenses,
    load_fingerprints,
    load_postings,
    shingle_text,
)
from openness.licenses.identify import (
    IDENTIFIED_THRESHOLD,
    FingerprintIndex,
    PartMatch,
    identified,
    identify_parts,
)
from openness.licenses.osd import MAX_UNREAD, OsdVerdict, Passage, judge_reading
from openness.licenses.reading import ClauseReading, Reading, read_text
from openness.licenses.result import FoundTerm, LicenseAnalysis, LicenseIdentity, LicensePart
from openness.licenses.text import PreparedText, decode_license_bytes, prepare_text
from openness.licenses.version import version_of


@cache
def _index() -> FingerprintIndex:
    return FingerprintIndex(load_fingerprints(), load_postings())


def warm_up() -> None:
    """Load what every analysis reads: fingerprints, database licenses, rule patterns.

    A batch calls this before forking its workers, so that they share one copy
    (and the patterns compiled are kept by ``openness.patterns`` for the next run).
    """
    from openness.licenses.extract import DETECTOR_RULES
    from openness.licenses.reading import SENTENCE_RULES
    from openness.licenses.rules import ALL_RULES

    _index()
    load_database_licenses()
    for rule in (*ALL_RULES, *DETECTOR_RULES):
        rule.compile()
    for sentence_rule in SENTENCE_RULES:
        _ = sentence_rule.compiled


def analyze_license(
    text: str | bytes, catalog: Catalog | None = None, origin: str = "input"
) -> LicenseAnalysis:
    """Identify a license text, extract its terms and judge it against the OSD.

    Args:
        text: the license text (str), or the bytes of a license file.
        catalog: where license records are looked up (the bundled one by default).
        origin: a name for the text in notes and errors.

    Returns:
        The identified license (``None`` when the text matches no known
        license well enough), every term with its quote and span in *text*,
        the known documents it contains, and the OSD verdict.

    Raises:
        LicenseParseError: *text* is empty or binary.

    >>> result = analyze_license("Permission is hereby granted, free of charge, ...")
    >>> result.license is None
    True
    """
    notes: list[str] = []
    if isinstance(text, bytes):
        text, decode_notes = decode_license_bytes(text, origin)
        notes += decode_notes
    elif not text.strip():
        from openness.errors import LicenseParseError

        raise LicenseParseError(f"{origin}: empty text; expected a license", origin=origin)
    if catalog is None:
        from openness.kb.loader import load_catalog

        catalog = load_catalog()
    prepared = prepare_text(text)
    notes += prepared.notes
    shingles = shingle_text(prepared.clean)
    parts, identify_notes = _identify(prepared, shingles, catalog)
    notes += identify_notes
    clauses = list(split_clauses(prepared.clean))
    findings = extract_terms(clauses)
    terms = _terms(prepared, findings, parts)
    coverage = _Coverage(shingles, [p for p, _ in parts])
    readings = read_text(clauses, findings, coverage.known_to(_open_ids(parts, catalog)))
    identity = _identity(prepared, parts, clauses, readings, coverage, findings)
    verdict = _verdict(prepared, clauses, readings, terms, identity, catalog)
    return LicenseAnalysis(
        identity,
        terms,
        verdict,
        tuple(notes + _variant_notes(identity)),
        tuple(p for _, p in parts),
    )


def _identify(
    prepared: PreparedText, shingles: Shingles, catalog: Catalog
) -> tuple[list[tuple[PartMatch, LicensePart]], list[str]]:
    """Return the known documents the text holds, each with its place, and notes."""
    matches, ranking = identify_parts(shingles.hashes, _index())
    parts = []
    for match in matches:
        facts = _facts(match.license_id, catalog)
        identity = LicenseIdentity(
            match.license_id,
            facts.name,
            facts.spdx,
            match.confidence,
            facts.kind,
            version=version_of(facts.spdx or match.license_id),
            scancode=facts.scancode,
        )
        clean_start, clean_end = shingles.span(match.first, match.last)
        parts.append((match, LicensePart(identity, prepared.original_span(clean_start, clean_end))))
    best = _best(parts)
    return parts, _identification_notes(best.identity if best else None, ranking)


def _best(parts: list[tuple[PartMatch, LicensePart]]) -> LicensePart | None:
    found = [(m, p) for m, p in parts if identified(m)]
    licenses = [(m, p) for m, p in found if p.identity.kind == "license"] or found
    if not licenses:
        return None
    # The license of the text is the part that covers most of it (a notice
    # quoted inside a longer license is a part of it, not its name).
    return max(licenses, key=lambda item: (item[1].span[1] - item[1].span[0], item[0].recall))[1]


@dataclass(frozen=True)
class _Facts:
    """What is known about a license found in a text, from the catalog or the database."""

    name: str
    spdx: str | None
    kind: str
    open_as: str | None
    """``OSI-approved`` or ``open data`` for a known open license, else None."""
    scancode: str | None


def _facts(license_id: str, catalog: Catalog) -> _Facts:
    if catalog.has_license(license_id):
        record = catalog.license(license_id)
        open_as = (
            "OSI-approved" if record.osi_approved else "open data" if record.open_data else None
        )
        return _Facts(record.name, record.spdx, record.kind.value, open_as, None)
    entry = load_database_licenses()[license_id]
    return _Facts(
        entry.name, entry.spdx, "license", "OSI-approved" if entry.osi else None, entry.scancode
    )


def _open_ids(parts: list[tuple[PartMatch, LicensePart]], catalog: Catalog) -> set[str]:
    """Ids of the identified documents that are known open licenses."""
    return {
        part.identity.id
        for match, part in parts
        if identified(match) and _facts(part.identity.id, catalog).open_as is not None
    }


class _Coverage:
    """Which clauses of a text are word for word in the known documents it matched.

    A clause of five words or more is covered when every shingle inside it is
    in the document's fingerprint; a shorter one, when a shingle that holds its
    words is. An inserted or reworded sentence is therefore never covered, even
    in the middle of an exact copy.
    """

    def __init__(self, shingles: Shingles, matches: list[PartMatch]) -> None:
        self.hashes = shingles.hashes
        self.word_starts = array("l", shingles.word_starts())
        index = _index()
        self.known = {m.license_id: index.hashes_of(m.license_id) for m in matches}

    def known_to(self, license_ids: set[str]) -> Callable[[Clause], bool]:
        """Return a test: is a clause covered by one of *license_ids*?"""
        known = [self.known[i] for i in sorted(license_ids) if i in self.known]
        return lambda clause: any(self._covered(clause, entry) is True for entry in known)

    def added(self, clause: Clause) -> bool:
        """Tell whether *clause* is in none of the known documents.

        A clause with no word that shingles count (a copyright line) is never added.
        """
        return all(self._covered(clause, entry) is False for entry in self.known.values())

    def _covered(self, clause: Clause, known: tuple[frozenset[int], int]) -> bool | None:
        """Return whether *clause* is in a known document, or None when that cannot be told.

        It cannot when the clause has no word that shingles count, or no sampled shingle.
        """
        first = bisect_left(self.word_starts, clause.start)
        end = bisect_left(self.word_starts, clause.end)
        if end <= first or not self.hashes:
            return None
        hashes, (kept, every) = self.hashes, known
        if end - first >= SHINGLE_SIZE:
            inner = range(first, end - SHINGLE_SIZE + 1)
        else:
            inner = range(max(0, end - SHINGLE_SIZE), min(len(hashes) - 1, first) + 1)
        compared = [hashes[j] in kept for j in inner if every == 1 or hashes[j] % every == 0]
        if not compared:
            return None
        return all(compared) if end - first >= SHINGLE_SIZE else any(compared)


def _identity(
    prepared: PreparedText,
    parts: list[tuple[PartMatch, LicensePart]],
    clauses: list[Clause],
    readings: list[ClauseReading],
    coverage: _Coverage,
    findings: list[Finding],
) -> LicenseIdentity | None:
    """Return the identified license: exact, or a variant with its added passages."""
    best = _best(parts)
    if best is None:
        return None
    runs: list[list[Clause]] = []
    previous_added = False
    for clause, reading in zip(clauses, readings, strict=True):
        added = reading.reading is not Reading.INERT and coverage.added(clause)
        if added:
            if previous_added:
                runs[-1].append(clause)
            else:
                runs.append([clause])
        previous_added = added or (previous_added and reading.reading is Reading.INERT)
    additions = tuple(_passage(prepared, run, findings) for run in runs)
    if not additions:
        return best.identity
    return replace(
        best.identity,
        confidence=min(best.identity.confidence, VARIANT_CONFIDENCE),
        match="variant",
        additions=additions,
    )


VARIANT_CONFIDENCE = 0.99
"""The highest confidence a variant of a known license is given."""


def _passage(prepared: PreparedText, run: list[Clause], findings: list[Finding]) -> Passage:
    clean_start, clean_end = run[0].start, run[-1].end
    start, end = prepared.original_span(clean_start, clean_end)
    kinds = {f.kind for f in findings if clean_start <= f.start < clean_end}
    return Passage(
        prepared.readable(start, end), (start, end), tuple(k for k in TermKind if k in kinds)
    )


def _variant_notes(identity: LicenseIdentity | None) -> list[str]:
    if identity is None or identity.match != "variant":
        return []
    count = len(identity.additions)
    passages = "passage" if count == 1 else "passages"
    return [f"a variant of {identity.id}: {count} {passages} the known text does not have"]


def _identification_notes(identity: LicenseIdentity | None, ranking: list[PartMatch]) -> list[str]:
    if identity is None:
        if ranking:
            best = ranking[0]
            return [
                f"matches no known license; the closest is {best.license_id} "
                f"(similarity {best.confidence:.2f}), too far to call it that"
            ]
        return ["matches no known license"]
    close = [
        m
        for m in ranking
        if m.license_id != identity.id
        and m.confidence >= identity.confidence - 0.05
        and m.confidence >= IDENTIFIED_THRESHOLD
    ]
    if identity.confidence < 1.0 and close:
        names = ", ".join(f"{m.license_id} ({m.confidence:.2f})" for m in close[:2])
        return [f"the text differs from {identity.id}; it is almost as close to {names}"]
    if identity.confidence < 1.0:
        return [f"the text differs from the known text of {identity.id} in places"]
    return []


def _terms(
    prepared: PreparedText, findings: list[Finding], parts: list[tuple[PartMatch, LicensePart]]
) -> tuple[FoundTerm, ...]:
    terms = []
    for finding in findings:
        start, end = prepared.original_span(finding.start, finding.end)
        document = next(
            (p.identity.id for m, p in parts if p.span[0] <= start < p.span[1] and identified(m)),
            None,
        )
        terms.append(
            FoundTerm(
                kind=finding.kind,
                quote=prepared.readable(start, end),
                value=finding.value,
                currency=finding.currency,
                span=(start, end),
                document=document,
                note=finding.note,
                unit=finding.unit,
                period=finding.period,
                after=finding.after,
            )
        )
    return tuple(terms)


def _verdict(
    prepared: PreparedText,
    clauses: list[Clause],
    readings: list[ClauseReading],
    terms: tuple[FoundTerm, ...],
    identity: LicenseIdentity | None,
    catalog: Catalog,
) -> OsdVerdict:
    """Judge the text: a pass needs every operative sentence read and an open basis."""
    unread = [
        _passage(prepared, [clause], [])
        for clause, reading in zip(clauses, readings, strict=True)
        if reading.reading is Reading.UNREAD
    ]
    return judge_reading(
        (t.kind for t in terms),
        open_because=_open_because(clauses, readings, identity, catalog),
        unread=unread[:MAX_UNREAD],
        unread_count=len(unread),
    )


def _open_because(
    clauses: list[Clause],
    readings: list[ClauseReading],
    identity: LicenseIdentity | None,
    catalog: Catalog,
) -> str | None:
    """Say what shows the text to be open, or None."""
    if identity is not None:
        kind = _facts(identity.id, catalog).open_as
        if kind is not None:
            if identity.match == "variant":
                return (
                    f"a variant of {identity.id} ({kind}) whose added passages are all read "
                    "as conditions the OSD allows"
                )
            return f"the known text of {identity.id} ({kind}), word for word"
    grants = [c for c, r in zip(clauses, readings, strict=True) if r.reading is Reading.GRANT]
    if grant_covers_everything(grants):
        return "the grant covers use, modification and redistribution for any purpose"
    return None
