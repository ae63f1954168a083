"""Term F1 and false passes on real AI licenses the engine was never built from.

Usage: python benchmarks/ai_license_terms.py [--verbose]

Reads benchmarks/ai_licenses/ (real texts of 2023–2026 published by their
licensors, labelled by reading them; see its SOURCES.md). No rule of the
engine was written from them before they were measured. They are split in
two by a hash of the file name: the development half may be looked at when
a class of wording is missed (--verbose shows its misses); the held-out half
is only ever measured. Prints, per half, precision, recall and F1 of the term
kinds found (one kind per text counts once), the OSD verdicts against the
labels — a `pass` on a text labelled `fail` is a false pass, the error that
must never happen — and the restrictive texts named as a plain known license.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from openness.licenses.batch import analyze_licenses
from openness.licenses.result import LicenseAnalysis

FOLDER = Path(__file__).resolve().parent / "ai_licenses"
ALLOWED = {"attribution", "naming", "share_alike"}
"""Kinds the OSD allows: a license holding only these may pass."""


@cache
def open_ids() -> frozenset[str]:
    """Ids of the OSI-approved licenses the engine knows (catalog and database)."""
    from openness.kb.loader import load_catalog
    from openness.licenses.fingerprint import load_database_licenses

    catalog = {r.id for r in load_catalog().licenses() if r.osi_approved}
    database = {i for i, entry in load_database_licenses().items() if entry.osi}
    return frozenset(catalog | database)


def split_of(name: str) -> str:
    """Return ``dev`` or ``held_out`` for a file, fixed by a hash of its name."""
    return "held_out" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="each dev text's misses")
    args = parser.parse_args()
    labels = yaml.safe_load((FOLDER / "labels.yaml").read_text(encoding="utf-8"))
    names = sorted(labels)
    start = time.perf_counter()
    analyses = analyze_licenses([(name, (FOLDER / name).read_bytes()) for name in names])
    seconds = time.perf_counter() - start
    print(f"AI licenses: {len(names)} texts, read in {seconds:.2f} s")
    for half in ("dev", "held_out"):
        chosen = [(n, a) for n, a in zip(names, analyses, strict=True) if split_of(n) == half]
        measure(half, chosen, labels, verbose=args.verbose and half == "dev")


def measure(
    half: str, chosen: Sequence[tuple[str, object]], labels: dict[str, Any], verbose: bool
) -> None:
    """Print the figures of one half."""
    true_positive: Counter[str] = Counter()
    false_positive: Counter[str] = Counter()
    false_negative: Counter[str] = Counter()
    verdicts: Counter[tuple[str, str]] = Counter()
    false_passes, plain_names = [], []
    for name, analysis in chosen:
        if not isinstance(analysis, LicenseAnalysis):
            print(f"{name}: error: {analysis}")
            continue
        label = labels[name]
        expected = set(label["terms"])
        found = {term.kind.value for term in analysis.terms}
        true_positive.update(expected & found)
        false_positive.update(found - expected)
        false_negative.update(expected - found)
        verdict = analysis.osd.verdict.value
        verdicts[(label["osd"], verdict)] += 1
        if label["osd"] == "fail" and verdict == "pass":
            false_passes.append(name)
        identity = analysis.license
        named_open = identity is not None and identity.id in open_ids()
        if label["osd"] == "fail" and named_open and identity and identity.match == "exact":
            plain_names.append(f"{name} as {identity.id}")  # an addition makes a variant
        if verbose:
            named = f"{identity.id} {identity.match} {identity.confidence:.2f}" if identity else "—"
            print(
                f"  {name}: {verdict} (label {label['osd']}); named {named}; "
                f"missed {sorted(expected - found)}; extra {sorted(found - expected)}"
            )
    tp, fp, fn = (sum(c.values()) for c in (true_positive, false_positive, false_negative))
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"{half}: {len(chosen)} texts")
    print(f"  terms: precision {precision:.2f}  recall {recall:.2f}  F1 {f1:.2f}")
    if verbose:
        print(f"  {'kind':<28}{'tp':>4}{'fp':>4}{'fn':>4}")
        for kind in sorted(set(true_positive) | set(false_positive) | set(false_negative)):
            row = (true_positive[kind], false_positive[kind], false_negative[kind])
            print(f"  {kind:<28}{row[0]:>4}{row[1]:>4}{row[2]:>4}")
    print("  OSD verdicts (label -> answer): " + ", ".join(
        f"{label}->{answer}: {count}" for (label, answer), count in sorted(verdicts.items())
    ))  # fmt: skip
    print(f"  false passes: {len(false_passes)} {false_passes}")
    print(f"  restrictive texts named as an open license, exact: {len(plain_names)} {plain_names}")


if __name__ == "__main__":
    main()
