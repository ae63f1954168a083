"""Save the Hub's model listing as Parquet shards, resumable after an interruption.

Owns ``openness hub dump``: pages from ``openness.sources.hub.listing`` are
gathered into shards of about ``SHARD_RECORDS`` records (one ``record`` column
of JSON, the shape ``hub audit`` reads), each written to a temporary file and
renamed, then the checkpoint (the next page's URL) is saved the same way. A run
that stops for any reason starts again at the page after the last shard
written; a finished dump is left as it is. Entry points: ``dump_hub``,
``fetch_license_texts``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    """Write *path* whole or not at all; two threads writing the same text never collide."""
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


TEXTS = "license-texts"
"""The dump's folder of LICENSE texts, one file per distinct text (named by its SHA-256)."""
TEXT_INDEX = "license-texts.parquet"
"""Which model has which text: columns ``id`` and ``sha256``."""
WANTS_TEXT = ("other", "", "unknown")


def fetch_license_texts(
    out: Path,
    endpoint: str,
    fetch: Callable[[str], bytes | None],
    known: Callable[[str], bool],
    workers: int = 8,
) -> tuple[int, int]:
    """Fetch the LICENSE of each dumped model declaring ``other``, none, or an unknown id.

    Each distinct text is kept once, named by its SHA-256; fetches run on
    *workers* threads.

    Returns:
        (models with a text, distinct texts).
    """
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.parquet as pq

    from openness.limits import LICENSE_BYTES

    wanted: list[tuple[str, str]] = []
    for shard in sorted(out.glob("shard-*.parquet")):
        for record in pq.read_table(shard).column("record").to_pylist():
            target = _text_target(record, known)
            if target is not None:
                wanted.append(target)
    folder = out / TEXTS
    folder.mkdir(exist_ok=True)

    def one(item: tuple[str, str]) -> tuple[str, str] | None:
        repo, name = item
        data = fetch(f"{endpoint.rstrip('/')}/{repo}/resolve/main/{name}")
        if not data:
            return None
        digest = hashlib.sha256(data).hexdigest()
        path = folder / f"{digest}.txt"
        if not path.exists():
            _replace(path, data[:LICENSE_BYTES])
        return repo, digest

    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = [pair for pair in pool.map(one, wanted) if pair is not None]
    table = pa.table({"id": [r for r, _ in found], "sha256": [d for _, d in found]})
    pq.write_table(table, out / TEXT_INDEX)
    return len(found), len({digest for _, digest in found})


def _text_target(record: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """The (repo, LICENSE file) to fetch for one dumped record, or None."""
    from openness.sources.hub.schema import license_file

    try:
        data = json.loads(record)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    card_value = data.get("cardData")
    card: dict[str, Any] = card_value if isinstance(card_value, dict) else {}
    value = card.get("license")
    declared = value.strip().lower() if isinstance(value, str) else ""
    if declared not in WANTS_TEXT and known(declared):
        return None
    sibling_value = data.get("siblings")
    siblings: list[Any] = sibling_value if isinstance(sibling_value, list) else []
    names = tuple(
        s["rfilename"]
        for s in siblings
        if isinstance(s, dict) and isinstance(s.get("rfilename"), str)
    )
    link = card.get("license_link") if isinstance(card.get("license_link"), str) else None
    name = license_file(names, link)
    return (data["id"], name) if name else None
