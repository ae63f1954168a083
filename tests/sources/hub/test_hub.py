"""The Hub source against a fake Hub: facts, LICENSE, errors, offline mode, cache, token."""

from __future__ import annotations

import gzip
import json
import os
import socket
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import HfApi, get_hf_file_metadata, hf_hub_url
from hypothesis import example, given, settings
from hypothesis import strategies as st

from openness.errors import (
    HubAccessError,
    HubGatedError,
    HubModelNotFoundError,
    HubRateLimitError,
)
from openness.sources import hub as hub_module
from openness.sources.findings import FindingKind
from openness.sources.hub import HubClient, HubModel, is_offline, parse_model_info
from openness.sources.hub.cache import CacheEntry, JsonCache, default_cache_dir

from .conftest import (
    CORPUS_LLAMA3,
    FIXTURES,
    LLAMA,
    LLAMA_LICENSE,
    START,
    Clock,
    FakeHub,
    Reply,
)

MakeClient = Callable[..., HubClient]
LLAMA_FIXTURE = "meta-llama--Meta-Llama-3-8B"
LLAMA_SHA = "8cde5ca8380496c9a6cc7ef3a8b46a0372a1d920"


def _error_of(make_client: MakeClient, repo_id: str = LLAMA, **options: Any) -> HubAccessError:
    with pytest.raises(HubAccessError) as caught:
        make_client(**options).model(repo_id)
    message = str(caught.value)
    assert "\n" not in message, "an error message is one line"
    assert caught.value.repo_id == repo_id
    return caught.value


# --- facts ------------------------------------------------------------------------------------


