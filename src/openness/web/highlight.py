"""Split a license text into plain and highlighted segments, one per found term.

Owns only the geometry of highlighting: it turns the ``span`` offsets of the
analysis into ordered, non-overlapping segments. It never produces HTML; the
template renders each segment with autoescaping, so hostile text stays text.
Entry point: ``highlight_segments``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    added: bool = False
    """The run is in a passage the known license lacks (the text is a variant of it)."""
    unread: bool = False
    """The run is in an operative sentence read as nothing (it keeps the verdict from pass)."""


def highlight_segments(
    text: str,
    terms: Sequence[dict[str, Any]],
    added: Sequence[dict[str, Any]] = (),
    unread: Sequence[dict[str, Any]] = (),
) -> list[Segment]:
    """Cut *text* into segments at every edge of a term, an added or an unread passage.

    Overlapping term spans are clipped so that every character appears once.

    Args:
        text: the analysed text, as the spans index it.
        terms: the ``terms`` of the license JSON contract.
        added: ``license.additions`` of a variant.
        unread: ``osd.unread``.

    Returns:
        Segments covering *text* in order.

    >>> [(s.text, s.kind) for s in highlight_segments("ab cd", [{"kind": "k", "span": [3, 5]}])]
    [('ab ', None), ('cd', 'k')]
    >>> [(s.text, s.kind, s.added) for s in highlight_segments(
    ...     "ab cd", [{"kind": "k", "span": [3, 5]}], added=[{"span": [1, 4]}])]
    [('a', None, False), ('b ', None, True), ('c', 'k', True), ('d', 'k', False)]
    """
    size = len(text)
    clauses = _clipped(
        (int(t["span"][0]), int(t["span"][1]), (index, str(t["kind"])))
        for index, t in enumerate(terms)
        if t.get("span")
    )
    layers = [
        clauses,
        _clipped((int(p["span"][0]), int(p["span"][1]), True) for p in added if p.get("span")),
        _clipped((int(p["span"][0]), int(p["span"][1]), True) for p in unread if p.get("span")),
    ]
    edges = sorted(
        {0, size} | {min(max(0, e), size) for layer in layers for a, b, _ in layer for e in (a, b)}
    )
    cursors = [0, 0, 0]
    segments: list[Segment] = []
    for start, end in zip(edges, edges[1:], strict=False):
        values = []
        for number, layer in enumerate(layers):
            while cursors[number] < len(layer) and layer[cursors[number]][1] <= start:
                cursors[number] += 1
            current = layer[cursors[number]] if cursors[number] < len(layer) else None
            values.append(current[2] if current and current[0] <= start else None)
        clause, is_added, is_unread = values
        index, kind = clause if clause else (None, None)
        segment = Segment(text[start:end], kind, index, bool(is_added), bool(is_unread))
        previous = segments[-1] if segments else None
        if previous and (previous.kind, previous.index, previous.added, previous.unread) == (
            kind, index, segment.added, segment.unread
        ):  # fmt: skip
            segments[-1] = Segment(
                previous.text + segment.text, kind, index, segment.added, segment.unread
            )
        else:
            segments.append(segment)
    return segments


def _clipped(spans: Iterable[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Sort spans and clip each to start where the one before it ends."""
    kept: list[tuple[int, int, Any]] = []
    position = 0
    for start, end, value in sorted(spans, key=lambda item: (item[0], item[1])):
        start = max(start, position)
        if end > start:
            kept.append((start, end, value))
            position = end
    return kept
