"""Find every model a code base uses: loaders, API clients, configs, notebooks, scripts.

Owns the scan of a source tree: walking it (``openness.sources.codebase.walk``),
choosing a finder by file name, reading each file once and within bounds, a
cheap pre-filter so that only files holding a trigger word are parsed, and
the result: references de-duplicated and sorted, and the problems met as
``Finding`` data. It does not look models up or judge them (see
``openness.scan``), and never imports or runs the code it reads. Entry point:
``find_model_references()``.

Files read, by name (others are counted but not opened):

- ``*.py``: syntax tree (``codebase.python``); a file with a syntax error or
  longer than ``codebase.python.MAX_SOURCE_CHARS`` is read as text instead
  (``codebase.regex``): known calls with literal or constant arguments only.
- ``*.ipynb``: Python code cells (``codebase.notebook``).
- ``*.js .mjs .cjs .ts .tsx .jsx .mts .cts``: known calls (``codebase.regex``).
- ``*.yaml .yml .json .toml``, ``.env`` / ``.env.*`` / ``*.env``, ``*.cfg .ini .conf``,
  ``*.sh .bash``, ``Dockerfile``: model-like keys (``codebase.text``).

Limits: files over ``MAX_FILE_BYTES`` (notebooks ``MAX_NOTEBOOK_BYTES``) are
not read; for Python files and notebooks this is a ``FILE_TOO_LARGE``
finding, for the others (data, lock files, bundles) it is silent. A file
holding a NUL byte in its first 8 KiB is binary and skipped. Text is decoded
as UTF-8 with invalid bytes replaced. An unreadable file is an
``UNREADABLE_FILE`` finding.

A Hub-style reference (``org/name``, ``gpt2``) that names an existing folder,
relative to the file or to the root, is reported as ``local``: loaders such as
``from_pretrained`` try a local folder first.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openness.sources.codebase.calls import HOT_WORDS
from openness.sources.codebase.names import RawReference, ReferenceKind
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
from openness.sources.codebase.walk import WalkedFile, walk_tree
from openness.sources.findings import Finding, FindingKind

__all__ = [
    "CodebaseScan",
    "ModelReference",
    "ReferenceKind",
    "find_model_references",
]

from openness.limits import CODE_FILE_BYTES as MAX_FILE_BYTES
from openness.limits import NOTEBOOK_BYTES as MAX_NOTEBOOK_BYTES

BINARY_SAMPLE_BYTES = 8192
"""A NUL byte in this many first bytes marks a file as binary."""
PROGRESS_EVERY = 250
"""``progress`` is called after every this many files, and once at the end."""


@dataclass(frozen=True)
class ModelReference:
    """One place where a code base names a model."""

    ref: str
    """The model: a Hub repo id (``meta-llama/Meta-Llama-3-8B``), an API model name
    (``gpt-4o``) or a local path."""
    path: str
    """The file, relative to the scanned root, with "/" separators."""
    line: int
    """1-based line in the file."""
    kind: ReferenceKind
    """``huggingface``, ``api`` or ``local``."""
    via: str
    """How it was found: ``transformers.from_pretrained``, ``openai.chat.completions.create``,
    ``yaml:model``, ``env:OPENAI_MODEL``, ``notebook cell 3: ...``."""

    @property
    def location(self) -> str:
        """``path:line``, as the scan report's ``found_at`` shows it."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class CodebaseScan:
    """What a code-base scan found."""

    references: tuple[ModelReference, ...]
    """Sorted by (path, line, ref); one per (ref, path, line)."""
    findings: tuple[Finding, ...]
    """Problems met: unreadable files, symbolic-link loops, links out of the tree,
    files too large to read."""
    files_scanned: int
    """Files the walk visited (each was looked at by name; those of a known kind were read)."""


@dataclass(frozen=True)
class _Finder:
    kind: str
    find: Callable[[str], list[RawReference]]
    trigger: re.Pattern[bytes]
    """Files whose bytes do not match are not decoded or parsed."""
    max_bytes: int = MAX_FILE_BYTES
    reports_too_large: bool = False


