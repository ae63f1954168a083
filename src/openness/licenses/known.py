"""Analyse a license known to the catalog: its recorded terms and OSD verdict.

Owns the view of a license record as a ``LicenseAnalysis``: the record's terms
plus those of every policy it incorporates (and any extra policies a model
adds), and the OSD verdict of the whole. It does not read license texts (the
engine in ``openness.licenses`` does). Entry points: ``analyze_known_license``,
``is_open_license`` and ``list_licenses``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openness.kb.catalog import Catalog
from openness.kb.schema import LicenseRecord, PassageRecord
from openness.licenses.osd import OsdOutcome, Passage, judge_reading, judge_terms
from openness.licenses.result import FoundTerm, LicenseAnalysis, LicenseIdentity
from openness.licenses.version import version_of


def analyze_known_license(
    catalog: Catalog, license_id: str, extra_policies: Iterable[str] = ()
) -> LicenseAnalysis:
    """Return the analysis of catalog license *license_id*.

    Args:
        catalog: where the records are.
        license_id: id or alias of the license.
        extra_policies: ids of policies that apply on top of the license
            (a model's ``use_policies``).

    Returns:
        Identity with confidence 1.0, the terms of the license and of the
        policies it incorporates, and the OSD verdict.

    Raises:
        LicenseNotFoundError: *license_id* or a policy id is unknown.
    """
    record = catalog.license(license_id)
    documents = [record, *_policies(catalog, record, extra_policies)]
    terms = tuple(
        FoundTerm(
            kind=term.kind,
            quote=readable_quote(term.quote),
            value=term.value,
            currency=term.currency,
            document=document.id,
            note=term.note,
            unit=term.unit,
            period=term.period,
            effect=term.effect,
            condition=term.condition,
            span=term.span,
        )
        for document in documents
        for term in document.terms
    )
    known_open = record.osi_approved or record.open_data
    reading = record.reading
    if reading is None:
        verdict = judge_terms((t.kind for t in terms), known_open=known_open)
        identity = LicenseIdentity(
            record.id, record.name, record.spdx, 1.0, version=version_of(record.spdx or record.id)
        )
        return LicenseAnalysis(identity, terms, verdict)
    # A record made from a text is never known to be open: what its reading left
    # over (unread sentences) is kept, so the verdict says why it is not a pass.
    verdict = judge_reading(
        (t.kind for t in terms),
        open_because=None,
        unread=[_passage(p) for p in reading.unread],
        unread_count=reading.unread_count,
    )
    return LicenseAnalysis(_read_identity(catalog, record), terms, verdict)


def _read_identity(catalog: Catalog, record: LicenseRecord) -> LicenseIdentity:
    """The identity of a record made from a text: itself, or the license it varies."""
    reading = record.reading
    if reading is None or reading.variant_of is None:
        return LicenseIdentity(record.id, record.name, record.spdx, 1.0)
    base = reading.variant_of
    known = catalog.license(base) if catalog.has_license(base) else None
    return LicenseIdentity(
        known.id if known else base,
        known.name if known else base,
        known.spdx if known else None,
        reading.confidence,
        match="variant",
        additions=tuple(_passage(p) for p in reading.additions),
        version=version_of(known.spdx or known.id) if known else version_of(base),
    )


def _passage(record: PassageRecord) -> Passage:
    return Passage(readable_quote(record.quote), record.span, record.kinds)


def _policies(catalog: Catalog, record: LicenseRecord, extra: Iterable[str]) -> list[LicenseRecord]:
    policies: list[LicenseRecord] = []
    seen = {record.id}
    pending = [*record.incorporates, *extra]
    while pending:
        policy = catalog.license(pending.pop(0))
        if policy.id not in seen:
            seen.add(policy.id)
            policies.append(policy)
            pending.extend(policy.incorporates)
    return policies


def is_open_license(catalog: Catalog, license_id: str | None) -> bool | None:
    """Tell whether *license_id* is open in the MOF sense.

    Open means OSI-approved or a recognised open data license, with no term
    that breaks the OSD.

    Returns:
        True when its OSD verdict is pass, False when fail; None when the
        verdict is unknown, or *license_id* is None or unknown to the catalog.
    """
    if license_id is None or not catalog.has_license(license_id):
        return None
    verdict = analyze_known_license(catalog, license_id).osd.verdict
    return None if verdict is OsdOutcome.UNKNOWN else verdict is OsdOutcome.PASS


@dataclass(frozen=True)
class LicenseEntry:
    """A catalog license record with its analysis, for listings."""

    record: LicenseRecord
    """The record."""
    analysis: LicenseAnalysis
    """Its terms (policies included) and OSD verdict."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: the record's facts plus the analysis."""
        record = self.record
        return {
            "id": record.id,
            "name": record.name,
            "kind": record.kind.value,
            "spdx": record.spdx,
            "url": record.url,
            "osi_approved": record.osi_approved,
            "open_data": record.open_data,
            "version_date": record.version_date,
            "aliases": list(record.aliases),
            "incorporates": list(record.incorporates),
            "terms": [term.to_dict() for term in self.analysis.terms],
            "osd": self.analysis.osd.to_dict(),
            "notes": list(record.notes),
        }


def list_licenses(catalog: Catalog, license_ids: Iterable[str] = ()) -> list[LicenseEntry]:
    """Return the catalog's licenses and policies (or those named), with analyses.

    Raises:
        LicenseNotFoundError: a named license is unknown.
    """
    ids = list(license_ids)
    records = [catalog.license(i) for i in ids] if ids else list(catalog.licenses())
    return [LicenseEntry(r, analyze_known_license(catalog, r.id)) for r in records]


def readable_quote(quote: str) -> str:
    """Return a record's quote as the engine quotes a text: without Markdown or HTML markup.

    >>> readable_quote("found at [ai.meta.com/x](http://ai.meta.com/x).")
    'found at ai.meta.com/x.'
    """
    from openness.licenses.text import prepare_text

    if not any(marker in quote for marker in ("*", "[", "_", "`", "<", "&", "\\")):
        return quote
    prepared = prepare_text(quote)
    return prepared.readable(0, len(quote))
