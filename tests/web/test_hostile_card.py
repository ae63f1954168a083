"""A hostile model record (a user's --kb folder) is shown as text on every page."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from openness.kb import load_catalog
from openness.web import create_app
from tests.conftest import FIXTURES

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def test_hostile_model_record_is_escaped(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURES / "kb", kb)
    record = kb / "models" / "acme-chat-7b.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("name: ACME Chat 7B", f"name: '{PAYLOAD}'")
    text = text.replace("developer: ACME Corp", f"developer: '{PAYLOAD}'")
    record.write_text(text, encoding="utf-8")
    client = TestClient(create_app(load_catalog((kb,))))
    for url in ("/", "/models/acme-chat-7b", "/compare?ids=acme-chat-7b,llama-3.1-8b"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>window.__xss" not in response.text, url
        assert 'onerror="window' not in response.text, url
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in response.text, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
    document = client.get("/api/models/acme-chat-7b").json()
    assert document["model"]["name"] == PAYLOAD  # JSON keeps the data as it is
