"""Both engines, one answer: the Ray engine (a local Ray instance) against the embedded one."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from openness.audit.embedded import audit_embedded
from openness.errors import AuditInputError
from openness.kb.catalog import Catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from synthetic_hub import records  # noqa: E402


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    """A Ray instance on this machine for the module (Ray has no in-process local mode now)."""
    import ray  # a test dependency: never skipped

    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
    )
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("dump")
    lines = list(records(6_000, seed=11, deep=150))
    cycle = [
        json.dumps({"id": "loop/a", "cardData": {"license": "mit", "base_model": "loop/b"}}),
        json.dumps({"id": "loop/b", "cardData": {"license": "mit", "base_model": "loop/a"}}),
    ]
    first, second = folder / "part-1.jsonl", folder / "part-2.jsonl"
    first.write_text("\n".join(lines[:3_500]) + "\n")
    second.write_bytes(("\n".join([*lines[3_500:], *cycle]) + "\n").encode() + b"\xff\xfe\n")
    return [first, second]


def test_ray_and_duckdb_give_the_same_audit(
    ray_cluster: None, dump: list[Path], catalog: Catalog, tmp_path: Path
) -> None:
    from openness.audit.distributed import audit_ray

    embedded = audit_embedded(dump, catalog, tmp_path / "duckdb")
    distributed = audit_ray(dump, catalog, tmp_path / "ray", chunk_bytes=64 * 1024)
    assert distributed.engine == "ray" and embedded.engine == "duckdb"
    assert distributed.to_dict() == embedded.to_dict()
    assert embedded.findings["lineage_cycle"] == 2 and embedded.malformed > 0
    import duckdb

    def table(engine: str) -> list[tuple[object, ...]]:
        path = tmp_path / engine / "models.parquet"
        return duckdb.connect().execute(f"SELECT * FROM '{path}' ORDER BY id").fetchall()

    assert table("ray") == table("duckdb")


def test_ray_reports_a_truncated_shard_in_one_line(
    ray_cluster: None, catalog: Catalog, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from openness.audit.distributed import audit_ray

    shard = tmp_path / "shard.parquet"
    pq.write_table(pa.table({"record": [json.dumps({"id": "a/b"})] * 100}), shard)
    shard.write_bytes(shard.read_bytes()[:-40])
    with pytest.raises(AuditInputError, match="shard.parquet: cannot be read"):
        audit_ray([shard], catalog)
