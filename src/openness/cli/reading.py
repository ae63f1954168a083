"""Read license input the way a user gives it: a file path or - for standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from openness.errors import LicenseParseError
from openness.limits import LICENSE_BYTES, cut_at_line, read_bounded


def read_license_input(name: str) -> tuple[bytes, tuple[str, ...]]:
    """Return the bytes of license input *name* (``-`` is standard input), bounded.

    Raises:
        LicenseParseError: the path is missing, a folder, or unreadable.
    """
    if name == "-":
        data = sys.stdin.buffer.read(LICENSE_BYTES + 1)
        return _bounded(data[:LICENSE_BYTES], len(data) > LICENSE_BYTES, name, None)
    path = Path(name)
    try:
        read = read_bounded(path, LICENSE_BYTES)
    except IsADirectoryError as err:
        raise LicenseParseError(
            f"{name}: is a folder; give the license file inside it (LICENSE, LICENSE.md)",
            origin=name,
        ) from err
    except FileNotFoundError as err:
        raise LicenseParseError(f"{name}: no such file", origin=name) from err
    except OSError as err:
        raise LicenseParseError(f"{name}: cannot read: {err.strerror or err}", origin=name) from err
    return _bounded(read.data, read.truncated, name, read.size)


def _bounded(
    data: bytes, truncated: bool, name: str, size: int | None
) -> tuple[bytes, tuple[str, ...]]:
    if not truncated:
        return data, ()
    data = cut_at_line(data)
    total = f"{size:,} bytes" if size is not None else "more than that"
    return data, (f"{name}: {total}; only the first {len(data):,} bytes were read",)
