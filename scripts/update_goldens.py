"""Rewrite every golden report under tests/golden/ from the current output.

Usage: python scripts/update_goldens.py

Runs the golden tests (license terms, check, catalog commands, scan, advise,
estimate) with --update-golden. Read `git diff tests/golden` before committing:
a golden changes only when the output was meant to.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    command = [sys.executable, "-m", "pytest", "-q", "-k", "golden", "--update-golden", "tests"]
    raise SystemExit(subprocess.call(command, cwd=ROOT))
