"""safetensors headers: every check of the reference reader, and never the tensor data."""

from __future__ import annotations

import contextlib
import json
import os
import struct
import time
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.errors import FormatError
from openness.sources.formats import safetensors
from openness.sources.formats.safetensors import read_safetensors_header, read_sharded_index

from .conftest import raw_safetensors, safetensors_bytes


def _write(tmp_path: Path, data: bytes, name: str = "model.safetensors") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reads_counts_dtypes_and_metadata(tmp_path: Path) -> None:
    tensors = {
        "embed.weight": ("BF16", [32, 8]),
        "norm.weight": ("F32", [8]),
        "step": ("I64", []),
        "empty": ("F16", [0, 4]),
    }
    data = safetensors_bytes(tensors, metadata={"format": "pt", "license": "apache-2.0"})
    header = read_safetensors_header(_write(tmp_path, data))
    assert header.tensor_count == 4
    assert header.parameter_count == 32 * 8 + 8 + 1
    assert header.parameters_by_dtype == {"BF16": 256, "F16": 0, "F32": 8, "I64": 1}
    assert header.metadata == {"format": "pt", "license": "apache-2.0"}
    assert header.header_bytes % 8 == 0 and header.file_bytes == len(data)
    assert header.path == str(tmp_path / "model.safetensors")


def test_a_file_without_tensors_or_metadata(tmp_path: Path) -> None:
    header = read_safetensors_header(_write(tmp_path, raw_safetensors(b"{}", 0, pad=False)))
    assert (header.tensor_count, header.parameter_count, header.metadata) == (0, 0, {})


def test_null_metadata_is_absent_as_in_the_reference_reader(tmp_path: Path) -> None:
    data = raw_safetensors(b'{"__metadata__": null}', 0)
    assert read_safetensors_header(_write(tmp_path, data)).metadata == {}


def test_sub_byte_dtypes_count_whole_bytes(tmp_path: Path) -> None:
    header = read_safetensors_header(_write(tmp_path, safetensors_bytes({"w": ("F4", [6])})))
    assert header.parameters_by_dtype == {"F4": 6}


class _CountingFile:
    """Wraps a file and counts the bytes read through it."""

    def __init__(self, inner: IO[bytes], counter: list[int]) -> None:
        self.inner = inner
        self.counter = counter

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.counter.append(len(data))
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __enter__(self) -> _CountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.close()


def test_a_10_gb_sparse_file_reads_only_its_header_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elements = 10 * 1024**3 // 4
    header = json.dumps(
        {"huge": {"dtype": "F32", "shape": [elements], "data_offsets": [0, elements * 4]}}
    ).encode()
    path = _write(tmp_path, struct.pack("<Q", len(header)) + header)
    os.truncate(path, 8 + len(header) + elements * 4)  # sparse: no disk blocks behind it
    counter: list[int] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        return _CountingFile(real_open(self, *args, **kwargs), counter)

    monkeypatch.setattr(Path, "open", counting_open)
    start = time.perf_counter()
    result = read_safetensors_header(path)
    elapsed = time.perf_counter() - start
    assert result.parameter_count == elements and result.file_bytes > 10 * 10**9
    assert sum(counter) == 8 + len(header), "read more than the length prefix and the header"
    assert elapsed < 0.05


def _tensor(dtype: str = "F32", shape: Any = None, offsets: Any = None) -> dict[str, Any]:
    return {
        "dtype": dtype,
        "shape": [2] if shape is None else shape,
        "data_offsets": [0, 8] if offsets is None else offsets,
    }


def _header(value: Any, buffer: int = 8) -> bytes:
    return raw_safetensors(json.dumps(value).encode(), buffer)


U64 = 2**64 - 1

