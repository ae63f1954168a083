"""Read the key/value metadata of a GGUF file with the standard library only.

Owns the GGUF header and metadata section (ggml-org/ggml: ``docs/gguf.md``): the
magic, versions 1 to 3, little- and big-endian files, the thirteen value types
and nested arrays, and the provenance keys a license check needs (license, name,
base models, source). It stops before the tensor infos and never reads tensor
data. Every length and count taken from the file is bounded before it is used:
the whole metadata section may span at most ``MAX_METADATA_BYTES``, one string at
most ``MAX_STRING_BYTES``; arrays longer than ``MAX_ARRAY_ITEMS`` (tokenizer
vocabularies) are **truncated** to their first ``MAX_ARRAY_ITEMS`` items (fewer once
``MAX_KEPT_ITEMS`` items are kept in all), the rest skipped without being decoded,
and their full length kept in ``GgufMetadata.truncated_arrays``. Entry point:
``read_gguf_metadata``.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NoReturn, TypeAlias

from openness.errors import FormatError

MAX_METADATA_BYTES = 64 * 1024 * 1024
"""Largest metadata section read (a 256k-token vocabulary with merges takes ~10 MB)."""

MAX_STRING_BYTES = 1024 * 1024
"""Longest string value accepted (chat templates, the longest real strings, take ~20 kB)."""

MAX_KEY_BYTES = 65_535
"""Longest key; the specification caps keys at 65,535 bytes."""

MAX_KV_COUNT = 65_536
"""Most key/value pairs accepted; real files hold a few dozen."""

MAX_ARRAY_ITEMS = 1_024
"""Items kept per array; longer arrays are truncated (see ``truncated_arrays``)."""

MAX_KEPT_ITEMS = 100_000
"""Most array items kept in all arrays together; later arrays are truncated further."""

MAX_SKIPPED_STRINGS = 2_000_000
"""Most string items skipped in all arrays together (vocabulary and merges: ~10^5 each)."""

MAX_DEPTH = 8
"""Deepest nesting of arrays accepted (real files nest at most one level)."""

GgufValue: TypeAlias = "str | int | float | bool | list[GgufValue]"
"""A decoded metadata value: a number, a flag, a string, or a list of values."""

_MAGIC = b"GGUF"
_STRING = 8
_ARRAY = 9
_FIXED: dict[int, tuple[str, int]] = {
    0: ("B", 1),
    1: ("b", 1),
    2: ("H", 2),
    3: ("h", 2),
    4: ("I", 4),
    5: ("i", 4),
    6: ("f", 4),
    7: ("B", 1),
    10: ("Q", 8),
    11: ("q", 8),
    12: ("d", 8),
}
_BOOL = 7
_CHUNK_BYTES = 256 * 1024
_MIN_TENSOR_INFO_BYTES = 20
_BASE_MODEL_FIELDS = (
    "name",
    "author",
    "version",
    "organization",
    "description",
    "url",
    "doi",
    "uuid",
    "repo_url",
)
_MAX_BASE_MODELS = 64


@dataclass(frozen=True)
class GgufBaseModel:
    """One ``general.base_model.{i}.*`` entry: a model this one was derived from."""

    name: str | None = None
    """``general.base_model.{i}.name``."""
    author: str | None = None
    """``general.base_model.{i}.author``."""
    version: str | None = None
    """``general.base_model.{i}.version``."""
    organization: str | None = None
    """``general.base_model.{i}.organization``."""
    description: str | None = None
    """``general.base_model.{i}.description``."""
    url: str | None = None
    """``general.base_model.{i}.url``."""
    doi: str | None = None
    """``general.base_model.{i}.doi``."""
    uuid: str | None = None
    """``general.base_model.{i}.uuid``."""
    repo_url: str | None = None
    """``general.base_model.{i}.repo_url``, e.g. a Hugging Face repository URL."""


@dataclass(frozen=True)
class GgufMetadata:
    """The header and key/value metadata of a GGUF file (no tensor infos)."""

    path: str
    """The file, as given."""
    version: int
    """GGUF version, 1 to 3."""
    tensor_count: int
    """Number of tensors the header declares."""
    metadata: dict[str, GgufValue]
    """Every key/value pair, in file order; arrays possibly truncated."""
    byte_order: str = "little"
    """``little`` or ``big``: the byte order of the file's numbers."""
    truncated_arrays: dict[str, int] = field(default_factory=dict)
    """Key to full item count, for each value whose array was cut to ``MAX_ARRAY_ITEMS``
    items (the count of the outer array when it was cut, else of a nested one)."""

    def get_text(self, key: str) -> str | None:
        """Return the string value of *key*, or None when absent or not a string.

        Args:
            key: a metadata key such as ``general.license``.

        Returns:
            The value when it is a string, else None.
        """
        value = self.metadata.get(key)
        return value if isinstance(value, str) else None

    @property
    def license(self) -> str | None:
        """``general.license``: an SPDX expression by the spec, often a Hub id in practice."""
        return self.get_text("general.license")

    @property
    def license_name(self) -> str | None:
        """``general.license.name``: the license's human-readable name."""
        return self.get_text("general.license.name")

    @property
    def license_link(self) -> str | None:
        """``general.license.link``: where the license text is."""
        return self.get_text("general.license.link")

    @property
    def name(self) -> str | None:
        """``general.name``: the model's name."""
        return self.get_text("general.name")

    @property
    def architecture(self) -> str | None:
        """``general.architecture``, e.g. ``llama``."""
        return self.get_text("general.architecture")

    @property
    def source_url(self) -> str | None:
        """Where the model was converted from.

        ``general.source.url``, else ``general.source.repo_url``, else the older
        ``general.source.huggingface.repository`` (a repo id, returned as a Hub URL).
        """
        for key in ("general.source.url", "general.source.repo_url"):
            if value := self.get_text(key):
                return value
        repository = self.get_text("general.source.huggingface.repository")
        if not repository:
            return None
        if repository.startswith(("http://", "https://")):
            return repository
        return f"https://huggingface.co/{repository}"

    @property
    def base_models(self) -> tuple[GgufBaseModel, ...]:
        """The ``general.base_model.{i}.*`` entries, in index order.

        Uses ``general.base_model.count`` when present (at most 64 entries), else
        every index from 0 that has at least one field.
        """
        count = self.metadata.get("general.base_model.count")
        declared = isinstance(count, int) and not isinstance(count, bool)
        limit = min(max(count, 0), _MAX_BASE_MODELS) if isinstance(count, int) else 0
        models = []
        for index in range(limit if declared else _MAX_BASE_MODELS):
            prefix = f"general.base_model.{index}."
            fields = {name: self.get_text(prefix + name) for name in _BASE_MODEL_FIELDS}
            if not declared and not any(fields.values()):
                break
            models.append(GgufBaseModel(**fields))
        return tuple(models)


