"""Read license text as found, and prepare a clean copy that maps back to it.

Owns everything about the raw input: decoding bytes (a BOM, invalid UTF-8
replaced and reported, binary refused), bounding the analysed length, and
stripping Markdown and HTML markup while keeping, for every character of the
clean copy, where it came from in the input, so that a span found in the clean
copy is reported as a span of the text as read. It does not identify or
extract anything. Entry points: ``decode_license_bytes`` and ``prepare_text``.
"""

from __future__ import annotations

import html
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from openness import patterns
from openness.errors import LicenseParseError
from openness.limits import ANALYSED_CHARS as MAX_ANALYSED_CHARS

PARAGRAPH = "\u2029"
"""Stands in the clean text for a blank line (a run of two or more line breaks)."""


_BINARY_SAMPLE = 8192
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xef\xbb\xbf", "utf-8"),
)
"""Byte-order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one)."""

_HTML_TAGS = (
    "html|head|body|title|meta|link|p|div|span|br|hr|h[1-6]|ul|ol|li|dl|dt|dd|a|strong|em|b|i|u"
    "|code|pre|table|thead|tbody|tr|td|th|section|article|header|footer|nav|main|blockquote"
    "|sup|sub|small|font|center|img|label|button|form|input|details|summary"
)
_HTML_HINT = patterns.compiled(rf"<(?:!doctype|(?:{_HTML_TAGS})\b)", re.IGNORECASE)

