"""GGUF metadata: every value type, both byte orders, provenance keys, and hostile files."""

from __future__ import annotations

import contextlib
import struct
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.errors import FormatError
from openness.sources.formats import gguf
from openness.sources.formats.gguf import GgufBaseModel, read_gguf_metadata

from .conftest import (
    ARRAY,
    BOOL,
    F32,
    F64,
    I8,
    I16,
    I32,
    I64,
    STRING,
    U8,
    U16,
    U32,
    U64,
    GgufWriter,
)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    return path


def _every_type(writer: GgufWriter) -> GgufWriter:
    return (
        writer.add("general.architecture", STRING, "llama")
        .add("t.u8", U8, 255)
        .add("t.i8", I8, -128)
        .add("t.u16", U16, 65535)
        .add("t.i16", I16, -32768)
        .add("t.u32", U32, 2**32 - 1)
        .add("t.i32", I32, -(2**31))
        .add("t.f32", F32, 0.5)
        .add("t.bool", BOOL, 1)
        .add("t.u64", U64, 2**64 - 1)
        .add("t.i64", I64, -(2**63))
        .add("t.f64", F64, -2.25)
        .add("t.text", STRING, "héllo")
        .add("t.array", ARRAY, (I32, [1, -2, 3]))
        .add("t.nested", ARRAY, (ARRAY, [(STRING, ["a", "b"]), (BOOL, [0, 1])]))
        .add("t.empty", ARRAY, (F64, []))
    )


EXPECTED = {
    "general.architecture": "llama",
    "t.u8": 255,
    "t.i8": -128,
    "t.u16": 65535,
    "t.i16": -32768,
    "t.u32": 2**32 - 1,
    "t.i32": -(2**31),
    "t.f32": 0.5,
    "t.bool": True,
    "t.u64": 2**64 - 1,
    "t.i64": -(2**63),
    "t.f64": -2.25,
    "t.text": "héllo",
    "t.array": [1, -2, 3],
    "t.nested": [["a", "b"], [False, True]],
    "t.empty": [],
}


@pytest.mark.parametrize(
    ("version", "order"),
    [(3, "<"), (2, "<"), (1, "<"), (3, ">"), (2, ">")],
    ids=["v3", "v2", "v1-u32-lengths", "v3-big-endian", "v2-big-endian"],
)
def test_reads_every_value_type(tmp_path: Path, version: int, order: str) -> None:
    data = _every_type(GgufWriter(version, order)).build(tensor_count=2, tail=bytes(64))
    result = read_gguf_metadata(_write(tmp_path, data))
    assert result.metadata == EXPECTED
    assert list(result.metadata) == list(EXPECTED), "file order is kept"
    assert (result.version, result.tensor_count) == (version, 2)
    assert result.byte_order == ("little" if order == "<" else "big")
    assert result.truncated_arrays == {}
    assert isinstance(result.metadata["t.bool"], bool)


def test_provenance_properties(tmp_path: Path) -> None:
    writer = (
        GgufWriter()
        .add("general.architecture", STRING, "qwen2")
        .add("general.name", STRING, "Qwen2.5 7B Instruct")
        .add("general.license", STRING, "apache-2.0")
        .add("general.license.name", STRING, "Apache License 2.0")
        .add("general.license.link", STRING, "https://example.org/LICENSE")
        .add("general.source.url", STRING, "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct")
        .add("general.base_model.count", U32, 2)
        .add("general.base_model.0.name", STRING, "Qwen2.5 7B")
        .add("general.base_model.0.organization", STRING, "Qwen")
        .add("general.base_model.0.repo_url", STRING, "https://huggingface.co/Qwen/Qwen2.5-7B")
        .add("general.base_model.1.name", STRING, "Other")
        .add("general.base_model.1.version", U32, 3)  # not a string: ignored
    )
    result = read_gguf_metadata(_write(tmp_path, writer.build()))
    assert result.architecture == "qwen2" and result.name == "Qwen2.5 7B Instruct"
    assert result.license == "apache-2.0"
    assert result.license_name == "Apache License 2.0"
    assert result.license_link == "https://example.org/LICENSE"
    assert result.source_url == "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct"
    assert result.base_models == (
        GgufBaseModel(
            name="Qwen2.5 7B",
            organization="Qwen",
            repo_url="https://huggingface.co/Qwen/Qwen2.5-7B",
        ),
        GgufBaseModel(name="Other"),
    )


def test_older_source_key_and_base_models_without_a_count(tmp_path: Path) -> None:
    writer = (
        GgufWriter()
        .add("general.source.huggingface.repository", STRING, "TheBloke/Llama-2-7B")
        .add("general.base_model.0.name", STRING, "Llama 2 7B")
        .add("general.license", U32, 7)
    )
    result = read_gguf_metadata(_write(tmp_path, writer.build()))
    assert result.source_url == "https://huggingface.co/TheBloke/Llama-2-7B"
    assert result.base_models == (GgufBaseModel(name="Llama 2 7B"),)
    assert result.license is None and result.name is None and result.architecture is None


