"""Read a safetensors file's header, and a sharded model's index, without the tensor data.

Owns the checks the reference reader makes on a header (huggingface/safetensors:
``safetensors/src/tensor.rs``): the 8-byte length, the JSON object, dtypes, shapes,
offsets that tile the byte buffer exactly, and the string-to-string
``__metadata__``. Only the first ``8 + N`` bytes of a file are read, so a
10 GB file costs two small reads. It does not load tensors and does not talk
to the Hub. Entry points: ``read_safetensors_header`` and ``read_sharded_index``.
"""

from __future__ import annotations

import json
import math
import os
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from openness.errors import FormatError

MAX_HEADER_BYTES = 100_000_000
"""Largest header the reference reader accepts (``MAX_HEADER_SIZE``)."""

MAX_HEADER_VALUES = 1_000_000
"""Most commas (an upper bound on JSON values) in a header this module parses.

Not a rule of the format but a resource bound: a 100 MB header of tiny values
would take over 500 MB to parse. A tensor takes about five values, and the
largest real headers describe ~10^5 tensors."""

MAX_INDEX_BYTES = 32 * 1024 * 1024
"""Largest ``model.safetensors.index.json`` read; the biggest real ones are ~10 MB."""

DTYPE_BITS: dict[str, int] = {
    "BOOL": 8,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
    "U8": 8,
    "I8": 8,
    "F8_E5M2": 8,
    "F8_E4M3": 8,
    "F8_E8M0": 8,
    "F8_E4M3FNUZ": 8,
    "F8_E5M2FNUZ": 8,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "C64": 64,
    "F64": 64,
    "I64": 64,
    "U64": 64,
}
"""Bits per element of every dtype the format defines."""

_U64_MAX = 2**64 - 1
_METADATA_KEY = "__metadata__"


@dataclass(frozen=True)
class SafetensorsHeader:
    """What a safetensors header says, after every check of the format passed."""

    path: str
    """The file, as given."""
    header_bytes: int
    """Length N of the JSON header (the 8-byte prefix not included)."""
    tensor_count: int
    """Number of tensors described."""
    parameter_count: int
    """Sum over tensors of the product of the shape (a scalar counts 1)."""
    parameters_by_dtype: dict[str, int]
    """Parameter count per dtype, only dtypes present, e.g. ``{"BF16": 8030261248}``."""
    metadata: dict[str, str]
    """The ``__metadata__`` map (empty when absent), e.g. ``{"format": "pt"}``."""
    file_bytes: int = 0
    """Size of the file: ``8 + header_bytes`` plus the tensor buffer."""


@dataclass(frozen=True)
class _Tensor:
    name: str
    dtype: str
    numel: int
    begin: int
    end: int


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def read_safetensors_header(path: Path) -> SafetensorsHeader:
    """Read and validate the header of a safetensors file, never its tensor data.

    Args:
        path: the ``.safetensors`` file.

    Returns:
        The header's tensor and parameter counts, per-dtype counts and metadata.

    Raises:
        FormatError: the file breaks the format (too small, header length absurd or
            past the end, not UTF-8 JSON, duplicate keys, unknown dtype, bad shape,
            offsets that do not tile the buffer, sizes that disagree, overflow,
            metadata that is not a string map). ``reason`` says which.
        OSError: the file cannot be opened or read.
    """
    where = str(path)
    with path.open("rb") as stream:
        file_bytes = os.fstat(stream.fileno()).st_size
        prefix = stream.read(8)
        if len(prefix) < 8:
            _fail(where, f"file of {file_bytes} bytes is smaller than the 8-byte header length")
        (length,) = struct.unpack("<Q", prefix)
        if length > MAX_HEADER_BYTES:
            _fail(where, f"header length {length:,} exceeds the {MAX_HEADER_BYTES:,}-byte limit")
        if 8 + length > file_bytes:
            _fail(
                where, f"header length {length:,} runs past the end of the {file_bytes}-byte file"
            )
        raw = stream.read(length)
    if len(raw) < length:
        _fail(where, "file shrank while it was read")
    header = _parse_json_object(where, raw, "header")
    metadata = _metadata(where, header.pop(_METADATA_KEY, None))
    tensors = [_tensor(where, name, info) for name, info in header.items()]
    _check_layout(where, tensors, file_bytes - 8 - length)
    by_dtype: dict[str, int] = {}
    for tensor in tensors:
        by_dtype[tensor.dtype] = by_dtype.get(tensor.dtype, 0) + tensor.numel
    return SafetensorsHeader(
        path=where,
        header_bytes=length,
        tensor_count=len(tensors),
        parameter_count=sum(by_dtype.values()),
        parameters_by_dtype=dict(sorted(by_dtype.items())),
        metadata=metadata,
        file_bytes=file_bytes,
    )


