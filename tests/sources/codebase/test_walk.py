"""The tree walk: gitignore semantics, vendored folders, symbolic links, unreadable folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from openness.errors import SourceError
from openness.sources.codebase import walk
from openness.sources.codebase.walk import WalkedFile, walk_tree
from openness.sources.findings import Finding, FindingKind


def _write(root: Path, *paths: str) -> None:
    for path in paths:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {path}\n", encoding="utf-8")


def _files(
    root: Path, *, include_vendored: bool = False, respect_gitignore: bool = True
) -> list[str]:
    entries = walk_tree(
        root, include_vendored=include_vendored, respect_gitignore=respect_gitignore
    )
    return [e.path for e in entries if isinstance(e, WalkedFile)]


def _findings(root: Path) -> list[tuple[FindingKind, str]]:
    return [(e.kind, e.path) for e in walk_tree(root) if isinstance(e, Finding)]


def test_files_come_sorted_with_relative_posix_paths_and_sizes(tmp_path: Path) -> None:
    _write(tmp_path, "b.py", "a/z.py", "a/b/c.py", "a.txt")
    entries = [e for e in walk_tree(tmp_path) if isinstance(e, WalkedFile)]
    assert [e.path for e in entries] == ["a.txt", "b.py", "a/z.py", "a/b/c.py"]
    assert all(e.absolute == tmp_path / e.path and e.size == len(f"# {e.path}\n") for e in entries)


@pytest.mark.parametrize(
    ("rules", "nested", "kept"),
    [
        ("*.log\n", {}, {"keep.py", "sub/keep.py", "sub/deep/x.py"}),
        ("sub/\n", {}, {"keep.py", "debug.log"}),
        ("/keep.py\n", {}, {"debug.log", "sub/keep.py", "sub/debug.log", "sub/deep/x.py"}),
        (
            "*.log\n!debug.log\n",
            {},
            {"keep.py", "debug.log", "sub/keep.py", "sub/debug.log", "sub/deep/x.py"},
        ),
        ("deep\n", {}, {"keep.py", "debug.log", "sub/keep.py", "sub/debug.log"}),
        ("", {"sub": "*.py\n"}, {"keep.py", "debug.log", "sub/debug.log"}),
        (
            "*.log\n",
            {"sub": "!debug.log\n"},
            {"keep.py", "sub/keep.py", "sub/debug.log", "sub/deep/x.py"},
        ),
        (
            "sub/deep/\n!sub/deep/x.py\n",
            {},
            {"keep.py", "debug.log", "sub/keep.py", "sub/debug.log"},
        ),
        (
            "# comment\n\\#not-a-comment\n**/deep/**\n",
            {},
            {"keep.py", "debug.log", "sub/keep.py", "sub/debug.log"},
        ),
    ],
    ids=[
        "glob",
        "folder",
        "anchored",
        "negation",
        "any-depth-name",
        "nested-file",
        "nested-negation",
        "no-reinclusion-under-excluded-folder",
        "double-star",
    ],
)
def test_gitignore_files_are_honoured_as_git_does(
    tmp_path: Path, rules: str, nested: dict[str, str], kept: set[str]
) -> None:
    _write(tmp_path, "keep.py", "debug.log", "sub/keep.py", "sub/debug.log", "sub/deep/x.py")
    (tmp_path / ".gitignore").write_text(rules, encoding="utf-8")
    for folder, text in nested.items():
        (tmp_path / folder / ".gitignore").write_text(text, encoding="utf-8")
    files = set(_files(tmp_path)) - {".gitignore", "sub/.gitignore"}
    assert files == kept
    everything = set(_files(tmp_path, respect_gitignore=False)) - {".gitignore", "sub/.gitignore"}
    assert everything == {"keep.py", "debug.log", "sub/keep.py", "sub/debug.log", "sub/deep/x.py"}


def test_invalid_gitignore_lines_are_dropped_not_fatal(tmp_path: Path) -> None:
    _write(tmp_path, "a.py", "b.log", "c.txt")
    (tmp_path / ".gitignore").write_bytes(b"[z-a]\n\\\n*.log\n" + b"x" * 5000 + b"\n\xff\xfe\n")
    assert set(_files(tmp_path)) == {".gitignore", "a.py", "c.txt"}


def test_a_gitignore_that_is_a_link_or_a_pipe_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, "rules")
    (outside / "rules").write_text("*.py\n", encoding="utf-8")
    root = tmp_path / "repo"
    _write(root, "a.py", "sub/b.py")
    os.symlink(outside / "rules", root / ".gitignore")
    os.mkfifo(root / "sub" / ".gitignore")
    assert set(_files(root)) == {"a.py", "sub/b.py"}


def test_vendored_and_version_control_folders_are_skipped(tmp_path: Path) -> None:
    vendored = [
        "node_modules/x/i.js",
        ".venv/lib/m.py",
        "venv/m.py",
        "build/m.py",
        "dist/m.py",
        "__pycache__/m.py",
        ".tox/m.py",
        "vendor/m.py",
        "site-packages/m.py",
        "pkg.egg-info/PKG-INFO",
        "myenv/lib/m.py",
        ".ipynb_checkpoints/n.ipynb",
    ]
    _write(tmp_path, "app.py", ".git/config", ".git/objects/x", *vendored)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    assert _files(tmp_path) == ["app.py"]
    with_vendored = set(_files(tmp_path, include_vendored=True))
    assert with_vendored == {"app.py", "myenv/pyvenv.cfg", *vendored}


def test_symlink_loop_is_reported_and_not_followed(tmp_path: Path) -> None:
    _write(tmp_path, "a/b/file.py")
    os.symlink("..", tmp_path / "a" / "b" / "up")  # a/b/up -> a
    os.symlink("self", tmp_path / "self")  # resolves to itself
    os.symlink(tmp_path, tmp_path / "a" / "root")
    assert _files(tmp_path) == ["a/b/file.py"]
    assert sorted(_findings(tmp_path)) == [
        (FindingKind.SYMLINK_LOOP, "a/b/up"),
        (FindingKind.SYMLINK_LOOP, "a/root"),
        (FindingKind.SYMLINK_LOOP, "self"),
    ]


def test_symlink_out_of_the_root_is_reported_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, "secret.py")
    root = tmp_path / "repo"
    _write(root, "app.py")
    os.symlink(outside, root / "linked")
    os.symlink(outside / "secret.py", root / "secret.py")
    os.symlink("../outside/secret.py", root / "relative.py")
    assert _files(root) == ["app.py"]
    assert sorted(_findings(root)) == [
        (FindingKind.SYMLINK_OUTSIDE, "linked"),
        (FindingKind.SYMLINK_OUTSIDE, "relative.py"),
        (FindingKind.SYMLINK_OUTSIDE, "secret.py"),
    ]


def test_symlinks_inside_the_root_yield_each_file_once(tmp_path: Path) -> None:
    _write(tmp_path, "src/model.py", "node_modules/pkg/m.py")
    os.symlink("src/model.py", tmp_path / "alias.py")  # already walked: skipped
    os.symlink("src", tmp_path / "src-link")  # already walked: skipped
    os.symlink("node_modules/pkg", tmp_path / "pkg-link")  # into vendored code: skipped
    os.symlink("missing.py", tmp_path / "dangling.py")  # no target: skipped
    assert _files(tmp_path) == ["src/model.py"]
    assert _findings(tmp_path) == []


def test_a_linked_folder_the_walk_did_not_reach_is_walked_under_the_link(tmp_path: Path) -> None:
    _write(tmp_path, "hidden/deep/m.py")
    (tmp_path / ".gitignore").write_text("hidden/\n", encoding="utf-8")
    os.symlink("hidden/deep", tmp_path / "models")
    assert _files(tmp_path) == [".gitignore", "models/m.py"]


def test_the_root_may_be_a_symlink(tmp_path: Path) -> None:
    _write(tmp_path, "real/a.py")
    os.symlink(tmp_path / "real", tmp_path / "link")
    assert _files(tmp_path / "link") == ["a.py"]


def test_a_folder_that_cannot_be_listed_is_a_finding_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "ok.py", "locked/x.py")
    real_scandir = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    entries = list(walk_tree(tmp_path))
    assert [e.path for e in entries if isinstance(e, WalkedFile)] == ["ok.py"]
    [finding] = [e for e in entries if isinstance(e, Finding)]
    assert finding == Finding(
        FindingKind.UNREADABLE_FILE, "locked", "folder cannot be listed: Permission denied"
    )


def test_pipes_are_not_yielded(tmp_path: Path) -> None:
    _write(tmp_path, "a.py")
    os.mkfifo(tmp_path / "pipe.py")
    assert _files(tmp_path) == ["a.py"]


def test_a_file_root_yields_that_file(tmp_path: Path) -> None:
    _write(tmp_path, "one.py")
    assert _files(tmp_path / "one.py") == ["one.py"]


def test_a_missing_root_is_an_error_that_names_it(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nowhere"):
        list(walk_tree(tmp_path / "nowhere"))


def test_progress_reports_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "PROGRESS_EVERY", 10)
    _write(tmp_path, *(f"d{i % 3}/f{i}.txt" for i in range(25)))
    seen: list[int] = []
    assert len(list(walk_tree(tmp_path, progress=seen.append))) == 25
    assert seen == [10, 20, 25]