def test_absent_provenance_is_none(tmp_path: Path) -> None:
    result = read_gguf_metadata(_write(tmp_path, GgufWriter().build()))
    assert (result.source_url, result.base_models, result.metadata) == (None, (), {})


def test_long_arrays_are_truncated_and_counted(tmp_path: Path) -> None:
    tokens = [f"tok{i}" for i in range(3000)]
    inner = struct.pack("<IQ", U8, 2000) + b"\x01" * 2000
    writer = (
        GgufWriter()
        .add("tokenizer.ggml.tokens", ARRAY, (STRING, tokens))
        .add("tokenizer.ggml.scores", ARRAY, (F32, [0.0] * 5000))
        .add_raw(_key("nested", ARRAY) + struct.pack("<IQ", ARRAY, 1100) + inner * 1100)
        .add("after", STRING, "still read")
    )
    result = read_gguf_metadata(_write(tmp_path, writer.build()))
    assert result.metadata["tokenizer.ggml.tokens"] == tokens[: gguf.MAX_ARRAY_ITEMS]
    assert result.metadata["tokenizer.ggml.scores"] == [0.0] * gguf.MAX_ARRAY_ITEMS
    nested = result.metadata["nested"]
    assert isinstance(nested, list) and len(nested) == gguf.MAX_ARRAY_ITEMS
    assert nested[0] == [1] * gguf.MAX_ARRAY_ITEMS
    assert result.truncated_arrays == {
        "tokenizer.ggml.tokens": 3000,
        "tokenizer.ggml.scores": 5000,
        "nested": 1100,
    }
    assert result.metadata["after"] == "still read"


def test_a_vocabulary_sized_file_reads_fast(tmp_path: Path) -> None:
    tokens = [f"<token {i}>" for i in range(250_000)]
    merges = [f"a{i} b{i}" for i in range(250_000)]
    writer = (
        GgufWriter()
        .add("tokenizer.ggml.tokens", ARRAY, (STRING, tokens))
        .add("tokenizer.ggml.merges", ARRAY, (STRING, merges))
        .add("general.license", STRING, "mit")
    )
    path = _write(tmp_path, writer.build(tensor_count=1, tail=bytes(4096)))
    start = time.perf_counter()
    result = read_gguf_metadata(path)
    assert time.perf_counter() - start < 1.0
    assert result.license == "mit"
    assert result.truncated_arrays == {
        "tokenizer.ggml.tokens": 250_000,
        "tokenizer.ggml.merges": 250_000,
    }


HUGE = 2**62


def _key(name: str, value_type: int, order: str = "<") -> bytes:
    return (
        struct.pack(f"{order}Q", len(name)) + name.encode() + struct.pack(f"{order}I", value_type)
    )


def _deep(levels: int) -> bytes:
    inner = struct.pack("<IQ", U8, 0)
    for _ in range(levels):
        inner = struct.pack("<IQ", ARRAY, 1) + inner
    return _key("deep", ARRAY) + inner


BAD = [
    ("empty", b"", "not a GGUF file"),
    ("bad-magic", b"GGML" + bytes(20), "not a GGUF file"),
    ("version-0", b"GGUF" + struct.pack("<I", 0) + bytes(16), "unsupported GGUF version 0"),
    ("version-4", b"GGUF" + struct.pack("<I", 4) + bytes(16), "unsupported GGUF version 4"),
    ("no-counts", b"GGUF" + struct.pack("<I", 3) + bytes(7), "truncated"),
    ("kv-count-absurd", GgufWriter().build(kv_count=HUGE), "metadata pairs"),
    ("kv-count-lies", GgufWriter().add("a", U8, 1).build(kv_count=2), "truncated"),
    ("tensor-count-absurd", GgufWriter().build(tensor_count=HUGE), "tensors, more than the file"),
    ("key-length-absurd", GgufWriter().add_raw(struct.pack("<Q", HUGE)).build(), "exceeds 65,535"),
    ("key-not-utf8", GgufWriter().add(b"\xff\xfe", U8, 1).build(), "not UTF-8"),
    (
        "string-absurd",
        GgufWriter().add_raw(_key("s", STRING) + struct.pack("<Q", HUGE)).build(),
        "exceeds",
    ),
    ("string-over-1mb", GgufWriter().add("s", STRING, "x" * (1024 * 1024 + 1)).build(), "exceeds"),
    (
        "string-truncated",
        GgufWriter().add_raw(_key("s", STRING) + struct.pack("<Q", 50) + b"abc").build(),
        "truncated",
    ),
    (
        "value-type-13",
        GgufWriter().add_raw(_key("x", 13) + bytes(8)).build(),
        "unknown value type 13",
    ),
    ("value-type-huge", GgufWriter().add_raw(_key("x", 2**32 - 1)).build(), "unknown value type"),
    (
        "array-type-bad",
        GgufWriter().add_raw(_key("a", ARRAY) + struct.pack("<IQ", 42, 1)).build(),
        "unknown array item type 42",
    ),
    (
        "array-count-absurd",
        GgufWriter().add_raw(_key("a", ARRAY) + struct.pack("<IQ", U8, HUGE)).build(),
        "cannot fit",
    ),
    (
        "string-array-absurd",
        GgufWriter().add_raw(_key("a", ARRAY) + struct.pack("<IQ", STRING, HUGE)).build(),
        "cannot fit",
    ),
    (
        "array-of-arrays-absurd",
        GgufWriter().add_raw(_key("a", ARRAY) + struct.pack("<IQ", ARRAY, HUGE)).build(),
        "cannot fit",
    ),
    ("deep-nesting", GgufWriter().add_raw(_deep(50)).build(), "nested deeper than 8"),
    ("duplicate-key", GgufWriter().add("k", U8, 1).add("k", U8, 2).build(), "appears twice"),
    ("bool-2", GgufWriter().add("b", BOOL, 2).build(), "neither 0 nor 1"),
    ("bool-array-7", GgufWriter().add("b", ARRAY, (BOOL, [1, 7])).build(), "neither 0 nor 1"),
]


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_hostile_files_are_format_errors(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path, data)
    start = time.perf_counter()
    with pytest.raises(FormatError) as caught:
        read_gguf_metadata(path)
    assert time.perf_counter() - start < 1.0
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_eight_levels_of_nesting_are_read(tmp_path: Path) -> None:
    result = read_gguf_metadata(_write(tmp_path, GgufWriter().add_raw(_deep(7)).build()))
    value = result.metadata["deep"]
    for _ in range(7):
        assert isinstance(value, list)
        value = value[0]
    assert value == []


