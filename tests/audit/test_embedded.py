"""The Hub audit on DuckDB: known answers on small dumps, bad input, and the synthetic dump."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from openness.audit.embedded import audit_embedded
from openness.errors import AuditInputError
from openness.kb.catalog import Catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from synthetic_hub import records  # noqa: E402


def _record(repo: str, license_id: Any = None, bases: Any = None, **extra: Any) -> str:
    card: dict[str, Any] = {}
    if license_id is not None:
        card["license"] = license_id
    if bases is not None:
        card["base_model"] = bases
    card.update(extra.pop("card", {}))
    return json.dumps({"id": repo, "tags": [], "createdAt": "2025-03-01T00:00:00Z",
                       "cardData": card, **extra})  # fmt: skip


def _audit(tmp_path: Path, catalog: Catalog, lines: list[str]) -> dict[str, Any]:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n")
    return audit_embedded([dump], catalog, tmp_path / "out").to_dict()


def test_a_llama_fine_tune_relabelled_apache_is_a_conflict_with_the_clause(
    tmp_path: Path, catalog: Catalog
) -> None:
    result = _audit(
        tmp_path,
        catalog,
        [
            _record("meta-llama/Meta-Llama-3-8B", "llama3"),
            _record("a/ft", "apache-2.0", "meta-llama/Meta-Llama-3-8B"),
            _record("b/ft-of-ft", "mit", "a/ft"),  # two generations down: the root still binds
            _record("c/honest", "llama3", "meta-llama/Meta-Llama-3-8B"),
        ],
    )
    assert result["findings"]["license_conflict"] == 2
    groups = {(g["declared"], g["models"]) for g in result["largest_conflicts"]}
    assert groups == {("apache-2.0", 1), ("mit", 1)}
    assert all("Llama" in g["clause"] for g in result["largest_conflicts"])
    assert all("user_threshold" in g["terms"] for g in result["largest_conflicts"])


def test_a_base_outside_the_dump_is_found_in_the_catalog_or_reported(
    tmp_path: Path, catalog: Catalog
) -> None:
    result = _audit(
        tmp_path,
        catalog,
        [
            _record("a/gemma-ft", "apache-2.0", "google/gemma-2-9b"),  # catalog knows the root
            _record("b/orphan", "apache-2.0", "gone/deleted"),  # nobody knows it
        ],
    )
    assert result["findings"]["license_conflict"] == 1
    assert result["findings"]["unresolved_parent"] == 1
    assert result["models"] == 2  # the orphan is still audited


def test_cycles_and_a_10000_deep_chain_are_bounded_and_reported(
    tmp_path: Path, catalog: Catalog
) -> None:
    lines = [
        _record("x/a", "mit", "x/b"),
        _record("x/b", "mit", "x/c"),
        _record("x/c", "mit", "x/a"),
    ]
    lines.append(_record("deep/0", "llama3"))
    lines += [_record(f"deep/{n}", "apache-2.0", f"deep/{n - 1}") for n in range(1, 10_001)]
    result = _audit(tmp_path, catalog, lines)
    assert result["findings"]["lineage_cycle"] == 3
    assert result["findings"]["lineage_cut"] > 9_000
    assert result["models"] == 10_004
    # within the bound the root is found, and its terms carry over
    assert result["findings"]["license_conflict"] >= 64


def test_malformed_lines_are_counted_with_their_line_numbers(
    tmp_path: Path, catalog: Catalog
) -> None:
    result = _audit(
        tmp_path,
        catalog,
        [
            _record("ok/one", "mit"),
            '{"id": "broken", "cardData": {',
            "[1, 2, 3]",
            json.dumps({"id": 42}),
            json.dumps(
                {
                    "id": "ok/two",
                    "tags": "not-a-list",
                    "cardData": ["wrong"],
                    "createdAt": 7,
                    "gated": {"odd": 1},
                }
            ),  # fmt: skip
            "",
        ],
    )
    assert result["models"] == 2
    assert result["malformed"]["count"] == 4
    assert [m["line"] for m in result["malformed"]["first"]] == [2, 3, 4, 6]
    assert {m["error"] for m in result["malformed"]["first"]} == {
        "not JSON",
        "not a JSON object",
        "id is missing or not text",
    }


def test_findings_of_a_single_record(tmp_path: Path, catalog: Catalog) -> None:
    result = _audit(
        tmp_path,
        catalog,
        [
            _record("a/none"),
            _record("a/other", "other"),
            _record("a/named", "other", card={"license_name": "qwen-research"}),
            _record("a/gated-open", "apache-2.0", gated="manual"),
            _record("a/tag-only", card={}, tags=["license:mit"]),
        ],
    )
    findings = result["findings"]
    assert findings["no_license"] == 1
    assert findings["other_without_text"] == 1
    assert findings["gated_but_called_open"] == 1
    assert result["by_license"]["qwen-research"] == 1
    assert result["by_license"]["mit"] == 1  # read from the license: tag


def test_the_per_model_table_is_written_as_parquet(tmp_path: Path, catalog: Catalog) -> None:
    import duckdb

    _audit(tmp_path, catalog, [_record("a/ft", "apache-2.0", "meta-llama/Meta-Llama-3-8B")])
    table = tmp_path / "out" / "models.parquet"
    rows = (
        duckdb.connect()
        .execute(f"SELECT id, license, roots, conflict_terms FROM '{table}'")
        .fetchall()
    )
    assert rows[0][0] == "a/ft" and rows[0][2] == ["meta-llama/Meta-Llama-3-8B"]
    assert "user_threshold" in rows[0][3]


def test_parquet_shards_and_a_truncated_one(tmp_path: Path, catalog: Catalog) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    shard = tmp_path / "shard-0.parquet"
    lines = [_record("a/one", "mit"), _record("a/two", "apache-2.0", "a/one")]
    pq.write_table(pa.table({"record": lines}), shard)
    assert audit_embedded([shard], catalog).models == 2
    broken = tmp_path / "shard-1.parquet"
    broken.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    with pytest.raises(AuditInputError, match="shard-1.parquet: cannot be read"):
        audit_embedded([shard, broken], catalog)
    other = tmp_path / "x.csv"
    other.write_text("a,b\n")
    with pytest.raises(AuditInputError, match="not a dump file"):
        audit_embedded([other], catalog)
    with pytest.raises(AuditInputError, match="no such file"):
        audit_embedded([tmp_path / "missing.jsonl"], catalog)


def test_the_synthetic_dump_adds_up(tmp_path: Path, catalog: Catalog) -> None:
    dump = tmp_path / "synthetic.jsonl"
    dump.write_text("\n".join(records(5_000, seed=3, deep=100)) + "\n")
    result = audit_embedded([dump], catalog).to_dict()
    assert result["models"] + result["malformed"]["count"] == 5_100
    assert sum(result["by_tier"].values()) == result["models"]
    assert sum(result["by_osd"].values()) == result["models"]
    assert sum(y["models"] for y in result["by_year"].values()) == result["models"]
    assert result["findings"]["license_conflict"] > 0 and result["findings"]["lineage_cut"] > 0
    assert result["distinct_licenses"] < 40  # each analysed once, not per record


def test_text_that_is_not_utf8_is_a_malformed_line_not_a_failure(
    tmp_path: Path, catalog: Catalog
) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(b'{"id": "a/b"}\n{"id": "c/\xff\xfe"}\n{"id": "d/e"}\r\n\n')
    result = audit_embedded([dump], catalog).to_dict()
    assert result["models"] == 2
    assert [(m["line"], m["error"]) for m in result["malformed"]["first"]] == [
        (2, "not UTF-8 text"),
        (4, "not JSON"),
    ]


def test_chunks_cover_every_line_once(tmp_path: Path) -> None:
    from openness.audit.chunks import jsonl_chunks, read_chunk

    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(f'{{"id": "m/{n}"}}\n' for n in range(1000)))
    chunks = jsonl_chunks(dump, chunk_bytes=997)
    assert len(chunks) > 10
    lines = [n for chunk in chunks for n in read_chunk(chunk).column("line").to_pylist()]
    assert lines == list(range(1, 1001))
