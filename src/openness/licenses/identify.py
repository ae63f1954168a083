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

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from openness.licenses.fingerprint import SAMPLE_EVERY, Fingerprint, Postings

PART_THRESHOLD = 0.5
"""A document is reported as part of the text from this confidence on."""
IDENTIFIED_THRESHOLD = 0.8
"""A text is called a known license from this confidence on; below, it is unknown."""
VARIANT_RECALL = 0.9
"""A text holding this share of a known license, in a region it makes up ``VARIANT_PRECISION``
of, is that license with passages added: a variant, whatever its confidence."""
VARIANT_PRECISION = 0.4
_GAP = 150
"""Shingles without a match that end a matched region."""
_MIN_REMAINING = 40
"""Fewer unclaimed shingles than this are not searched for another document."""
_MIN_SHARE = 0.2
"""Fingerprints with less of their shingles in the text are not candidates."""
_CANDIDATES = 5
"""At most this many candidates, by share found, are matched in full each round."""
_SHARE_SLACK = 0.1
"""How far a sampled share may fall below the true one."""


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
    sampled: bool = False
    """The fingerprint keeps only a sample, so the confidence is an estimate."""
    marks: float | None = None
    """For a sampled fingerprint with marks: the share of them the text holds."""


class FingerprintIndex:
    """Fingerprints with a sampled inverted index from shingle hash to fingerprints.

    Candidates are found through the sampled hashes (a cheap estimate of
    how much of each fingerprint a text holds); the few best are then
    compared shingle by shingle with their full fingerprints.
    """

    def __init__(
        self, fingerprints: Sequence[Fingerprint], postings: Postings | None = None
    ) -> None:
        """Index *fingerprints* (with their prebuilt *postings*, when given)."""
        self.fingerprints = tuple(fingerprints)
        self.postings = postings or Postings.of(self.fingerprints)
        self.sampled_sizes = [max(1, f.sample_size) for f in self.fingerprints]
        self._by_id: dict[str, tuple[frozenset[int], int]] = {}

    def hashes_of(self, license_id: str) -> tuple[frozenset[int], int]:
        """Return the shingle hashes kept of every text of *license_id*, and which are kept.

        The second value is 1 when every hash of the texts is there (a complete
        fingerprint exists); else only hashes divisible by it can be compared.
        """
        found = self._by_id.get(license_id)
        if found is None:
            texts = [f for f in self.fingerprints if f.license_id == license_id]
            complete = [f for f in texts if f.every == 1]
            every = 1 if complete else max(f.every for f in texts)
            union = frozenset().union(*(f.hashes for f in complete or texts))
            found = self._by_id[license_id] = (union, every)
        return found

    def shares(self, hashes: Sequence[int]) -> dict[int, float]:
        """Estimate, per fingerprint number, the share of it found in *hashes*."""
        counts: dict[int, int] = {}
        postings = self.postings
        values, offsets, numbers = postings.values, postings.offsets, postings.numbers
        size = len(values)
        for value in {h for h in hashes if h % SAMPLE_EVERY == 0}:
            at = bisect_left(values, value)
            if at < size and values[at] == value:
                for number in numbers[offsets[at] : offsets[at + 1]]:
                    counts[number] = counts.get(number, 0) + 1
        return {n: c / self.sampled_sizes[n] for n, c in counts.items()}


def identified(match: PartMatch) -> bool:
    """Tell whether a match names the text: close enough, or all of it there with additions."""
    return match.confidence >= IDENTIFIED_THRESHOLD or (
        match.recall >= VARIANT_RECALL and match.precision >= VARIANT_PRECISION
    )


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
    pool = [(shares[n], index.fingerprints[n]) for n in ranked if shares[n] >= _MIN_SHARE]
    hits: dict[Fingerprint, list[int]] = {}
    claimed: list[tuple[int, int]] = []
    parts: list[PartMatch] = []
    ranking: list[PartMatch] = []
    remaining = len(hashes)
    present = frozenset(hashes)
    while remaining >= min(_MIN_REMAINING, max(1, len(hashes))):
        taken = {p.license_id for p in parts}
        candidates = _rank(hashes, present, pool, hits, claimed, taken)
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
    present: frozenset[int],
    pool: list[tuple[float, Fingerprint]],
    hits: dict[Fingerprint, list[int]],
    claimed: list[tuple[int, int]],
    taken: set[str],
) -> list[PartMatch]:
    """Return the best candidates outside the claimed regions, best first, one per id.

    Candidates are matched in full in the order of their estimated share, until
    ``_CANDIDATES`` are done or the next one's share (which bounds its recall,
    give or take the sampling) cannot beat the best match so far. A sampled
    candidate whose marks the text lacks ranks lower, and is dropped when all
    it matched lies in a complete known text: it has no evidence of its own.
    """
    matches: list[PartMatch] = []
    evidence: dict[PartMatch, tuple[Fingerprint, frozenset[int]]] = {}
    samples: set[tuple[int, ...]] = set()  # the database files some texts under several keys
    best = 0.0  # the highest confidence matched so far
    for share, fingerprint in pool:
        if len(samples) >= _CANDIDATES and fingerprint.sample not in samples:
            break
        if matches and share < best - _SHARE_SLACK:
            break
        if fingerprint.license_id in taken:
            continue
        if fingerprint not in hits:  # the positions of the text's shingles it holds
            held = map(fingerprint.hashes.__contains__, hashes)
            hits[fingerprint] = list(compress(range(len(hashes)), held))
        positions = hits[fingerprint]
        free = [p for p in positions if not _inside(p, claimed)] if claimed else positions
        if len(free) >= _MIN_SHARE * len(fingerprint.hashes):
            match = _match(hashes, free, claimed, fingerprint, present)
            inside = free[bisect_left(free, match.first) : bisect_right(free, match.last)]
            region = frozenset([hashes[p] for p in inside])
            evidence[match] = (fingerprint, region)
            samples.add(fingerprint.sample)
            matches.append(match)
            matches.sort(key=_score)
            best = max(best, match.confidence)
    complete = [evidence[m][0] for m in matches if not m.sampled and identified(m)]
    best_per_id: dict[str, PartMatch] = {}
    for match in matches:  # a license with several known texts: keep its best
        if (
            match.sampled
            and not match.marks
            and any(evidence[match][1] <= c.hashes for c in complete)
        ):
            continue  # all it matched is a complete known text's: no evidence of its own
        best_per_id.setdefault(match.license_id, match)
    return _prefer_containing(sorted(best_per_id.values(), key=_score))