def test_every_truncation_of_a_valid_file_is_a_format_error(tmp_path: Path) -> None:
    data = _every_type(GgufWriter()).build()
    read_gguf_metadata(_write(tmp_path, data))
    for size in range(len(data)):
        with pytest.raises(FormatError):
            read_gguf_metadata(_write(tmp_path, data[:size]))


def test_the_metadata_section_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gguf, "MAX_METADATA_BYTES", 4096)
    writer = GgufWriter().add("tokens", ARRAY, (STRING, ["word"] * 400))
    with pytest.raises(FormatError, match="exceeds 4,096 bytes"):
        read_gguf_metadata(_write(tmp_path, writer.build()))


def test_skipped_strings_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gguf, "MAX_SKIPPED_STRINGS", 100)
    monkeypatch.setattr(gguf, "MAX_ARRAY_ITEMS", 10)
    writer = GgufWriter().add("tokens", ARRAY, (STRING, [""] * 200))
    with pytest.raises(FormatError, match="more than 100 strings"):
        read_gguf_metadata(_write(tmp_path, writer.build()))


def test_a_skipped_string_past_the_end_is_truncation(tmp_path: Path) -> None:
    items = struct.pack("<Q", 1) + b"a"
    raw = _key("tokens", ARRAY) + struct.pack("<IQ", STRING, 2000) + items * 1500
    raw += struct.pack("<Q", 100) + b"short"
    with pytest.raises(FormatError, match="truncated"):
        read_gguf_metadata(_write(tmp_path, GgufWriter().add_raw(raw).build()))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=400), version=st.sampled_from([1, 2, 3, 0x03000000]))
def test_random_bodies_raise_only_format_errors(tmp_path: Path, body: bytes, version: int) -> None:
    data = b"GGUF" + struct.pack("<I", version) + body
    with contextlib.suppress(FormatError):
        read_gguf_metadata(_write(tmp_path, data))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(0, 10_000), value=st.integers(0, 255), count=st.integers(1, 8))
def test_mutated_files_raise_only_format_errors(
    tmp_path: Path, position: int, value: int, count: int
) -> None:
    data = bytearray(_every_type(GgufWriter()).build(tail=bytes(32)))
    position %= len(data)
    data[position : position + count] = bytes([value]) * count
    start = time.perf_counter()
    with contextlib.suppress(FormatError):
        read_gguf_metadata(_write(tmp_path, bytes(data)))
    assert time.perf_counter() - start < 1.0


def test_items_kept_in_all_arrays_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gguf, "MAX_KEPT_ITEMS", 1500)
    writer = GgufWriter().add("a", ARRAY, (U8, [1] * 1024)).add("b", ARRAY, (U8, [2] * 1024))
    result = read_gguf_metadata(_write(tmp_path, writer.build()))
    assert result.metadata["a"] == [1] * 1024 and result.metadata["b"] == [2] * 476
    assert result.truncated_arrays == {"b": 1024}


def test_a_nested_array_bomb_keeps_few_items(tmp_path: Path) -> None:
    inner = struct.pack("<IQ", U8, 1024) + bytes(1024)
    raw = _key("bomb", ARRAY) + struct.pack("<IQ", ARRAY, 1024) + inner * 1024
    start = time.perf_counter()
    result = read_gguf_metadata(_write(tmp_path, GgufWriter().add_raw(raw).build()))
    assert time.perf_counter() - start < 1.0
    bomb = result.metadata["bomb"]
    assert isinstance(bomb, list)
    kept = sum(len(item) for item in bomb if isinstance(item, list))
    assert kept <= gguf.MAX_KEPT_ITEMS and "bomb" in result.truncated_arrays
