"""Start-up time of `openness check` against a bare `python -c pass`, in one run.

Usage: python benchmarks/cli_startup.py [--runs N]

Runs both commands alternately (so machine noise hits both alike) and prints
the median wall time of each and their ratio. Targets (issue #2): median at
most 0.25 s and at most 10x the bare interpreter.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from measure import BENCH_ENV as ENV

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "openness check (table)": ["openness", "check", "meta-llama/Meta-Llama-3-8B"],
    "openness check --format json": [
        "openness",
        "check",
        "meta-llama/Meta-Llama-3-8B",
        "--format",
        "json",
    ],
}


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("openness") is None:
        raise SystemExit("openness is not on PATH: pip install . first")
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the file cache
        time_once(command)
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            samples[name].append(time_once(command))
    baseline = statistics.median(samples["python -c pass"])
    print(f"{'command':32} {'median':>9} {'p90':>9} {'ratio':>7}")
    for name, times in samples.items():
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"{name:32} {median * 1000:7.1f}ms {p90 * 1000:7.1f}ms {median / baseline:6.2f}x")
    check = statistics.median(samples["openness check (table)"])
    verdict = "met" if check <= 0.25 and check <= 10 * baseline else "NOT met"
    print(f"target (<= 0.25 s and <= 10x python): {verdict}")


if __name__ == "__main__":
    main()