class _Reader:
    """Bounded, endian-aware reads from the metadata section."""

    def __init__(self, stream: BinaryIO, where: str, file_bytes: int) -> None:
        self.stream = stream
        self.where = where
        self.file_bytes = file_bytes
        self.order = "<"
        self.wide = True  # lengths and counts are u64 from version 2 on, u32 in version 1
        self.used = 0
        self.skipped_strings = 0
        self.kept_items = 0
        self.cut_count: int | None = None

    def fail(self, reason: str) -> NoReturn:
        raise FormatError(self.where, reason)

    def reserve(self, size: int) -> None:
        if self.used + size > MAX_METADATA_BYTES:
            self.fail(f"metadata section exceeds {MAX_METADATA_BYTES:,} bytes")
        if self.used + size > self.file_bytes:
            self.fail(f"file is truncated: it ends inside the metadata (byte {self.used})")
        self.used += size

    def take(self, size: int) -> bytes:
        self.reserve(size)
        data = self.stream.read(size)
        if len(data) != size:
            self.fail("file is truncated: it ends inside the metadata")
        return data

    def skip(self, size: int) -> None:
        self.reserve(size)
        self.stream.seek(size, os.SEEK_CUR)

    def unpack(self, code: str, count: int = 1) -> tuple[int | float, ...]:
        size = struct.calcsize(code) * count
        return struct.unpack(f"{self.order}{count}{code}", self.take(size))

    def integer(self, code: str) -> int:
        (value,) = self.unpack(code)
        assert isinstance(value, int)  # the integer codes used here always give int
        return value

    def length(self) -> int:
        return self.integer("Q" if self.wide else "I")

    def string_length(self, limit: int) -> int:
        size = self.length()
        if size > limit:
            self.fail(f"string of {size:,} bytes at byte {self.used} exceeds {limit:,}")
        return size

    def text(self, limit: int = MAX_STRING_BYTES) -> str:
        return self.take(self.string_length(limit)).decode("utf-8", errors="replace")

    def skip_strings(self, count: int) -> None:
        """Skip *count* strings without decoding them, reading in chunks for speed."""
        self.skipped_strings += count
        if self.skipped_strings > MAX_SKIPPED_STRINGS:
            self.fail(f"arrays hold more than {MAX_SKIPPED_STRINGS:,} strings")
        code = f"{self.order}{'Q' if self.wide else 'I'}"
        width = 8 if self.wide else 4
        buffer, offset = b"", 0
        for _ in range(count):
            if len(buffer) - offset < width:
                buffer, offset = buffer[offset:] + self.stream.read(_CHUNK_BYTES), 0
                if len(buffer) < width:
                    self.fail("file is truncated: it ends inside the metadata")
            (size,) = struct.unpack_from(code, buffer, offset)
            if size > MAX_STRING_BYTES:
                self.fail(f"string of {size:,} bytes at byte {self.used} exceeds the limit")
            self.reserve(width + size)
            offset += width + size
            if offset > len(buffer):
                self.stream.seek(offset - len(buffer), os.SEEK_CUR)
                buffer, offset = b"", 0
        self.stream.seek(offset - len(buffer), os.SEEK_CUR)


