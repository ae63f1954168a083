"""Walk a source tree as a code scanner should: what git would track, each file once.

Owns listing the files under a root: ``.gitignore`` files (the root one and
nested ones, with git's own semantics through ``pathspec``), version-control
folders (always skipped), vendored and dependency folders (skipped unless
asked), and symbolic links, which are never followed out of the root, whose
loops are detected by the (device, inode) of each folder entered, and whose
target files are read once. Problems met on the way are yielded as
``Finding`` data, never raised. It does not read file contents (see
``openness.sources.codebase``). Entry point: ``walk_tree()``.

Symbolic links are handled after the real tree has been walked: a link to a
folder or file inside the root that was already walked is skipped (its files
are reported once, under their real path); a link to a part of the root the
walk did not reach (an ignored or vendored folder) is followed, and reported
under the link's path; the link's own location decides whether it is
ignored. ``.git/info/exclude`` and the user's global excludes file are not
read: they are not part of the repository.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from pathspec import GitIgnoreSpec

from openness.errors import SourceError
from openness.limits import GITIGNORE_BYTES as MAX_GITIGNORE_BYTES
from openness.sources.findings import Finding, FindingKind

logger = logging.getLogger(__name__)

VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj"})
"""Version-control folders: never walked."""

VENDORED_FOLDERS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        ".venv",
        "venv",
        "site-packages",
        "dist-packages",
        "__pycache__",
        ".tox",
        ".nox",
        ".eggs",
        "dist",
        "build",
        "vendor",
        "third_party",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ipynb_checkpoints",
        ".cache",
    }
)
"""Folders of dependencies, build output and caches: skipped unless ``include_vendored``.

