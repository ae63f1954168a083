"""Load benchmark for ``openness serve``: every route under a concurrent burst over loopback.

Starts ``openness serve --workers N`` in a subprocess on 127.0.0.1, then for each
route (``/healthz`` as the baseline, every page, every API route) sends a fixed
number of requests from 50 concurrent connections while one heavy license POST
(1.9 MB of license text) runs again and again beside them, and prints per
route requests/s, p50/p99 latency and errors, then the totals. Targets (issue
#11): at least 500 requests/s over all routes, p99 under 100 ms for the pages
while the heavy POST runs. Not a timed test; run it by hand:
``python3 benchmarks/web_load.py [--workers 2]``.
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

ROOT = Path(__file__).resolve().parents[1]
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


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    """Start ``openness serve`` in a subprocess and wait until it answers."""
    command = [
        sys.executable, "-m", "openness", "serve", "--port", str(port), "--workers", str(workers),
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


HEAVY_TEXT = (ROOT / "tests/fixtures/licenses/corpus/llama-3.1-community.txt").read_text()


def page_routes(requests: int) -> list[tuple[str, str, list[str], bytes]]:
    """Every page and API route, each with *requests* requests (POSTs with a small body)."""
    models = [f"/models/{MODEL_IDS[i % len(MODEL_IDS)]}" for i in range(requests)]
    api_models = [f"/api{path}" for path in models]
    license_body = json.dumps({"text": LICENSE_TEXT}).encode()
    advise_body = json.dumps({"privacy": "required", "monthly_input_tokens": 10**9}).encode()
    return [
        ("GET /healthz", "GET", ["/healthz"] * requests, b""),
        ("GET / (spectrum)", "GET", ["/"] * requests, b""),
        ("GET /models/{id}", "GET", models, b""),
        ("GET /compare", "GET", ["/compare?ids=llama-3-8b,olmo-7b,gpt-4o"] * requests, b""),
        ("GET /license", "GET", ["/license"] * requests, b""),
        ("GET /advise", "GET", ["/advise"] * requests, b""),
        ("GET /docs", "GET", ["/docs"] * requests, b""),
        ("GET /api/models", "GET", ["/api/models"] * requests, b""),
        ("GET /api/models/{id}", "GET", api_models, b""),
        ("GET /api/estimate", "GET",
         ["/api/estimate?model=llama-3-8b&gpu=h100&gpus=1&precision=fp8"] * requests, b""),
        ("POST /api/license", "POST", ["/api/license"] * (requests // 4), license_body),
        ("POST /api/advise", "POST", ["/api/advise"] * (requests // 4), advise_body),
    ]  # fmt: skip


async def heavy_posts(port: int, stop: asyncio.Event) -> int:
    """POST a 1.9 MB license text again and again until *stop*; return how many ran."""
    text = HEAVY_TEXT
    while len(text) < 1_800_000:
        text += "\n\n" + HEAVY_TEXT.replace("Llama", f"Model{len(text)}")
    body = json.dumps({"text": text[:1_900_000]}).encode()
    done = 0
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while not stop.is_set():
        await request(reader, writer, "POST", "/api/license", body)
        done += 1
    writer.close()
    return done


async def run(port: int, requests: int, concurrency: int) -> None:
    """Warm up, then measure each route in turn while heavy license POSTs run."""
    cases = page_routes(requests)
    for _, method, paths, body in cases:
        await burst(port, method, paths[:50], body, concurrency)
    stop = asyncio.Event()
    heavy = asyncio.create_task(heavy_posts(port, stop))
    await asyncio.sleep(0.5)
    print(f"{'route':<22} {'n':>6} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    total_requests, total_seconds, page_p99 = 0, 0.0, 0.0
    for name, method, paths, body in cases:
        elapsed, latencies, errors = await burst(port, method, paths, body, concurrency)
        print(report(name, elapsed, latencies, errors))
        total_requests += len(latencies)
        total_seconds += elapsed
        if name.startswith("GET /") and not name.startswith("GET /api"):
            ordered = sorted(latencies)
            page_p99 = max(page_p99, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))])
    stop.set()
    heavy_done = await heavy
    print(
        f"all routes: {total_requests / total_seconds:,.0f} req/s (target >= 500); "
        f"worst page p99 {page_p99:.1f} ms (target < 100 ms) while {heavy_done} heavy "
        "1.9 MB license POSTs ran"
    )


def main() -> None:
    """Parse arguments, start the server, run the burst, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per route")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        asyncio.run(run(port, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