# Tags dropped outright; a tag cannot hold another "<", so each search stops at the next.
_HTML_TAG = patterns.compiled(rf"</?(?:{_HTML_TAGS})\b[^<>]{{0,2000}}>", re.IGNORECASE)
_HTML_BLOCK = patterns.compiled(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|section|article"
    r"|header|footer|nav|main|blockquote|pre|hr|body|html|head|title|details|summary)\b",
    re.IGNORECASE,
)
"""Tags that end a line when a browser shows the page."""
_HTML_BLOCK_OPEN = patterns.compiled(r"<!--|<(script|style)\b[^<>]{0,1000}>", re.IGNORECASE)
_HTML_BLOCK_CLOSE = {
    "": patterns.compiled("-->"),
    "script": patterns.compiled(r"</script\s*>", re.IGNORECASE),
    "style": patterns.compiled(r"</style\s*>", re.IGNORECASE),
}
_HTML_ENTITY = patterns.compiled(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_MARKDOWN_INLINE = patterns.compiled(
    r"(?=[\]\[*_`\\])"  # a cheap guard: every alternative starts with one of these
    r"(?:\]\((?:[^()\s]{0,2000})\)"  # the "](url)" of a link: the link text stays
    r"|(?<![\w\\])\[(?=[^\[\]\n]{1,500}\]\()"  # the "[" opening such a link
    r"|\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)"  # bold and italics markers
    r"|`+"  # code markers
    r"|\\(?=[\\`*_{}\[\]()#+\-.!<>]))"  # backslash escapes
)
_MARKDOWN_LINE = patterns.compiled(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)", re.MULTILINE)
# Whitespace other than a lone space: a lone space is copied as it is.
_SPACES = patterns.compiled(
    r"[ \t\f\v\r\u00a0\u2000-\u200b\u3000\ufeff]{2,}|[\t\f\v\r\u00a0\u2000-\u200b\u3000\ufeff]"
)
_NEWLINES = patterns.compiled(r"\n\s*")
_QUOTES = (("“", '"'), ("”", '"'), ("„", '"'), ("‘", "'"), ("’", "'"))


@dataclass(frozen=True)
class PreparedText:
    """A license text as read, and a clean copy whose characters map back to it.

    The map is piecewise: segment *k* starts at clean offset ``segment_clean[k]``
    and original offset ``segment_original[k]``; it is either text copied one to
    one (``segment_end[k] == -1``) or a single clean character standing for
    ``original[segment_original[k]:segment_end[k]]`` (collapsed whitespace, an
    HTML entity).
    """

    original: str
    """The text as read (after decoding), possibly cut to ``MAX_ANALYSED_CHARS``."""
    clean: str
    """Markup removed, runs of spaces collapsed to one space, a line break kept as one
    newline, a blank line as ``PARAGRAPH``, curly quotes made straight."""
    segment_clean: array[int]
    """Clean offset where each segment starts."""
    segment_original: array[int]
    """Original offset where each segment starts."""
    segment_end: array[int]
    """Original end of a one-character segment; -1 for a copied segment."""
    notes: tuple[str, ...] = ()
    """What was done to the input that a reader should know."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of ``original`` that clean characters ``[start, end)`` came from."""
        if not self.clean:
            return 0, 0
        start = min(max(start, 0), len(self.clean) - 1)
        end = min(max(end, start + 1), len(self.clean))
        return self._position(start, False), self._position(end - 1, True)

    def readable(self, start: int, end: int) -> str:
        """Return ``original[start:end]`` without its markup, for quoting.

        The Markdown markers and HTML tags the clean text dropped are left out;
        the words, their spacing and their punctuation are the original's, and an
        entity is shown as the character it stands for.

        >>> prepared = prepare_text("You **may not** use it for <b>war</b>.")
        >>> prepared.readable(0, len(prepared.original))
        'You may not use it for war.'
        """
        pieces = []
        first = max(0, bisect_right(self.segment_original, start) - 1)
        for k in range(first, len(self.segment_original)):
            origin = self.segment_original[k]
            if origin >= end:
                break
            if self.segment_end[k] >= 0:
                source = self.original[origin : self.segment_end[k]]
                if origin >= start and self.segment_end[k] <= end:
                    pieces.append(source if source.isspace() else self.clean[self.segment_clean[k]])
                continue
            following = (
                self.segment_clean[k + 1] if k + 1 < len(self.segment_clean) else len(self.clean)
            )
            length = following - self.segment_clean[k]
            pieces.append(self.original[max(origin, start) : min(origin + length, end)])
        return "".join(pieces)

    def _position(self, index: int, after: bool) -> int:
        segment = bisect_right(self.segment_clean, index) - 1
        origin = self.segment_original[segment]
        if self.segment_end[segment] >= 0:
            return self.segment_end[segment] if after else origin
        return origin + index - self.segment_clean[segment] + (1 if after else 0)


def decode_license_bytes(data: bytes, origin: str = "input") -> tuple[str, tuple[str, ...]]:
    r"""Decode license file bytes as UTF-8, as forgivingly as a reader would.

    Args:
        data: the file's bytes.
        origin: name for messages.

    Returns:
        The text and notes (invalid bytes replaced).

    Raises:
        LicenseParseError: the bytes are empty or look binary.

    >>> decode_license_bytes("caf\xe9".encode("latin-1"))
    ('caf�', ('input: not valid UTF-8; 1 byte(s) replaced with U+FFFD',))
    """
    if not data.strip():
        raise LicenseParseError(f"{origin}: empty file; expected a license text", origin=origin)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            if "\x00" not in text and text.strip():
                note = f"{origin}: read as {encoding.upper()} (byte-order mark)"
                return text, (note,) if encoding != "utf-8" else ()
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample or _control_share(sample) > 0.1:
        raise LicenseParseError(
            f"{origin}: looks like a binary file, not a license text", origin=origin
        )
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        replaced = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
        note = f"{origin}: not valid UTF-8; {replaced} byte(s) replaced with U+FFFD"
        return text, (note,)


def _control_share(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(sample))


def prepare_text(text: str) -> PreparedText:
    """Return *text* with a clean, markup-free copy mapped back to it.

    Markdown markers, HTML tags and entities are removed only where the text
    uses them (``<MODELNAME>`` is not an HTML tag); the spans of the clean copy
    map back to the original with ``original_span``.

    >>> prepared = prepare_text("**Use** [policy](https://x.example)")
    >>> prepared.clean
    'Use policy'
    >>> start, end = prepared.original_span(4, 10)
    >>> prepared.original[start:end]
    'policy'
    """
    notes: list[str] = []
    if len(text) > MAX_ANALYSED_CHARS:
        notes.append(
            f"the text has {len(text):,} characters; the first {MAX_ANALYSED_CHARS:,} were analysed"
        )
        text = text[:MAX_ANALYSED_CHARS]
    builder = _CleanBuilder(text)
    is_html = bool(_HTML_HINT.search(text[:200_000]))
    previous = 0
    for start, end in _kept_ranges(text, is_html):
        if is_html and start > previous and _HTML_BLOCK.search(text, previous, start):
            builder.add_break(previous, start)  # "</p><p>" parts two sentences
        builder.add_range(start, end, is_html)
        previous = end
    clean, segment_clean, segment_original, segment_end = builder.finish()
    return PreparedText(text, clean, segment_clean, segment_original, segment_end, tuple(notes))


def _kept_ranges(text: str, is_html: bool) -> list[tuple[int, int]]:
    """Return the ranges of *text* that are content, not markup."""
    removed = [m.span() for m in _MARKDOWN_INLINE.finditer(text)]
    removed += [m.span() for m in _MARKDOWN_LINE.finditer(text)]
    if is_html:
        removed += _html_markup(text)
    removed.sort()
    kept: list[tuple[int, int]] = []
    position = 0
    for start, end in removed:
        if start > position:
            kept.append((position, start))
        position = max(position, end)
    if position < len(text):
        kept.append((position, len(text)))
    return kept


def _html_markup(text: str) -> list[tuple[int, int]]:
    """Return the spans of HTML comments, scripts, styles and tags, in linear time.

    A comment, script or style block runs to its closing marker; once a closing
    marker is missing, no later block of that kind can close, so none is sought
    again (an unclosed block is kept as text).
    """
    spans: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    position = 0
    while (opening := _HTML_BLOCK_OPEN.search(text, position)) is not None:
        kind = (opening.group(1) or "").lower()
        closing = None if kind in unclosed else _HTML_BLOCK_CLOSE[kind].search(text, opening.end())
        if closing is None:
            unclosed.add(kind)
            position = opening.end()
            if len(unclosed) == len(_HTML_BLOCK_CLOSE):
                break
            continue
        spans.append((opening.start(), closing.end()))
        position = closing.end()
    blocks = iter(spans)
    block = next(blocks, None)
    tags = []
    for tag in _HTML_TAG.finditer(text):
        while block is not None and block[1] <= tag.start():
            block = next(blocks, None)
        if block is None or tag.end() <= block[0]:
            tags.append(tag.span())
    return spans + tags


class _CleanBuilder:
    """Accumulate clean text with a piecewise map back to the source."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[str] = []
        self.length = 0
        self.segment_clean: array[int] = array("l")
        self.segment_original: array[int] = array("l")
        self.segment_end: array[int] = array("l")

    def _last_char(self) -> str:
        return self.parts[-1][-1] if self.parts else PARAGRAPH

    def add_range(self, start: int, end: int, is_html: bool) -> None:
        segment = self.text[start:end]
        position = 0
        for match in _whitespace_and_entities(segment, _HTML_ENTITY if is_html else None):
            if match.start() > position:
                self._add_text(start + position, start + match.start())
            token = match.group()
            absolute = start + match.start()
            if token.startswith("&"):
                decoded = html.unescape(token)[:1] or " "
                self._add_token(decoded, absolute, absolute + len(token))
            else:
                breaks = token.count("\n")
                char = PARAGRAPH if breaks > 1 else "\n" if breaks else " "
                self._add_token(char, absolute, absolute + len(token))
            position = match.end()
        if position < len(segment):
            self._add_text(start + position, end)

    def add_break(self, start: int, end: int) -> None:
        """Stand a line break in for the block-level markup at ``[start, end)``."""
        self._add_token("\n", start, end)

    def _add_text(self, start: int, end: int) -> None:
        if self.text[start] == " " and self._last_char().isspace():
            start += 1
        if start >= end:
            return
        self._segment(start, -1)
        self.parts.append(self.text[start:end])
        self.length += end - start

    def _add_token(self, char: str, start: int, end: int) -> None:
        if char.isspace():
            last = self._last_char()
            if last == PARAGRAPH or (last == "\n" and char != PARAGRAPH) or last == char == " ":
                return
            if last in " \n":  # a line break outranks a space, a paragraph break both
                self.parts[-1] = self.parts[-1][:-1]
                self.length -= 1
                self._drop_empty_tail()
        self._segment(start, end)
        self.parts.append(char)
        self.length += 1

    def _segment(self, original_start: int, original_end: int) -> None:
        self.segment_clean.append(self.length)
        self.segment_original.append(original_start)
        self.segment_end.append(original_end)

    def _drop_empty_tail(self) -> None:
        while self.parts and not self.parts[-1]:
            self.parts.pop()
        while len(self.segment_clean) > 1 and self.segment_clean[-1] >= self.length:
            self.segment_clean.pop()
            self.segment_original.pop()
            self.segment_end.pop()

    def finish(self) -> tuple[str, array[int], array[int], array[int]]:
        clean = "".join(self.parts)
        for curly, straight in _QUOTES:
            clean = clean.replace(curly, straight)
        clean = clean.rstrip()
        self.length = len(clean)
        self._drop_empty_tail()
        if not self.segment_clean:
            self._segment(0, -1)
        return clean, self.segment_clean, self.segment_original, self.segment_end


def _whitespace_and_entities(segment: str, entity: re.Pattern[str] | None) -> list[re.Match[str]]:
    matches = list(_SPACES.finditer(segment)) + list(_NEWLINES.finditer(segment))
    if entity is not None:
        matches += list(entity.finditer(segment))
    matches.sort(key=lambda m: (m.start(), -len(m.group())))
    # Drop overlaps (a newline run contains spaces).
    kept: list[re.Match[str]] = []
    end = -1
    for match in matches:
        if match.start() >= end:
            kept.append(match)
            end = match.end()
    return kept
