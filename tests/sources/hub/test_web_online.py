"""The web app asks the Hub only when started --online, and never reads local paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from openness.web import create_app
from tests.sources.hub.conftest import FakeHub

REPO = "example-org/slerp-merge-7b"


@pytest.fixture
def hub_env(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "cache"))
    hub.add_model("example-org--slerp-merge-7b")
    return hub


def test_offline_app_never_calls_the_hub(hub_env: FakeHub) -> None:
    client = TestClient(create_app())
    assert client.get(f"/api/models/{REPO}").status_code == 404
    assert client.get(f"/models/{REPO}").status_code == 404
    assert hub_env.paths() == []


def test_online_app_assesses_hub_repos(hub_env: FakeHub) -> None:
    client = TestClient(create_app(online=True))
    response = client.get(f"/api/models/{REPO}")
    assert response.status_code == 200, response.text
    assert response.json()["components"]["model_parameters"]["license"] == "apache-2.0"
    assert client.get(f"/models/{REPO}").status_code == 200
    assert hub_env.paths()  # the Hub was asked


def test_a_local_path_is_not_a_model(hub_env: FakeHub, tmp_path: Path) -> None:
    folder = tmp_path / "secret-model"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    client = TestClient(create_app(online=True))
    assert client.get(f"/api/models/{folder}").status_code == 404
