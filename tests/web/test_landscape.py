"""The /landscape page: an audit's charts, a message without one, hostile names as text."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from openness.audit.embedded import audit_embedded
from openness.kb.catalog import Catalog
from openness.web import create_app


def _audit_file(tmp_path: Path, catalog: Catalog) -> Path:
    lines = [
        {"id": "meta-llama/Meta-Llama-3-8B", "cardData": {"license": "llama3"}},
        {"id": "a/<script>alert(1)</script>", "cardData": {"license": "apache-2.0",
         "base_model": "meta-llama/Meta-Llama-3-8B"}, "createdAt": "2025-01-01T00:00:00Z"},
    ]  # fmt: skip
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(audit_embedded([dump], catalog).to_dict()))
    return path


def test_the_landscape_draws_an_audit(tmp_path: Path, catalog: Catalog) -> None:
    client = TestClient(create_app(catalog, landscape=_audit_file(tmp_path, catalog)))
    page = client.get("/landscape")
    assert page.status_code == 200
    assert page.text.count("<svg") == 4
    assert "meta-llama/Meta-Llama-3-8B" in page.text and "drop" in page.text
    assert "<script>alert" not in page.text  # the hostile id is escaped everywhere


def test_without_an_audit_the_page_says_how_to_make_one(catalog: Catalog) -> None:
    page = TestClient(create_app(catalog)).get("/landscape")
    assert page.status_code == 200 and "openness serve --landscape audit.json" in page.text


def test_a_file_that_is_not_an_audit_is_one_clear_error(tmp_path: Path, catalog: Catalog) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"models": 3}')
    page = TestClient(create_app(catalog, landscape=wrong)).get("/landscape")
    assert page.status_code == 500 and "wrong.json: cannot be shown" in page.text
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xff\x00{")
    page = TestClient(create_app(catalog, landscape=broken)).get("/landscape")
    assert page.status_code == 500 and "broken.json: cannot be shown" in page.text