def read_sharded_index(path: Path) -> dict[str, str]:
    """Read a ``model.safetensors.index.json`` and return its weight map.

    Args:
        path: the index file.

    Returns:
        Tensor name to the shard file that holds it, a path relative to the index's
        folder (e.g. ``{"lm_head.weight": "model-00002-of-00002.safetensors"}``).

    Raises:
        FormatError: the file is larger than ``MAX_INDEX_BYTES``, not UTF-8 JSON, has
            duplicate keys, lacks a ``weight_map`` object of strings, has a
            ``metadata`` that is not an object, or names a shard outside its folder.
        OSError: the file cannot be opened or read.
    """
    where = str(path)
    with path.open("rb") as stream:
        raw = stream.read(MAX_INDEX_BYTES + 1)
    if len(raw) > MAX_INDEX_BYTES:
        _fail(where, f"index is larger than {MAX_INDEX_BYTES:,} bytes")
    index = _parse_json_object(where, raw, "index")
    if not isinstance(index.get("metadata", {}), dict | None):
        _fail(where, "'metadata' is not an object")
    weight_map = index.get("weight_map")
    if not isinstance(weight_map, dict):
        _fail(where, "'weight_map' is missing or not an object")
    for name, shard in weight_map.items():
        if not isinstance(shard, str) or not shard:
            _fail(where, f"weight_map[{_short(name)!r}] is not a file name")
        if not _is_inside(shard):
            _fail(
                where, f"weight_map[{_short(name)!r}] points outside the folder: {_short(shard)!r}"
            )
    return dict(weight_map)


def _parse_json_object(where: str, raw: bytes, what: str) -> dict[str, Any]:
    if raw.count(b",") > MAX_HEADER_VALUES:
        _fail(where, f"{what} holds more than {MAX_HEADER_VALUES:,} values; refused as too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError(where, f"{what} is not UTF-8 (byte {err.start})") from err
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except _DuplicateKeyError as err:
        raise FormatError(where, f"{what} repeats the key {_short(err.key)!r}") from err
    except RecursionError as err:
        raise FormatError(where, f"{what} JSON is nested too deeply") from err
    except ValueError as err:  # json.JSONDecodeError, or an integer too long to convert
        raise FormatError(where, f"{what} is not valid JSON: {_short(str(err))}") from err
    if not isinstance(value, dict):
        _fail(where, f"{what} is JSON but not an object")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _metadata(where: str, value: object) -> dict[str, str]:
    if value is None:  # the reference reader treats null as absent
        return {}
    if not isinstance(value, dict):
        _fail(where, "__metadata__ is not an object")
    for key, item in value.items():
        if not isinstance(item, str):
            _fail(where, f"__metadata__[{_short(key)!r}] is not a string")
    return dict(value)


def _tensor(where: str, name: str, info: object) -> _Tensor:
    label = _short(name)
    if not isinstance(info, dict):
        _fail(where, f"tensor {label!r} is not an object")
    dtype = info.get("dtype")
    if not isinstance(dtype, str) or dtype not in DTYPE_BITS:
        _fail(where, f"tensor {label!r} has an unknown dtype {_short(str(dtype))!r}")
    shape = info.get("shape")
    if not isinstance(shape, list) or not all(_is_u64(size) for size in shape):
        _fail(where, f"tensor {label!r}: shape is not a list of non-negative integers")
    offsets = info.get("data_offsets")
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_is_u64, offsets))):
        _fail(where, f"tensor {label!r}: data_offsets is not [begin, end]")
    begin, end = offsets
    if end < begin:
        _fail(where, f"tensor {label!r}: data_offsets end {end} is before begin {begin}")
    numel = math.prod(shape)
    bits = numel * DTYPE_BITS[dtype]
    if numel > _U64_MAX or bits > _U64_MAX:
        _fail(where, f"tensor {label!r}: size overflows 64 bits")
    if bits % 8:
        _fail(where, f"tensor {label!r}: {numel} x {dtype} is not a whole number of bytes")
    if end - begin != bits // 8:
        _fail(
            where,
            f"tensor {label!r}: data_offsets span {end - begin} bytes but shape {shape} "
            f"of {dtype} needs {bits // 8}",
        )
    return _Tensor(name, dtype, numel, begin, end)


def _check_layout(where: str, tensors: list[_Tensor], buffer_bytes: int) -> None:
    expected = 0
    for tensor in sorted(tensors, key=lambda item: (item.begin, item.end)):
        if tensor.end > buffer_bytes:
            _fail(
                where,
                f"tensor {_short(tensor.name)!r} ends at {tensor.end}, past the "
                f"{buffer_bytes}-byte data buffer",
            )
        if tensor.begin != expected:
            _fail(
                where,
                f"tensor {_short(tensor.name)!r} begins at {tensor.begin}, expected {expected} "
                "(offsets must tile the buffer without gaps or overlaps)",
            )
        expected = tensor.end
    if expected != buffer_bytes:
        _fail(where, f"tensors cover {expected} bytes but the data buffer holds {buffer_bytes}")


def _is_u64(value: object) -> bool:
    return type(value) is int and 0 <= value <= _U64_MAX


def _is_inside(name: str) -> bool:
    """Whether a shard name stays inside the index's folder.

    >>> _is_inside("model-00001-of-00002.safetensors"), _is_inside("../x"), _is_inside("/x")
    (True, False, False)
    """
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and parts[0] != "/" and ".." not in parts and ":" not in parts[0]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fail(where: str, reason: str) -> NoReturn:
    raise FormatError(where, reason)