def read_gguf_metadata(path: Path) -> GgufMetadata:
    """Read the header and key/value metadata of a GGUF file.

    Args:
        path: the ``.gguf`` file.

    Returns:
        The version, tensor count and every metadata pair (long arrays truncated).

    Raises:
        FormatError: not a GGUF file, an unknown version, a truncated file, an
            unknown value type, a key repeated or not UTF-8, or a length or count
            beyond the bounds in this module. ``reason`` says which.
        OSError: the file cannot be opened or read.
    """
    with path.open("rb") as stream:
        reader = _Reader(stream, str(path), os.fstat(stream.fileno()).st_size)
        version, tensor_count, kv_count = _read_header(reader)
        metadata: dict[str, GgufValue] = {}
        truncated: dict[str, int] = {}
        for _ in range(kv_count):
            key, value = _read_pair(reader)
            if key in metadata:
                reader.fail(f"key {key[:80]!r} appears twice")
            metadata[key] = value
            if reader.cut_count is not None:
                truncated[key] = reader.cut_count
                reader.cut_count = None
        if tensor_count * _MIN_TENSOR_INFO_BYTES > reader.file_bytes - reader.used:
            reader.fail(f"declares {tensor_count:,} tensors, more than the file can hold")
    return GgufMetadata(
        path=str(path),
        version=version,
        tensor_count=tensor_count,
        metadata=metadata,
        byte_order="little" if reader.order == "<" else "big",
        truncated_arrays=truncated,
    )


