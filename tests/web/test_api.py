"""Tests for the web app through its HTTP interface (pages, JSON API, security)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE_LICENSE

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "licenses" / "corpus"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?tier=open_source",
        "/?developer=Meta&license=llama3",
        "/models/llama-3-8b",
        "/compare?ids=llama-3-8b,gpt-4o",
        "/compare?pick=llama-3-8b&pick=gpt-4o",
        "/compare",
        "/license",
        "/advise",
        "/obligations",
        "/obligations?model=llama-3.1-8b&use=derive&mau=2M&region=US",
        "/diff",
        "/diff?a=llama3&b=llama3.1",
        "/docs",
        "/healthz",
        "/openapi.json",
        "/static/style.css",
        "/static/app.js",
    ],
)
def test_page_is_served_with_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_spectrum_counts_every_catalog_model(client: TestClient) -> None:
    listing = client.get("/api/models").json()
    page = client.get("/").text
    assert page.count('class="point point-') == listing["counts"]["catalog"]
    assert f"of {listing['counts']['catalog']} listed" in page


def test_api_model_follows_check_contract(client: TestClient) -> None:
    body = client.get("/api/models/llama-3-8b").json()
    assert body["model"]["id"] == "llama-3-8b"
    assert body["tier"] == "open_weights"
    assert {"components", "license", "osaid", "mof", "tier_reasons", "sources"} <= set(body)


def test_api_models_filters_by_tier(client: TestClient) -> None:
    body = client.get("/api/models", params={"tier": "closed_api"}).json()
    assert body["models"]
    assert {m["tier"] for m in body["models"]} == {"closed_api"}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/models/no-such-model", 404),
        ("/models/no-such-model", 404),
        ("/api/models?tier=bogus", 422),
        ("/api/estimate?model=llama-3-8b&gpu=no-such-gpu", 404),
        ("/api/estimate?model=llama-3-8b&precision=fp3", 422),
        ("/nowhere", 404),
    ],
)
def test_errors_have_status_and_one_line_message(
    client: TestClient, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    if path.startswith("/api"):
        message = response.json()["error"]
        assert message
        assert "\n" not in message


def test_api_license_on_llama3_names_the_user_threshold(client: TestClient) -> None:
    text = (CORPUS / "llama-3-community.txt").read_text(encoding="utf-8")
    body = client.post("/api/license", json={"text": text}).json()
    assert body["license"]["id"] == "llama3"
    kinds = {term["kind"] for term in body["terms"]}
    assert "user_threshold" in kinds
    assert body["osd"]["verdict"] == "fail"
    for term in body["terms"]:
        start, end = term["span"]
        assert term["quote"][:20] in text[start:end]


def test_api_license_rejects_empty_text(client: TestClient) -> None:
    response = client.post("/api/license", json={"text": "  "})
    assert response.status_code == 422
    assert "empty" in response.json()["error"]


def test_api_advise_and_estimate(client: TestClient) -> None:
    advice = client.post("/api/advise", json={"privacy": "required"}).json()
    assert advice["recommendation"] in {"closed_api", "open_self_hosted", "hybrid"}
    assert advice["shortlist"]
    bad = client.post("/api/advise", json={"privacy": "sometimes"})
    assert bad.status_code == 422
    params = {"model": "llama-3-8b", "gpu": "h100", "gpus": "1", "precision": "fp8"}
    assert "fits" in client.get("/api/estimate", params=params).json()


def test_license_page_escapes_hostile_text_and_highlights(client: TestClient) -> None:
    page = client.post("/license", data={"text": HOSTILE_LICENSE}).text
    assert "<script>window.__xss" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert '<mark class="term kind-non_commercial"' in page


def test_license_page_accepts_an_upload(client: TestClient) -> None:
    data = (CORPUS / "llama-3-community.txt").read_bytes()
    response = client.post("/license", files={"file": ("LICENSE", data, "text/plain")})
    assert response.status_code == 200
    assert "kind-user_threshold" in response.text


def test_advise_page_renders_chart(client: TestClient) -> None:
    page = client.get("/advise", params={"submitted": "1", "privacy": "required"}).text
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Recommendation" in page


def test_oversized_body_declared_is_413(client: TestClient) -> None:
    body = b'{"text": "' + b"a" * (2 * 1024 * 1024 + 10) + b'"}'
    response = client.post(
        "/api/license", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_oversized_body_streamed_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"a" * 65536

    response = client.post(
        "/api/license",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_docs_page_uses_no_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/api/license" in page
    assert "cdn" not in page.lower()


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/models/llama-3-8b", "/api/models/gpt-4o"):
        head = client.head(path)
        get = client.get(path)
        assert head.status_code == 200 == get.status_code, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]


def test_labels_spell_acronyms(client: TestClient) -> None:
    page = client.get("/models/gpt-4o").text
    assert "Closed api" not in page and ">Api<" not in page
    assert "Closed API" in page


def test_a_page_and_its_api_twin_are_remembered_apart(client: TestClient) -> None:
    for _ in range(2):
        page = client.get("/models/llama-3-8b")
        api = client.get("/api/models/llama-3-8b")
        assert page.headers["content-type"].startswith("text/html")
        assert api.json()["model"]["id"] == "llama-3-8b"


def test_the_memo_forgets_the_least_recent_answer_past_its_size() -> None:
    from functools import partial

    from openness.web.deps import Memo

    memo = Memo(size=2)
    calls: list[str] = []

    def answer(key: str) -> str:
        calls.append(key)
        return key.upper()

    for key in ("a", "b", "a", "c", "b"):
        assert memo.get(key, partial(answer, key)) == key.upper()
    assert calls == ["a", "b", "c", "b"]  # "b" was forgotten when "c" came after "a"


def test_the_advisor_page_lists_exclusions_and_assumptions(client: TestClient) -> None:
    page = client.get("/advise", params={"submitted": "1", "privacy": "required"}).text
    assert "Excluded by a requirement" in page and "Assumptions" in page
    assert "<td>Privacy</td>" in page  # the requirement that leaves every API out


def test_api_obligations_follows_the_cli_contract(client: TestClient) -> None:
    answer = client.get(
        "/api/obligations", params={"model": "qwen2.5-72b", "use": "saas", "mau": "200M"}
    ).json()
    assert answer["allowed"] is False and answer["blockers"][0]["kind"] == "user_threshold"
    assert set(answer) >= {"model", "use", "allowed", "blockers", "duties"}
    bad = client.get("/api/obligations", params={"model": "qwen2.5-72b", "use": "x"})
    assert bad.status_code in (400, 422) and "use must be one of" in bad.json()["error"]
    missing = client.get("/api/obligations", params={"model": "no-such-model", "use": "saas"})
    assert missing.status_code == 404


def test_api_diff_of_two_catalog_licenses(client: TestClient) -> None:
    answer = client.get("/api/diff", params={"a": "llama3.1", "b": "llama3.2"}).json()
    assert [t["kind"] for t in answer["added"]] == ["geographic_restriction"]
    assert client.get("/api/diff", params={"a": "nope", "b": "mit"}).status_code == 404


def test_obligations_page_never_reads_server_paths(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/obligations", params={"model": str(tmp_path), "use": "saas"})
    assert response.status_code == 404
