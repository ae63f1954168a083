"""Identify which known licenses (and policies) a text is made of.

Compares the text's shingles with every fingerprint. For a candidate, *recall*
is the share of the known text found in the input, *precision* the share of
the input region it covers that belongs to it; confidence is their product,
so an exact copy scores 1.0, an edited one less, and a text that only shares
boilerplate with a known license scores low. Documents are taken greedily:
the best match claims its region, and the rest of the text is searched again,
so a license with its acceptable-use policy appended yields both. Entry
points: ``FingerprintIndex`` and ``identify_parts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openness.licenses.fingerprint import Fingerprint

PART_THRESHOLD = 0.5
"""A document is reported as part of the text from this confidence on."""
IDENTIFIED_THRESHOLD = 0.8
"""A text is called a known license from this confidence on; below, it is unknown."""
_GAP = 40
"""Shingles without a match that end a matched region."""
_MIN_REMAINING = 40
"""Fewer unclaimed shingles than this are not searched for another document."""
_MIN_SHARE = 0.2
"""Fingerprints with less of their shingles in the text are not candidates."""
_CANDIDATES = 5
"""How many candidates, by share found, are matched in full each round."""
_SAMPLE = 8
"""One shingle hash in this many is indexed to find candidates."""


@dataclass(frozen=True)
class PartMatch:
    """A known document found in a text."""

    license_id: str
    """Knowledge-base id of the document."""
    confidence: float
    """recall × precision, 0 to 1."""
    recall: float
    """Share of the known text's shingles found."""
    precision: float
    """Share of the matched region's shingles that belong to the known text."""
    first: int
    """Index of the first shingle of the region."""
    last: int
    """Index of the last shingle of the region."""


class FingerprintIndex:
    """Fingerprints with a sampled inverted index from shingle hash to fingerprints.

    Candidates are found through one hash in ``_SAMPLE`` (a cheap estimate of
    how much of each fingerprint a text holds); the few best are then
    compared shingle by shingle with their full fingerprints.
    """

    def __init__(self, fingerprints: Sequence[Fingerprint]) -> None:
        """Index *fingerprints*."""
        self.fingerprints = tuple(fingerprints)
        postings: dict[int, list[int]] = {}
        for number, fingerprint in enumerate(self.fingerprints):
            for value in fingerprint.hashes:
                if value % _SAMPLE == 0:
                    postings.setdefault(value, []).append(number)
        self.postings = postings
        self.sampled_sizes = [
            max(1, sum(1 for v in f.hashes if v % _SAMPLE == 0)) for f in self.fingerprints
        ]

    def shares(self, hashes: Sequence[int]) -> dict[int, float]:
        """Estimate, per fingerprint number, the share of it found in *hashes*."""
        counts: dict[int, int] = {}
        postings = self.postings
        for value in set(hashes):
            if value % _SAMPLE == 0:
                for number in postings.get(value, ()):
                    counts[number] = counts.get(number, 0) + 1
        return {n: c / self.sampled_sizes[n] for n, c in counts.items()}


def identify_parts(
    hashes: Sequence[int], index: FingerprintIndex
) -> tuple[list[PartMatch], list[PartMatch]]:
    """Find the known documents a text is made of.

    Args:
        hashes: the text's shingle hashes, in order.
        index: the known documents.

    Returns:
        The documents found (confidence at least ``PART_THRESHOLD``) in text
        order, and the best candidates of the first round (for "closest"
        notes), best first.
    """
    shares = index.shares(hashes)
    ranked = sorted(shares, key=lambda n: (-shares[n], index.fingerprints[n].license_id))
    candidates_pool = [index.fingerprints[n] for n in ranked if shares[n] >= _MIN_SHARE]
    hits = {
        f: [i for i, value in enumerate(hashes) if value in f.hashes]
        for f in candidates_pool[: _CANDIDATES + 2]
    }
    claimed: list[tuple[int, int]] = []
    parts: list[PartMatch] = []
    ranking: list[PartMatch] = []
    remaining = len(hashes)
    while remaining >= min(_MIN_REMAINING, max(1, len(hashes))):
        taken = {p.license_id for p in parts}
        candidates = [c for c in _rank(hashes, hits, claimed) if c.license_id not in taken]
        if not ranking:
            ranking = candidates[:5]
        if not candidates or candidates[0].confidence < PART_THRESHOLD:
            break
        best = candidates[0]
        parts.append(best)
        claimed.append((best.first, best.last))
        remaining -= best.last - best.first + 1
    parts.sort(key=lambda p: p.first)
    return parts, ranking


def _rank(
    hashes: Sequence[int],
    hits: dict[Fingerprint, list[int]],
    claimed: list[tuple[int, int]],
) -> list[PartMatch]:
    """Return the best candidates outside the claimed regions, best first, one per id."""
    bounds = []
    for fingerprint, positions in hits.items():
        free = [p for p in positions if not _inside(p, claimed)] if claimed else positions
        share = len(free) / max(1, len(fingerprint.hashes))
        if share >= _MIN_SHARE:
            bounds.append((share, fingerprint, free))
    bounds.sort(key=lambda item: (-item[0], item[1].license_id))
    matches = [_match(hashes, free, claimed, f) for _, f, free in bounds[:_CANDIDATES]]
    matches.sort(key=lambda m: (-m.confidence, m.license_id))
    best_per_id: dict[str, PartMatch] = {}
    for match in matches:  # a license with several known texts: keep its best
        best_per_id.setdefault(match.license_id, match)
    return list(best_per_id.values())


def _inside(position: int, claimed: list[tuple[int, int]]) -> bool:
    return any(first <= position <= last for first, last in claimed)


def _match(
    hashes: Sequence[int],
    positions: list[int],
    claimed: list[tuple[int, int]],
    fingerprint: Fingerprint,
) -> PartMatch:
    first, last = _densest_region(positions)
    in_region = [p for p in positions if first <= p <= last]
    region_size = (
        last - first + 1 - sum(max(0, min(last, b) - max(first, a) + 1) for a, b in claimed)
    )
    recall = len({hashes[p] for p in in_region}) / len(fingerprint.hashes)
    precision = len(in_region) / max(1, region_size)
    return PartMatch(fingerprint.license_id, recall * precision, recall, precision, first, last)


def _densest_region(hits: list[int]) -> tuple[int, int]:
    """Return the run of hits, split where the gap exceeds ``_GAP``, with most hits."""
    best = (hits[0], hits[0], 1)
    start = previous = hits[0]
    count = 1
    for index in hits[1:]:
        if index - previous > _GAP:
            start, count = index, 0
        count += 1
        previous = index
        if count > best[2]:
            best = (start, index, count)
    return best[0], best[1]
