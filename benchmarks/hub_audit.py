"""The Hub audit at 200 thousand and 2 million synthetic records, on the embedded engine.

Usage: python benchmarks/hub_audit.py [--sizes 200000,2000000] [--engines duckdb,ray] [--runs 1]

Generates each dump once with ``benchmarks/synthetic_hub.py`` (kept under
benchmarks/.cache/, with a 10,000-deep chain in it) and runs
``openness hub audit DUMP --format json`` in its own process, so wall time and
peak memory are the command's as a user sees them. The baseline, timed in the
same run, is reading the same file line by line in Python (the least any audit
must do). Prints records per second, the ratio to the baseline, peak memory,
and how time grows with size (1.0 is linear), for each engine: ``ray`` starts a
Ray instance on this machine (its start-up is counted; the peak memory is the
driver's, the workers' is not in it). Targets (issue 15): 2 million
records in under 60 s and 4 GB on 2 cores; growth no worse than linear. Also
times the classification of distinct license ids and the reading of distinct
LICENSE texts by the engine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from measure import BENCH_ENV, measured

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"


def dump_of(size: int) -> Path:
    path = CACHE / f"hub-{size}.jsonl"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"generating {size:,} records...", file=sys.stderr)
        script = ROOT / "benchmarks" / "synthetic_hub.py"
        subprocess.run(
            [sys.executable, str(script), str(path), "--models", str(size), "--deep", "10000"],
            check=True,
        )
    return path


BASELINE = "import sys\nn = 0\nfor line in open(sys.argv[1], 'rb'):\n    n += 1\nprint(n)\n"


def text_rate() -> None:
    """LICENSE texts read by the engine per second: each corpus text and a variant of each."""
    from openness.audit.embedded import classify_texts_here
    from openness.kb.loader import load_catalog

    corpus = ROOT / "tests" / "fixtures" / "licenses" / "corpus"
    texts = [(p.name, p.read_bytes()) for p in sorted(corpus.glob("*.txt"))]
    texts += [(f"{name}+", data + b"\nNot for military use.\n") for name, data in texts]
    catalog = load_catalog()
    start = time.perf_counter()
    classify_texts_here(catalog, texts)
    seconds = time.perf_counter() - start
    size = sum(len(data) for _, data in texts) / 2**20
    print(f"distinct LICENSE texts: {len(texts)} ({size:.1f} MB) read in {seconds:.2f} s "
          f"({len(texts) / seconds:,.0f} a second, one process)")  # fmt: skip


def license_rate() -> None:
    from openness.audit.licenses import LicenseBook
    from openness.kb.loader import load_catalog

    catalog = load_catalog()
    values = [record.id for record in catalog.licenses()] + [f"made-up-{n}" for n in range(200)]
    book = LicenseBook(catalog)
    start = time.perf_counter()
    for value in values:
        book.classify(value, None)
    seconds = time.perf_counter() - start
    print(f"distinct licenses: {len(values)} analysed in {seconds:.2f} s "
          f"({len(values) / seconds:,.0f} a second)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200000,2000000")
    parser.add_argument("--engines", default="duckdb,ray")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    header = f"{'engine':7} {'records':>10} {'audit':>8} {'records/s':>11} {'baseline':>9}"
    print(f"{header} {'x base':>7} {'peak':>9}")
    outputs: dict[tuple[str, int], str] = {}
    for engine in args.engines.split(","):
        seen: list[tuple[int, float]] = []
        for size in sizes:
            dump = dump_of(size)
            runs = []
            for _ in range(args.runs):
                base = measured([sys.executable, "-c", BASELINE, str(dump)], BENCH_ENV)[0]
                command = ["openness", "hub", "audit", str(dump), "--format", "json"]
                audit = measured([*command, "--engine", engine], BENCH_ENV)
                runs.append((audit[0], audit[1], base, audit[2]))
            seconds, peak, base, output = min(runs)
            outputs[(engine, size)] = output
            seen.append((size, seconds))
            print(
                f"{engine:7} {size:>10,} {seconds:7.2f}s {size / seconds:>11,.0f} {base:8.2f}s "
                f"{seconds / base:6.1f}x {peak / 2**30:7.2f}GB"
            )
        if len(seen) > 1:
            (small, t_small), (large, t_large) = seen[0], seen[-1]
            grown, scaled = t_large / t_small, large / small
            print(
                f"{engine:7} growth {small:,} -> {large:,}: time x{grown:.1f} for records "
                f"x{scaled:.0f} ({grown / scaled:.2f} of linear)"
            )
    for size in sizes:
        answers = {output for (_, s), output in outputs.items() if s == size}
        same = "identical" if len(answers) == 1 else "DIFFERENT"
        print(f"{size:,} records: the engines' answers are {same}")
    license_rate()
    text_rate()


if __name__ == "__main__":
    main()
