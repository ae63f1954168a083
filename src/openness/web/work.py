"""CPU-heavy request work on worker processes, each request under a time limit.

Reading a license is pure computation; done on the event loop (or on a thread,
which shares the interpreter lock) one long text would delay every other
request. ``Workers`` hands such work to a small pool of processes and waits for
it without blocking the loop; a request that runs past the time limit is
answered 503 and its worker is replaced, so a hostile input costs its sender
a timeout and nobody else anything. Entry point: ``Workers``.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from starlette.exceptions import HTTPException

from openness.kb.catalog import Catalog

TIME_LIMIT_SECONDS = 30.0
"""Longest a request's heavy work may run before it is answered 503."""

T = TypeVar("T")

_catalog: Catalog | None = None
"""The catalog of this worker process (set by ``_start``)."""


def worker_catalog() -> Catalog:
    """Return the catalog a task on a worker process reads."""
    assert _catalog is not None, "set when the worker starts"
    return _catalog


def _start(catalog: Catalog) -> None:
    global _catalog
    _catalog = catalog
    from openness.licenses.analyze import warm_up

    warm_up()


def _ready() -> bool:
    return _catalog is not None


class Workers:
    """A pool of worker processes for one app, started on first use."""

    def __init__(
        self, catalog: Catalog, processes: int = 1, time_limit: float = TIME_LIMIT_SECONDS
    ) -> None:
        self.catalog = catalog
        self.processes = max(1, processes)
        self.time_limit = time_limit
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the processes now (before serving), so the first request does not wait."""
        pool = self._current()
        for future in [pool.submit(_ready) for _ in range(self.processes)]:
            future.result()

    async def run(self, task: Callable[..., T], *args: Any) -> T:
        """Run ``task(*args)`` on a worker; 503 when it takes longer than the time limit."""
        pool = self._current()
        try:
            future = pool.submit(task, *args)
            return await asyncio.wait_for(asyncio.wrap_future(future), self.time_limit)
        except TimeoutError:
            self._replace(pool)
            raise HTTPException(
                503,
                f"the analysis took longer than {self.time_limit:g} s and was stopped; "
                "try a shorter text",
            ) from None
        except BrokenProcessPool:
            self._replace(pool)
            raise HTTPException(503, "the worker stopped; try again") from None

    def close(self) -> None:
        """Stop every worker process."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            _stop(pool)

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=context,
                    initializer=_start,
                    initargs=(self.catalog,),
                )
            return self._pool

    def _replace(self, pool: ProcessPoolExecutor) -> None:
        """Stop *pool* (its running task with it); the next request starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    # The executor cannot cancel a running task; its processes are stopped
    # directly (a task that runs past the time limit is never waited for).
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(1)