def test_llama_style_model_with_license_file(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    model = make_client().model(LLAMA)
    assert model.repo_id == LLAMA
    assert model.sha == LLAMA_SHA
    assert model.gated == "manual"
    assert model.private is False
    assert model.license == "llama3"
    assert (model.license_name, model.license_link) == (None, None)
    assert model.license_text == LLAMA_LICENSE.decode()
    assert model.pipeline_tag == "text-generation"
    assert model.library_name == "transformers"
    assert "license:llama3" in model.tags
    assert "LICENSE" in model.siblings and "original/params.json" in model.siblings
    assert model.parameters_total == 8_030_261_248
    assert model.config == {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}
    assert (model.base_models, model.datasets, model.findings) == ((), (), ())
    assert model.fetched_at == "2026-01-15T12:00:00+00:00"
    assert hub.paths() == [
        f"/api/models/{LLAMA}",
        f"/{LLAMA}/resolve/{LLAMA_SHA}/LICENSE",  # pinned to the commit described
    ]


def test_requests_go_through_huggingface_hub(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    make_client().model(LLAMA)
    for seen in hub.seen:
        assert seen.headers["user-agent"].startswith("openness/")
        assert "hf_hub/" in seen.headers["user-agent"]
        assert "x-amzn-trace-id" in seen.headers  # added by huggingface_hub's session hook


def test_license_other_with_name_and_link(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model("coqui--XTTS-v1")
    model = make_client().model("coqui/XTTS-v1")
    assert model.license == "other"
    assert model.license_name == "coqui-public-model-license"
    assert model.license_link == "https://coqui.ai/cpml"
    assert model.license_text is None
    assert model.gated is False
    assert model.config == {}
    assert hub.paths() == ["/api/models/coqui/XTTS-v1"], "no LICENSE listed, none fetched"


def test_license_link_to_a_repository_file_is_read(hub: FakeHub, make_client: MakeClient) -> None:
    data = hub.add_model("coqui--XTTS-v1")
    data["cardData"]["license_link"] = "LICENSE.md"
    data["siblings"] += [{"rfilename": "LICENSE.txt"}, {"rfilename": "LICENSE.md"}]
    hub.replies["/api/models/coqui/XTTS-v1"] = Reply.json(data)
    hub.add_file("coqui/XTTS-v1", data["sha"], "LICENSE.md", b"# Coqui Public Model License\n")
    model = make_client().model("coqui/XTTS-v1")
    assert model.license_text == "# Coqui Public Model License\n"


def test_base_model_list_and_sizes(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model("example-org--slerp-merge-7b")
    model = make_client().model("example-org/slerp-merge-7b")
    assert model.base_models == ("example-org/chat-7b", "example-org/code-7b")
    assert model.datasets == ("example-org/merge-eval",)  # a string in the card
    assert model.license == "apache-2.0"
    assert model.parameters_total == 7_241_732_096
    assert model.config["architectures"] == ["MistralForCausalLM"]
    assert model.config["max_position_embeddings"] == 32768
    assert model.config["num_key_value_heads"] == 8
    assert "tokenizer_config" not in model.config


def test_single_base_model_string(hub: FakeHub, make_client: MakeClient) -> None:
    data = hub.add_model("example-org--slerp-merge-7b")
    data["cardData"]["base_model"] = "example-org/chat-7b"
    hub.replies["/api/models/example-org/slerp-merge-7b"] = Reply.json(data)
    model = make_client().model("example-org/slerp-merge-7b")
    assert model.base_models == ("example-org/chat-7b",)


def test_tags_stand_in_for_missing_card_data(hub: FakeHub, make_client: MakeClient) -> None:
    data = hub.add_model("example-org--slerp-merge-7b")
    del data["cardData"]
    hub.replies["/api/models/example-org/slerp-merge-7b"] = Reply.json(data)
    model = make_client().model("example-org/slerp-merge-7b")
    assert model.license == "apache-2.0"
    assert model.base_models == ("example-org/chat-7b", "example-org/code-7b")
    assert model.datasets == ("example-org/merge-eval",)


def test_bert_recorded_shape(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model("google-bert--bert-base-uncased", {"LICENSE": b"Apache License\nVersion 2.0\n"})
    model = make_client().model("google-bert/bert-base-uncased")
    assert model.datasets == ("bookcorpus", "wikipedia")
    assert model.license == "apache-2.0"
    assert model.parameters_total == 110_106_428
    assert model.license_text is not None and model.license_text.startswith("Apache License")


def test_revision_is_asked_for_and_quoted(hub: FakeHub, make_client: MakeClient) -> None:
    data = hub.add_model("coqui--XTTS-v1")
    hub.replies["/api/models/coqui/XTTS-v1/revision/refs%2Fpr%2F1"] = Reply.json(data)
    model = make_client().model("coqui/XTTS-v1", revision="refs/pr/1")
    assert model.repo_id == "coqui/XTTS-v1"
    assert hub.paths() == ["/api/models/coqui/XTTS-v1/revision/refs%2Fpr%2F1"]


def test_real_llama_license_text_survives(hub: FakeHub, make_client: MakeClient) -> None:
    text = CORPUS_LLAMA3.read_bytes()
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": text})
    model = make_client().model(LLAMA)
    assert model.license_text == text.decode("utf-8")
    from openness import analyze_license

    analysis = analyze_license(model.license_text)
    assert analysis.license is not None and analysis.license.id == "llama3"


def test_fake_hub_answers_as_huggingface_hub_expects(hub: FakeHub) -> None:
    # The real client accepts the fake's answers: the tests here run against the Hub's
    # shapes, not against our own reading of them.
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    info = HfApi(endpoint=hub.url, token=False).model_info(LLAMA)
    assert info.sha == LLAMA_SHA and info.gated == "manual"
    assert info.card_data is not None and info.card_data.license == "llama3"
    assert info.safetensors is not None and info.safetensors.total == 8_030_261_248
    url = hf_hub_url(LLAMA, "LICENSE", revision=LLAMA_SHA, endpoint=hub.url)
    metadata = get_hf_file_metadata(url, token=False, endpoint=hub.url)
    assert (metadata.commit_hash, metadata.size) == (LLAMA_SHA, len(LLAMA_LICENSE))
    assert metadata.etag and hub.paths("HEAD") == [f"/{LLAMA}/resolve/{LLAMA_SHA}/LICENSE"]


# --- the LICENSE file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (Reply.error("gated_401"), FindingKind.GATED_MODEL),
        (Reply.error("gated_403"), FindingKind.GATED_MODEL),
        (Reply.error("entry_not_found"), FindingKind.HUB_ERROR),
        (Reply.error("server_error"), FindingKind.HUB_ERROR),
    ],
    ids=["gated-401", "gated-403", "missing", "server-error"],
)
def test_unreadable_license_is_a_finding(
    hub: FakeHub, make_client: MakeClient, reply: Reply, kind: FindingKind
) -> None:
    hub.add_model(LLAMA_FIXTURE)
    hub.replies[f"/{LLAMA}/resolve/{LLAMA_SHA}/LICENSE"] = reply
    model = make_client().model(LLAMA)
    assert model.license == "llama3"
    assert model.license_text is None
    [finding] = model.findings
    assert finding.kind is kind
    assert finding.path == f"{LLAMA}/LICENSE"
    assert finding.detail.startswith("LICENSE ") and "\n" not in finding.detail


@pytest.mark.parametrize("failure", ["server_error", "rate_limited"])
def test_transient_license_failure_is_not_cached(
    hub: FakeHub, make_client: MakeClient, failure: str
) -> None:
    hub.add_model(LLAMA_FIXTURE)
    hub.replies[f"/{LLAMA}/resolve/{LLAMA_SHA}/LICENSE"] = Reply.error(failure)
    client = make_client()
    assert client.model(LLAMA).license_text is None
    hub.add_file(LLAMA, LLAMA_SHA, "LICENSE", LLAMA_LICENSE)
    assert client.model(LLAMA).license_text == LLAMA_LICENSE.decode()
    assert len(hub.paths()) == 4


def test_huge_license_is_cut_with_a_finding(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_module, "MAX_LICENSE_BYTES", 1000)
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": b"x" * 5000})
    model = make_client().model(LLAMA)
    assert model.license_text == "x" * 1000
    [finding] = model.findings
    assert finding.kind is FindingKind.FILE_TOO_LARGE


def test_binary_license_is_not_text(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": b"%PDF-1.7\x00\x01\x02binary"})
    model = make_client().model(LLAMA)
    assert model.license_text is None
    assert [finding.kind for finding in model.findings] == [FindingKind.UNREADABLE_FILE]


def test_license_in_another_encoding_is_read_with_replacements(
    hub: FakeHub, make_client: MakeClient
) -> None:
    hub.add_model(
        LLAMA_FIXTURE, {"LICENSE": "\ufeffLicence \xe9t\xe9".encode("latin-1", "replace")}
    )
    model = make_client().model(LLAMA)
    assert model.license_text is not None and model.license_text.startswith("?Licence")


# --- errors -----------------------------------------------------------------------------------


def test_missing_model(hub: FakeHub, make_client: MakeClient) -> None:
    error = _error_of(make_client, "nobody/nothing")
    assert isinstance(error, HubModelNotFoundError) and isinstance(error, LookupError)
    assert "'nobody/nothing'" in str(error) and "check the repo id" in str(error)
    assert "HF_TOKEN" in str(error)  # it might be private


def test_missing_model_with_a_token_does_not_ask_for_one(
    hub: FakeHub, make_client: MakeClient
) -> None:
    error = _error_of(make_client, "nobody/nothing", token="hf_secret")
    assert isinstance(error, HubModelNotFoundError)
    assert "HF_TOKEN" not in str(error)
    assert "hf_secret" not in str(error)


def test_private_or_missing_when_unauthenticated(hub: FakeHub, make_client: MakeClient) -> None:
    hub.replies["/api/models/acme/secret"] = Reply.error("not_found_unauthenticated")
    error = _error_of(make_client, "acme/secret")
    assert isinstance(error, HubModelNotFoundError)
    assert "set HF_TOKEN" in str(error)


def test_missing_revision(hub: FakeHub, make_client: MakeClient) -> None:
    hub.replies["/api/models/coqui/XTTS-v1/revision/v9"] = Reply.error("revision_not_found")
    with pytest.raises(HubModelNotFoundError, match="revision"):
        make_client().model("coqui/XTTS-v1", revision="v9")


@pytest.mark.parametrize(
    "reply",
    [
        Reply.error("gated_401"),
        Reply.error("gated_403"),
        Reply.json({"error": "Unauthorized"}, 401),
        Reply.json({"error": "Forbidden"}, 403),
    ],
    ids=["gated-401", "gated-403", "plain-401", "plain-403"],
)
def test_gated_repository(hub: FakeHub, make_client: MakeClient, reply: Reply) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = reply
    error = _error_of(make_client)
    assert isinstance(error, HubGatedError)
    assert f"HTTP {reply.status}" in str(error)
    assert "set HF_TOKEN" in str(error)


def test_rate_limited_says_when_to_retry(hub: FakeHub, make_client: MakeClient) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply.error("rate_limited")
    start = time.perf_counter()
    error = _error_of(make_client)
    assert time.perf_counter() - start < 2, "a 429 is reported, not waited out"
    assert isinstance(error, HubRateLimitError)
    assert "try again in 30 s" in str(error)
    assert len(hub.paths()) == 1, "no retry"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"RateLimit": '"api";r=0;t=55'}, "try again in 55 s"),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, "try again later"),
        ({"Retry-After": "9" * 5000}, "try again later"),
        ({"RateLimit": '"api";r=0;t=' + "9" * 5000}, "try again later"),
        ({}, "try again later"),
    ],
    ids=["ratelimit-header", "http-date", "absurd-retry-after", "absurd-ratelimit", "none"],
)
def test_rate_limit_without_usable_retry_after(
    hub: FakeHub, make_client: MakeClient, headers: dict[str, str], expected: str
) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply.json({"error": "slow down"}, 429, **headers)
    error = _error_of(make_client)
    assert isinstance(error, HubRateLimitError)
    assert expected in str(error)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error(hub: FakeHub, make_client: MakeClient, status: int) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply(status, b"<html>Bad Gateway</html>")
    error = _error_of(make_client)
    assert type(error) is HubAccessError
    assert f"HTTP {status}" in str(error) and "HF_ENDPOINT" in str(error)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (b'{"id": "meta-llama/Meta-Llama-3-8B", "tags": [', "not JSON"),
        (b"[]", "answer"),
        (b'"a string"', "answer"),
        (b"{}", "id"),
        (b'{"id": 5}', "id"),
        (b'{"id": "a/b", "siblings": "LICENSE"}', "siblings"),
        (b'{"id": "a/b", "siblings": [{"name": "LICENSE"}]}', "siblings.0.rfilename"),
        (b'{"id": "a/b", "tags": [1, 2]}', "tags.0"),
        (b'{"id": "a/b", "safetensors": {"total": -1}}', "safetensors.total"),
        (b'{"id": "a/b", "private": "no"}', "private"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ],
    ids=[
        "not-json",
        "empty",
        "binary",
        "truncated",
        "list",
        "string",
        "no-id",
        "id-not-text",
        "siblings-not-list",
        "sibling-without-name",
        "tags-not-text",
        "negative-total",
        "private-not-bool",
        "deeply-nested",
    ],
)
def test_malformed_answer(hub: FakeHub, make_client: MakeClient, body: bytes, reason: str) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply(200, body, {"Content-Type": "application/json"})
    error = _error_of(make_client)
    assert type(error) is HubAccessError
    assert "malformed answer" in str(error) and reason in str(error)


