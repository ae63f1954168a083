"""The advisor over profiles of every requirement and task, and the estimator's error.

Usage: python benchmarks/advise_scenarios.py

Prints, for each profile (the examples in docs/profiles/ and a few more
below), the recommendation, the first shortlisted option with its monthly
cost, and how many options a requirement excluded; then the self-hosting
estimator's median and worst error against the published throughput results
of tests/fixtures/estimate/calibration.yaml; then how long one `openness
advise` takes, as a ratio to `python -c pass` measured in the same run
(target: under 0.5 s).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PROFILES = ROOT / "docs" / "profiles"

MORE: dict[str, dict[str, Any]] = {
    "private-frontier": {"task": "reasoning", "quality": "frontier", "privacy": "required"},
    "extraction-at-scale": {
        "task": "extraction", "monthly_input_tokens": 50_000_000_000,
        "monthly_output_tokens": 5_000_000_000, "utilization": 0.8,
    },
    "non-commercial-research": {"task": "chat", "commercial": False, "fine_tuning": "deep"},
    "contradiction": {"on_device": True, "device_memory_gb": 4, "context_tokens": 1_000_000},
}  # fmt: skip
"""Profiles beyond the documented examples: a conflict, scale, research, a contradiction."""


def profiles() -> dict[str, dict[str, Any]]:
    found = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(PROFILES.glob("*.yaml"))
    }
    return {**found, **MORE}


def scenario_rows() -> list[tuple[str, str, str, str, int]]:
    from openness.advise.advisor import advise
    from openness.advise.profile import profile_from_values
    from openness.kb.loader import load_catalog

    catalog = load_catalog()
    rows = []
    for name, values in profiles().items():
        advice = advise(profile_from_values(values, origin=name), catalog)
        first = advice.shortlist[0] if advice.shortlist else None
        cost = first.monthly_cost(advice.profile) if first else None
        rows.append(
            (
                name,
                advice.recommendation,
                f"{first.model.id} ({first.deployment})" if first else "none qualifies",
                f"US${cost:,.0f}" if cost is not None else "-",
                len(advice.excluded),
            )
        )
    return rows


def estimator_errors() -> list[float]:
    """Return |estimate / published - 1| for each calibration case the test replays."""
    from tests.advise.test_estimate import _published, _ratio

    from openness.kb.loader import load_catalog

    catalog = load_catalog()
    return [abs(_ratio(catalog, case) - 1) for case in _published()]


def timed(command: list[str], runs: int = 5) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)  # warm caches
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> None:
    rows = scenario_rows()
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    header = ("profile", "recommendation", "first option", "per month", "excluded")
    print("  ".join(h.ljust(w) for h, w in zip(header, [*widths, 8], strict=True)))
    for row in rows:
        cells = [str(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        print("  ".join([*cells, str(row[4])]))
    errors = estimator_errors()
    print(
        f"\nestimator vs {len(errors)} published throughput results: median error "
        f"{statistics.median(errors):.0%}, worst {max(errors):.0%}"
    )
    profile = str(PROFILES / "private-rag.yaml")
    baseline = timed([sys.executable, "-c", "pass"])
    advise = timed([sys.executable, "-m", "openness", "advise", "--profile", profile])
    print(
        f"openness advise: {advise:.2f} s (target < 0.5 s), "
        f"{advise / baseline:.1f}x python -c pass ({baseline:.3f} s)"
    )


if __name__ == "__main__":
    main()
