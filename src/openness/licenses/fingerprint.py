"""Fingerprints of license texts: hashed word shingles, and how they are stored.

A fingerprint is the set of 32-bit hashes of every run of ``SHINGLE_SIZE``
consecutive words of a license text (lower-cased, punctuation and copyright
lines ignored). It identifies a text without storing it: the knowledge base
keeps hashes, never the words. ``scripts/build_fingerprints.py`` builds them
from the corpus; ``openness.licenses.identify`` compares a text against them.
Entry points: ``shingle_text``, ``encode_fingerprint``, ``load_fingerprints``.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate
from typing import Any

from openness import patterns

SHINGLE_SIZE = 5
FINGERPRINTS_NAME = "fingerprints.json"
FORMAT = 5

_WORD = patterns.compiled(r"[a-z0-9]+")
# Enumeration markers at the start of a line ("1.", "a)", "(iv)", "ii."), which
# differ between copies of one text (Markdown renumbers, plain text letters).
_LIST_MARKER = patterns.compiled(
    r"^[ \t]{0,8}(?:\(?(?:\d{1,3}|[a-z]|[ivxl]{1,6})[.)])+[ \t]+", re.MULTILINE
)
_COPYRIGHT_LINE = patterns.compiled(
    r"^[^\n]{0,40}\bcopyright\b[^\n]{0,30}(?:\(c\)|©|\d{4})[^\n]*$", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class Shingles:
    """The shingles of a text, in order; where each lies is worked out on demand."""

    hashes: array[int]
    """Hash of each shingle, in text order."""
    text: str
    """The normalised text the shingles were taken from (offsets match the input)."""

    @cached_property
    def _words(self) -> list[tuple[int, int]]:
        """The span of each word, found once."""
        return [m.span() for m in _WORD.finditer(self.text)]

    def word_starts(self) -> list[int]:
        """Return the offset of each word; shingle *i* starts at word *i*."""
        return [start for start, _ in self._words]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Return the character span from shingle *first* to the end of shingle *last*."""
        words = self._words
        return words[first][0], words[last + SHINGLE_SIZE - 1][1]


def shingle_text(text: str) -> Shingles:
    """Return the shingles of *text* (a prepared, clean license text).

    >>> shingles = shingle_text("one two three four five six")
    >>> len(shingles.hashes), shingles.span(1, 1)
    (2, (4, 27))
    """
    text = text.lower().replace("\u2029", "\n")  # a paragraph break is a line break here
    text = _COPYRIGHT_LINE.sub(lambda m: " " * len(m.group()), text)
    text = _LIST_MARKER.sub(lambda m: " " * len(m.group()), text)
    words = _WORD.findall(text)
    count = len(words) - SHINGLE_SIZE + 1
    if count <= 0:
        return Shingles(array("L"), text)
    # The shingle "w1 w2 w3 w4 w5" is a slice of all words joined by spaces.
    joined = " ".join(words).encode("ascii")
    starts = list(accumulate(map(len, words), lambda total, size: total + size + 1, initial=0))
    crc32 = zlib.crc32
    hashes = array(
        "L", [crc32(joined[starts[i] : starts[i + SHINGLE_SIZE] - 1]) for i in range(count)]
    )
    return Shingles(hashes, text)


