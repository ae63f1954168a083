"""How many catalog models' obligations are fully known, per use; and how fast the command is.

Usage: python benchmarks/obligations.py [--runs N]

Part one answers ``obligations`` for every catalog model and every use, twice:
with no facts about the organisation, and with a full context (5 million
monthly active users, US$20 million a year, Germany, commercial). A model's
answer is fully known when ``allowed`` is not null. Part two times the command
as a user runs it (``openness obligations llama-3.1-8b --use saas ...``),
alternating with ``openness check`` on the same model and a bare
``python -c pass``, and prints medians and ratios (the target: the same budget
as ``check``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter

from measure import BENCH_ENV as ENV

from openness.assess import assess_model
from openness.assess.obligations import Purpose, Use, UseContext, obligations
from openness.kb.loader import load_catalog

FULL = {"monthly_active_users": 5_000_000, "revenue": 20_000_000, "region": "DE"}

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "openness check": ["openness", "check", "llama-3.1-8b"],
    "openness obligations": [
        "openness", "obligations", "llama-3.1-8b", "--use", "saas",
        "--mau", "5M", "--revenue", "20M", "--region", "DE",
    ],
    "openness obligations --format json": [
        "openness", "obligations", "llama-3.1-8b", "--use", "saas",
        "--mau", "5M", "--region", "DE", "--format", "json",
    ],
}  # fmt: skip


def known_counts() -> None:
    catalog = load_catalog()
    assessments = [assess_model(model, catalog) for model in catalog.models()]
    print(f"{len(assessments)} catalog models; fully known = allowed is not null")
    print(f"{'use':11} {'no context':>12} {'full context':>13}  allowed/refused/unknown (full)")
    start = time.perf_counter()
    answers = 0
    why: Counter[str] = Counter()
    for use in Use:
        bare = [obligations(a, catalog, UseContext(use)) for a in assessments]
        full = [
            obligations(a, catalog, UseContext(use, purpose=Purpose.COMMERCIAL, **FULL))  # type: ignore[arg-type]
            for a in assessments
        ]
        answers += len(bare) + len(full)
        split = Counter(str(r.allowed) for r in full)
        for result in full:
            if result.allowed is None:
                why[_reason_class(result.reasons[0])] += 1
        known_bare = sum(r.fully_known for r in bare)
        known_full = sum(r.fully_known for r in full)
        print(
            f"{use.value:11} {known_bare:12} {known_full:13}"
            f"  {split['True']}/{split['False']}/{split['None']}"
        )
    seconds = time.perf_counter() - start
    print(f"{answers:,} answers in {seconds:.2f} s ({answers / seconds:,.0f} a second)")
    print("why unknown with the full context (all uses):")
    for reason, count in why.most_common():
        print(f"  {count:5}  {reason}")


def _reason_class(reason: str) -> str:
    for key, label in (
        ("closed API", "a closed API: the provider's terms are not read"),
        ("no license is known", "no license known for the weights"),
        ("cannot tell whether you are one", "excluded parties: who is excluded cannot be checked"),
        ("pay", "a fee for some use or user"),
        ("product the clause names", "rights only with a named product"),
        ("not read as any term", "sentences of the license left unread"),
        ("base model", "a base model's license is unknown"),
    ):
        if key in reason:
            return label
    return reason[:80]


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def timings(runs: int) -> None:
    if shutil.which("openness") is None:
        raise SystemExit("openness is not on PATH: pip install . first")
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        time_once(command)
    for _ in range(runs):
        for name, command in COMMANDS.items():
            samples[name].append(time_once(command))
    baseline = statistics.median(samples["python -c pass"])
    check = statistics.median(samples["openness check"])
    print(f"{'command':36} {'median':>9} {'x python':>9} {'x check':>8}")
    for name, times in samples.items():
        median = statistics.median(times)
        print(f"{name:36} {median * 1000:7.1f}ms {median / baseline:8.2f}x {median / check:7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    known_counts()
    print()
    timings(args.runs)


if __name__ == "__main__":
    main()
