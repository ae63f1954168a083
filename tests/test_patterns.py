"""The compiled-pattern cache: faster, never different, and never trusted blindly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness import patterns
from openness.environment import CACHE_ENV

PROGRAM = """
import re, sys
from openness import patterns
found = patterns.compiled(sys.argv[1], int(sys.argv[2])).findall(sys.argv[3])
cache = patterns._programs()
print(repr(found), len(cache._entries or {}), len(cache._new))
"""


def run(cache: Path | str, pattern: str, text: str, flags: int = 0) -> str:
    env = {**os.environ, CACHE_ENV: str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, pattern, str(int(flags)), text],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stderr == ""
    return done.stdout.strip()


def test_a_pattern_compiled_once_is_read_back_from_the_cache(tmp_path: Path) -> None:
    pattern = r"(?P<word>\b[a-z]+\b)\s+(?:licen[cs]e|terms){1,3}"
    first = run(tmp_path, pattern, "the license and Some terms", re.IGNORECASE)
    assert first.endswith(" 1 1")  # compiled, and a new program to save
    [cache] = tmp_path.iterdir()
    assert cache.name.startswith("patterns-")
    second = run(tmp_path, pattern, "the license and Some terms", re.IGNORECASE)
    assert second.endswith(" 1 0")  # read back: nothing new
    assert first.split()[:-2] == second.split()[:-2] == ["['the',", "'Some']"]


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    run(tmp_path, "abc", "abc")
    [cache] = tmp_path.iterdir()
    cache.write_bytes(b"\x00garbage that marshal cannot read" * 10)
    assert run(tmp_path, "abc", "xabcx").startswith("['abc'] 1 1")
    assert run(tmp_path, "abc", "xabcx").startswith("['abc'] 1 0")


def test_a_stored_program_that_does_not_build_is_recompiled(tmp_path: Path) -> None:
    import marshal

    run(tmp_path, "a+b", "aab")
    [cache] = tmp_path.iterdir()
    programs = marshal.loads(cache.read_bytes())
    programs[("a+b", 0)] = (0, [999, 999], 0, {}, ())  # not valid engine code
    cache.write_bytes(marshal.dumps(programs))
    assert run(tmp_path, "a+b", "xaabx").startswith("['aab']")


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run(blocker / "cache", "x", "xx").startswith("['x', 'x']")
    assert run("off", "x", "xx").startswith("['x', 'x'] 0")  # caching off: nothing kept


def test_the_cache_is_keyed_by_python_and_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openness.cachefile import CacheFile

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    patterns._programs.cache_clear()
    try:
        path = patterns.cache_file()
        assert path is not None and path.parent == tmp_path
        assert sys.implementation.cache_tag in path.name
        monkeypatch.setenv(CACHE_ENV, "OFF")
        assert CacheFile("patterns", "x").path is None
    finally:
        patterns._programs.cache_clear()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="abcxyz019.*+?|()[]{}^$\\", min_size=1, max_size=20),
    st.sampled_from([0, re.IGNORECASE, re.DOTALL, re.MULTILINE | re.VERBOSE]),
)
def test_a_rebuilt_program_is_the_compiled_pattern(pattern: str, flags: int) -> None:
    """Whatever a pattern is, the program kept rebuilds exactly what re.compile gives."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "possible nested set"
        try:
            fresh = re.compile(pattern, flags)
        except re.error:
            return
        program = patterns._program(pattern, flags, fresh)
    assert program is not None
    rebuilt = patterns._build(pattern, program)
    assert rebuilt == fresh
    assert (rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (
        fresh.flags,
        fresh.groups,
        fresh.groupindex,
    )
