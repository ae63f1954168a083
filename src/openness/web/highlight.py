"""Split a license text into plain and highlighted segments, one per found term.

Owns only the geometry of highlighting: it turns the ``span`` offsets of the
analysis into ordered, non-overlapping segments. It never produces HTML; the
template renders each segment with autoescaping, so hostile text stays text.
Entry point: ``highlight_segments``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """A run of the license text, highlighted when it is a term's clause."""

    text: str
    """The characters of the run, unescaped (the template escapes them)."""
    kind: str | None = None
    """The term kind when the run is a clause, else ``None``."""
    index: int | None = None
    """Position of the term in the analysis' ``terms`` list."""


def highlight_segments(text: str, terms: Sequence[dict[str, Any]]) -> list[Segment]:
    """Cut *text* into segments so each term's span becomes one highlighted segment.

    Overlapping spans are clipped so that every character appears once.

    Args:
        text: the analysed text, as the spans index it.
        terms: the ``terms`` of the license JSON contract.

    Returns:
        Segments covering *text* in order.

    >>> [(s.text, s.kind) for s in highlight_segments("ab cd", [{"kind": "k", "span": [3, 5]}])]
    [('ab ', None), ('cd', 'k')]
    """
    spans = sorted(
        (int(term["span"][0]), int(term["span"][1]), index, str(term["kind"]))
        for index, term in enumerate(terms)
        if term.get("span")
    )
    segments: list[Segment] = []
    position = 0
    for start, end, index, kind in spans:
        start = max(start, position)
        end = min(end, len(text))
        if end <= start:
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], kind, index))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