_SAMPLED_PENALTY = 0.03
"""How much better a sampled fingerprint must score to rank above a complete one
(a sample's score is an estimate; a complete fingerprint's is exact)."""


_MARK_WEIGHT = 0.1
"""How much lower a sampled match ranks when the text holds none of its marks."""


def _score(match: PartMatch) -> tuple[float, str]:
    """Order matches: the closest first (estimates count a little less)."""
    penalty = _SAMPLED_PENALTY if match.sampled else 0.0
    if match.marks is not None:
        penalty += _MARK_WEIGHT * (1.0 - match.marks)
    return (-(match.confidence - penalty), match.license_id)


_WHOLE_RECALL = 0.97
_WHOLE_SCORE = 0.9
_EDGE = 5
"""Shingles a containing region may fall short of the contained one's edges."""


def _prefer_containing(ranked: list[PartMatch]) -> list[PartMatch]:
    """Put first the whole match that contains the best one and explains the most.

    MIT with a clause added is a known "modified MIT" when one is known, not MIT
    plus an addition: both hold their whole known text, and the one whose
    region holds the other's and more explains more of the text.
    """
    if not ranked:
        return ranked
    top = ranked[0]
    containing = [
        m
        for m in ranked
        if _is_whole(m) and m.first <= top.first + _EDGE and m.last >= top.last - _EDGE
    ]
    if not containing:
        return ranked
    best = max(containing, key=lambda m: ((m.last - m.first + 1) * m.precision, -ranked.index(m)))
    return [best, *(m for m in ranked if m is not best)]


def _is_whole(match: PartMatch) -> bool:
    return match.recall >= _WHOLE_RECALL and -_score(match)[0] >= _WHOLE_SCORE


def _inside(position: int, claimed: list[tuple[int, int]]) -> bool:
    for first, last in claimed:  # noqa: SIM110 (a loop is several times cheaper here)
        if first <= position <= last:
            return True
    return False


def _match(
    hashes: Sequence[int],
    positions: list[int],
    claimed: list[tuple[int, int]],
    fingerprint: Fingerprint,
    present: frozenset[int],
) -> PartMatch:
    first, last = _densest_region(positions, max(_GAP, 16 * fingerprint.every))
    in_region = [p for p in positions if first <= p <= last]
    if fingerprint.every > 1:  # only sampled shingles could have matched a sampled text
        every = fingerprint.every
        region_size = sum(
            1
            for p in range(first, last + 1)
            if hashes[p] % every == 0 and not (claimed and _inside(p, claimed))
        )
    else:
        region_size = (
            last - first + 1 - sum(max(0, min(last, b) - max(first, a) + 1) for a, b in claimed)
        )
    recall = len({hashes[p] for p in in_region}) / len(fingerprint.hashes)
    precision = len(in_region) / max(1, region_size)
    return PartMatch(
        fingerprint.license_id,
        recall * precision,
        recall,
        precision,
        first,
        last,
        fingerprint.every > 1,
        len(fingerprint.marks & present) / len(fingerprint.marks) if fingerprint.marks else None,
    )


def _densest_region(hits: list[int], gap: int = _GAP) -> tuple[int, int]:
    """Return the run of hits, split where the gap exceeds *gap*, with most hits."""
    best = (hits[0], hits[0], 1)
    start = previous = hits[0]
    count = 1
    for index in hits[1:]:
        if index - previous > gap:
            start, count = index, 0
        count += 1
        previous = index
        if count > best[2]:
            best = (start, index, count)
    return best[0], best[1]
