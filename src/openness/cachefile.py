"""Answers kept between runs in the user's cache folder, as Python keeps bytecode.

A ``CacheFile`` is a dictionary of plain values (strings, numbers, tuples,
lists, dictionaries, None) read once from a file named by what it holds and
the version of what it was derived from, and written back, with the entries
this run added, when the process ends. Only the process that read it writes
it (forked workers inherit it read-only), through a temporary file renamed
into place, so concurrent runs never see half a file.

A cache can make a run faster, never different: a missing, damaged or
oversized file reads as empty, an unwritable folder keeps nothing, and every
user of a ``CacheFile`` checks what it reads back. ``$OPENNESS_CACHE`` names
another folder, or ``off`` to keep nothing. Users: ``openness.patterns``
(compiled regular expressions) and ``openness.advise.prices`` (prices looked up
in genai-prices).
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
from pathlib import Path
from typing import Any

from openness.environment import CACHE_ENV

MAX_CACHE_BYTES = 16 * 2**20
"""A cache file larger than this is ignored (the largest we write is about 1 MB)."""


def cache_folder() -> Path | None:
    """Return the folder caches are kept in, or None when caching is off."""
    folder = os.environ.get(CACHE_ENV, "").strip()
    if folder.lower() == "off":
        return None
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "openness"


class CacheFile:
    """A dictionary kept in ``<cache folder>/<name>-<version>.marshal``."""

    def __init__(self, name: str, version: str) -> None:
        """Name the cache; nothing is read until the first ``get`` or ``put``."""
        folder = cache_folder()
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in version)
        self.path = folder / f"{name}-{safe}.marshal" if folder is not None else None
        self._entries: dict[Any, Any] | None = None
        self._new: dict[Any, Any] = {}
        self._owner = os.getpid()

    @property
    def enabled(self) -> bool:
        """True when entries are kept (caching is on)."""
        return self.path is not None

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value kept for *key*, or *default*."""
        return self._load().get(key, default)

    def put(self, key: Any, value: Any) -> None:
        """Keep *value* for *key*; it is written when the process ends."""
        self._load()[key] = value
        if self.path is not None and os.getpid() == self._owner:
            self._new[key] = value

    def _load(self) -> dict[Any, Any]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                self._entries = read_cache(self.path)
                atexit.register(self.save)
        return self._entries

    def save(self) -> None:
        """Write this run's new entries (only from the process that read the cache)."""
        if not self._new or self.path is None or os.getpid() != self._owner:
            return
        every = {**read_cache(self.path), **self._new}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(marshal.dumps(every))
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):  # an unwritable cache is no cache
                temporary.unlink(missing_ok=True)
        self._new.clear()


def read_cache(path: Path) -> dict[Any, Any]:
    """Return the dictionary in *path*, or an empty one when it cannot be read as one."""
    try:
        if path.stat().st_size > MAX_CACHE_BYTES:
            return {}
        data: Any = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}
