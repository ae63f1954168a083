"""A batch of texts read on worker processes gives what reading each alone gives."""

from __future__ import annotations

from openness.errors import LicenseParseError
from openness.licenses.analyze import analyze_license
from openness.licenses.batch import PER_WORKER, analyze_licenses
from tests.licenses.conftest import SPDX


def _texts() -> list[tuple[str, bytes]]:
    texts = [(path.name, path.read_bytes()) for path in sorted(SPDX.glob("*.txt"))]
    assert len(texts) >= 2 * PER_WORKER, "enough texts for the batch to use workers"
    return [*texts[:4], ("empty.txt", b"   "), *texts[4:]]


def test_a_batch_on_two_workers_equals_each_text_read_alone_and_keeps_the_order() -> None:
    texts = _texts()
    batch = analyze_licenses(texts, jobs=2)
    assert len(batch) == len(texts)
    for (origin, data), result in zip(texts, batch, strict=True):
        if origin == "empty.txt":
            assert isinstance(result, LicenseParseError)
            assert result.origin == "empty.txt"  # the error survives the trip back
            continue
        assert result == analyze_license(data, origin=origin), origin


def test_a_small_batch_is_read_in_this_process_with_the_same_results() -> None:
    texts = _texts()[:3]
    assert analyze_licenses(texts, jobs=4) == analyze_licenses(texts, jobs=1)


def test_progress_counts_every_text_up_to_the_total() -> None:
    texts = _texts()
    for jobs in (1, 2):
        seen: list[tuple[int, int]] = []

        def report(done: int, total: int, seen: list[tuple[int, int]] = seen) -> None:
            seen.append((done, total))

        analyze_licenses(texts, jobs=jobs, progress=report)
        assert seen == [(n, len(texts)) for n in range(1, len(texts) + 1)], jobs
