"""Cut a dump into chunks and read each into a table of lines, whichever engine reads it.

Owns how a JSON-lines file is split (at line ends, about ``CHUNK_BYTES`` each,
each chunk knowing the number of its first line) and read: every line ended by a
newline is a row, text that is not UTF-8 is marked so the audit can count it
rather than stop. Entry points: ``jsonl_chunks``, ``read_chunk``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHUNK_BYTES = 32 * 1024 * 1024
"""About how much of a file one chunk holds."""


@dataclass(frozen=True)
class Chunk:
    """A run of whole lines of one file."""

    path: str
    start: int
    """Byte offset of its first line."""
    end: int
    """Byte offset just past its last line."""
    first_line: int
    """The 1-based number of its first line."""


def jsonl_chunks(path: Path, chunk_bytes: int = CHUNK_BYTES) -> list[Chunk]:
    """Split *path* at line ends into chunks of about *chunk_bytes*."""
    size = path.stat().st_size
    chunks = []
    start, line = 0, 1
    with path.open("rb") as handle:
        while start < size:
            handle.seek(min(start + chunk_bytes, size))
            if handle.tell() < size:
                handle.readline()
            end = min(handle.tell(), size)
            handle.seek(start)
            lines = _count_lines(handle, end - start)
            chunks.append(Chunk(str(path), start, end, line))
            start, line = end, line + lines
    return chunks


def _count_lines(handle: Any, length: int) -> int:
    count, left = 0, length
    while left > 0:
        block = handle.read(min(left, 8 * 1024 * 1024))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


def read_chunk(chunk: Chunk) -> Any:
    """Return the chunk's lines as an Arrow table (source, line, j, undecodable)."""
    import pyarrow as pa

    with open(chunk.path, "rb") as handle:
        handle.seek(chunk.start)
        data = handle.read(chunk.end - chunk.start)
    pieces = data.split(b"\n")
    if data.endswith(b"\n"):
        pieces.pop()
    texts: list[str | None] = []
    undecodable: list[bool] = []
    try:
        decoded = data.decode("utf-8").split("\n")
        if data.endswith(b"\n"):
            decoded.pop()
        texts = list(decoded)
        undecodable = [False] * len(texts)
    except UnicodeDecodeError:
        for piece in pieces:
            try:
                texts.append(piece.decode("utf-8"))
                undecodable.append(False)
            except UnicodeDecodeError:
                texts.append(None)
                undecodable.append(True)
    count = len(texts)
    return pa.table(
        {
            "source": pa.array([chunk.path] * count, pa.string()),
            "line": pa.array(range(chunk.first_line, chunk.first_line + count), pa.int64()),
            "j": pa.array(texts, pa.string()),
            "undecodable": pa.array(undecodable, pa.bool_()),
        }
    )