def test_oversized_answer(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_module, "MAX_INFO_BYTES", 2000)
    data = hub.add_model(LLAMA_FIXTURE)
    data["siblings"] = [{"rfilename": f"shard-{index}.bin"} for index in range(1000)]
    hub.replies[f"/api/models/{LLAMA}"] = Reply.json(data)
    error = _error_of(make_client)
    assert "larger than 2000 bytes" in str(error)


def test_slow_server_times_out(hub: FakeHub, make_client: MakeClient) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply(200, b"{}", delay_seconds=3.0)
    start = time.perf_counter()
    error = _error_of(make_client, timeout_seconds=0.3)
    assert time.perf_counter() - start < 2.0
    assert "did not answer" in str(error) and "0.3 s" in str(error)


def test_trickling_server_hits_the_deadline(hub: FakeHub, make_client: MakeClient) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply(200, b" " * 200, byte_pause_seconds=0.02)
    start = time.perf_counter()
    error = _error_of(make_client, timeout_seconds=0.5)
    assert time.perf_counter() - start < 2.0, "each byte is in time, the whole answer is not"
    assert "did not answer" in str(error)


def test_connection_refused(make_client: MakeClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = _error_of(make_client, endpoint=f"http://127.0.0.1:{port}")
    assert type(error) is HubAccessError
    assert "Could not reach" in str(error) and "HF_ENDPOINT" in str(error)


@pytest.mark.parametrize("endpoint", ["ftp://example.org", "not a url", "http://"])
def test_endpoint_that_is_not_http(make_client: MakeClient, endpoint: str) -> None:
    error = _error_of(make_client, endpoint=endpoint)
    assert "check HF_ENDPOINT" in str(error)


@pytest.mark.parametrize(
    "repo_id", ["", "../../etc/passwd", "a/b/c", "a--b/c", "x" * 200, "org/name with space"]
)
def test_invalid_repo_id_is_refused_without_a_request(
    hub: FakeHub, make_client: MakeClient, repo_id: str
) -> None:
    with pytest.raises(HubModelNotFoundError, match="not a Hugging Face repo id"):
        make_client().model(repo_id)
    assert hub.seen == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ttl_seconds": -1}, "ttl_seconds"),
        ({"timeout_seconds": 0}, "timeout_seconds"),
        ({"timeout_seconds": float("nan")}, "timeout_seconds"),
    ],
)
def test_bad_settings(make_client: MakeClient, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_client(**options)


def test_gzip_compressed_answers_are_read(hub: FakeHub, make_client: MakeClient) -> None:
    data = hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    hub.replies[f"/api/models/{LLAMA}"] = Reply(
        200, gzip.compress(json.dumps(data).encode()), {"Content-Encoding": "gzip"}
    )
    hub.replies["/api/models/nobody/nothing"] = Reply(
        404,
        gzip.compress(b'{"error": "Repository not found"}'),
        {"Content-Encoding": "gzip", "X-Error-Code": "RepoNotFound"},
    )
    client = make_client()
    assert client.model(LLAMA).license == "llama3"
    with pytest.raises(HubModelNotFoundError):
        client.model("nobody/nothing")


def test_huge_error_answer_is_not_read_whole(hub: FakeHub, make_client: MakeClient) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply(
        500, b"x" * 20_000_000, {"Content-Type": "text/plain"}
    )
    start = time.perf_counter()
    error = _error_of(make_client)
    assert time.perf_counter() - start < 2.0
    assert "HTTP 500" in str(error)


def test_rate_limit_with_a_token_does_not_ask_for_one(
    hub: FakeHub, make_client: MakeClient
) -> None:
    hub.replies[f"/api/models/{LLAMA}"] = Reply.error("rate_limited")
    error = _error_of(make_client, token="hf_given")
    assert str(error).endswith("try again in 30 s.")


# --- environment: endpoint, token, offline ----------------------------------------------------


def test_hf_endpoint_is_read_when_no_endpoint_is_given(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model("coqui--XTTS-v1")
    monkeypatch.setenv("HF_ENDPOINT", hub.url + "/")
    client = HubClient(cache_dir=tmp_path)
    assert client.endpoint == hub.url
    assert client.model("coqui/XTTS-v1").license == "other"


def test_default_cache_dir_comes_from_the_environment(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model("coqui--XTTS-v1")
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path / "mine"))
    HubClient(endpoint=hub.url).model("coqui/XTTS-v1")
    assert len(list((tmp_path / "mine" / "hub").glob("*.json"))) == 1


def test_token_is_sent_when_given(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    make_client(token="hf_given").model(LLAMA)
    assert [seen.headers.get("authorization") for seen in hub.seen] == ["Bearer hf_given"] * 2


def test_token_is_read_from_hf_token(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.add_model("coqui--XTTS-v1")
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    make_client().model("coqui/XTTS-v1")
    assert hub.seen[0].headers.get("authorization") == "Bearer hf_from_env"


@pytest.mark.parametrize("token", [None, "", "   "], ids=["none", "empty", "blank"])
def test_no_token_no_authorization_header(
    hub: FakeHub, make_client: MakeClient, token: str | None
) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    make_client(token=token).model(LLAMA)
    assert len(hub.seen) == 2
    assert all("authorization" not in seen.headers for seen in hub.seen)


@pytest.mark.parametrize("variable", ["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"])
def test_offline_without_cache_fails_without_a_request(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    hub.add_model(LLAMA_FIXTURE)
    monkeypatch.setenv(variable, "1")
    error = _error_of(make_client)
    assert type(error) is HubAccessError
    assert "offline" in str(error) and "unset HF_HUB_OFFLINE" in str(error)
    assert hub.seen == []


def test_offline_answers_from_a_fresh_cache(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    client = make_client()
    online = client.model(LLAMA)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub.seen.clear()
    clock.advance(3600)
    assert client.model(LLAMA) == online
    assert hub.seen == []
    clock.advance(86400)
    with pytest.raises(HubAccessError, match="offline"):
        client.model(LLAMA)
    assert hub.seen == []


def test_huggingface_hub_offline_flag_set_at_import_is_honoured(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubAccessError, match="offline"):
        make_client().model(LLAMA)
    assert hub.seen == []


# --- cache ------------------------------------------------------------------------------------


def _cache_files(client: HubClient) -> list[Path]:
    return sorted(client.cache.directory.iterdir())


def test_second_call_is_answered_from_the_cache(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    first = make_client().model(LLAMA)
    second = make_client().model(LLAMA)  # a new client: the cache is on disk
    assert second == first
    assert len(hub.paths()) == 2


def test_cache_entry_expires_after_the_ttl(
    hub: FakeHub, make_client: MakeClient, clock: Clock
) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    client = make_client(ttl_seconds=600)
    client.model(LLAMA)
    clock.advance(599)
    client.model(LLAMA)
    assert len(hub.paths()) == 2
    clock.advance(1)
    refreshed = client.model(LLAMA)
    assert len(hub.paths()) == 4
    assert refreshed.fetched_at == "2026-01-15T12:10:00+00:00"
    clock.advance(1)
    assert client.model(LLAMA).fetched_at == refreshed.fetched_at, "the new entry is cached"


def test_entry_from_the_future_is_not_trusted(
    hub: FakeHub, make_client: MakeClient, clock: Clock
) -> None:
    hub.add_model("coqui--XTTS-v1")
    make_client().model("coqui/XTTS-v1")
    clock.advance(-10)
    make_client().model("coqui/XTTS-v1")
    assert len(hub.paths()) == 2


def test_ttl_zero_always_asks(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model("coqui--XTTS-v1")
    client = make_client(ttl_seconds=0)
    client.model("coqui/XTTS-v1")
    client.model("coqui/XTTS-v1")
    assert len(hub.paths()) == 2


def test_cache_is_per_endpoint_and_revision(hub: FakeHub, make_client: MakeClient) -> None:
    data = hub.add_model("coqui--XTTS-v1")
    hub.replies["/api/models/coqui/XTTS-v1/revision/v1"] = Reply.json(data)
    client = make_client()
    client.model("coqui/XTTS-v1")
    client.model("coqui/XTTS-v1", revision="v1")
    make_client(endpoint=hub.url + "/").model("coqui/XTTS-v1")  # the same endpoint
    assert len(hub.paths()) == 2
    assert len(_cache_files(client)) == 2


def test_errors_are_not_cached(hub: FakeHub, make_client: MakeClient) -> None:
    client = make_client()
    with pytest.raises(HubModelNotFoundError):
        client.model("coqui/XTTS-v1")
    hub.add_model("coqui--XTTS-v1")
    assert client.model("coqui/XTTS-v1").license == "other"
    assert _cache_files(client) and all(path.suffix == ".json" for path in _cache_files(client))


def test_cache_file_is_json_with_the_fetch_time(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    client = make_client()
    client.model(LLAMA)
    [path] = _cache_files(client)
    entry = json.loads(path.read_text())
    assert entry["fetched_at"].startswith("2026-01-15T12:00:00")
    assert entry["payload"]["repo_id"] == LLAMA
    assert entry["payload"]["license_text"] == LLAMA_LICENSE.decode()
    assert LLAMA not in path.name, "the file is named by a hash"


CORRUPTIONS: dict[str, Callable[[Path], object]] = {
    "garbage": lambda path: path.write_bytes(b"\x00\xff garbage"),
    "empty": lambda path: path.write_bytes(b""),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:100]),
    "wrong-shape": lambda path: path.write_text(json.dumps({"format": 1, "key": "x"})),
    "payload-wrong-shape": lambda path: path.write_text(
        json.dumps({**json.loads(path.read_text()), "payload": {"repo_id": 5}})
    ),
    "other-version": lambda path: path.write_text(
        json.dumps({**json.loads(path.read_text()), "format": 99})
    ),
    "json-list": lambda path: path.write_text("[1, 2, 3]"),
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS.values()), ids=list(CORRUPTIONS))
def test_corrupt_cache_file_is_ignored_and_replaced(
    hub: FakeHub, make_client: MakeClient, corrupt: Callable[[Path], object]
) -> None:
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    client = make_client()
    original = client.model(LLAMA)
    [path] = _cache_files(client)
    corrupt(path)
    assert client.model(LLAMA) == original
    assert len(hub.paths()) == 4, "refetched"
    assert json.loads(path.read_text())["payload"]["repo_id"] == LLAMA, "and replaced"
    assert _cache_files(client) == [path], "no temporary file left behind"


def test_cache_path_taken_by_a_folder_or_a_fifo(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model("coqui--XTTS-v1")
    client = make_client()
    client.model("coqui/XTTS-v1")
    [path] = _cache_files(client)
    path.unlink()
    path.mkdir()
    assert client.model("coqui/XTTS-v1").license == "other"  # not written, still answered
    path.rmdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)
        start = time.perf_counter()
        assert client.model("coqui/XTTS-v1").license == "other"
        assert time.perf_counter() - start < 2, "a FIFO is not read"


def test_unwritable_cache_does_not_fail_the_call(
    hub: FakeHub, make_client: MakeClient, tmp_path: Path
) -> None:
    hub.add_model("coqui--XTTS-v1")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    model = make_client(cache_dir=blocker).model("coqui/XTTS-v1")
    assert model.license == "other"


def test_cached_model_keeps_findings(
    hub: FakeHub, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub_module, "MAX_LICENSE_BYTES", 10)
    hub.add_model(LLAMA_FIXTURE, {"LICENSE": LLAMA_LICENSE})
    first = make_client().model(LLAMA)
    second = make_client().model(LLAMA)
    assert second == first and isinstance(second, HubModel)
    assert second.findings[0].kind is FindingKind.FILE_TOO_LARGE
    assert len(hub.paths()) == 2


# --- properties -------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
USED_KEYS = {
    "id", "modelId", "sha", "gated", "private", "pipeline_tag", "library_name", "tags",
    "siblings", "cardData", "safetensors", "config",
}  # fmt: skip
FIXTURE = json.loads((FIXTURES / f"{LLAMA_FIXTURE}.json").read_text())


def _parse(body: bytes | str) -> HubModel | None:
    try:
        return parse_model_info(body, "a/b", "2026-01-15T12:00:00+00:00")
    except HubAccessError as error:
        assert "\n" not in str(error) and "malformed answer" in str(error)
        return None


@settings(max_examples=150, deadline=None)
@given(JSON_VALUES)
def test_any_json_answer_is_a_model_or_a_hub_error(value: Any) -> None:
    _parse(json.dumps(value))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_answer_is_a_model_or_a_hub_error(body: bytes) -> None:
    _parse(body)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(FIXTURE)), JSON_VALUES)
def test_one_odd_field_in_a_real_answer(key: str, value: Any) -> None:
    model = _parse(json.dumps({**FIXTURE, key: value}))
    if key not in USED_KEYS:
        assert model == _parse(json.dumps(FIXTURE)), "fields we do not use are ignored"


CARD_VALUES = st.one_of(
    st.text(alphabet="abc- ./", max_size=12), st.lists(st.text(max_size=5)), JSON_VALUES
)
CARD_KEYS = st.sampled_from(["license", "license_name", "license_link", "base_model", "datasets"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(CARD_KEYS, CARD_VALUES) | JSON_VALUES)
@example({"license": "Apache-2.0 "})
@example({"license": ["mit", "apache-2.0"], "base_model": ["a/b", 3, " ", "a/b"]})
def test_hand_written_card_data_never_makes_an_answer_malformed(card: Any) -> None:
    model = _parse(json.dumps({**FIXTURE, "cardData": card}))
    assert model is not None
    license_value = card.get("license") if isinstance(card, dict) else None
    if isinstance(license_value, list):
        license_value = next((v for v in license_value if isinstance(v, str) and v.strip()), None)
    if isinstance(license_value, str) and license_value.strip():
        assert model.license == license_value.strip().lower(), "the card wins over the tags"
    else:
        assert model.license == "llama3", "the license:<id> tag stands in"
    assert all(name.strip() == name != "" for name in model.base_models + model.datasets)
    assert len(set(model.base_models)) == len(model.base_models)


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=50),
    st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=5),
    st.datetimes(timezones=st.just(UTC)),
)
def test_cache_entries_round_trip(key: str, payload: dict[str, Any], when: datetime) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cache = JsonCache(Path(folder))
        assert cache.write(key, when, payload)
        entry = cache.read(key)
        assert entry is not None
        assert (entry.key, entry.fetched_at, entry.payload) == (key, when, payload)
        assert [path.name for path in Path(folder).iterdir()] == [cache.path_for(key).name]
        assert cache.read(key + "x") is None
        cache.path_for(key).replace(cache.path_for(key + "x"))
        assert cache.read(key + "x") is None, "an entry answers only for its own key"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300) | JSON_VALUES.map(lambda value: json.dumps(value).encode()))
