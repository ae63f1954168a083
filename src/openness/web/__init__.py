"""The web app: server-rendered pages and a JSON API over the same core as the CLI.

Owns HTTP only: parsing requests, calling the core and rendering templates.
Entry point: ``create_app`` (served by uvicorn from ``openness serve``).
"""

from __future__ import annotations

from openness.web.app import create_app

__all__ = ["create_app"]
