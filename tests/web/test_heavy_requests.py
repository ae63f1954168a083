"""A heavy request never delays the others, and one that runs too long is stopped.

These run the real server (``openness serve``) in a subprocess: license texts
are read on a worker process, so the event loop keeps answering pages.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from openness.web import create_app
from tests.licenses.conftest import CORPUS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve(*extra: str) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "openness", "serve", "--port", str(port), *extra]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("openness serve did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from _serve()


def _heavy_text() -> str:
    """About 1.5 MB of license prose with many distinct sentences (seconds of reading)."""
    base = (CORPUS / "llama-3.1-community.txt").read_text(encoding="utf-8")
    parts, size, i = [], 0, 0
    while size < 1_500_000:
        part = base.replace("Llama", f"Model{i}").replace("700 million", f"{700 + i} million")
        parts.append(part)
        size += len(part)
        i += 1
    return "\n\n".join(parts)


def test_pages_answer_quickly_while_heavy_license_posts_run(server: str) -> None:
    body = json.dumps({"text": _heavy_text()[:1_900_000]})
    outcomes: list[tuple[int, float]] = []

    def post() -> None:
        started = time.perf_counter()
        answer = httpx.post(
            f"{server}/api/license",
            content=body,
            headers={"content-type": "application/json"},
            timeout=120,
        )
        outcomes.append((answer.status_code, time.perf_counter() - started))

    with httpx.Client(base_url=server, timeout=10) as client:
        client.get("/")  # warm the page's caches
        heavy = [threading.Thread(target=post) for _ in range(4)]
        for thread in heavy:
            thread.start()
        time.sleep(0.3)  # the POSTs are being read by now
        latencies: list[float] = []
        while any(t.is_alive() for t in heavy) and len(latencies) < 100:
            started = time.perf_counter()
            assert client.get("/").status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.05)
        for thread in heavy:
            thread.join(120)
    assert [status for status, _ in outcomes] == [200] * 4
    assert len(latencies) >= 5, "the heavy requests ended before pages were asked for"
    assert max(seconds for _, seconds in outcomes) > 1.0, "not heavy enough to show anything"
    assert max(latencies) < 0.2, latencies


def test_a_request_past_the_time_limit_is_stopped_and_the_next_is_served() -> None:
    app = create_app()
    with TestClient(app) as client:
        app.state.workers.time_limit = 0.05
        stopped = client.post("/api/license", json={"text": _heavy_text()[:1_000_000]})
        assert stopped.status_code == 503
        assert "longer than 0.05 s" in stopped.json()["error"]
        app.state.workers.time_limit = 30
        text = (CORPUS / "bsd-3-clause.txt").read_text(encoding="utf-8")
        again = client.post("/api/license", json={"text": text})
        assert again.status_code == 200 and again.json()["license"]["id"] == "bsd-3-clause"


def test_an_error_on_the_worker_is_the_usual_one_line_answer() -> None:
    with TestClient(create_app()) as client:
        answer = client.post("/api/license", json={"text": "   "})
        assert answer.status_code == 422 and "empty" in answer.json()["error"]


def test_serve_with_two_workers_answers_on_one_port(tmp_path: Path) -> None:
    for base in _serve("--workers", "2"):
        with httpx.Client(base_url=base, timeout=10) as client:
            assert all(client.get("/api/models/gpt-4o").status_code == 200 for _ in range(10))
            text = (CORPUS / "mit-deepseek-code.txt").read_text(encoding="utf-8")
            answer = client.post("/api/license", json={"text": text})
            assert answer.json()["license"]["id"] == "mit"
