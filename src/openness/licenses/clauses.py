"""Split a clean license text into clauses, the unit terms are found in.

Owns segmentation: a clause ends at a sentence end (``.``, ``;``, ``?``,
``!`` before whitespace), at a colon that opens a list, at a blank line, and
before a new list item or heading line. Hard-wrapped paragraphs are rejoined
(a single line break inside a sentence is just a space). Each clause knows
whether it is a definition, shouting boilerplate (warranty disclaimers are
written in capitals), or an item under a negative list opener ("You will not
... :"). Entry point: ``split_clauses``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openness import patterns

MAX_CLAUSE_CHARS = 1200
"""Longer runs without punctuation are cut, so patterns work on bounded text."""

_SENTENCE_END = patterns.compiled(r"(?<=[.;!?:])[\"')\]]?[ \n]+(?=\S)")
_LINE = patterns.compiled(r"[^\n\u2029]+")
_PARAGRAPH_BREAK = "\u2029"
_SHORT_LINE_CHARS = 40
"""A line shorter than this, followed by a capitalised line, stands alone."""
_DEFINITION = patterns.compiled(
    r"^(?:[\d.()a-zA-Z]{1,8}\s+)?(?:\"[^\"\n]{1,80}\"|[A-Z][\w\-]*(?:\s+[A-Z&][\w\-]*){0,5})"
    r"\s*(?:\([^)]{0,80}\)\s*)?[:,]?\s*"
    r"(?:means|shall mean|refers to|is defined as|has the meaning)\b"
    r"|^\"[^\"]{1,80}\"\s*[:,]"
)
_NEGATIVE_OPENER = patterns.compiled(  # matched against lower-cased text
    r"\b(?:will|shall|may|must|can|agree(?:s)?)\s+not\b|\bnot\s+to\b|\bprohibited\b"
    r"|\bagree(?:s)?\s+not\b|\brestrict(?:ed|ions)\b|\bforbidden\b"
)


@dataclass(frozen=True)
class Clause:
    """A clause of a clean text."""

    text: str
    """The clause as it stands in the clean text."""
    start: int
    """Its offset in the clean text."""
    is_definition: bool
    """It defines a term ("X" means ...) rather than granting or restricting."""
    is_shouting: bool
    """Mostly capitals: the warranty and liability boilerplate."""
    opener: str | None = None
    """The clause ending in a colon that says what one may not do, when this clause is
    an item of its list ("You will not use the Model:")."""

    @property
    def under_negative_opener(self) -> bool:
        """True for an item of a "you will not ...:" list."""
        return self.opener is not None

    @property
    def end(self) -> int:
        """Offset just past the clause in the clean text."""
        return self.start + len(self.text)


def split_clauses(clean: str) -> Iterator[Clause]:
    r"""Yield the clauses of *clean*, in order.

    >>> [c.text for c in split_clauses("You may use it. You will not:\n1. sell it")]
    ['You may use it.', 'You will not:', '1. sell it']
    """
    opener: str | None = None
    for start, end in _pieces(clean):
        text = clean[start:end]
        stripped = text.strip()
        if not stripped:
            continue
        offset = start + text.index(stripped[0])
        clause = Clause(
            text=stripped,
            start=offset,
            is_definition=bool(_DEFINITION.match(stripped)),
            is_shouting=_is_shouting(stripped),
            opener=opener,
        )
        yield clause
        is_item = _is_list_item(stripped)
        if stripped.endswith(":"):
            # A nested list opener ("1. Violate the law, including to:") keeps
            # the negative reading of the list it belongs to.
            if _NEGATIVE_OPENER.search(stripped.lower()):
                opener = stripped if opener is None or not is_item else opener
            elif not is_item:
                opener = None
        elif is_heading(stripped) or (not is_item and len(stripped.split()) > 3):
            opener = None


def _pieces(clean: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each clause: paragraphs rejoined, then cut at sentence ends."""
    for start, end in _blocks(clean):
        position = start
        for match in _SENTENCE_END.finditer(clean, start, end):
            if _no_break_before(clean, position, match.start()):
                continue  # "a." or "U.S." does not end a clause
            yield from _bounded(position, match.start())
            position = match.end()
        yield from _bounded(position, end)


def _no_break_before(clean: str, start: int, end: int) -> bool:
    """Tell whether the text from *start* to the sentence end at *end* is not a clause."""
    if end - start <= 12 and _MARKER_ONLY.match(clean[start:end].lower()):
        return True
    return _ABBREVIATION_END.search(clean[max(start, end - 8) : end].lower()) is not None


def _blocks(clean: str) -> Iterator[tuple[int, int]]:
    """Yield runs of lines that belong together: a wrapped paragraph, or one short line."""
    block_start: int | None = None
    previous: re.Match[str] | None = None
    for line in _LINE.finditer(clean):
        if previous is None or _starts_block(clean, previous, line):
            if block_start is not None and previous is not None:
                yield block_start, previous.end()
            block_start = line.start()
        previous = line
    if block_start is not None and previous is not None:
        yield block_start, previous.end()


def _starts_block(clean: str, previous: re.Match[str], line: re.Match[str]) -> bool:
    """Tell whether *line* starts a new block rather than continuing *previous*."""
    before, text = previous.group().strip(), line.group().strip()
    return (
        _PARAGRAPH_BREAK in clean[previous.end() : line.start()]
        or _LIST_ITEM.match(text) is not None
        or (before.endswith((".", ";", ":", "!", "?")) and not _continues(before, text))
        or is_heading(before)
        or (is_heading(text) and not text.endswith((".", ",", ";")))
        or (len(before) < _SHORT_LINE_CHARS and text[:1].isupper())
    )


def _continues(before: str, text: str) -> bool:
    """Tell a line ending in an abbreviation ("U.S.") followed by a lower-case word."""
    return text[:1].islower() and _ABBREVIATION_END.search(before[-8:].lower()) is not None


def _bounded(start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CLAUSE_CHARS:
        yield start, start + MAX_CLAUSE_CHARS
        start += MAX_CLAUSE_CHARS
    if end > start:
        yield start, end


_LOWER = patterns.compiled(r"[a-z]")
_UPPER = patterns.compiled(r"[A-Z]")


def _is_shouting(text: str) -> bool:
    upper = len(_UPPER.findall(text))
    return upper > 40 and upper > 4 * len(_LOWER.findall(text))


# A period that ends a list marker ("a.", "12.", "iv.") or an abbreviation
# ("e.g.", "U.S.") does not end a clause; both are checked on a few characters.
_MARKER_ONLY = patterns.compiled(r"\s*\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxl]{1,6})[.)]\s*$")
_ABBREVIATION_END = patterns.compiled(
    r"\b(?:e\.g|i\.e|etc|inc|ltd|co|corp|no|sec|u\.s|vs|cf|al|approx|art|para)\.\s*$"
)
_LIST_ITEM = patterns.compiled(r"^(?:[-*•]|\(?(?:\d{1,3}|[a-z]|[ivxl]{1,6})[.)])\s")


_SMALL_WORDS = {"a", "an", "and", "of", "the", "to", "for", "in", "on", "or", "by", "with"}


def is_heading(text: str) -> bool:
    """Tell a heading ("3. ATTRIBUTION", "Grant of Rights.") from a list item."""
    words = _LIST_ITEM.sub("", text).rstrip(".").split()
    if not words or len(words) > 6 or not any(w[:1].isupper() for w in words):
        return False
    return all(w[:1].isupper() or w in _SMALL_WORDS for w in words)


def _is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))
