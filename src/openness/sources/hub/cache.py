"""An on-disk cache of Hub answers: one JSON file per key, with the time it was fetched.

Owns where the cache lives (``default_cache_dir``), how an entry is named (a
hash of its key), how it is written (a temporary file then ``os.replace``, so a
reader never sees half an entry) and how it is read (bounded, validated, and
ignored rather than trusted when it is corrupt, too large or not a regular
file). It does not know what a payload means nor talk to the Hub: see
``openness.sources.hub``. Entry point: ``JsonCache``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

logger = logging.getLogger(__name__)

CACHE_FORMAT: Final = 1
"""Version of the entry layout; entries of another version are ignored."""

MAX_ENTRY_BYTES = 32 * 1024 * 1024
"""Larger cache files are ignored unread (an entry holds at most a 2 MB license and the
facts of one model, well under this)."""


class _Envelope(BaseModel):
    """The JSON shape of one cache file."""

    model_config = ConfigDict(extra="forbid")

    format: Literal[1]
    key: str
    fetched_at: AwareDatetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class CacheEntry:
    """One cached answer and when it was fetched."""

    key: str
    """The key it was stored under (the file name holds only its hash)."""
    fetched_at: datetime
    """When the answer was fetched (timezone-aware)."""
    payload: dict[str, Any]
    """The answer, as JSON-compatible data."""

    def is_fresh(self, now: datetime, ttl_seconds: int) -> bool:
        """Tell whether the entry is younger than *ttl_seconds* at *now*.

        An entry dated in the future (a clock that went back) is not fresh.

        Args:
            now: the current time, timezone-aware.
            ttl_seconds: how long an entry stays fresh.

        Returns:
            True when ``0 <= now - fetched_at < ttl_seconds``.
        """
        age = now - self.fetched_at
        return timedelta(0) <= age < timedelta(seconds=ttl_seconds)


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the openness cache folder named by the environment.

    ``$OPENNESS_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/openness``, else
    ``~/.cache/openness``.

    Args:
        environ: the environment to read; ``os.environ`` by default.

    Returns:
        The folder (it may not exist yet).

    >>> default_cache_dir({"OPENNESS_CACHE_DIR": "/srv/cache"}).as_posix()
    '/srv/cache'
    >>> default_cache_dir({"XDG_CACHE_HOME": "/x"}).as_posix()
    '/x/openness'
    """
    env = os.environ if environ is None else environ
    if explicit := env.get("OPENNESS_CACHE_DIR"):
        return Path(explicit).expanduser()
    if xdg := env.get("XDG_CACHE_HOME"):
        return Path(xdg).expanduser() / "openness"
    return Path.home() / ".cache" / "openness"


class JsonCache:
    """A folder of JSON cache entries, one file per key.

    Reading never raises: a missing, unreadable, oversized or corrupt entry
    reads as absent, and the next write replaces it. Writing never raises
    either: a cache that cannot be written (read-only disk, full disk) only
    costs a refetch next time.

    Args:
        directory: the folder holding the entries; created on first write.
        max_entry_bytes: larger files are ignored unread.
    """

    def __init__(self, directory: Path, max_entry_bytes: int = MAX_ENTRY_BYTES) -> None:
        self.directory = directory
        self.max_entry_bytes = max_entry_bytes

    def path_for(self, key: str) -> Path:
        """Return the file that holds the entry for *key*.

        Args:
            key: any string; only its SHA-256 appears in the file name.

        Returns:
            ``<directory>/<hash>.json``.
        """
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / f"{digest[:40]}.json"

    def read(self, key: str) -> CacheEntry | None:
        """Return the entry stored for *key*, or None when there is no usable one.

        Args:
            key: the key the entry was written under.

        Returns:
            The entry, or None when the file is missing, not a regular file,
            too large, not valid JSON of the entry shape, or holds another key.
        """
        path = self.path_for(key)
        data = _read_regular_file(path, self.max_entry_bytes)
        if data is None:
            return None
        try:
            envelope = _Envelope.model_validate_json(data)
        except ValidationError as err:
            logger.debug("ignoring corrupt cache entry %s: %s", path, err.errors()[:1])
            return None
        if envelope.key != key:
            logger.debug("ignoring cache entry %s: written for another key", path)
            return None
        return CacheEntry(key=key, fetched_at=envelope.fetched_at, payload=envelope.payload)

    def write(self, key: str, fetched_at: datetime, payload: Mapping[str, Any]) -> bool:
        """Store *payload* for *key*, atomically replacing any previous entry.

        Args:
            key: the key to store under.
            fetched_at: when the payload was fetched (timezone-aware).
            payload: JSON-compatible data.

        Returns:
            True when the entry was written, False when the cache could not be
            written (the reason is logged at debug level).
        """
        try:
            envelope = _Envelope(
                format=CACHE_FORMAT, key=key, fetched_at=fetched_at, payload=dict(payload)
            )
            data = envelope.model_dump_json().encode("utf-8")
        except ValueError as err:  # a naive time, or a value JSON cannot hold
            logger.debug("not caching an entry that cannot be stored: %s", err)
            return False
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.path_for(key), data)
        except OSError as err:
            logger.debug("could not write cache entry in %s: %s", self.directory, err)
            return False
        return True


def _read_regular_file(path: Path, max_bytes: int) -> bytes | None:
    """Read at most *max_bytes* of *path*; None if absent, not a regular file, larger or unreadable.

    The file is opened without blocking and checked to be a regular file before
    reading, so a FIFO or a device put in the cache folder cannot hang us.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            logger.debug("ignoring cache entry %s: not a regular file or too large", path)
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1)
    except OSError as err:
        logger.debug("could not read cache entry %s: %s", path, err)
        return None
    finally:
        os.close(descriptor)
    return data if len(data) <= max_bytes else None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write *data* to a temporary file next to *path*, then move it into place."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)  # gone after a successful replace
