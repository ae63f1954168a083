"""Shared request helpers for the web routes: the catalog and chart rendering.

Owns access to per-app state (the catalog loaded once in ``create_app``) and a
lock around matplotlib, which is not thread-safe. Entry points: ``catalog_of``,
``assess_ref``, ``render_chart``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request

from openness.advise.advisor import Advice
from openness.advise.plot import plot_costs
from openness.assess import Assessment
from openness.kb.catalog import Catalog
from openness.web.work import Workers

_PLOT_LOCK = threading.Lock()


def catalog_of(request: Request) -> Catalog:
    """Return the catalog the app was created with."""
    catalog: Catalog = request.app.state.catalog
    return catalog


T = TypeVar("T")


class Memo:
    """Answers of pure routes, kept for the app's life (its catalog never changes).

    Least recently used answers go first past ``size``; safe across the threads
    that run sync routes.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the answer for *key*, computing it the first time."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                found: T = self._answers[key]
                return found
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer


def memo_of(request: Request) -> Memo:
    """Return the app's memo of pure answers."""
    memo: Memo = request.app.state.memo
    return memo


def assessed_once(request: Request, key: Hashable, build: Callable[[], T]) -> T:
    """Return ``build()`` remembered under *key*.

    When the app asks the Hub, whose answers may change, it is built each time.
    """
    if request.app.state.online:
        return build()
    return memo_of(request).get(key, build)


def workers_of(request: Request) -> Workers:
    """Return the worker processes that do the app's heavy work."""
    workers: Workers = request.app.state.workers
    return workers


def assess_ref(request: Request, ref: str) -> Assessment:
    """Assess a catalog model, or a Hub repo when the app was started ``--online``.

    Never a local path: a request must not reach the server's files.
    """
    from openness.resolve import assess_remote

    hub = None
    if request.app.state.online:
        from openness.sources.hub import HubClient

        hub = request.app.state.hub = getattr(request.app.state, "hub", None) or HubClient()
    return assess_remote(ref, catalog_of(request), hub)


def render_chart(advice: Advice) -> bytes:
    """Return the advisor's cost chart as SVG bytes, one plot at a time."""
    with _PLOT_LOCK:
        return plot_costs(advice, "svg")
