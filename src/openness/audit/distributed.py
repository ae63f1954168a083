"""The Hub audit on Ray, for dumps one machine is too small for.

The record work runs as Ray tasks: each reads one chunk of a JSON-lines file
(or one Parquet shard) and parses it with the same DuckDB queries the embedded
engine uses, returning Arrow tables; the distinct declared licenses are
classified in task batches. The driver then joins the parsed records and
resolves lineage, conflicts and the summary with the embedded engine's own
code, so both engines give the same answer on the same dump. Files must be
readable at the same path on every node (a shared file system). Entry point:
``audit_ray``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openness.audit.chunks import CHUNK_BYTES, Chunk, jsonl_chunks
from openness.audit.embedded import check_input, classify_texts_here, finish_audit
from openness.audit.licenses import LicenseBook, LicenseClass
from openness.audit.result import AuditResult
from openness.kb.catalog import Catalog

LICENSES_PER_TASK = 256
"""Distinct declared licenses classified by one task."""
TEXTS_PER_TASK = 16
"""Distinct LICENSE texts read by one task (each is a full engine run)."""


def audit_ray(
    inputs: Sequence[Path],
    catalog: Catalog,
    out: Path | None = None,
    address: str | None = None,
    memory_limit: str = "3GB",
    chunk_bytes: int = CHUNK_BYTES,
    texts: Path | None = None,
) -> AuditResult:
    """Audit the dump in *inputs* on a Ray cluster (a local one when *address* is None).

    Raises:
        AuditInputError: a file is missing, of no known kind, or not readable.
    """
    import duckdb
    import pyarrow as pa
    import ray

    for path in inputs:
        check_input(path)
    started = not ray.is_initialized()
    if started:
        ray.init(
            address=address or "local",  # a new instance here, never one found by chance
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    try:
        parse = ray.remote(_parse_part)
        parts: list[Chunk | str] = []
        for path in inputs:
            if path.suffix == ".parquet":
                parts.append(str(path))
            else:
                parts += jsonl_chunks(path, chunk_bytes)
        answers = ray.get([parse.remote(part) for part in parts])
        _raise_first_error(answers)
        db = duckdb.connect(
            config={"memory_limit": memory_limit, "preserve_insertion_order": False}
        )
        try:
            parsed = pa.concat_tables([a[0] for a in answers])  # noqa: F841 - read by name
            bad = pa.concat_tables([a[1] for a in answers])  # noqa: F841 - read by name
            db.execute("CREATE TABLE parsed AS SELECT * FROM parsed")
            db.execute("CREATE TABLE bad AS SELECT * FROM bad")
            shared = ray.put(catalog)
            classify_batch = ray.remote(_classify_batch)

            def classify(pairs: list[tuple[str | None, str | None]]) -> list[LicenseClass]:
                batches = [
                    pairs[i : i + LICENSES_PER_TASK]
                    for i in range(0, len(pairs), LICENSES_PER_TASK)
                ]
                found = ray.get([classify_batch.remote(shared, batch) for batch in batches])
                return [item for batch in found for item in batch]

            read_texts = ray.remote(classify_texts_here)

            def classify_texts(
                pairs: list[tuple[str, bytes]],
            ) -> list[tuple[LicenseClass, tuple[Any, ...]]]:
                batches = [
                    pairs[i : i + TEXTS_PER_TASK] for i in range(0, len(pairs), TEXTS_PER_TASK)
                ]
                found = ray.get([read_texts.remote(shared, batch) for batch in batches])
                return [item for batch in found for item in batch]

            return finish_audit(
                db, catalog, out, classify, "ray", texts=texts, classify_texts=classify_texts
            )
        finally:
            db.close()
    finally:
        if started:
            ray.shutdown()


def _parse_part(part: Chunk | str) -> tuple[Any, Any, str | None]:
    """Parse one chunk or Parquet shard; return (parsed, bad, error) as Arrow tables."""
    import duckdb

    from openness.audit.chunks import read_chunk
    from openness.audit.embedded import parse_raw

    db = duckdb.connect()
    try:
        if isinstance(part, Chunk):
            lines = read_chunk(part)  # noqa: F841 - read by DuckDB by name
            db.execute("CREATE TABLE raw AS SELECT * FROM lines")
        else:
            try:
                db.execute(
                    "CREATE TABLE raw AS SELECT ?::VARCHAR AS source, "
                    "row_number() OVER ()::BIGINT AS line, record AS j, false AS undecodable "
                    "FROM read_parquet(?)",
                    [part, part],
                )
            except duckdb.Error as err:
                first = str(err).splitlines()[0][:200]
                return None, None, f"{part}: cannot be read ({first})"
        parse_raw(db)
        return (
            db.execute("SELECT * FROM parsed").to_arrow_table(),
            db.execute("SELECT * FROM bad").to_arrow_table(),
            None,
        )
    finally:
        db.close()


def _raise_first_error(answers: list[tuple[Any, Any, str | None]]) -> None:
    from openness.errors import AuditInputError

    for _, _, error in answers:
        if error is not None:
            raise AuditInputError(error, error.split(": ", 1)[0])


def _classify_batch(
    catalog: Catalog, pairs: list[tuple[str | None, str | None]]
) -> list[LicenseClass]:
    book = LicenseBook(catalog)
    return [book.classify(declared, name) for declared, name in pairs]
