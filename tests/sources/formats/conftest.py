"""Builders for model files: safetensors, GGUF, hand-assembled pickles and raw zip archives.

Every test file is written here from scratch with ``struct``, so the tests need no
model library and can make any malformation on purpose.
"""

from __future__ import annotations

import json
import math
import pickle
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# --- safetensors ---------------------------------------------------------------------

BITS = {"F32": 32, "F16": 16, "BF16": 16, "I64": 64, "U8": 8, "BOOL": 8, "F4": 4, "C64": 64}


def safetensors_bytes(
    tensors: dict[str, tuple[str, list[int]]],
    metadata: dict[str, str] | None = None,
    pad: bool = True,
) -> bytes:
    """A valid file: tensors laid out in order, header padded with spaces to 8 bytes."""
    header: dict[str, Any] = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, (dtype, shape) in tensors.items():
        size = math.prod(shape) * BITS[dtype] // 8
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    return raw_safetensors(json.dumps(header).encode(), offset, pad)


def raw_safetensors(header: bytes, buffer_bytes: int, pad: bool = True) -> bytes:
    """Length prefix, the header bytes as given, and a zero buffer."""
    if pad:
        header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + bytes(buffer_bytes)


# --- GGUF ----------------------------------------------------------------------------

U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)
_CODES = {
    U8: "B",
    I8: "b",
    U16: "H",
    I16: "h",
    U32: "I",
    I32: "i",
    F32: "f",
    BOOL: "B",
    U64: "Q",
    I64: "q",
    F64: "d",
}


class GgufWriter:
    """Writes GGUF headers and metadata, in either byte order and any version."""

    def __init__(self, version: int = 3, order: str = "<") -> None:
        self.version = version
        self.order = order
        self.pairs: list[bytes] = []

    def length(self, value: int) -> bytes:
        return struct.pack(f"{self.order}{'Q' if self.version >= 2 else 'I'}", value)

    def string(self, text: str | bytes) -> bytes:
        data = text.encode() if isinstance(text, str) else text
        return self.length(len(data)) + data

    def value(self, value_type: int, value: Any) -> bytes:
        if value_type == STRING:
            return self.string(value)
        if value_type == ARRAY:
            item_type, items = value
            out = struct.pack(f"{self.order}I", item_type) + self.length(len(items))
            return out + b"".join(self.value(item_type, item) for item in items)
        return struct.pack(f"{self.order}{_CODES[value_type]}", value)

    def add(self, key: str | bytes, value_type: int, value: Any) -> GgufWriter:
        raw = self.string(key) + struct.pack(f"{self.order}I", value_type)
        self.pairs.append(raw + self.value(value_type, value))
        return self

    def add_raw(self, raw: bytes) -> GgufWriter:
        self.pairs.append(raw)
        return self

    def build(self, tensor_count: int = 0, kv_count: int | None = None, tail: bytes = b"") -> bytes:
        count = len(self.pairs) if kv_count is None else kv_count
        version = struct.pack(f"{self.order}I", self.version)
        head = b"GGUF" + version + self.length(tensor_count) + self.length(count)
        return head + b"".join(self.pairs) + tail


# --- pickles -------------------------------------------------------------------------


class Ops:
    """Assemble a pickle opcode by opcode (pickletools names), for payloads and tricks."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def raw(self, data: bytes) -> Ops:
        self.parts.append(data)
        return self

    def proto(self, number: int = 2) -> Ops:
        return self.raw(bytes([0x80, number]))

    def global_(self, module: str, name: str) -> Ops:
        return self.raw(b"c" + module.encode() + b"\n" + name.encode() + b"\n")

    def inst(self, module: str, name: str) -> Ops:
        return self.raw(b"i" + module.encode() + b"\n" + name.encode() + b"\n")

    def text(self, value: str) -> Ops:
        data = value.encode()
        if len(data) < 256:
            return self.raw(b"\x8c" + bytes([len(data)]) + data)
        return self.raw(b"X" + struct.pack("<I", len(data)) + data)

    def int1(self, value: int) -> Ops:
        return self.raw(b"K" + bytes([value]))

    def put(self, index: int) -> Ops:
        return self.raw(b"q" + bytes([index]))

    def get(self, index: int) -> Ops:
        return self.raw(b"h" + bytes([index]))

    def long_put(self, index: int) -> Ops:
        return self.raw(b"r" + struct.pack("<I", index))

    def long_get(self, index: int) -> Ops:
        return self.raw(b"j" + struct.pack("<I", index))

    def op(self, *names: str) -> Ops:
        codes = {
            "MARK": b"(",
            "TUPLE": b"t",
            "TUPLE1": b"\x85",
            "TUPLE2": b"\x86",
            "EMPTY_TUPLE": b")",
            "EMPTY_DICT": b"}",
            "SETITEM": b"s",
            "SETITEMS": b"u",
            "REDUCE": b"R",
            "BUILD": b"b",
            "STACK_GLOBAL": b"\x93",
            "MEMOIZE": b"\x94",
            "POP": b"0",
            "POP_MARK": b"1",
            "DUP": b"2",
            "BINPERSID": b"Q",
            "NEWFALSE": b"\x89",
            "NONE": b"N",
            "STOP": b".",
        }
        for name in names:
            self.raw(codes[name])
        return self

    def call(self, module: str, name: str, argument: str) -> Ops:
        """module.name(argument) via GLOBAL and REDUCE."""
        return self.global_(module, name).text(argument).op("TUPLE1", "REDUCE")

    def bytes(self) -> bytes:
        return b"".join(self.parts)


class Payload:
    """Pickles as a call to ``os.system(command)``; loading it would run the command."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        import os

        return (os.system, (self.command,))


