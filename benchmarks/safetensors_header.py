"""Read the header of a 10 GB sparse safetensors file, next to a plain stat() of it.

Usage: python benchmarks/safetensors_header.py

Writes a sparse file (a real header describing 10 GB of BF16 tensors, then a
hole) in a temporary folder, reads its metadata 200 times with
``read_safetensors_header`` and prints the median time, the ratio to
``os.stat`` of the same file measured in the same run, and the peak memory
the reads added. Target: under 10 ms and constant memory.
"""

from __future__ import annotations

import json
import os
import statistics
import struct
import tempfile
import time
import tracemalloc
from pathlib import Path

from openness.sources.formats.safetensors import read_safetensors_header

TENSORS = 200
ELEMENTS = 25_000_000  # 200 × 25 M × 2 bytes = 10 GB


def _write(path: Path) -> None:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    for index in range(TENSORS):
        start = index * ELEMENTS * 2
        header[f"layer.{index}.weight"] = {
            "dtype": "BF16",
            "shape": [5000, 5000],
            "data_offsets": [start, start + ELEMENTS * 2],
        }
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    with path.open("wb") as out:
        out.write(struct.pack("<Q", len(raw)) + raw)
        out.truncate(8 + len(raw) + TENSORS * ELEMENTS * 2)


def _median_ms(action: object, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.safetensors"
        _write(path)
        size = path.stat().st_size
        header = read_safetensors_header(path)
        baseline = _median_ms(lambda: os.stat(path))
        reading = _median_ms(lambda: read_safetensors_header(path))
        tracemalloc.start()
        for _ in range(50):
            read_safetensors_header(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"file      {size / 1e9:.1f} GB sparse, {header.parameter_count:,} parameters")
    print(f"os.stat   {baseline:.4f} ms (baseline)")
    print(f"header    {reading:.4f} ms median of 200 ({reading / baseline:.0f}x stat)")
    print(f"memory    peak {peak / 1e6:.2f} MB over 50 reads")
    print(f"target    < 10 ms: {'meets' if reading < 10 else 'MISSES'}")


if __name__ == "__main__":
    main()
