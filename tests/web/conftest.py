"""Shared fixtures for the web tests: one app and one test client per session."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openness.web import create_app

HOSTILE_LICENSE = (
    "HOSTILE LICENSE\n"
    "<script>window.__xss=1</script>\n"
    '<img src=x onerror="window.__xss=1">\n'
    "You may not use the Model for commercial purposes.\n"
    "The Licensor may update this Agreement from time to time.\n"
)
"""A license text carrying script payloads, which must be shown as text."""


@pytest.fixture(scope="session")
def app() -> FastAPI:
    """Return the app over the bundled catalog."""
    return create_app()


@pytest.fixture(scope="session")
def client(app: FastAPI) -> TestClient:
    """Return a test client for the app."""
    return TestClient(app)
