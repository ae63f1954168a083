"""Analyse any license text: which license it is, its terms with quotes, its OSD verdict.

Owns the workflow of the license engine: prepare the text, identify the known
documents it is made of, extract terms from the text itself (never copied from
a record), and judge the result against the Open Source Definition. Entry
point: ``analyze_license``.
"""

from __future__ import annotations

from functools import cache

from openness.kb.catalog import Catalog
from openness.licenses.clauses import Clause, split_clauses
from openness.licenses.extract import extract_terms, grant_covers_everything
from openness.licenses.fingerprint import load_fingerprints, shingle_text
from openness.licenses.identify import (
    IDENTIFIED_THRESHOLD,
    FingerprintIndex,
    PartMatch,
    identify_parts,
)
from openness.licenses.osd import OsdOutcome, OsdVerdict, judge_terms
from openness.licenses.result import FoundTerm, LicenseAnalysis, LicenseIdentity, LicensePart
from openness.licenses.text import PreparedText, decode_license_bytes, prepare_text


@cache
def _index() -> FingerprintIndex:
    return FingerprintIndex(load_fingerprints())


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
    parts, identity, identify_notes = _identify(prepared, catalog)
    notes += identify_notes
    clauses = list(split_clauses(prepared.clean))
    terms = _terms(prepared, clauses, parts)
    verdict = _verdict(clauses, terms, identity, catalog)
    return LicenseAnalysis(identity, terms, verdict, tuple(notes), tuple(parts))


def _identify(
    prepared: PreparedText, catalog: Catalog
) -> tuple[list[LicensePart], LicenseIdentity | None, list[str]]:
    shingles = shingle_text(prepared.clean)
    matches, ranking = identify_parts(shingles.hashes, _index())
    parts = []
    for match in matches:
        record = catalog.license(match.license_id)
        identity = LicenseIdentity(
            record.id, record.name, record.spdx, match.confidence, record.kind.value
        )
        clean_start, clean_end = shingles.span(match.first, match.last)
        parts.append(LicensePart(identity, prepared.original_span(clean_start, clean_end)))
    identified = [p for p in parts if p.identity.confidence >= IDENTIFIED_THRESHOLD]
    licenses = [p for p in identified if p.identity.kind == "license"] or identified
    best = max(licenses, key=lambda p: p.identity.confidence).identity if licenses else None
    return parts, best, _identification_notes(best, ranking)


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
    prepared: PreparedText, clauses: list[Clause], parts: list[LicensePart]
) -> tuple[FoundTerm, ...]:
    terms = []
    for finding in extract_terms(clauses):
        start, end = prepared.original_span(finding.start, finding.end)
        document = next(
            (
                p.identity.id
                for p in parts
                if p.span[0] <= start < p.span[1] and p.identity.confidence >= IDENTIFIED_THRESHOLD
            ),
            None,
        )
        terms.append(
            FoundTerm(
                kind=finding.kind,
                quote=prepared.original[start:end],
                value=finding.value,
                currency=finding.currency,
                span=(start, end),
                document=document,
                note=finding.note,
            )
        )
    return tuple(terms)


def _verdict(
    clauses: list[Clause],
    terms: tuple[FoundTerm, ...],
    identity: LicenseIdentity | None,
    catalog: Catalog,
) -> OsdVerdict:
    kinds = [t.kind for t in terms]
    known_open = False
    if identity is not None:
        record = catalog.license(identity.id)
        known_open = record.osi_approved or record.open_data
    verdict = judge_terms(kinds, known_open=known_open)
    if verdict.verdict is OsdOutcome.UNKNOWN and grant_covers_everything(clauses):
        return OsdVerdict(
            OsdOutcome.PASS,
            (),
            "the grant covers use, modification and redistribution, and no term breaks the OSD",
        )
    return verdict
