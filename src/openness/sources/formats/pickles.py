"""Scan pickle-based checkpoints for the globals they would import, without unpickling.

Owns the scan of ``.bin .pt .pth .ckpt .pkl .joblib`` files: bare pickles, several
pickles in a row, legacy torch files (magic number, protocol, system info, object,
storage keys, then raw data) and torch zip checkpoints (every stored or deflated
member named ``*.pkl``/``*.pickle``, or starting with a PROTO opcode and parsing as a
pickle, except torch's raw storages under ``<top>/data/``). Opcodes are walked with
``pickletools.genops`` on a byte-bounded stream, and a small model of the
unpickler's stack and memo resolves ``GLOBAL``, ``INST`` and ``STACK_GLOBAL``, so
a memo trick cannot hide an import. Each import is classified against a tight
allow-list (``SAFE_GLOBALS``); everything else is unsafe, and a deny-list only
words the reason. Zip members are never extracted: a name with ``..`` is just a
name. Nothing here calls ``pickle.load``. Entry point: ``scan_pickle``.
"""

from __future__ import annotations

import functools
import os
import pickletools
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from openness.sources.formats.pickle_globals import (
    SAFE_GLOBALS,
    UNRESOLVED,
    describe_import,
    is_safe_import,
)

__all__ = [
    "SAFE_GLOBALS", "PickleImport", "PickleScan", "describe_import", "is_safe_import",
    "scan_pickle",
]  # fmt: skip

MAX_STREAM_BYTES = 64 * 1024 * 1024
"""Bytes scanned per pickle stream (a bare file, or one zip member)."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""Bytes scanned in all streams of one file together."""
MAX_OPCODES = 4_000_000
"""Opcodes walked per file (a 7B-parameter torch checkpoint has ~10^4)."""
MAX_PICKLES = 1_000
"""Pickles read one after another from one stream."""
MAX_MEMBERS = 10_000
"""Zip members listed; a larger archive is not scanned."""
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
"""Size of a zip's central directory, checked before the archive is opened."""
MAX_COMPRESSION_RATIO = 200
"""Declared size over compressed size above which a pickle member (over 1 MiB) is
treated as a zip bomb and not read."""
MAX_IMPORTS = 1_000
"""Distinct imports recorded per file."""
_MAX_LINE_BYTES = 1024 * 1024
_TORCH_MAGIC = 0x1950A86A20F9469CFC6C
_LEGACY_PICKLES = 5  # magic, protocol, sys_info, object, storage keys
# Only stored and deflated members are read: torch's zip reader (miniz) supports no other
# method, and zipfile inflates bzip2 and LZMA chunks with no bound on the output.
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ZIP_ERRORS = (  # what zipfile and the decompressors raise on a malformed archive
    *(zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error),
    ValueError,  # also UnicodeDecodeError, for a member name that is not UTF-8
    NotImplementedError,  # a zip feature zipfile lacks (strong encryption, patched data)
)


@dataclass(frozen=True)
class PickleImport:
    """One global a pickle would import when loaded."""

    module: str
    """Module part, e.g. ``posix`` (``<unresolved>`` or ``<extension>`` when unknown)."""
    name: str
    """Attribute part, e.g. ``system``."""
    member: str | None
    """The zip member holding the pickle, or None for a bare pickle file."""

    @property
    def qualified_name(self) -> str:
        """``module.name``, as a finding shows it."""
        return f"{self.module}.{self.name}"

    @property
    def reason(self) -> str | None:
        """Why the import is unsafe, or None when it is allow-listed."""
        return describe_import(self.module, self.name)


@dataclass(frozen=True)
class PickleScan:
    """What a pickle-based file would import, and whether the scan saw all of it."""

    path: str
    """The file, as given."""
    imports: tuple[PickleImport, ...]
    """Every distinct import, in the order met."""
    unsafe: tuple[PickleImport, ...]
    """The imports that are not allow-listed."""
    complete: bool
    """False when part of the file could not be scanned (malformed, too large)."""
    problem: str | None
    """Why the scan is incomplete, or None."""
    members: tuple[str, ...] = ()
    """Zip members scanned as pickles (empty for a bare file)."""
    container: str = "pickle"
    """``pickle``, ``legacy_torch`` (magic-number file) or ``zip``."""

    @property
    def is_safe(self) -> bool:
        """True when the whole file was scanned and imports only allow-listed globals."""
        return self.complete and not self.unsafe

    @property
    def detail(self) -> str:
        """One line for a finding, e.g. ``imports posix.system (runs ...) in a/data.pkl``."""
        if not self.unsafe:
            if self.complete:
                return f"imports only allow-listed globals ({len(self.imports)})"
            return f"could not be scanned to the end: {self.problem}"
        shown = [_phrase(item) for item in self.unsafe[:3]]
        more = len(self.unsafe) - len(shown)
        text = "imports " + "; ".join(shown) + (f"; and {more} more" if more else "")
        return text if self.complete else f"{text}; scan incomplete: {self.problem}"