BAD = [
    ("tiny", b"\x01\x00\x00", "smaller than the 8-byte"),
    ("length-over-limit", struct.pack("<Q", 100_000_001) + b"{}", "exceeds the 100,000,000"),
    ("length-past-end", struct.pack("<Q", 64) + b"{}", "past the end"),
    ("length-absurd", struct.pack("<Q", 2**63) + b"{}", "exceeds"),
    ("not-utf8", raw_safetensors(b'{"\xff": 1}', 0), "not UTF-8"),
    ("not-json", raw_safetensors(b"{not json", 0), "not valid JSON"),
    ("json-array", raw_safetensors(b"[1, 2]", 0), "not an object"),
    ("nan", raw_safetensors(b'{"__metadata__": {"a": NaN}}', 0), "not valid JSON"),
    ("deep", raw_safetensors(b"[" * 100_000 + b"]" * 100_000, 0), "JSON"),
    ("long-int", raw_safetensors(b'{"a": ' + b"9" * 5000 + b"}", 0), "not valid JSON"),
    ("dup-top", raw_safetensors(b'{"a": {}, "a": {}}', 0), "repeats the key 'a'"),
    ("dup-inner", raw_safetensors(b'{"w": {"dtype": "F32", "dtype": "F16"}}', 0), "repeats"),
    ("tensor-not-object", _header({"w": [1]}), "not an object"),
    ("dtype-unknown", _header({"w": _tensor("F128")}), "unknown dtype 'F128'"),
    ("dtype-missing", _header({"w": {"shape": [2], "data_offsets": [0, 8]}}), "unknown dtype"),
    ("shape-negative", _header({"w": _tensor(shape=[-2])}), "shape is not a list"),
    ("shape-float", _header({"w": _tensor(shape=[2.0])}), "shape is not a list"),
    ("shape-bool", _header({"w": _tensor(shape=[True, 2])}), "shape is not a list"),
    ("shape-string", _header({"w": _tensor(shape="2")}), "shape is not a list"),
    ("shape-too-big", _header({"w": _tensor(shape=[U64 + 1])}), "shape is not a list"),
    ("offsets-three", _header({"w": _tensor(offsets=[0, 4, 8])}), "not [begin, end]"),
    ("offsets-string", _header({"w": _tensor(offsets="0-8")}), "not [begin, end]"),
    ("offsets-negative", _header({"w": _tensor(offsets=[-8, 0])}), "not [begin, end]"),
    ("offsets-reversed", _header({"w": _tensor(offsets=[8, 0])}), "before begin"),
    ("size-mismatch", _header({"w": _tensor(offsets=[0, 4])}, 4), "needs 8"),
    ("overflow", _header({"w": _tensor(shape=[2**62, 8], offsets=[0, 8])}), "overflows"),
    ("misaligned", _header({"w": _tensor("F4", [3], [0, 1])}, 1), "whole number of bytes"),
    ("gap-at-start", _header({"w": _tensor(offsets=[4, 12])}, 12), "expected 0"),
    (
        "overlap",
        _header({"a": _tensor(offsets=[0, 8]), "b": _tensor(offsets=[4, 12])}, 12),
        "begins at 4, expected 8",
    ),
    ("past-buffer", _header({"w": _tensor(offsets=[0, 8])}, 4), "past the 4-byte data buffer"),
    ("trailing-bytes", _header({"w": _tensor()}, 12), "cover 8 bytes but the data buffer holds 12"),
    ("metadata-list", _header({"__metadata__": ["a"]}, 0), "__metadata__ is not an object"),
    ("metadata-int", _header({"__metadata__": {"n": 1}}, 0), "__metadata__['n'] is not a string"),
]


@pytest.mark.parametrize(("data", "reason"), [case[1:] for case in BAD], ids=[c[0] for c in BAD])
def test_format_violations_are_format_errors(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(FormatError, match="^" + str(path)) as caught:
        read_safetensors_header(path)
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_a_header_at_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safetensors, "MAX_HEADER_BYTES", 64)
    at_limit = _write(tmp_path, raw_safetensors(b"{}" + b" " * 62, 0))
    assert read_safetensors_header(at_limit).header_bytes == 64
    with pytest.raises(FormatError, match="exceeds the 64-byte limit"):
        read_safetensors_header(_write(tmp_path, raw_safetensors(b"{}" + b" " * 63, 0)))


