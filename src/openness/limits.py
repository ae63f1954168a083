"""Every size limit on what openness reads, and the one bounded way to read a file.

A user can hand any command a path to ``/dev/zero``, a 2 GB "LICENSE" or a
named pipe nobody writes to. Every file the tool reads goes through
``read_bounded``: it never reads more than its limit plus one byte, never
blocks on a pipe without a writer, and says when a file was longer than the
limit. The limits of the binary formats (safetensors, GGUF, pickles), which
read headers and streams rather than whole files, sit beside their readers.
Entry point: ``read_bounded``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

ANALYSED_CHARS = 400_000
"""Characters of one license text the engine reads; the rest is reported, not analysed."""
LICENSE_BYTES = 4 * ANALYSED_CHARS
"""Bytes read from one license file, by every command alike (enough for the
analysed characters in any UTF-8 text)."""
CARD_BYTES = 2_000_000
"""Bytes read from a model card (README.md)."""
CONFIG_BYTES = 5_000_000
"""Bytes of a model's config.json; a larger one is not read."""
RECORD_BYTES = 1_000_000
"""Bytes of one knowledge-base YAML record."""
POLICY_BYTES = 1_000_000
"""Bytes of a policy file."""
PROFILE_BYTES = 1_000_000
"""Bytes of an advisor profile."""
GITIGNORE_BYTES = 256 * 1024
"""Bytes of one .gitignore."""
CODE_FILE_BYTES = 5 * 1024 * 1024
"""Bytes of a code-base file the scanner reads; larger files are not read."""
NOTEBOOK_BYTES = 20 * 1024 * 1024
"""Bytes of a notebook (outputs make notebooks big)."""
SOURCE_CHARS = 256_000
"""Characters of one source file the code-base scanner parses."""
REQUEST_BYTES = 2 * 1024 * 1024
"""Bytes of one web request body."""


class TooLargeError(OSError):
    """A file holds more bytes than its role allows (it was not read whole)."""

    def __init__(self, path: Path | str, limit: int) -> None:
        self.message = f"larger than the {limit:,} bytes read from such a file"
        super().__init__(self.message)
        self.strerror = self.message
        self.filename = str(path)
        self.limit = limit

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Bounded:
    """What a bounded read returned."""

    data: bytes
    """At most the limit's bytes, from the start of the file."""
    truncated: bool
    """The file held more than the limit."""
    size: int | None
    """The file's size when it is a regular file, else None (a device, a pipe)."""


def read_bounded(path: Path | str, limit: int) -> Bounded:
    """Read at most *limit* bytes of *path*, and tell whether there was more.

    A named pipe is opened without waiting for a writer (one with none reads
    as empty); a folder or a socket is refused.

    Raises:
        OSError: missing, a folder, unreadable (``strerror`` says which).
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        if stat.S_ISSOCK(info.st_mode):
            raise OSError(6, "is a socket, not a file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)  # a pipe with a writer is read to its end
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    size = info.st_size if stat.S_ISREG(info.st_mode) else None
    return Bounded(data[:limit], total > limit, size)


def cut_at_line(data: bytes) -> bytes:
    """Return a cut-off *data* ending at its last line break, when one is in its second half."""
    cut = data.rfind(b"\n")
    return data[: cut + 1] if cut > len(data) // 2 else data


def read_whole(path: Path | str, limit: int) -> bytes:
    """Return all of *path*, which must hold at most *limit* bytes.

    Raises:
        TooLargeError: the file is longer (an OSError, so callers that report
            unreadable files report this one too).
        OSError: missing, a folder, unreadable.
    """
    read = read_bounded(path, limit)
    if read.truncated:
        raise TooLargeError(path, limit)
    return read.data
