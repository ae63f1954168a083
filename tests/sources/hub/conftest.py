"""A fake Hugging Face Hub on 127.0.0.1, serving recorded-shape answers, for the Hub tests.

It answers what ``huggingface_hub`` 2.4.0 asks: ``GET /api/models/{repo_id}``
(and ``/revision/{rev}``), and ``HEAD``/``GET /{repo_id}/resolve/{rev}/{file}``
with ``X-Repo-Commit``, ``ETag`` and ``Content-Length``; unknown repositories
get a 404 with ``X-Error-Code: RepoNotFound`` and unknown files ``EntryNotFound``,
as the real Hub sends. Every request is recorded with its headers, so tests
can assert on what reached the server (or that nothing did).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import constants

from openness.sources.hub import HubClient

FIXTURES = Path(__file__).parents[2] / "fixtures" / "hub"
ERRORS: dict[str, dict[str, Any]] = json.loads((FIXTURES / "errors.json").read_text())
START = datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)

CORPUS_LLAMA3 = Path(__file__).parents[2] / "fixtures/licenses/corpus/llama-3-community.txt"
LLAMA = "meta-llama/Meta-Llama-3-8B"
LLAMA_LICENSE = (
    b"META LLAMA 3 COMMUNITY LICENSE AGREEMENT\n"
    b"(a stand-in served by the fake Hub; the real text is in the corpus)\n"
)


@dataclass
class Reply:
    """What the fake Hub answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0
    """Wait this long before answering (a slow server)."""
    byte_pause_seconds: float = 0.0
    """Wait this long between two bytes of the body (a trickling server)."""

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> Reply:
        body = json.dumps(data).encode()
        return cls(status, body, {"Content-Type": "application/json; charset=utf-8", **headers})

    @classmethod
    def error(cls, name: str) -> Reply:
        """A recorded-shape error answer from ``tests/fixtures/hub/errors.json``."""
        spec = ERRORS[name]
        return cls.json(spec["body"], spec["status"], **spec["headers"])


@dataclass(frozen=True)
class Seen:
    """One request the fake Hub received."""

    method: str
    path: str
    """The raw request path, query string included, still percent-encoded."""
    headers: dict[str, str]
    """Header names in lower case."""


class FakeHub:
    """The routes and the request log of one fake Hub server."""

    def __init__(self) -> None:
        self.url = ""
        self.replies: dict[str, Reply] = {}
        self.sequences: dict[str, list[Reply]] = {}
        """Replies given in turn on one path (query included), the last one then repeated."""
        self.seen: list[Seen] = []
        self._lock = threading.Lock()

    def add_model(
        self, fixture: str, files: dict[str, bytes] | None = None, **changes: Any
    ) -> dict[str, Any]:
        """Serve ``tests/fixtures/hub/<fixture>.json`` (with *changes*) and *files*."""
        data: dict[str, Any] = json.loads((FIXTURES / f"{fixture}.json").read_text())
        data.update(changes)
        repo_id, sha = data["id"], data["sha"]
        self.replies[f"/api/models/{repo_id}"] = Reply.json(data)
        for name, content in (files or {}).items():
            self.add_file(repo_id, sha, name, content)
        return data

    def add_file(self, repo_id: str, sha: str, name: str, content: bytes) -> None:
        """Serve *content* at the resolve URL of *name*, by commit and on ``main``."""
        headers = {
            "Content-Type": "text/plain; charset=utf-8",
            "X-Repo-Commit": sha,
            "ETag": f'"{hashlib.sha1(content).hexdigest()}"',
            "Accept-Ranges": "bytes",
        }
        for revision in (sha, "main"):
            self.replies[f"/{repo_id}/resolve/{revision}/{name}"] = Reply(200, content, headers)

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def paths(self, method: str = "GET") -> list[str]:
        with self._lock:
            return [seen.path for seen in self.seen if seen.method == method]

    def reply_for(self, path: str) -> Reply:
        with self._lock:
            turns = self.sequences.get(path)
            if turns:
                return turns.pop(0) if len(turns) > 1 else turns[0]
        if path in self.replies:  # a route with its query (a page of a listing)
            return self.replies[path]
        route = path.split("?", 1)[0]
        if route in self.replies:
            return self.replies[route]
        return Reply.error("entry_not_found" if "/resolve/" in route else "not_found")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        hub = self.server.hub
        headers = {name.lower(): value for name, value in self.headers.items()}
        hub.record(Seen(self.command, self.path, headers))
        reply = hub.reply_for(self.path)
        time.sleep(reply.delay_seconds)
        self.send_response(reply.status)
        for name, value in {"Content-Length": str(len(reply.body)), **reply.headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if not send_body:
            return
        if reply.byte_pause_seconds:
            for index in range(len(reply.body)):
                self.wfile.write(reply.body[index : index + 1])
                self.wfile.flush()
                time.sleep(reply.byte_pause_seconds)
        else:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow handler must not hold up the end of a test

    def __init__(self, hub: FakeHub) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hub = hub

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client gave up (a timeout test): a broken pipe is expected


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    """A fake Hub listening on 127.0.0.1 for the duration of one test."""
    fake = FakeHub()
    server = _Server(fake)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Hub settings leak in from the machine running the tests."""
    for name in (
        "HF_TOKEN",
        "HF_ENDPOINT",
        "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "OPENNESS_CACHE_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_client(hub: FakeHub, tmp_path: Path, clock: Clock) -> Callable[..., HubClient]:
    """Build a client of the fake Hub, caching under the test's own folder."""

    def make(**options: Any) -> HubClient:
        settings: dict[str, Any] = {
            "endpoint": hub.url,
            "cache_dir": tmp_path / "cache",
            "timeout_seconds": 5.0,
            "clock": clock,
        }
        settings.update(options)
        return HubClient(**settings)

    return make
