"""Copy the shared license corpus into the repository's test data, or check the copy.

Usage: python scripts/sync_corpus.py [--check]

New license texts arrive in ../shared/corpus/licenses/ (beside the clone); the
tests read the copy in tests/fixtures/licenses/corpus/ so that a plain clone
passes them. Without --check, the copy is made equal to the shared folder
(files added, changed and removed); with --check, the differences are listed
and the exit status is 1 when there are any. Rebuild the fingerprints
(scripts/build_fingerprints.py) after a sync that changed texts.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "licenses"
COPY = ROOT / "tests" / "fixtures" / "licenses" / "corpus"


def differences(shared: Path = SHARED, copy: Path = COPY) -> list[str]:
    """Return one line per file that differs between *shared* and *copy*."""
    theirs = {p.name: p for p in shared.iterdir() if p.is_file()}
    ours = {p.name: p for p in copy.iterdir() if p.is_file()} if copy.is_dir() else {}
    lines = [f"missing from the copy: {name}" for name in sorted(set(theirs) - set(ours))]
    lines += [f"not in the shared corpus: {name}" for name in sorted(set(ours) - set(theirs))]
    lines += [
        f"differs: {name}"
        for name in sorted(set(theirs) & set(ours))
        if theirs[name].read_bytes() != ours[name].read_bytes()
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list differences, change nothing")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"no shared corpus at {SHARED}; nothing to sync", file=sys.stderr)
        return 0
    found = differences()
    if args.check:
        print("\n".join(found) or "the copy equals the shared corpus")
        return 1 if found else 0
    if COPY.is_dir():
        shutil.rmtree(COPY)
    shutil.copytree(SHARED, COPY)
    print(f"copied {len(list(COPY.iterdir()))} files; {len(found)} had differed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