def _phrase(item: PickleImport) -> str:
    where = f" in {item.member}" if item.member else ""
    return f"{item.qualified_name} ({item.reason}){where}"


def scan_pickle(path: Path) -> PickleScan:
    """List the globals a pickle-based file would import, without unpickling it.

    Args:
        path: a bare pickle, a legacy torch file, or a zip archive (torch checkpoint).

    Returns:
        Every import, the unsafe ones, the zip members scanned, and whether the whole
        file could be scanned; content problems are reported there, never raised.

    Raises:
        OSError: the file cannot be opened or read.
    """
    scan = _Scan(str(path))
    with path.open("rb") as raw, warnings.catch_warnings():
        # pickletools, like pickle, only warns about a bad escape in a STRING opcode
        warnings.simplefilter("ignore", DeprecationWarning)
        head = raw.read(4)
        raw.seek(0)
        if head == b"PK\x03\x04":
            _scan_zip(raw, scan)
        elif not head:
            scan.fail("the file is empty")
        else:
            _scan_stream(raw, scan, None)
    return scan.result()


class _PickleError(Exception):
    """The walk cannot go on: the unpickler would fail here too."""


class _BudgetError(_PickleError):
    """The walk stops at one of this module's bounds."""


class _Scan:
    """What one scan has found so far, and its remaining budget."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: dict[tuple[str, str, str | None], PickleImport] = {}
        self.problems: list[str] = []
        self.members: list[str] = []
        self.container = "pickle"
        self.opcodes_left = MAX_OPCODES
        self.bytes_left = MAX_TOTAL_BYTES

    def record(self, module: str, name: str, member: str | None) -> None:
        key = (module, name, member)
        if key not in self.found:
            if len(self.found) >= MAX_IMPORTS:
                raise _BudgetError(f"more than {MAX_IMPORTS:,} distinct imports")
            self.found[key] = PickleImport(module, name, member)

    def fail(self, problem: str) -> None:
        self.problems.append(problem[:300])

    def result(self) -> PickleScan:
        imports = tuple(self.found.values())
        return PickleScan(
            path=self.path,
            imports=imports,
            unsafe=tuple(item for item in imports if item.reason is not None),
            complete=not self.problems,
            problem="; ".join(self.problems[:3]) or None,
            members=tuple(self.members),
            container=self.container,
        )


class _Stream:
    """A read-only view of a binary stream that never reads past *limit* bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.position = 0
        self.at_limit = False

    def read(self, size: int = -1) -> bytes:
        room = self.limit - self.position
        clamped = size < 0 or size > room
        data = self.raw.read(room if clamped else size)
        self.position += len(data)
        self.at_limit = self.at_limit or (clamped and len(data) == room)
        return data

    def readline(self) -> bytes:
        room = min(self.limit - self.position, _MAX_LINE_BYTES)
        data = self.raw.readline(room)
        self.position += len(data)
        self.at_limit = self.at_limit or (len(data) == room and not data.endswith(b"\n"))
        return data

    def tell(self) -> int:
        return self.position

    def peek(self, size: int) -> bytes:
        data = self.raw.read(min(size, self.limit - self.position))
        self.raw.seek(-len(data), os.SEEK_CUR)
        return data


def _scan_stream(raw: IO[bytes], scan: _Scan, member: str | None, sniffed: bool = False) -> bool:
    """Walk the pickles of one stream; False when a sniffed member is not a pickle."""
    stream = _Stream(raw, min(MAX_STREAM_BYTES, scan.bytes_left))
    before, index, legacy = len(scan.found), 0, False
    try:
        for index in range(MAX_PICKLES):
            opcodes, constant = _walk(stream, scan, member)
            if index == 0 and member is None and opcodes <= 4 and constant == _TORCH_MAGIC:
                legacy, scan.container = True, "legacy_torch"
            if legacy and index + 1 == _LEGACY_PICKLES:
                return True
            if not legacy and not _starts_pickle(stream.peek(2)):
                return True
        scan.fail(f"{_prefix(member)}more than {MAX_PICKLES:,} pickles in a row")
    except (ValueError, OverflowError, _PickleError) as err:
        budget_spent = stream.at_limit or isinstance(err, _BudgetError)
        if sniffed and index == 0 and not budget_spent:  # raw bytes that start like a pickle
            for key in list(scan.found)[before:]:
                del scan.found[key]
            return False
        scan.fail(_problem(member, stream, err))
    finally:
        scan.bytes_left -= stream.position
    return True


