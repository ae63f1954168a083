"""The whole license corpus through openness and through ScanCode, in one run.

Usage: python benchmarks/license_corpus.py [--corpus DIR] [--skip-scancode]

Runs, each in its own process so that wall time and peak memory are measured
alike: openness analysing every corpus file as one batch on two worker
processes (``analyze_licenses(..., jobs=2)``, as ScanCode gets ``-n 2``), ScanCode toolkit's
``scancode --license`` over the same folder (installed by this script into
its own virtualenv under benchmarks/.cache/, with pluggy<1.6 because its
install is broken otherwise), and a single ``openness license FILE``. Prints
wall time (openness: the median of five runs after a warm-up), peak memory
and how many files each names exactly. Targets
(issue #3): every corpus file identified; the corpus at least 30x faster than
ScanCode and under 150 MB peak; one ``openness license FILE`` under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

import yaml
from measure import BENCH_ENV, measured

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "licenses" / "corpus"
CACHE = ROOT / "benchmarks" / ".cache"
SCANCODE_VENV = CACHE / "scancode-venv"

# The exact ScanCode LicenseDB key for each corpus text, where one exists
# (scancode-toolkit 32.5.0; REFERENCE.md 6.2 and 6.4, corpus SOURCES.md).
SCANCODE_KEYS = {
    "apple-sample-code-corenet.txt": "apple-excl",
    "bigcode-openrail-m-v1.txt": "bigcode-open-rail-m-v1",
    "bigscience-openrail-m.txt": "bigscience-open-rail-m",
    "bigscience-rail-1.0.txt": "bigscience-rail-1.0",
    "bsd-3-clause.txt": "bsd-new",
    "cc-by-nc-4.0.txt": "cc-by-nc-4.0",
    "creativeml-openrail-m.txt": "stable-diffusion-2022-08-22",
    "creativeml-openrail-pp-m.txt": "bigscience-open-rail-m2",
    "deepseek-model.txt": "deepseek-la-1.0",
    "falcon-2-11b-tii.txt": "falcon-2-11b-1.0",
    "gemma-prohibited-use-policy.txt": "gemma-pup-2024-02-21",
    "gemma-tou-2024-04-01.txt": "gemma-tou-2024-04-01",
    "gemma-tou-2025-03-24.txt": "gemma-tou-2025-03-24",
    "gpl-3.0.txt": "gpl-3.0",
    "grok-1-apache-2.0.txt": "apache-2.0",
    "llama-2-community.txt": "llama-2-license-2023",
    "llama-3.1-community.txt": "llama-3.1-license-2024",
    "llama-3.2-community.txt": "llama-3.2-license-2024",
    "llama-3.3-community.txt": "llama-3.3-license-2024",
    "llama-4-aup.txt": "llama-4-license-2025",
    "llama-4-community.txt": "llama-4-cla-2025",
    "microsoft-research-license.txt": "ms-research-license-terms",
    "mit-deepseek-code.txt": "mit",
    "nvidia-open-model-2025.txt": "nvidia-open-model-2025-04-28",
    "odc-by-1.0.txt": "odc-by-1.0",
    "openmdw-1.0.txt": "openmdw-1.0",
    "qwen-license-2024.txt": "qwen-2024",
    "stability-ai-community.txt": "stability-ai-community-2024",
    "tongyi-qianwen.txt": "tongyi-qianwen-2023",
}

OPENNESS_RUN = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from openness.licenses.batch import analyze_licenses
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
analyses = analyze_licenses([(path.name, path.read_bytes()) for path in paths], jobs=2)
results = {
    path.name: getattr(getattr(analysis, "license", None), "id", None)
    for path, analysis in zip(paths, analyses)
}
json.dump({"results": results, "seconds_inside": time.perf_counter() - start}, sys.stdout)
"""