def torch_data_pickle(tensors: int = 2) -> bytes:
    """A state_dict pickle laid out as ``torch.save`` writes it (protocol 2, memoised)."""
    ops = Ops().proto(2).global_("collections", "OrderedDict").put(0)
    ops.op("EMPTY_TUPLE", "REDUCE").put(1).op("MARK")
    for index in range(tensors):
        ops.text(f"layer{index}.weight")
        ops.global_("torch._utils", "_rebuild_tensor_v2") if index == 0 else ops.get(2)
        if index == 0:
            ops.put(2)
        ops.op("MARK").op("MARK").text("storage").global_("torch", "FloatStorage")
        ops.text(str(index)).text("cpu").int1(4).op("TUPLE", "BINPERSID")
        ops.int1(0).int1(2).int1(2).op("TUPLE2").int1(2).int1(1).op("TUPLE2", "NEWFALSE")
        ops.get(0).op("EMPTY_TUPLE", "REDUCE", "TUPLE", "REDUCE")
    return ops.op("SETITEMS", "STOP").bytes()


TORCH_MAGIC = 0x1950A86A20F9469CFC6C


def legacy_torch_bytes(object_pickle: bytes | None = None) -> bytes:
    """Magic number, protocol, sys_info, the object, storage keys, then raw storage.

    The storage starts with its element count, 640, whose little-endian bytes
    ``80 02`` look like the start of another pickle.
    """
    head = pickle.dumps(TORCH_MAGIC, protocol=2) + pickle.dumps(1001, protocol=2)
    head += pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2)
    keys = pickle.dumps(["0", "1"], protocol=2)
    storage = struct.pack("<q", 640) + bytes(640 * 4)
    return head + (object_pickle or torch_data_pickle()) + keys + storage


# --- zip archives written by hand ----------------------------------------------------


@dataclass(frozen=True)
class RawMember:
    """A zip member as stored: compressed bytes, and the sizes and CRC to declare."""

    name: str
    payload: bytes
    size: int
    crc: int
    method: int = 0
    local_name: str | None = None


def stored(name: str, data: bytes) -> RawMember:
    return RawMember(name, data, len(data), zlib.crc32(data))


def deflated(name: str, data: bytes) -> RawMember:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return RawMember(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data), 8)


def zip_bytes(members: list[RawMember], entries: int | None = None) -> bytes:
    """Local headers, data, central directory and end record, with no validation."""
    body, directory = b"", b""
    for member in members:
        name = member.name.encode()
        local = (member.local_name or member.name).encode()
        fields = (member.method, 0, 0x21, member.crc, len(member.payload), member.size)
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, *fields, len(local), 0)
        central = struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, *fields, len(name), 0, 0, 0, 0, 0, 0
        )
        directory += central[:-4] + struct.pack("<L", len(body)) + name
        body += header + local + member.payload
    count = len(members) if entries is None else entries
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return body + directory + end


def zero_bomb(name: str, gibibytes: int) -> RawMember:
    """A deflated member of *gibibytes* GiB of zeros, ~1,000:1, built in well under a second."""
    chunk = bytes(1 << 24)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)  # the same every time
    count = gibibytes * 64
    payload = segment * count + packer.flush()
    return RawMember(name, payload, count << 24, 0, 8)  # the CRC is never reached


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run the test inside its tmp_path, so a payload's relative paths land there."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
