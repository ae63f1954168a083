"""scripts/review_catalog.py against the fake Hub: differences listed, records never edited."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from openness.kb import Catalog
from openness.sources.hub import HubClient
from tests.sources.hub.conftest import FakeHub

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))

import review_catalog  # noqa: E402


def _digest() -> str:
    data = ROOT / "src" / "openness" / "kb" / "data"
    files = sorted(p for p in data.rglob("*.yaml"))
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


def test_a_card_that_agrees_gives_no_difference_and_one_that_differs_is_listed(
    hub: FakeHub, tmp_path: Path, catalog: Catalog
) -> None:
    hub.add_model("meta-llama--Meta-Llama-3-8B")  # llama3, gated manual: as the record says
    client = HubClient(endpoint=hub.url, cache_dir=tmp_path)
    llama = catalog.model("llama-3-8b")
    same = review_catalog.compare(llama, client.model("meta-llama/Meta-Llama-3-8B"), catalog)
    assert [d.field for d in same if d.field in ("license", "gated")] == []
    hub.add_model(
        "meta-llama--Meta-Llama-3-8B",
        id="meta-llama/Meta-Llama-3-8B-Instruct",
        gated=False,
        cardData={"license": "apache-2.0", "base_model": "someone/else-7b"},
    )
    client = HubClient(endpoint=hub.url, cache_dir=tmp_path / "fresh")
    moved = review_catalog.compare(
        llama, client.model("meta-llama/Meta-Llama-3-8B-Instruct"), catalog
    )
    fields = {d.field: d for d in moved}
    assert fields["license"].catalog == "llama3" and fields["license"].hub == "apache-2.0"
    assert fields["gated"].hub == "not gated"
    assert fields["base_model"].hub == "someone/else-7b"


def test_the_script_needs_online_lists_unanswered_repos_and_never_edits(
    hub: FakeHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert review_catalog.main(["llama-3-8b"]) == 2  # offline unless asked
    assert "--online" in capsys.readouterr().err
    before = _digest()
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path))
    hub.add_model("meta-llama--Meta-Llama-3-8B")
    assert review_catalog.main(["llama-3-8b", "--online", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {d["model"] for d in listed} == {"llama-3-8b"}
    # the record's other repo ids are unknown to this fake Hub: each is listed, not fatal
    assert any(d["field"] == "hub" and d["repo"] != "meta-llama/Meta-Llama-3-8B" for d in listed)
    assert _digest() == before
    assert review_catalog.main(["no-such-model", "--online"]) == 2