def test_any_cache_file_content_reads_as_an_entry_or_nothing(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cache = JsonCache(Path(folder))
        cache.path_for("k").write_bytes(content)
        entry = cache.read("k")
        assert entry is None or entry.key == "k"


@given(st.integers(-(10**6), 10**6), st.integers(0, 10**6))
def test_freshness_is_age_within_ttl(age_seconds: int, ttl_seconds: int) -> None:
    entry = CacheEntry(key="k", fetched_at=START, payload={})
    now = START + timedelta(seconds=age_seconds)
    assert entry.is_fresh(now, ttl_seconds) == (0 <= age_seconds < ttl_seconds)


@pytest.mark.parametrize(
    ("when", "payload"),
    [(datetime(2026, 1, 1), {}), (START, {"x": object()})],
    ids=["naive-time", "not-json"],
)
def test_unstorable_entry_is_refused_not_raised(
    tmp_path: Path, when: datetime, payload: dict[str, Any]
) -> None:
    cache = JsonCache(tmp_path)
    assert cache.write("k", when, payload) is False
    assert list(tmp_path.iterdir()) == []


def test_naive_clock_is_taken_as_utc(hub: FakeHub, make_client: MakeClient) -> None:
    hub.add_model("coqui--XTTS-v1")
    client = make_client(clock=lambda: datetime(2026, 1, 15, 12, 0))
    assert client.model("coqui/XTTS-v1").fetched_at == "2026-01-15T12:00:00+00:00"
    client.model("coqui/XTTS-v1")
    assert len(hub.paths()) == 1, "cached"


def test_oversized_cache_file_is_not_read(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, max_entry_bytes=100)
    assert cache.write("k", START, {"text": "x" * 200})
    assert cache.read("k") is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"OPENNESS_CACHE_DIR": "/a", "XDG_CACHE_HOME": "/b"}, Path("/a")),
        ({"XDG_CACHE_HOME": "/b"}, Path("/b/openness")),
        ({}, Path.home() / ".cache" / "openness"),
    ],
    ids=["openness", "xdg", "home"],
)
def test_default_cache_dir(environ: dict[str, str], expected: Path) -> None:
    assert default_cache_dir(environ) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"HF_HUB_OFFLINE": "1"}, True),
        ({"HF_HUB_OFFLINE": "yes"}, True),
        ({"TRANSFORMERS_OFFLINE": "TRUE"}, True),
        ({"HF_HUB_OFFLINE": "0"}, False),
        ({"HF_HUB_OFFLINE": ""}, False),
        ({}, False),
    ],
)
def test_offline_variables(environ: dict[str, str], expected: bool) -> None:
    assert is_offline(environ) is expected
