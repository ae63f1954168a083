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