A folder holding ``pyvenv.cfg`` (a virtual environment, whatever its name)
and any ``*.egg-info`` folder are skipped too."""

MAX_GITIGNORE_LINE = 1000
"""Longer pattern lines are dropped: no real pattern is that long."""
PROGRESS_EVERY = 1000
"""``progress`` is called after every this many files, and once at the end."""

_VENV_MARKER = "pyvenv.cfg"
_GITIGNORE = ".gitignore"
_ENTER = "enter"

_Chain: TypeAlias = tuple[tuple[str, GitIgnoreSpec], ...]
"""The ``.gitignore`` rules in force: (folder prefix ending in "/", rules), root first."""


@dataclass(frozen=True)
class WalkedFile:
    """A regular file found by the walk."""

    path: str
    """Path relative to the root, with "/" separators (the link's path for a linked file)."""
    absolute: Path
    """Where to read it (for a linked file, the real file it points to)."""
    size: int
    """Size in bytes when listed."""


WalkEntry: TypeAlias = WalkedFile | Finding
"""What ``walk_tree`` yields: a file, or a problem met (a ``Finding``)."""


def walk_tree(
    root: Path,
    *,
    include_vendored: bool = False,
    respect_gitignore: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[WalkEntry]:
    """Yield every file under *root* that a scan should read, and the problems met.

    Files come in a stable order (names sorted, a folder's files before its
    subfolders, linked content last). Problems are ``Finding`` objects of kind
    ``SYMLINK_LOOP``, ``SYMLINK_OUTSIDE`` or ``UNREADABLE_FILE`` (a folder that
    cannot be listed, a file that cannot be examined). Only regular files are
    yielded: pipes, sockets and devices are skipped.

    Args:
        root: the folder to walk, or a single file (then only that file is yielded).
        include_vendored: also walk dependency, build and cache folders
            (``VENDORED_FOLDERS``, virtual environments).
        respect_gitignore: skip what ``.gitignore`` files exclude.
        progress: called with the number of files yielded so far, every
            ``PROGRESS_EVERY`` files and once at the end.

    Yields:
        ``WalkedFile`` for each file, ``Finding`` for each problem.

    Raises:
        SourceError: *root* does not exist or cannot be examined.
    """
    walker = _Walker(Path(root), include_vendored, respect_gitignore)
    count = 0
    for entry in walker.run():
        if isinstance(entry, WalkedFile):
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
        yield entry
    if progress is not None:
        progress(count)


def is_vendored_name(name: str) -> bool:
    """Tell whether a folder named *name* holds vendored code, a build or a cache.

    >>> [is_vendored_name(name) for name in ("node_modules", "pkg.egg-info", "src")]
    [True, True, False]
    """
    return name in VENDORED_FOLDERS or name.endswith(".egg-info")


class _Walker:
    """One walk: the folders entered, the files yielded, the links left for later."""

    def __init__(self, root: Path, include_vendored: bool, respect_gitignore: bool) -> None:
        self.root = Path(os.path.abspath(root))
        self.include_vendored = include_vendored
        self.respect_gitignore = respect_gitignore
        self.root_real = os.path.realpath(root)
        self.visited_folders: set[tuple[int, int]] = set()
        self.seen_files: set[tuple[int, int]] = set()
        self.links: deque[tuple[str, str, _Chain]] = deque()

    def run(self) -> Iterator[WalkEntry]:
        try:
            info = os.stat(self.root)
        except OSError as err:
            raise SourceError(
                f"Cannot read {str(self.root)!r}: {err.strerror or err}. "
                "Check that the path exists and is readable."
            ) from err
        if not stat.S_ISDIR(info.st_mode):
            if stat.S_ISREG(info.st_mode):
                yield WalkedFile(self.root.name, self.root, info.st_size)
            return
        self.visited_folders.add((info.st_dev, info.st_ino))
        yield from self._walk_folder("", os.fspath(self.root), ())
        while self.links:
            yield from self._follow(*self.links.popleft())

    def _walk_folder(self, rel: str, absolute: str, chain: _Chain) -> Iterator[WalkEntry]:
        stack = [(rel, absolute, chain)]
        while stack:
            folder, folder_abs, rules = stack.pop()
            try:
                with os.scandir(folder_abs) as listing:
                    entries = sorted(listing, key=_entry_name)
            except OSError as err:
                yield _unreadable(folder or ".", f"folder cannot be listed: {_reason(err)}")
                continue
            by_name = {entry.name: entry for entry in entries}
            if folder and not self.include_vendored and _VENV_MARKER in by_name:
                continue
            gitignore = by_name.get(_GITIGNORE) if self.respect_gitignore else None
            if gitignore is not None and _is_regular_file(gitignore):  # not a link, not a pipe
                rules = _with_gitignore(rules, folder, gitignore.path)
            subfolders: list[tuple[str, str, _Chain]] = []
            for entry in entries:
                rel_path = f"{folder}/{entry.name}" if folder else entry.name
                item = self._examine(entry, rel_path, rules)
                if isinstance(item, str):  # _ENTER
                    subfolders.append((rel_path, entry.path, rules))
                elif item is not None:
                    yield item
            stack.extend(reversed(subfolders))

    def _examine(self, entry: os.DirEntry[str], rel: str, rules: _Chain) -> WalkEntry | str | None:
        """Return the file to yield, the problem met, ``_ENTER`` for a folder to walk, or None."""
        name = entry.name
        if name in VCS_FOLDERS:
            return None
        try:
            if entry.is_symlink():
                if not self._skipped(name, rel, rules, is_folder=False):
                    self.links.append((rel, entry.path, rules))
                return None
            if entry.is_dir(follow_symlinks=False):
                if self._skipped(name, rel, rules, is_folder=True):
                    return None
                info = entry.stat(follow_symlinks=False)
                key = (info.st_dev, info.st_ino)
                if key in self.visited_folders:
                    return None
                self.visited_folders.add(key)
                return _ENTER
            if not entry.is_file(follow_symlinks=False) or self._ignored(rel, rules, False):
                return None
            info = entry.stat(follow_symlinks=False)
        except OSError as err:
            return _unreadable(rel, f"cannot be examined: {_reason(err)}")
        self.seen_files.add((info.st_dev, info.st_ino))
        return WalkedFile(rel, Path(entry.path), info.st_size)

    def _follow(self, rel: str, link: str, rules: _Chain) -> Iterator[WalkEntry]:
        """Yield what a symbolic link found in the tree leads to, if it should be read."""
        try:
            target = os.path.realpath(link, strict=True)
            info = os.stat(target)
        except OSError as err:
            if err.errno == errno.ELOOP:
                yield Finding(FindingKind.SYMLINK_LOOP, rel, "symbolic link resolves to itself")
            else:
                logger.debug("%s: dangling symbolic link (%s)", rel, _reason(err))
            return
        inside = _relative_inside(target, self.root_real)
        if inside is None:
            yield Finding(
                FindingKind.SYMLINK_OUTSIDE,
                rel,
                "symbolic link to a path outside the scanned folder; not followed",
            )
            return
        if not self.include_vendored and any(is_vendored_name(part) for part in inside):
            return
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key in self.visited_folders:
                if _is_ancestor(target, os.path.realpath(os.path.dirname(link))):
                    yield Finding(
                        FindingKind.SYMLINK_LOOP,
                        rel,
                        "symbolic link to a folder that contains it; not followed",
                    )
                return
            self.visited_folders.add(key)
            yield from self._walk_folder(rel, target, rules)
        elif stat.S_ISREG(info.st_mode) and key not in self.seen_files:
            self.seen_files.add(key)
            yield WalkedFile(rel, Path(target), info.st_size)

    def _skipped(self, name: str, rel: str, rules: _Chain, *, is_folder: bool) -> bool:
        if not self.include_vendored and is_vendored_name(name):
            return True
        return self._ignored(rel, rules, is_folder)

    def _ignored(self, rel: str, rules: _Chain, is_folder: bool) -> bool:
        if not rules:
            return False
        candidate = rel + "/" if is_folder else rel
        for prefix, spec in reversed(rules):
            if not candidate.startswith(prefix):
                continue
            verdict = spec.check_file(candidate[len(prefix) :]).include
            if verdict is not None:
                return verdict
        return False


def _with_gitignore(rules: _Chain, folder: str, path: str) -> _Chain:
    """Return *rules* with the patterns of the ``.gitignore`` at *path* added, if any."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_GITIGNORE_BYTES)
    except OSError as err:
        logger.debug("%s: unreadable (%s)", path, _reason(err))
        return rules
    lines = [
        line
        for line in data.decode("utf-8", errors="replace").splitlines()
        if len(line) <= MAX_GITIGNORE_LINE
    ]
    spec = _compile(lines)
    if spec is None:
        return rules
    return (*rules, (f"{folder}/" if folder else "", spec))


def _compile(lines: list[str]) -> GitIgnoreSpec | None:
    """Compile gitignore lines, dropping the ones git would reject too."""
    try:
        return GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):
        pass
    kept = []
    for line in lines:
        try:
            GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error):
            logger.debug("dropping invalid gitignore pattern %r", line)
            continue
        kept.append(line)
    return GitIgnoreSpec.from_lines(kept) if kept else None


def _relative_inside(target: str, root: str) -> tuple[str, ...] | None:
    """Return the parts of *target* below *root*, or None when it is not inside."""
    if target == root:
        return ()
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not target.startswith(prefix):
        return None
    return tuple(target[len(prefix) :].split(os.sep))


def _is_ancestor(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _unreadable(rel: str, detail: str) -> Finding:
    return Finding(FindingKind.UNREADABLE_FILE, rel, detail)


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__