def _walk(stream: _Stream, scan: _Scan, member: str | None) -> tuple[int, object]:
    """Walk one pickle to its STOP; return its opcode count and its last argument."""
    stack: list[object] = []
    memo: dict[object, object] = {}
    opcodes, constant, budget = 0, None, scan.opcodes_left
    record = functools.partial(scan.record, member=member)
    try:  # genops needs only read, readline and tell, which _Stream bounds
        for opcode, arg, _ in pickletools.genops(cast("IO[bytes]", stream)):
            opcodes += 1
            if opcodes > budget:
                raise _BudgetError(f"more than {MAX_OPCODES:,} opcodes")
            constant = constant if arg is None else arg
            effect = _EFFECTS.get(opcode.name)
            if effect is None:
                _step(opcode.name, arg, stack, memo, record)
                continue
            below, marked, pushed = effect
            if marked:
                _pop_mark(stack)
            for _ in range(below):
                _pop(stack)
            stack.extend((_ANY,) * pushed)
    finally:
        scan.opcodes_left = budget - opcodes
    return opcodes, constant


_MARK = object()
_ANY = object()
_STRING_OPS = frozenset(
    ("STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE")
    + ("SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8")
)
_PUT_OPS = frozenset(("PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"))
_GET_OPS = frozenset(("GET", "BINGET", "LONG_BINGET"))
_SPECIAL_OPS = _STRING_OPS | _PUT_OPS | _GET_OPS | {"GLOBAL", "INST", "STACK_GLOBAL", "MARK"}
_EFFECTS = {
    op.name: (
        op.stack_before.index(pickletools.markobject)
        if pickletools.markobject in op.stack_before
        else len(op.stack_before),
        pickletools.markobject in op.stack_before,
        len(op.stack_after),
    )
    for op in pickletools.opcodes
    if op.name not in _SPECIAL_OPS | {"EXT1", "EXT2", "EXT4", "DUP", "POP"}
}
"""Per ordinary opcode: items popped below the mark (or in all), whether it pops to a
mark, items pushed. The others, whose effect depends on their argument, go to ``_step``."""


def _step(
    name: str,
    arg: object,
    stack: list[object],
    memo: dict[object, object],
    record: Callable[[str, str], None],
) -> None:
    """Apply one special opcode to the model of the stack, which keeps only constant strings."""
    if name in _PUT_OPS:
        memo[len(memo) if name == "MEMOIZE" else arg] = _top(stack)
    elif name in _GET_OPS:
        if arg not in memo:
            raise _PickleError(f"memo entry {arg} is read before it is written")
        stack.append(memo[arg])
    elif name in _STRING_OPS:
        stack.append(arg if isinstance(arg, str) else _ANY)
    elif name in ("GLOBAL", "INST"):
        module, _, attribute = str(arg).partition(" ")
        if not (_DOTTED.fullmatch(module) and _DOTTED.fullmatch(attribute)):
            # "import site" in a text file reads as INST of module "mport site": no
            # such module can be imported, so the unpickler would stop here.
            raise _PickleError(f"{name} names {str(arg)[:60]!r}, which cannot be imported")
        record(module, attribute)
        if name == "INST":
            _pop_mark(stack)
        stack.append(_ANY)
    elif name == "STACK_GLOBAL":
        top, below = _pop(stack), _pop(stack)
        if isinstance(below, str) and isinstance(top, str):
            record(below, top)
        else:
            record(*UNRESOLVED)
        stack.append(_ANY)
    elif name == "MARK":
        stack.append(_MARK)
    elif name == "DUP":
        stack.append(_top(stack))
    elif name == "POP":
        _ = stack.pop() if stack and stack[-1] is _MARK else _pop(stack)  # POP drops a mark too
    else:  # EXT1, EXT2, EXT4: the loader's extension registry picks the global
        record("<extension>", str(arg))
        stack.append(_ANY)


_DOTTED = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*")
"""A module or attribute path the unpickler could import."""


def is_path_configuration(path: Path) -> bool:
    """Tell whether a ``.pth`` file is Python's text path configuration, not a checkpoint.

    Every line is a comment, an ``import`` statement or a filesystem path; a
    protocol-0 pickle (also text) has opcode lines such as ``cos`` that are none.
    """
    from openness.limits import read_bounded

    data = read_bounded(path, 64 * 1024).data
    try:
        lines = [line.strip() for line in data.decode("utf-8").splitlines()]
    except UnicodeDecodeError:
        return False
    lines = [line for line in lines if line]
    return bool(lines) and all(_PATH_LINE.match(line) for line in lines)


