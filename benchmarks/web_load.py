"""Load benchmark for ``openness serve``: a bounded burst of concurrent requests over loopback.

Starts the app with uvicorn in a subprocess on 127.0.0.1, then for each endpoint
(a trivial ``/healthz`` as the baseline, model lookups, license analysis) sends
a fixed number of requests from a fixed number of concurrent clients and prints
requests/s, p50/p99 latency and errors. Not a timed test; run it by hand:
``python3 benchmarks/web_load.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

MODEL_IDS = ("llama-3-8b", "gpt-4o", "olmo-7b", "pythia-1b")
LICENSE_TEXT = (
    "You may use the Model for research only. Commercial use is not permitted. "
    "If your products have more than 700 million monthly active users you must request "
    "a license. You may not use the Model to improve any other large language model.\n"
)


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(port: int) -> subprocess.Popen[bytes]:
    """Start uvicorn serving ``create_app`` in a subprocess and wait until it answers."""
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "openness.web:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).raise_for_status()
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("server did not start within 30 s")


async def request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, body: bytes
) -> int:
    """Send one HTTP/1.1 keep-alive request on a raw connection; return the status code.

    A raw client keeps the load generator's own cost small next to the server's
    on a 2-core machine (httpx spends more CPU per request than the app does).
    """
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    headers = await reader.readuntil(b"\r\n\r\n")
    status = int(headers.split(b" ", 2)[1])
    length = 0
    for line in headers.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def burst(
    port: int, method: str, paths: list[str], body: bytes, concurrency: int
) -> tuple[float, list[float], int]:
    """Send one request per path over *concurrency* connections; time each."""
    queue = list(reversed(paths))
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            path = queue.pop()
            started = time.perf_counter()
            try:
                if await request(reader, writer, method, path, body) != 200:
                    errors += 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            latencies.append((time.perf_counter() - started) * 1000)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, errors


def report(name: str, elapsed: float, latencies: list[float], errors: int) -> str:
    """Format one result line."""
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(ordered) / elapsed
    return f"{name:<22} {len(ordered):>6} {rate:>10.0f} {p50:>9.1f} {p99:>9.1f} {errors:>7}"


async def run(port: int, requests: int, concurrency: int) -> None:
    """Warm up, then measure each endpoint in turn."""
    license_body = json.dumps({"text": LICENSE_TEXT}).encode()
    cases: list[tuple[str, str, list[str], bytes]] = [
        ("GET /healthz", "GET", ["/healthz"] * requests, b""),
        ("GET /api/models/{id}", "GET",
         [f"/api/models/{MODEL_IDS[i % len(MODEL_IDS)]}" for i in range(requests)], b""),
        ("POST /api/license", "POST", ["/api/license"] * (requests // 2), license_body),
    ]  # fmt: skip
    for _, method, paths, body in cases:
        await burst(port, method, paths[:50], body, concurrency)
    print(f"{'endpoint':<22} {'n':>6} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    for name, method, paths, body in cases:
        print(report(name, *await burst(port, method, paths, body, concurrency)))


def main() -> None:
    """Parse arguments, start the server, run the burst, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent connections")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        asyncio.run(run(port, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
