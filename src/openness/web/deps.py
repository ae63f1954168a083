"""Shared request helpers for the web routes: the catalog and chart rendering.

Owns access to per-app state (the catalog loaded once in ``create_app``) and a
lock around matplotlib, which is not thread-safe. Entry points: ``catalog_of``,
``render_chart``.
"""

from __future__ import annotations

import threading

from fastapi import Request

from openness.advise.advisor import Advice
from openness.advise.plot import plot_costs
from openness.kb.catalog import Catalog

_PLOT_LOCK = threading.Lock()


def catalog_of(request: Request) -> Catalog:
    """Return the catalog the app was created with."""
    catalog: Catalog = request.app.state.catalog
    return catalog


def render_chart(advice: Advice) -> bytes:
    """Return the advisor's cost chart as SVG bytes, one plot at a time."""
    with _PLOT_LOCK:
        return plot_costs(advice, "svg")