def encode_fingerprint(hashes: set[int]) -> str:
    """Encode a set of shingle hashes as compact text (sorted, 4-byte little-endian, base64)."""
    values = array("I", sorted(hashes))  # crc32 hashes: 4 bytes on every platform
    if sys.byteorder != "little":
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def encoded_count(text: str) -> int:
    """Return how many hashes an ``encode_fingerprint`` text holds, without decoding it.

    >>> encoded_count(encode_fingerprint({3, 1, 2})), encoded_count("")
    (3, 0)
    """
    return (len(text) * 3 // 4 - text.count("=", -2)) // 4


def decode_fingerprint(text: str) -> frozenset[int]:
    """Decode ``encode_fingerprint`` output.

    >>> sorted(decode_fingerprint(encode_fingerprint({3, 1, 2})))
    [1, 2, 3]
    """
    values = array("I")
    values.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        values.byteswap()
    return frozenset(values)


SAMPLE_EVERY = 8
"""The hashes divisible by this form the sample used to find candidates quickly."""


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """The fingerprint of one text of a license or policy (a license may have several).

    Texts of the catalog's licenses and of OSI-approved ones keep every shingle
    hash, so that each sentence can be checked against them; the other texts
    of the license database keep only the sample (``every`` is then
    ``SAMPLE_EVERY``), which is enough to name them and keeps the package small.
    """

    license_id: str
    """Knowledge-base id of the license the text is."""
    encoded: str
    """The hashes outside the sample, encoded (see ``encode_fingerprint``); empty when
    only the sample is kept."""
    encoded_sample: str
    """The hashes divisible by ``SAMPLE_EVERY``, encoded (stored, so loading needs no scan)."""
    source: str
    """Which text it was built from (file name and sha256 prefix)."""
    every: int = 1
    """1 when every hash is kept; else only the hashes divisible by it are
    (``SAMPLE_EVERY`` or a multiple, so that long texts stay small)."""
    encoded_marks: str = ""
    """For a sampled text: a few of its other hashes, encoded — those the fewest
    known texts share, what tells it from a close relative whose sample it shares."""

    @cached_property
    def sample(self) -> tuple[int, ...]:
        """The sampled hashes, sorted, decoded on first use (most texts never need them)."""
        return tuple(sorted(decode_fingerprint(self.encoded_sample)))

    @property
    def sample_size(self) -> int:
        """How many hashes the sample holds, read from its encoded length alone."""
        return encoded_count(self.encoded_sample)

    @cached_property
    def marks(self) -> frozenset[int]:
        """The marks (see ``encoded_marks``), decoded on first use."""
        return decode_fingerprint(self.encoded_marks)

    @cached_property
    def hashes(self) -> frozenset[int]:
        """Its stored shingle hashes, decoded on first use."""
        if self.every > 1:
            return frozenset(self.sample)
        return decode_fingerprint(self.encoded).union(self.sample)


def sample_of(hashes: set[int] | frozenset[int]) -> list[int]:
    """Return the sampled hashes of a fingerprint, sorted."""
    return sorted(h for h in hashes if h % SAMPLE_EVERY == 0)


@dataclass(frozen=True)
class DatabaseLicense:
    """A license known from ScanCode's license database rather than a catalog record."""

    id: str
    """The id reported: the SPDX id in lower case, else the ScanCode key."""
    name: str
    """Full name."""
    spdx: str | None
    """SPDX id, if it has one."""
    scancode: str
    """ScanCode LicenseDB key."""
    category: str
    """ScanCode category (Permissive, Copyleft, Proprietary Free, ...)."""
    osi: bool
    """OSI-approved."""


@cache
def _document() -> dict[str, Any]:
    from openness.kb.loader import DATA

    raw = (DATA / FINGERPRINTS_NAME).read_bytes().decode("utf-8")  # not text mode: 3x faster
    data: dict[str, Any] = json.loads(raw)
    if data.get("format") != FORMAT or data.get("shingle_size") != SHINGLE_SIZE:
        raise ValueError("fingerprints.json is stale: run python scripts/build_fingerprints.py")
    return data


@cache
def load_fingerprints() -> tuple[Fingerprint, ...]:
    """Load the bundled fingerprints (package data), once."""
    return fingerprints_of(_document())


@cache
def load_postings() -> Postings:
    """Load the bundled inverted index of sampled hashes (built with the fingerprints)."""
    found = _document()["postings"]
    return Postings(*(_decode_array(found[name]) for name in ("values", "offsets", "numbers")))


@dataclass(frozen=True)
class Postings:
    """Which fingerprints hold each sampled hash, as three flat arrays.

    The fingerprints holding ``values[i]`` are ``numbers[offsets[i]:offsets[i + 1]]``
    (positions in ``load_fingerprints()``); ``values`` is sorted, so a hash is
    found by bisection. Stored prebuilt, they load in a millisecond where a
    dictionary of lists took a tenth of a second to build.
    """

    values: array[int]
    offsets: array[int]
    numbers: array[int]

    @classmethod
    def of(cls, fingerprints: Sequence[Fingerprint]) -> Postings:
        """Build the postings of *fingerprints*."""
        holders: dict[int, list[int]] = {}
        for number, fingerprint in enumerate(fingerprints):
            for value in fingerprint.sample:
                holders.setdefault(value, []).append(number)
        values = sorted(holders)
        offsets = list(accumulate((len(holders[v]) for v in values), initial=0))
        numbers = [n for v in values for n in holders[v]]
        return cls(array("I", values), array("I", offsets), array("I", numbers))

    def encode(self) -> dict[str, str]:
        """Return the JSON form (base64 of little-endian arrays)."""
        return {
            "values": _encode_array(self.values),
            "offsets": _encode_array(self.offsets),
            "numbers": _encode_array(self.numbers),
        }


def _encode_array(values: array[int]) -> str:
    data = array("I", values)  # 4 bytes on every platform
    if sys.byteorder != "little":
        data.byteswap()
    return base64.b64encode(data.tobytes()).decode("ascii")


def _decode_array(text: str) -> array[int]:
    values = array("I")
    values.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        values.byteswap()
    return values


def fingerprints_of(data: dict[str, Any]) -> tuple[Fingerprint, ...]:
    """Return the fingerprints of a fingerprints.json document, in their fixed order."""
    texts = [
        (license_id, variant)
        for license_id, variants in data["licenses"].items()
        for variant in variants
    ]
    texts += [
        (license_id, variant)
        for license_id, entry in data["database"]["licenses"].items()
        for variant in entry["texts"]
    ]
    return tuple(
        Fingerprint(
            license_id,
            variant.get("rest", ""),
            variant["sample"],
            variant["source"],
            variant.get("every", 1 if "rest" in variant else SAMPLE_EVERY),
            variant.get("marks", ""),
        )
        for license_id, variant in sorted(texts, key=lambda item: (item[0], item[1]["source"]))
    )


@cache
def load_database_licenses() -> dict[str, DatabaseLicense]:
    """Return the licenses named from the license database, by id."""
    return {
        license_id: DatabaseLicense(
            license_id,
            entry["name"],
            entry["spdx"],
            entry["scancode"],
            entry["category"],
            entry["osi"],
        )
        for license_id, entry in _document()["database"]["licenses"].items()
    }


def database_attribution() -> str:
    """Return the attribution the license database's CC-BY-4.0 license asks for."""
    return str(_document()["database"]["attribution"])
