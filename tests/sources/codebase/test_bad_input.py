"""Bad input never crashes, hangs, runs code or eats memory; unreadable files are findings."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from openness.limits import CODE_FILE_BYTES as MAX_FILE_BYTES
from openness.limits import NOTEBOOK_BYTES as MAX_NOTEBOOK_BYTES
from openness.sources.codebase import find_model_references
from openness.sources.codebase.names import RawReference
from openness.sources.codebase.notebook import find_notebook_references
from openness.sources.codebase.python import find_python_references
from openness.sources.codebase.regex import find_python_text_references, find_script_references
from openness.sources.codebase.text import (
    find_env_references,
    find_json_references,
    find_line_references,
    find_shell_references,
    find_toml_references,
    find_yaml_references,
)
from openness.sources.findings import FindingKind

SECONDS = 10.0
"""Generous: a quadratic or exponential path takes minutes on these inputs."""

FINDERS: list[Callable[[str], list[RawReference]]] = [
    lambda text: find_python_references(text) or [],
    find_python_text_references,
    find_script_references,
    find_yaml_references,
    find_json_references,
    find_toml_references,
    find_env_references,
    find_shell_references,
    lambda text: find_line_references(text, "ini"),
    find_notebook_references,
]

_PYTHON_PIECES = [
    "MODEL",
    "model",
    "x",
    " = ",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "\n",
    "    ",
    '"org/name"',
    "'gpt-4o'",
    'f"{MODEL}-x"',
    " + ",
    "from_pretrained",
    "pipeline",
    "client.chat.completions.create",
    "os.environ.get",
    "def f(model=MODEL):",
    "class C:",
    "lambda model='gpt2': ",
    "import os",
    "from transformers import AutoModel",
    "**kw",
    "*a",
    "model=",
    "engine=",
    '"model": ',
    "return ",
    "if x:",
    "else:",
    "for a in b:",
    "@d",
    '"""doc"""',
    "# comment",
    "\\",
    "async def g():",
    "await ",
    "yield ",
    "%",
    "!",
]
_YAML_PIECES = [
    "model",
    "name",
    ": ",
    "- ",
    "? ",
    "\n",
    "  ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: ",
    "gpt-4o",
    "org/name",
    "'",
    '"',
    "---\n",
    "!!str ",
    "|\n",
    ">\n",
    "#",
    "=",
    "${X:-gpt-4o}",
]


def _assert_references(found: list[RawReference]) -> None:
    for reference in found:
        assert reference.ref and reference.line >= 1 and reference.via


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_raises(text: str) -> None:
    for finder in FINDERS:
        _assert_references(finder(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PYTHON_PIECES), max_size=60).map("".join))
def test_random_python_never_raises(code: str) -> None:
    _assert_references(find_python_references(code) or [])
    _assert_references(find_python_text_references(code))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_YAML_PIECES), max_size=60).map("".join))
def test_random_yaml_never_raises(text: str) -> None:
    _assert_references(find_yaml_references(text))


_JSON_VALUES = st.recursive(
    st.none() | st.integers() | st.text(max_size=12) | st.sampled_from(["gpt-4o", "org/name"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["model", "name", "llm", "x"]), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_JSON_VALUES)
@example(  # a list item under a key that a later entry writes beside its own value
    [{"llm": ["gpt-4o", "org/name"]}, {"llm": "org/name", "name": {"model": "gpt-4o"}}]
)
def test_json_and_yaml_references_point_at_their_text(value: object) -> None:
    for text, finder in (
        (json.dumps(value, indent=1), find_json_references),
        (yaml.safe_dump(value), find_yaml_references),
    ):
        lines = text.splitlines()
        for reference in finder(text):
            assert reference.ref in lines[reference.line - 1]


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "a + " * 50_000 + "a",
        "x = " + "-" * 200_000 + "1",
        "x = f(" * 50_000,
        "(" * 500_000,
        "[" * 500_000,
        "{" * 500_000,
        "- " * 300_000 + "x",
        "? " * 300_000,
        "model: " + "a" * 1_000_000,
        "model=" + " " * 1_000_000 + "x",
        "x" * 1_000_000,
        '"' * 500_000,
        "client.chat.completions.create(" * 50_000,
        'client.chat.completions.create(model="gpt-4o")\n' * 20_000,
        "from_pretrained(" * 50_000,
        "MODEL = 'gpt-4o'\n" * 50_000,
        'MODEL_0 = ""\n'
        + "".join(f"MODEL_{i} = MODEL_{i - 1} + MODEL_{i - 1}\n" for i in range(1, 3000)),
        "// x\n" * 200_000,
        "/*" * 300_000,
        "\n" * 1_000_000,
    ],
    ids=[
        "long-sum",
        "unary-chain",
        "open-calls",
        "parens",
        "brackets",
        "braces",
        "dashes",
        "complex-keys",
        "long-value",
        "long-spaces",
        "one-word",
        "quotes",
        "open-api-calls",
        "api-calls",
        "loader-calls",
        "many-constants",
        "doubling-constants",
        "line-comments",
        "block-comments",
        "newlines",
    ],
)
def test_pathological_text_stays_fast(text: str) -> None:
    for finder in FINDERS:
        start = time.perf_counter()
        found = finder(text)
        elapsed = time.perf_counter() - start
        assert elapsed < SECONDS, f"{finder} took {elapsed:.1f} s"
        assert len(found) <= 1_000_000


def test_large_files_are_skipped_and_code_files_reported(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_bytes(b'MODEL = "gpt-4o"\n' + b"#" * MAX_FILE_BYTES)
    (tmp_path / "big.json").write_bytes(
        b'{"model": "gpt-4o", "x": "' + b"a" * MAX_FILE_BYTES + b'"}'
    )
    (tmp_path / "ok.py").write_text('MODEL = "gpt-4o"\n', encoding="utf-8")
    scan = find_model_references(tmp_path)
    assert [(r.ref, r.path) for r in scan.references] == [("gpt-4o", "ok.py")]
    [finding] = scan.findings
    assert (finding.kind, finding.path) == (FindingKind.FILE_TOO_LARGE, "big.py")
    assert "5 MB limit" in finding.detail


def test_notebooks_have_a_larger_limit(tmp_path: Path) -> None:
    padding = "x" * (MAX_FILE_BYTES + 10)
    cells = [
        {"cell_type": "code", "source": ['MODEL = "gpt-4o"\n']},
        {"cell_type": "markdown", "source": [padding]},
    ]
    (tmp_path / "n.ipynb").write_text(json.dumps({"cells": cells}))
    assert [r.ref for r in find_model_references(tmp_path).references] == ["gpt-4o"]
    (tmp_path / "huge.ipynb").write_bytes(b" " * (MAX_NOTEBOOK_BYTES + 1))
    kinds = [(f.kind, f.path) for f in find_model_references(tmp_path).findings]
    assert kinds == [(FindingKind.FILE_TOO_LARGE, "huge.ipynb")]


def test_binary_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "weights.py").write_bytes(b'\x00\x01MODEL = "gpt-4o"\n')
    (tmp_path / "text.py").write_bytes(b'\xef\xbb\xbfMODEL = "gpt-4o"  # caf\xe9\n')
    scan = find_model_references(tmp_path)
    assert [(r.ref, r.path, r.line) for r in scan.references] == [("gpt-4o", "text.py", 1)]


def test_unreadable_file_is_a_finding_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked.py").write_text('MODEL = "gpt-4o"\n', encoding="utf-8")
    (tmp_path / "ok.py").write_text('MODEL = "gpt-4o"\n', encoding="utf-8")
    real_open = os.open

    def fake_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    scan = find_model_references(tmp_path)
    assert [r.path for r in scan.references] == ["ok.py"]
    assert [(f.kind, f.path) for f in scan.findings] == [(FindingKind.UNREADABLE_FILE, "locked.py")]


def test_a_pipe_named_like_code_does_not_hang_the_scan(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "trap.py")
    (tmp_path / "ok.py").write_text('MODEL = "gpt-4o"\n', encoding="utf-8")
    start = time.perf_counter()
    scan = find_model_references(tmp_path)
    assert time.perf_counter() - start < SECONDS
    assert [r.path for r in scan.references] == ["ok.py"]


def test_code_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').write('x')\n"
        'MODEL = __import__("os").system("touch {marker}") or "gpt-4o"\n',
        encoding="utf-8",
    )
    (tmp_path / "setup.py").write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    find_model_references(tmp_path)
    assert not marker.exists()


def test_progress_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openness.sources.codebase as codebase

    monkeypatch.setattr(codebase, "PROGRESS_EVERY", 2)
    for number in range(5):
        (tmp_path / f"f{number}.txt").write_text("x", encoding="utf-8")
    seen: list[int] = []
    assert find_model_references(tmp_path, progress=seen.append).files_scanned == 5
    assert seen == [2, 4, 5]


def test_a_later_key_does_not_swallow_list_items() -> None:
    # Found by hypothesis: "llm" again further down must not pull the cursor past "gpt-4o".
    value = {"llm": [["org/name"], "gpt-4o"], "x": {"llm": "org/name"}}
    text = json.dumps(value, indent=1)
    lines = text.splitlines()
    found = find_json_references(text)
    assert {reference.ref for reference in found} >= {"gpt-4o"}
    for reference in found:
        assert reference.ref in lines[reference.line - 1]
