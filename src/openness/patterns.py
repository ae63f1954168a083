"""Compiled regular expressions kept between runs, as Python keeps bytecode.

The license engine holds some 330 patterns, and compiling them takes a
tenth of a second on every run: more than reading a license. Python cannot
save a compiled pattern, but it can save the program ``re`` hands its C
engine (a list of integers) and hand it back. ``compiled`` looks a pattern
up in a cache file in the user's cache folder, keyed by the Python version
and the engine's magic number, and compiles only the patterns it has not
seen; the new programs are written when the process ends.

The cache can make a run faster, never different: a program is stored only
after the pattern it rebuilds has been checked equal to ``re.compile``'s,
and another Python, a damaged or oversized file, an unwritable folder or
a change in ``re``'s internals each fall back to ``re.compile``.
``$OPENNESS_CACHE`` names another folder, or ``off`` to keep nothing.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

from openness.environment import CACHE_ENV

MAX_CACHE_BYTES = 16 * 2**20
"""A cache file larger than this is ignored (the engine's patterns need about 1 MB)."""

_Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, code, groups, group names."""

_programs: dict[tuple[str, int], _Program] | None = None
_loaded = False
_new: dict[tuple[str, int], _Program] = {}
_owner = os.getpid()


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return ``re.compile(pattern, flags)``, from the cache when it holds the pattern.

    >>> compiled("mit").search("the mit license").span()
    (4, 7)
    """
    flags = int(flags)  # a RegexFlag cannot be saved
    programs = _load()
    program = programs.get((pattern, flags)) if programs is not None else None
    if program is not None:
        try:
            return _build(pattern, program)
        except Exception:  # noqa: BLE001 - a stored program that fails is recompiled
            pass
    fresh = re.compile(pattern, flags)
    if programs is None or os.getpid() != _owner:
        return fresh  # caching off, or a forked worker whose programs would not be saved
    program = _program(pattern, flags, fresh)
    if program is not None:
        programs[(pattern, flags)] = _new[(pattern, flags)] = program
    return fresh


def cache_file() -> Path | None:
    """Return the cache file of this Python, or None when caching is off."""
    folder = os.environ.get(CACHE_ENV, "").strip()
    if folder.lower() == "off":
        return None
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
        folder = str(Path(base) / "openness")
    tag = sys.implementation.cache_tag or "python"
    return Path(folder) / f"patterns-{tag}-{_magic()}.marshal"


def _magic() -> int:
    return int(_sre.MAGIC)


def _build(pattern: str, program: _Program) -> re.Pattern[str]:
    built: re.Pattern[str] = _sre.compile(pattern, *program)
    return built


def _program(pattern: str, flags: int, fresh: re.Pattern[str]) -> _Program | None:
    """Return the program of *pattern*, if rebuilding it gives exactly *fresh*."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        names = parsed.state.groupdict
        index: list[str | None] = [None] * parsed.state.groups
        for name, number in names.items():
            index[number] = name
        program: _Program = (
            int(flags | parsed.state.flags),
            code,
            parsed.state.groups - 1,
            dict(names),
            tuple(index),
        )
        return program if _build(pattern, program) == fresh else None
    except Exception:  # noqa: BLE001 - re's internals changed: compile as usual
        return None


def _load() -> dict[tuple[str, int], _Program] | None:
    """Return the programs known (read once from the cache), or None when caching is off."""
    global _programs, _loaded
    if not _loaded:
        _loaded = True
        path = cache_file()
        if path is not None:
            _programs = _read(path)
            atexit.register(_save, path)
    return _programs


def _read(path: Path) -> dict[tuple[str, int], _Program]:
    try:
        if path.stat().st_size > MAX_CACHE_BYTES:
            return {}
        data: Any = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: program
        for key, program in data.items()
        if isinstance(key, tuple) and isinstance(program, tuple) and len(program) == 5
    }


def _save(path: Path) -> None:
    """Write the programs compiled in this run (only from the process that read the cache)."""
    if not _new or os.getpid() != _owner:
        return
    every = {**_read(path), **_new}
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps(every))
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # an unwritable cache is no cache
            temporary.unlink(missing_ok=True)
    _new.clear()
