"""`openness hub dump`: the real client's session against the local Hub, page by page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.audit.dump import dump_hub
from openness.cli.app import cli
from openness.errors import HubAccessError
from openness.sources.hub.listing import MAX_TRIES, first_url, list_pages
from tests.sources.hub.conftest import FakeHub, Reply


def _serve_listing(hub: FakeHub, models: int, page_size: int) -> list[str]:
    """Serve *models* records in pages linked by ``Link: rel="next"``; return the page paths."""
    paths = []
    first = first_url("", page_size)
    for start in range(0, models, page_size):
        path = first if start == 0 else f"/api/models?cursor={start}&limit={page_size}"
        paths.append(path)
    for number, path in enumerate(paths):
        start = number * page_size
        items = [
            {"id": f"org/model-{n}", "tags": ["license:mit"], "cardData": {"license": "mit"}}
            for n in range(start, min(start + page_size, models))
        ]
        headers = {"Content-Type": "application/json"}
        if number + 1 < len(paths):
            headers["Link"] = f'<{hub.url}{paths[number + 1]}>; rel="next"'
        hub.replies[path] = Reply(200, json.dumps(items).encode(), headers)
    return paths


def _ids(out: Path) -> list[str]:
    import pyarrow.parquet as pq

    ids = []
    for shard in sorted(out.glob("shard-*.parquet")):
        ids += [json.loads(r)["id"] for r in pq.read_table(shard).column("record").to_pylist()]
    return ids


def test_a_dump_follows_every_page_and_writes_shards(hub: FakeHub, tmp_path: Path) -> None:
    _serve_listing(hub, models=95, page_size=10)
    waits: list[float] = []
    result = dump_hub(
        tmp_path / "dump",
        first_url(hub.url, 10),
        lambda url: list_pages(url, sleep=waits.append),
        shard_records=25,
    )
    assert result.complete and result.records == 95 and result.shards == 4
    assert _ids(tmp_path / "dump") == [f"org/model-{n}" for n in range(95)]
    assert waits == []
    asked = hub.paths()
    assert "full=True" in asked[0] and "cardData=True" in asked[0]


def test_a_rate_limit_and_a_truncated_page_are_waited_out(hub: FakeHub, tmp_path: Path) -> None:
    paths = _serve_listing(hub, models=30, page_size=10)
    good = hub.replies[paths[1]]
    hub.sequences[paths[1]] = [
        Reply.json({"error": "slow down"}, 429, **{"Retry-After": "7"}),
        Reply(200, good.body[: len(good.body) // 2], {"Content-Type": "application/json"}),
        good,
    ]
    waits: list[float] = []
    result = dump_hub(
        tmp_path / "dump", first_url(hub.url, 10), lambda url: list_pages(url, sleep=waits.append)
    )
    assert result.records == 30
    assert waits[0] == 7.0 and len(waits) == 2  # Retry-After honoured, then one back-off
    assert _ids(tmp_path / "dump") == [f"org/model-{n}" for n in range(30)]


def test_an_interrupted_dump_resumes_after_the_last_shard(hub: FakeHub, tmp_path: Path) -> None:
    paths = _serve_listing(hub, models=60, page_size=10)
    kept = hub.replies.pop(paths[4])
    hub.replies[paths[4]] = Reply.json({"error": "down"}, 503)
    out = tmp_path / "dump"
    with pytest.raises(HubAccessError, match="run the dump again to resume"):
        dump_hub(
            out,
            first_url(hub.url, 10),
            lambda url: list_pages(url, sleep=lambda s: None),
            shard_records=20,
        )
    assert len(_ids(out)) == 40  # two shards of two pages each were kept
    hub.replies[paths[4]] = kept
    before = len(hub.paths())
    result = dump_hub(out, first_url(hub.url, 10), lambda url: list_pages(url), shard_records=20)
    assert result.resumed_from is not None and result.resumed_from.endswith(paths[4])
    assert _ids(out) == [f"org/model-{n}" for n in range(60)]  # none twice, none lost
    assert hub.paths()[before] == paths[4]  # the first pages were not asked again
    again = dump_hub(out, first_url(hub.url, 10), lambda url: list_pages(url), shard_records=20)
    assert again.complete and again.records == 60


def test_a_page_failing_every_time_stops_with_one_line(hub: FakeHub, tmp_path: Path) -> None:
    hub.replies[first_url("", 10)] = Reply.json({"error": "down"}, 500)
    with pytest.raises(HubAccessError) as failure:
        list(list_pages(first_url(hub.url, 10), sleep=lambda s: None))
    assert f"failed {MAX_TRIES} times" in str(failure.value) and "\n" not in str(failure.value)


def test_the_cli_dumps_and_the_audit_reads_the_dump(hub: FakeHub, tmp_path: Path) -> None:
    _serve_listing(hub, models=25, page_size=1000)
    out = tmp_path / "hub-dump"
    env = {"HF_ENDPOINT": hub.url}
    runner = CliRunner()
    done = runner.invoke(cli, ["hub", "dump", str(out), "--online"], env=env)
    assert done.exit_code == 0, done.output
    assert "25 models in 1 shards" in done.stdout
    audit = runner.invoke(cli, ["hub", "audit", str(out), "--format", "json"], env=env)
    assert audit.exit_code == 0, audit.output
    assert json.loads(audit.stdout)["by_license"] == {"mit": 25}
    offline = runner.invoke(cli, ["hub", "dump", str(out)], env=env)
    assert offline.exit_code == 2 and "--online" in offline.stderr


def test_license_texts_are_fetched_once_each_and_read_by_the_audit(
    hub: FakeHub, tmp_path: Path
) -> None:
    corpus = Path(__file__).resolve().parents[2] / "fixtures" / "licenses" / "corpus"
    llama = (corpus / "llama-3.1-community.txt").read_bytes()
    mit_plus = (corpus / "mit-deepseek-code.txt").read_bytes() + (
        b"\nThe Software may not be used for military purposes.\n"
    )
    items = []
    for n, (license_id, text) in enumerate(
        [("other", llama), ("other", llama), ("other", mit_plus), ("mit", None)]
    ):
        repo = f"org/m{n}"
        siblings = [{"rfilename": "config.json"}] + ([{"rfilename": "LICENSE"}] if text else [])
        items.append({"id": repo, "cardData": {"license": license_id}, "siblings": siblings})
        if text:
            hub.replies[f"/{repo}/resolve/main/LICENSE"] = Reply(200, text, {})
    items.append(  # a fine-tune of the first, relabelled: its root's text carries over
        {"id": "org/ft", "cardData": {"license": "apache-2.0", "base_model": "org/m2"}}
    )
    hub.replies[first_url("", 1000)] = Reply(200, json.dumps(items).encode(), {})
    out = tmp_path / "dump"
    runner = CliRunner()
    env = {"HF_ENDPOINT": hub.url}
    done = runner.invoke(
        cli, ["hub", "dump", str(out), "--online", "--with-license-texts"], env=env
    )
    assert done.exit_code == 0, done.output
    assert "LICENSE texts of 3 models, 2 distinct" in done.stdout
    assert len(list((out / "license-texts").glob("*.txt"))) == 2
    audit = runner.invoke(cli, ["hub", "audit", str(out), "--format", "json"], env=env)
    data = json.loads(audit.stdout)
    assert data["findings"]["other_without_text"] == 0
    assert data["findings"]["license_conflict"] == 1  # org/ft drops the text's use restriction
    assert data["by_osd"]["fail"] >= 1 and data["by_license"]["mit"] == 1


def test_a_refused_listing_is_one_line_and_exit_2(hub: FakeHub, tmp_path: Path) -> None:
    hub.replies[first_url("", 1000)] = Reply.json({"error": "Invalid credentials"}, 401)
    result = CliRunner().invoke(
        cli, ["hub", "dump", str(tmp_path / "d"), "--online"], env={"HF_ENDPOINT": hub.url}
    )
    assert result.exit_code == 2
    assert "refused the listing" in result.stderr and len(result.stderr.strip().splitlines()) == 1
