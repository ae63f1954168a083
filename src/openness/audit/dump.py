"""Save the Hub's model listing as Parquet shards, resumable after an interruption.

Owns ``openness hub dump``: pages from ``openness.sources.hub.listing`` are
gathered into shards of about ``SHARD_RECORDS`` records (one ``record`` column
of JSON, the shape ``hub audit`` reads), each written to a temporary file and
renamed, then the checkpoint (the next page's URL) is saved the same way. A run
that stops for any reason starts again at the page after the last shard
written; a finished dump is left as it is. Entry point: ``dump_hub``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openness.sources.hub.listing import Page

SHARD_RECORDS = 50_000
"""About how many records one shard holds (a shard ends at a page's end)."""
CHECKPOINT = "checkpoint.json"


@dataclass(frozen=True)
class DumpResult:
    """What a dump run did."""

    records: int
    """Records in the dump, all runs together."""
    shards: int
    complete: bool
    """True when the listing's last page is in."""
    resumed_from: str | None = None
    """The URL this run started at, when it resumed an earlier one."""


def dump_hub(
    out: Path,
    first_url: str,
    pages: Callable[[str], Iterator[Page]],
    progress: Callable[[int, int], None] | None = None,
    shard_records: int = SHARD_RECORDS,
) -> DumpResult:
    """Dump the listing starting at *first_url* (or where an earlier run stopped) into *out*.

    Args:
        out: the dump's folder (created).
        first_url: the listing's first page.
        pages: yields the pages from a URL on (``list_pages``).
        progress: called with (records, shards) after each shard.
        shard_records: records per shard.

    Raises:
        HubAccessError: a page kept failing; what was written is kept and the
            next run resumes after it.
    """
    out.mkdir(parents=True, exist_ok=True)
    state = _read_checkpoint(out)
    records, shards = _count(state.get("records")), _count(state.get("shards"))
    if state.get("complete") is True:
        return DumpResult(records, shards, True)
    saved = state.get("next_url")
    start = saved if isinstance(saved, str) and saved else first_url
    resumed = start if state else None
    buffer: list[str] = []
    for page in pages(start):
        buffer += page.records
        if len(buffer) >= shard_records or page.next_url is None:
            if buffer:
                _write_shard(out, shards, buffer)
                shards += 1
                records += len(buffer)
                buffer = []
            _write_checkpoint(out, page.next_url, records, shards)
            if progress is not None:
                progress(records, shards)
    return DumpResult(records, shards, True, resumed)


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _read_checkpoint(out: Path) -> dict[str, object]:
    path = out / CHECKPOINT
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def _write_checkpoint(out: Path, next_url: str | None, records: int, shards: int) -> None:
    state = {
        "next_url": next_url,
        "records": records,
        "shards": shards,
        "complete": next_url is None,
    }
    _replace(out / CHECKPOINT, json.dumps(state, indent=2).encode())


def _write_shard(out: Path, number: int, records: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = out / f"shard-{number:05d}.parquet"
    temporary = target.with_suffix(".parquet.tmp")
    pq.write_table(pa.table({"record": pa.array(records, pa.string())}), temporary)
    os.replace(temporary, target)


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