_PATH_LINE = re.compile(
    r"^(?:#.*|import\s+[\w.]+.*|(?:[a-zA-Z]:)?[\\/~.][^\x00-\x1f]*|[^\x00-\x1f]*[\\/][^\x00-\x1f]*)$"
)


def _top(stack: list[object]) -> object:
    if not stack or stack[-1] is _MARK:
        raise _PickleError("stack underflow")
    return stack[-1]


def _pop(stack: list[object]) -> object:
    value = _top(stack)
    stack.pop()
    return value


def _pop_mark(stack: list[object]) -> None:
    while stack and stack[-1] is not _MARK:
        stack.pop()
    if not stack:
        raise _PickleError("MARK missing")
    stack.pop()


def _starts_pickle(head: bytes) -> bool:
    r"""Whether bytes start with a PROTO opcode of protocol 2 to 5.

    >>> _starts_pickle(b"\x80\x02"), _starts_pickle(b"\x80\x09"), _starts_pickle(b"PK")
    (True, False, False)
    """
    return len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def _prefix(member: str | None) -> str:
    return f"{member}: " if member else ""


def _problem(member: str | None, stream: _Stream, err: Exception) -> str:
    if stream.at_limit:
        return f"{_prefix(member)}stops at the scan limit ({stream.limit:,} bytes, or a 1 MiB line)"
    return f"{_prefix(member)}not a valid pickle at byte {stream.position}: {str(err)[:120]}"


def _scan_zip(raw: IO[bytes], scan: _Scan) -> None:
    scan.container = "zip"
    problem = _directory_problem(raw)
    if problem:
        scan.fail(problem)
        return
    try:
        archive = zipfile.ZipFile(raw)
    except _ZIP_ERRORS as err:
        scan.fail(f"not a readable zip archive: {err}")
        return
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            scan.fail(f"zip archive holds {len(members):,} members, more than {MAX_MEMBERS:,}")
            return
        storages = tuple(  # torch keeps raw tensor bytes in <top>/data/, next to <top>/data.pkl
            info.filename[: -len("data.pkl")] + "data/"
            for info in members
            if info.filename == "data.pkl" or info.filename.endswith("/data.pkl")
        )
        for info in members:
            if scan.bytes_left <= 0 or scan.opcodes_left <= 0:
                scan.fail(f"scan limits reached before {info.filename}; the rest is unscanned")
                return
            if not info.filename.endswith("/"):
                _scan_member(archive, info, scan, storages)


def _scan_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan, storages: tuple[str, ...]
) -> None:
    name = info.filename
    by_name = name.lower().endswith((".pkl", ".pickle"))
    if not by_name and name.startswith(storages):
        return  # torch reads these as raw bytes, never as pickles
    if info.flag_bits & 0x1 or info.compress_type not in _ZIP_METHODS:
        if by_name:
            scan.fail(f"{name}: encrypted or compressed with a method torch cannot read")
        return
    ratio = info.file_size / max(info.compress_size, 1)
    if by_name and info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
        scan.fail(f"{name}: declares {ratio:,.0f}:1 compression (a zip bomb?); not scanned")
        return
    try:
        with archive.open(info) as member:
            if not by_name:
                if not _starts_pickle(member.read(2)):
                    return
                member.seek(0)
            if _scan_stream(member, scan, name, sniffed=not by_name):
                scan.members.append(name)
    except _ZIP_ERRORS as err:
        scan.fail(f"{name}: cannot be read from the archive: {err}")


def _directory_problem(raw: IO[bytes]) -> str | None:
    """Check a zip's member count and directory size before zipfile reads them."""
    size = raw.seek(0, os.SEEK_END)
    tail_start = max(size - 65_557, 0)  # the end record, after at most a 64 KiB comment
    raw.seek(tail_start)
    tail = raw.read()
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return "not a readable zip archive: no end-of-directory record"
    entries, directory = struct.unpack_from("<10xHI", tail, at)
    if tail_start + at >= 76:  # a zip64 end record (56 bytes) and its locator (20) precede it
        raw.seek(tail_start + at - 76)
        block = raw.read(76)
        if block[:4] == b"PK\x06\x06" and block[56:60] == b"PK\x06\x07":
            entries, directory = struct.unpack_from("<32xQQ", block)
    raw.seek(0)
    if entries > MAX_MEMBERS:
        return f"zip archive lists {entries:,} members, more than {MAX_MEMBERS:,}; not scanned"
    if directory > MAX_DIRECTORY_BYTES:
        return f"zip directory of {directory:,} bytes exceeds {MAX_DIRECTORY_BYTES:,}; not scanned"
    return None
