"""`openness check REPO --online` through the real client against the local fake Hub."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from openness.cli.app import cli
from tests.sources.hub.conftest import FakeHub


def _run(hub: FakeHub, tmp_path: Path, *args: str, **env: str) -> tuple[int, str]:
    environment = {"HF_ENDPOINT": hub.url, "OPENNESS_CACHE_DIR": str(tmp_path / "cache")}
    environment.update(env)
    result = CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)
    return result.exit_code, result.output


def test_online_check_assesses_a_repo_the_catalog_lacks(hub: FakeHub, tmp_path: Path) -> None:
    hub.add_model("example-org--slerp-merge-7b")
    code, output = _run(
        hub, tmp_path, "check", "example-org/slerp-merge-7b", "--online", "--format", "json"
    )
    assert code == 0, output
    document = json.loads(output)
    assert document["model"]["id"].lower() == "example-org/slerp-merge-7b"
    assert document["components"]["model_parameters"]["license"] == "apache-2.0"
    assert document["tier"] in ("open_weights", "open_source")


def test_offline_by_default_and_with_hf_hub_offline(hub: FakeHub, tmp_path: Path) -> None:
    hub.add_model("example-org--slerp-merge-7b")
    code, output = _run(hub, tmp_path, "check", "example-org/slerp-merge-7b")
    assert code == 2 and "Unknown model" in output
    code, output = _run(
        hub, tmp_path, "check", "example-org/slerp-merge-7b", "--online", HF_HUB_OFFLINE="1"
    )
    assert code == 2 and "offline" in output.lower()
    assert hub.paths() == [], "no request may reach the Hub offline"


def test_missing_repo_is_one_line_exit_2(hub: FakeHub, tmp_path: Path) -> None:
    code, output = _run(hub, tmp_path, "check", "nobody/no-such-model", "--online")
    assert code == 2
    assert "nobody/no-such-model" in output and "Traceback" not in output


def _parent(hub: FakeHub, repo: str, license_id: str, base: str) -> None:
    hub.add_model(
        "example-org--slerp-merge-7b",
        id=repo,
        modelId=repo,
        cardData={"license": license_id, "base_model": base},
        tags=[f"license:{license_id}", f"base_model:{base}", f"base_model:finetune:{base}"],
    )


def test_online_lineage_follows_parents_on_the_hub(hub: FakeHub, tmp_path: Path) -> None:
    hub.add_model("example-org--slerp-merge-7b")  # a merge of chat-7b and code-7b, apache-2.0
    _parent(hub, "example-org/chat-7b", "llama3", "meta-llama/Meta-Llama-3-8B")
    _parent(hub, "example-org/code-7b", "apache-2.0", "example-org/slerp-merge-7b")  # a loop
    code, output = _run(
        hub, tmp_path, "check", "example-org/slerp-merge-7b", "--online", "--format", "json"
    )
    document = json.loads(output[output.index("{") :])
    links = {(link["model"], link["depth"], link["relation"]) for link in document["lineage"]}
    assert ("example-org/chat-7b", 1, "merge") in links
    assert ("llama-3-8b", 2, "finetune") in links  # found in the catalog, not asked of the Hub
    assert any("cycle" in problem for problem in document["lineage_problems"])
    conflict = document["license_conflicts"][0]
    assert conflict["declared"] == "apache-2.0" and conflict["base_license"] == "llama3"
    asked = [p for p in hub.paths() if p.startswith("/api/models/example-org/chat-7b")]
    assert len(asked) == 1
    assert "finding: license_conflict" in output


def test_online_datasets_get_their_licenses_from_the_hub(hub: FakeHub, tmp_path: Path) -> None:
    from tests.sources.hub.conftest import Reply

    hub.add_model("example-org--slerp-merge-7b")  # its card lists example-org/merge-eval
    hub.replies["/api/datasets/example-org/merge-eval"] = Reply.json(
        {"id": "example-org/merge-eval", "cardData": {"license": "cc-by-nc-4.0"}}
    )
    code, output = _run(
        hub, tmp_path, "check", "example-org/slerp-merge-7b", "--online", "--format", "json"
    )
    document = json.loads(output[output.index("{") :])
    assert document["datasets"] == [
        {
            "id": "example-org/merge-eval",
            "license": "cc-by-nc-4.0",
            "source": "https://huggingface.co/example-org/slerp-merge-7b",
            "license_source": "https://huggingface.co/datasets/example-org/merge-eval",
        }
    ]
    code, output = _run(
        hub,
        tmp_path,
        "obligations",
        "example-org/slerp-merge-7b",
        "--use",
        "saas",
        "--online",
        "--format",
        "json",
    )
    notes = json.loads(output[output.index("{") :])["notes"]
    assert any("example-org/merge-eval (cc-by-nc-4.0" in note for note in notes)
    asked = [p for p in hub.paths() if p.startswith("/api/datasets/")]
    assert len(asked) == 1  # the second run answered from the cache


def test_a_missing_or_malformed_dataset_answer_is_no_license(hub: FakeHub, tmp_path: Path) -> None:
    from openness.sources.hub import HubClient
    from tests.sources.hub.conftest import Reply

    hub.replies["/api/datasets/a/broken"] = Reply(200, b"{not json", {})
    client = HubClient(endpoint=hub.url, cache_dir=tmp_path)
    assert client.dataset_license("a/broken") is None
    assert client.dataset_license("a/missing") is None
    assert client.dataset_license("../../etc") is None
