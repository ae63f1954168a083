"""Read license input the way a user gives it: a file path or - for standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from openness.errors import LicenseParseError
from openness.licenses.text import MAX_ANALYSED_CHARS

MAX_READ_BYTES = 4 * MAX_ANALYSED_CHARS
"""Bytes read from one input; enough for the analysed characters in any UTF-8 text."""


def read_license_input(name: str) -> tuple[bytes, tuple[str, ...]]:
    """Return the bytes of license input *name* (``-`` is standard input), bounded.

    Raises:
        LicenseParseError: the path is missing, a folder, or unreadable.
    """
    if name == "-":
        data = sys.stdin.buffer.read(MAX_READ_BYTES + 1)
        return _bounded(data, name, None)
    path = Path(name)
    try:
        if path.is_dir():
            raise LicenseParseError(
                f"{name}: is a folder; give the license file inside it (LICENSE, LICENSE.md)",
                origin=name,
            )
        size = path.stat().st_size
        with path.open("rb") as handle:
            data = handle.read(MAX_READ_BYTES + 1)
    except FileNotFoundError as err:
        raise LicenseParseError(f"{name}: no such file", origin=name) from err
    except OSError as err:
        raise LicenseParseError(f"{name}: cannot read: {err.strerror or err}", origin=name) from err
    return _bounded(data, name, size)


def _bounded(data: bytes, name: str, size: int | None) -> tuple[bytes, tuple[str, ...]]:
    if len(data) <= MAX_READ_BYTES:
        return data, ()
    data = data[:MAX_READ_BYTES]
    cut = data.rfind(b"\n")
    if cut > MAX_READ_BYTES // 2:
        data = data[: cut + 1]
    total = f"{size:,} bytes" if size is not None else "more than that"
    return data, (f"{name}: {total}; only the first {len(data):,} bytes were read",)