def _any_of(words: str) -> re.Pattern[bytes]:
    """Compile a search for any of the space-separated *words*, grouped by first letter.

    Grouped, every alternative starts with a literal and Python's re skips to the
    letters that can start one, several times faster than a plain alternation.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words.split())):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    pattern = "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())
    return re.compile(pattern.encode("ascii"))


_CASES = "model Model MODEL llm Llm LLM engine Engine ENGINE"
_CONFIG_TRIGGER = _any_of(f"{_CASES} name_or_path huggingface.co/ hf.co/")
_PYTHON_TRIGGER = re.compile(HOT_WORDS.pattern.encode("ascii"))
_SCRIPT_TRIGGER = _any_of(
    f"{_CASES} pipeline from_pretrained openai anthropic google mistral cohere groq xai "
    "deepseek azure vertex perplexity together fireworks"
)


def _find_python(text: str) -> list[RawReference]:
    found = find_python_references(text)
    return find_python_text_references(text) if found is None else found


def _find_ini(text: str) -> list[RawReference]:
    return find_line_references(text, "ini")


_PYTHON = _Finder("python", _find_python, _PYTHON_TRIGGER, reports_too_large=True)
_NOTEBOOK = _Finder("notebook", find_notebook_references, _PYTHON_TRIGGER, MAX_NOTEBOOK_BYTES, True)
_SCRIPT = _Finder("script", find_script_references, _SCRIPT_TRIGGER)
_YAML = _Finder("yaml", find_yaml_references, _CONFIG_TRIGGER)
_INI = _Finder("ini", _find_ini, _CONFIG_TRIGGER)
_SHELL = _Finder("shell", find_shell_references, _CONFIG_TRIGGER)
_ENV = _Finder("env", find_env_references, _CONFIG_TRIGGER)
_BY_SUFFIX = {
    ".py": _PYTHON,
    ".ipynb": _NOTEBOOK,
    ".yaml": _YAML,
    ".yml": _YAML,
    ".json": _Finder("json", find_json_references, _CONFIG_TRIGGER),
    ".toml": _Finder("toml", find_toml_references, _CONFIG_TRIGGER),
    ".cfg": _INI,
    ".ini": _INI,
    ".conf": _INI,
    ".env": _ENV,
    ".sh": _SHELL,
    ".bash": _SHELL,
    ".dockerfile": _SHELL,
    **dict.fromkeys((".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".mts", ".cts"), _SCRIPT),
}


def finder_kind(name: str) -> str | None:
    """Return the kind of finder that reads a file called *name*, or None.

    >>> [finder_kind(n) for n in ("app.py", ".env.local", "Dockerfile", "README.md")]
    ['python', 'env', 'shell', None]
    """
    finder = _finder_for(name)
    return finder.kind if finder is not None else None


def _finder_for(name: str) -> _Finder | None:
    if name == ".env" or name.startswith(".env."):
        return _ENV
    if name == "Dockerfile" or name.startswith("Dockerfile."):
        return _SHELL
    dot = name.rfind(".")
    return _BY_SUFFIX.get(name[dot:].lower()) if dot > 0 else None


def find_model_references(
    root: Path,
    *,
    include_vendored: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CodebaseScan:
    """Find every model the code base at *root* uses, open and closed.

    Args:
        root: a folder (walked as ``walk_tree`` does: ``.gitignore`` honoured,
            vendored folders skipped, symbolic links kept inside) or one file.
        include_vendored: also read dependency, build and cache folders.
        progress: called with the number of files visited so far, every
            ``PROGRESS_EVERY`` files and once at the end.

    Returns:
        The references, sorted by (path, line, ref) and one per (ref, path,
        line), the findings, and the number of files visited.

    Raises:
        SourceError: *root* does not exist or cannot be examined.
    """
    root = Path(root)
    references: dict[tuple[str, str, int], ModelReference] = {}
    findings: list[Finding] = []
    local = _LocalFolders(root)
    visited = 0
    for entry in walk_tree(root, include_vendored=include_vendored):
        if isinstance(entry, Finding):
            findings.append(entry)
            continue
        visited += 1
        if progress is not None and visited % PROGRESS_EVERY == 0:
            progress(visited)
        hits, finding = _scan_file(entry)
        findings.extend([finding] if finding else [])
        for reference in (local.mark(entry.path, hit) for hit in hits):
            references.setdefault((reference.ref, reference.path, reference.line), reference)
    if progress is not None:
        progress(visited)
    ordered = sorted(references.values(), key=lambda r: (r.path, r.line, r.ref))
    findings.sort(key=lambda f: (f.path, f.kind.value, f.detail))
    return CodebaseScan(tuple(ordered), tuple(findings), visited)


def _scan_file(entry: WalkedFile) -> tuple[list[RawReference], Finding | None]:
    """Read one file if a finder takes it, and return what it names and any problem."""
    finder = _finder_for(entry.path.rpartition("/")[2])
    if finder is None:
        return [], None
    if entry.size > finder.max_bytes:
        return [], _too_large(entry, finder)
    try:
        data = _read(entry.absolute, entry.size, finder.max_bytes)
    except OSError as err:
        detail = f"cannot be read: {err.strerror or type(err).__name__}"
        return [], Finding(FindingKind.UNREADABLE_FILE, entry.path, detail)
    if len(data) > finder.max_bytes:
        return [], _too_large(entry, finder)
    if b"\0" in data[:BINARY_SAMPLE_BYTES] or not finder.trigger.search(data):
        return [], None
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return finder.find(text), None


def _too_large(entry: WalkedFile, finder: _Finder) -> Finding | None:
    if not finder.reports_too_large:
        return None
    limit = finder.max_bytes // (1024 * 1024)
    detail = f"not scanned for models: {entry.size:,} bytes, over the {limit} MB limit"
    return Finding(FindingKind.FILE_TOO_LARGE, entry.path, detail)


def _read(path: Path, expected: int, limit: int) -> bytes:
    """Return up to ``limit + 1`` bytes of a regular file (never blocking on a pipe).

    *expected* is the size the walk saw: one read of that size (plus one byte,
    to notice growth) is enough for almost every file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return b""
        chunks: list[bytes] = []
        wanted, remaining = min(expected, limit) + 1, limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(wanted, remaining))
            chunks.append(chunk)
            remaining -= len(chunk)
            if len(chunk) < wanted:
                break  # a short read of a regular file: the end
            wanted = 1 << 20
        return b"".join(chunks)
    finally:
        os.close(descriptor)


class _LocalFolders:
    """Mark Hub-style references that name an existing folder of the tree as local."""

    def __init__(self, root: Path) -> None:
        self.root = root if root.is_dir() else root.parent
        self.cache: dict[tuple[str, str], bool] = {}

    def mark(self, path: str, hit: RawReference) -> ModelReference:
        kind = hit.kind
        if kind is ReferenceKind.HUGGINGFACE and hit.via != "url":
            folder = path.rpartition("/")[0]
            if self._exists(folder, hit.ref) or self._exists("", hit.ref):
                kind = ReferenceKind.LOCAL
        return ModelReference(hit.ref, path, hit.line, kind, hit.via)

    def _exists(self, folder: str, ref: str) -> bool:
        key = (folder, ref)
        if key not in self.cache:
            self.cache[key] = (self.root / folder / ref).is_dir()
        return self.cache[key]
