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
The file is an ``openness.cachefile.CacheFile``: ``$OPENNESS_CACHE`` names
another folder, or ``off`` to keep nothing.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import os
import re
import sys
from functools import cache
from pathlib import Path

from openness.cachefile import CacheFile

_Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, code, groups, group names."""

_OWNER = os.getpid()
"""The process that imported this module; a forked worker inherits the value, not the pid."""


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return ``re.compile(pattern, flags)``, from the cache when it holds the pattern.

    >>> compiled("mit").search("the mit license").span()
    (4, 7)
    """
    flags = int(flags)  # a RegexFlag cannot be saved
    programs = _programs()
    program = programs.get((pattern, flags))
    if isinstance(program, tuple) and len(program) == 5:
        try:
            return _build(pattern, program)
        except Exception:  # noqa: BLE001 - a stored program that fails is recompiled
            pass
    fresh = re.compile(pattern, flags)
    if programs.enabled and os.getpid() == _OWNER:  # a forked worker's would not be kept
        program = _program(pattern, flags, fresh)
        if program is not None:
            programs.put((pattern, flags), program)
    return fresh


@cache
def _programs() -> CacheFile:
    tag = sys.implementation.cache_tag or "python"
    return CacheFile("patterns", f"{tag}-{int(_sre.MAGIC)}")


def cache_file() -> Path | None:
    """Return the cache file of this Python, or None when caching is off."""
    return _programs().path


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
