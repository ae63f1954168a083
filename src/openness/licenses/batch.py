"""Analyse many license texts at once, on every core the machine gives.

Reading a license is pure computation over its clauses, so a batch is split
over worker processes by the standard library's ``ProcessPoolExecutor``.
Workers are forked after the fingerprint index is loaded, so they share it
with the parent instead of each loading its own. Where fork is unavailable,
or the batch is small, texts are read one after another in this process;
the results are the same either way, in the order of the input.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence

from openness.errors import OpennessError
from openness.kb.catalog import Catalog
from openness.licenses.analyze import analyze_license, warm_up
from openness.licenses.result import LicenseAnalysis

PER_WORKER = 4
"""Each worker gets at least this many texts; a batch too small for two is read here."""

_catalog: Catalog | None = None
"""The catalog workers use: set before they are forked, so it is never pickled."""


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_licenses(
    texts: Sequence[tuple[str, str | bytes]],
    catalog: Catalog | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[LicenseAnalysis | OpennessError]:
    """Analyse every ``(origin, text)`` of *texts*, as ``analyze_license`` does each.

    Args:
        texts: each text (str, or the bytes of a file) with a name for it.
        catalog: where license records are looked up (the bundled one by default).
        jobs: worker processes; by default one per core, and none for a small batch.
        progress: called with (texts done, texts in all) as results come in.

    Returns:
        For each text, in order, its analysis or the error that stopped it (an
        empty or binary text): one bad file does not lose the others.
    """
    global _catalog
    if catalog is None:
        from openness.kb.loader import load_catalog

        catalog = load_catalog()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    workers = min(jobs, len(texts) // PER_WORKER)
    done: list[LicenseAnalysis | OpennessError] = []

    def collect(outcome: LicenseAnalysis | OpennessError) -> None:
        done.append(outcome)
        if progress is not None:
            progress(len(done), len(texts))

    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for origin, text in texts:
            collect(_analyze_one(origin, text, catalog))
        return done
    from concurrent.futures import ProcessPoolExecutor

    warm_up()
    _catalog = catalog
    gc.freeze()  # what the workers share is never scanned by their collectors, nor copied
    try:
        context = multiprocessing.get_context("fork")
        # The longest texts first, one at a time: texts differ a hundredfold
        # in length, and workers that end on short ones finish together.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i][1]))
        results: dict[int, LicenseAnalysis | OpennessError] = {}
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for number, outcome in zip(
                order, pool.map(_work, [texts[i] for i in order]), strict=True
            ):
                results[number] = outcome
                collect(outcome)
        return [results[i] for i in range(len(texts))]
    finally:
        _catalog = None
        gc.unfreeze()


def _work(item: tuple[str, str | bytes]) -> LicenseAnalysis | OpennessError:
    assert _catalog is not None, "the catalog is set before workers are forked"
    origin, text = item
    return _analyze_one(origin, text, _catalog)


def _analyze_one(
    origin: str, text: str | bytes, catalog: Catalog
) -> LicenseAnalysis | OpennessError:
    try:
        return analyze_license(text, catalog, origin=origin)
    except OpennessError as err:
        return err