def upstream_texts(corpus: Path) -> set[str]:
    """Return the corpus files copied verbatim from upstream (SOURCES.md provenance)."""
    names = set()
    for line in (corpus / "SOURCES.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 5 and cells[1].endswith(".txt") and cells[5] == "upstream":
            names.add(cells[1])
    return names


def expected_ids() -> dict[str, str]:
    table = yaml.safe_load((ROOT / "tests/fixtures/licenses/texts.yaml").read_text())
    return {
        name: spec if isinstance(spec, str) else spec["id"]
        for name, spec in table["corpus"].items()
    }


def run_openness(corpus: Path) -> tuple[float, int, dict[str, bool]]:
    command = [sys.executable, "-c", OPENNESS_RUN, str(corpus)]
    measured(command, BENCH_ENV)  # warm-up: bytecode and pattern caches, file cache
    runs = [measured(command, BENCH_ENV) for _ in range(5)]  # a noisy machine: the median
    seconds = statistics.median(run[0] for run in runs)
    peak = max(run[1] for run in runs)
    results = json.loads(runs[0][2])["results"]
    exact = {name: results.get(name) == license_id for name, license_id in expected_ids().items()}
    return seconds, peak, exact


def install_scancode() -> Path:
    binary = SCANCODE_VENV / "bin" / "scancode"
    if binary.exists():
        return binary
    print("installing scancode-toolkit into benchmarks/.cache/ (a few minutes, once)...")
    venv.create(SCANCODE_VENV, with_pip=True)
    pip = [str(SCANCODE_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    done = subprocess.run(
        [*pip, "scancode-toolkit", "pluggy<1.6"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"installing scancode-toolkit failed:\n{done.stderr[-2000:]}")
    return binary


def run_scancode(corpus: Path) -> tuple[float, int, dict[str, bool]]:
    binary = install_scancode()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "scan.json"
        command = [str(binary), "--license", "-n", "2", "--json", str(report), str(corpus)]
        seconds, peak, _ = measured(command)
        data = json.loads(report.read_text())
    found = {}
    for item in data.get("files", []):
        keys = [
            match.get("license_expression", "")
            for detection in item.get("license_detections", [])
            for match in detection.get("matches", [])
        ]
        found[Path(item["path"]).name] = keys[0] if keys else None
    # A text whose license ScanCode has no key for cannot be named exactly.
    exact = {name: found.get(name) == SCANCODE_KEYS.get(name, "") for name in expected_ids()}
    return seconds, peak, exact


def run_single_file(corpus: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "openness",
        "license",
        str(corpus / "llama-3-community.txt"),
        "--format",
        "json",
    ]
    measured(command, BENCH_ENV)
    return statistics.median(measured(command, BENCH_ENV)[0] for _ in range(7))


def counts(exact: dict[str, bool], upstream: set[str]) -> str:
    """Say how many texts were named exactly, in all and among the upstream copies."""
    in_upstream = [ok for name, ok in exact.items() if name in upstream]
    return (
        f"exact {sum(exact.values())}/{len(exact)} texts, "
        f"{sum(in_upstream)}/{len(in_upstream)} upstream"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--skip-scancode", action="store_true")
    args = parser.parse_args()
    files = len(list(args.corpus.glob("*.txt")))
    print(f"corpus: {files} texts in {args.corpus}")
    upstream = upstream_texts(args.corpus)
    seconds, peak, exact = run_openness(args.corpus)
    print(f"openness   {seconds:7.2f} s  peak {peak / 2**20:7.1f} MB  {counts(exact, upstream)}")
    single = run_single_file(args.corpus)
    print(f"openness license FILE (median of 7): {single:.3f} s (target < 0.3 s)")
    if args.skip_scancode:
        return
    sc_seconds, sc_peak, sc_exact = run_scancode(args.corpus)
    print(
        f"scancode   {sc_seconds:7.2f} s  peak {sc_peak / 2**20:7.1f} MB  "
        f"{counts(sc_exact, upstream)}"
    )
    ratio = sc_seconds / seconds
    print(
        f"speed: openness is {ratio:.1f}x faster than ScanCode (target >= 30x); "
        f"memory {peak / 2**20:.0f} MB (target < 150 MB)"
    )


if __name__ == "__main__":
    main()
