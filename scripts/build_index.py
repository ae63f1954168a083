"""Validate the bundled knowledge base and write its prebuilt index.

Usage: python scripts/build_index.py [--check]

Reads every YAML record under src/openness/kb/data/, validates each file and
the invariants across files, and writes src/openness/kb/data/index.json. With
--check it writes nothing and exits 1 when the index is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness.kb.index import records_to_index  # noqa: E402
from openness.kb.loader import load_bundled_sources  # noqa: E402
from openness.kb.validate import find_problems  # noqa: E402

INDEX = ROOT / "src" / "openness" / "kb" / "data" / "index.json"


def render_index() -> str:
    records = load_bundled_sources()
    problems = records.problems or find_problems(records.models, records.licenses)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(f"{len(problems)} problem(s); index not written")
    index = records_to_index(
        (m for m, _ in records.models.values()),
        (r for r, _ in records.licenses.values()),
        (g for g, _ in records.gpus.values()),
    )
    return json.dumps(index, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> None:
    text = render_index()
    if "--check" in sys.argv[1:]:
        current = INDEX.read_text(encoding="utf-8") if INDEX.exists() else ""
        if current != text:
            raise SystemExit("index.json is out of date: run python scripts/build_index.py")
        print("index.json is up to date")
        return
    INDEX.write_text(text, encoding="utf-8")
    print(f"wrote {INDEX.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