def _read_header(reader: _Reader) -> tuple[int, int, int]:
    magic = reader.stream.read(4)
    if magic != _MAGIC:
        reader.fail(f"not a GGUF file: it starts with {magic!r}, not {_MAGIC!r}")
    reader.used = 4
    raw_version = reader.take(4)
    (version,) = struct.unpack("<I", raw_version)
    if version and not version & 0xFFFF:  # a big-endian file read as little-endian
        reader.order = ">"
        (version,) = struct.unpack(">I", raw_version)
    if version not in (1, 2, 3):
        reader.fail(f"unsupported GGUF version {version} (known: 1, 2, 3)")
    reader.wide = version >= 2
    tensor_count = reader.length()
    kv_count = reader.length()
    if kv_count > MAX_KV_COUNT:
        reader.fail(f"declares {kv_count:,} metadata pairs, more than {MAX_KV_COUNT:,}")
    return version, tensor_count, kv_count


def _read_pair(reader: _Reader) -> tuple[str, GgufValue]:
    raw_key = reader.take(reader.string_length(MAX_KEY_BYTES))
    try:
        key = raw_key.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError(reader.where, f"key {raw_key[:80]!r} is not UTF-8") from err
    value_type = reader.integer("I")
    return key, _read_value(reader, value_type, 0)


def _read_value(reader: _Reader, value_type: int, depth: int) -> GgufValue:
    if value_type in _FIXED:
        (value,) = reader.unpack(_FIXED[value_type][0])
        return _as_bool(reader, value) if value_type == _BOOL else value
    if value_type == _STRING:
        return reader.text()
    if value_type == _ARRAY:
        return _read_array(reader, depth + 1)
    reader.fail(f"unknown value type {value_type} at byte {reader.used}")


def _array_header(reader: _Reader, depth: int) -> tuple[int, int]:
    if depth > MAX_DEPTH:
        reader.fail(f"arrays nested deeper than {MAX_DEPTH}")
    item_type = reader.integer("I")
    count = reader.length()
    length_bytes = 8 if reader.wide else 4
    if item_type in _FIXED:
        smallest = _FIXED[item_type][1]
    elif item_type == _STRING:
        smallest = length_bytes
    elif item_type == _ARRAY:
        smallest = 4 + length_bytes
    else:
        reader.fail(f"unknown array item type {item_type} at byte {reader.used}")
    if count * smallest > MAX_METADATA_BYTES - reader.used:
        reader.fail(f"array of {count:,} items cannot fit in the metadata section")
    return item_type, count


def _read_array(reader: _Reader, depth: int) -> list[GgufValue]:
    item_type, count = _array_header(reader, depth)
    kept = max(min(count, MAX_ARRAY_ITEMS, MAX_KEPT_ITEMS - reader.kept_items), 0)
    reader.kept_items += kept
    items = _read_items(reader, item_type, kept, depth)
    if count > kept:
        reader.cut_count = count
        _skip_items(reader, item_type, count - kept, depth)
    return items


def _read_items(reader: _Reader, item_type: int, count: int, depth: int) -> list[GgufValue]:
    if item_type not in _FIXED:
        return [_read_value(reader, item_type, depth) for _ in range(count)]
    values = reader.unpack(_FIXED[item_type][0], count)
    if item_type == _BOOL:
        return [_as_bool(reader, value) for value in values]
    return list(values)


def _skip_items(reader: _Reader, item_type: int, count: int, depth: int) -> None:
    if item_type in _FIXED:
        reader.skip(count * _FIXED[item_type][1])
    elif item_type == _STRING:
        reader.skip_strings(count)
    else:
        for _ in range(count):
            inner_type, inner_count = _array_header(reader, depth + 1)
            _skip_items(reader, inner_type, inner_count, depth + 1)


def _as_bool(reader: _Reader, value: int | float) -> bool:
    if value not in (0, 1):
        reader.fail(f"boolean byte {value} is neither 0 nor 1")
    return bool(value)