tensor_specs = st.dictionaries(
    st.text(min_size=1, max_size=12).filter(lambda name: name != "__metadata__"),
    st.tuples(
        st.sampled_from(["F32", "F16", "BF16", "I64", "U8", "BOOL", "C64"]),
        st.lists(st.integers(0, 6), max_size=4),
    ),
    max_size=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tensors=tensor_specs)
def test_any_valid_layout_round_trips(tmp_path: Path, tensors: dict[str, Any]) -> None:
    header = read_safetensors_header(_write(tmp_path, safetensors_bytes(tensors)))
    assert header.tensor_count == len(tensors)
    expected = sum(_numel(shape) for _, shape in tensors.values())
    assert header.parameter_count == expected


def _numel(shape: list[int]) -> int:
    result = 1
    for size in shape:
        result *= size
    return result


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda body: struct.pack("<Q", len(body)) + body),
    )
)
def test_random_bytes_raise_only_format_errors(tmp_path: Path, data: bytes) -> None:
    with contextlib.suppress(FormatError):
        read_safetensors_header(_write(tmp_path, data))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(0, 10_000), byte=st.integers(0, 255), cut=st.booleans())
def test_mutated_files_raise_only_format_errors(
    tmp_path: Path, position: int, byte: int, cut: bool
) -> None:
    data = bytearray(safetensors_bytes({"a": ("F32", [2, 3]), "b": ("I64", [1])}, {"k": "v"}))
    position %= len(data)
    if cut:
        del data[position:]
    else:
        data[position] = byte
    with contextlib.suppress(FormatError):
        read_safetensors_header(_write(tmp_path, bytes(data)))


# --- the sharded index ---------------------------------------------------------------


def _index(tmp_path: Path, value: Any) -> Path:
    text = value if isinstance(value, str) else json.dumps(value)
    return _write(tmp_path, text.encode(), "model.safetensors.index.json")


def test_sharded_index_returns_the_weight_map(tmp_path: Path) -> None:
    weight_map = {"a.weight": "model-00001-of-00002.safetensors", "lm_head.weight": "sub/m.st"}
    path = _index(tmp_path, {"metadata": {"total_size": 123}, "weight_map": weight_map})
    assert read_sharded_index(path) == weight_map


BAD_INDEXES = [
    ("not-json", "{", "not valid JSON"),
    ("array", "[]", "not an object"),
    ("no-map", {"metadata": {}}, "'weight_map' is missing"),
    ("map-list", {"weight_map": ["a"]}, "'weight_map' is missing or not an object"),
    ("value-int", {"weight_map": {"a": 1}}, "is not a file name"),
    ("value-empty", {"weight_map": {"a": ""}}, "is not a file name"),
    ("parent", {"weight_map": {"a": "../../etc/passwd"}}, "points outside the folder"),
    ("absolute", {"weight_map": {"a": "/etc/passwd"}}, "points outside the folder"),
    ("windows", {"weight_map": {"a": "C:\\x.safetensors"}}, "points outside the folder"),
    ("metadata-list", {"metadata": [], "weight_map": {}}, "'metadata' is not an object"),
    ("duplicate", '{"weight_map": {"a": "x", "a": "y"}}', "repeats the key 'a'"),
]


@pytest.mark.parametrize(
    ("value", "reason"), [c[1:] for c in BAD_INDEXES], ids=[c[0] for c in BAD_INDEXES]
)
def test_bad_sharded_indexes_are_format_errors(tmp_path: Path, value: Any, reason: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_sharded_index(_index(tmp_path, value))
    assert reason in caught.value.reason


def test_a_huge_index_is_refused_without_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safetensors, "MAX_INDEX_BYTES", 1000)
    path = _index(tmp_path, {"weight_map": {f"t{i}": "m.safetensors" for i in range(200)}})
    with pytest.raises(FormatError, match="larger than 1,000 bytes"):
        read_sharded_index(path)


def test_a_header_of_countless_tiny_values_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safetensors, "MAX_HEADER_VALUES", 10)
    header = _header({"w": _tensor(shape=[1] * 11 + [2])})
    with pytest.raises(FormatError, match="more than 10 values"):
        read_safetensors_header(_write(tmp_path, header))
