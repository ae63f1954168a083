"""Build the FastAPI application behind ``openness serve``.

Owns the app's assembly: the catalog loaded once, routers, static files,
security middleware and the table that turns errors into HTTP responses
(JSON under ``/api``, an HTML page elsewhere). It holds no business logic.
Entry point: ``create_app``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from openness import __version__
from openness.errors import ModelNotFoundError, OpennessError
from openness.kb.catalog import Catalog
from openness.web import api, pages
from openness.web.deps import Memo
from openness.web.render import render
from openness.web.security import SecurityMiddleware
from openness.web.work import Workers

logger = logging.getLogger(__name__)


def create_app(
    catalog: Catalog | None = None,
    *,
    online: bool = False,
    heavy_workers: int = 1,
    landscape: Path | None = None,
) -> FastAPI:
    """Create the web app.

    Args:
        catalog: the knowledge base to serve (the bundled one by default).
        online: allow outbound network from request handlers. The app makes no
            outbound requests either way today; the flag is recorded in
            ``app.state.online`` for handlers that may need it.
        heavy_workers: processes that read license texts, so that a long
            text never delays other requests.
        landscape: an audit's JSON (``hub audit --format json``) for /landscape.

    Returns:
        The ASGI application, ready for uvicorn.
    """
    if catalog is None:
        from openness.kb.loader import load_catalog

        catalog = load_catalog(())
    workers = Workers(catalog, heavy_workers)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        workers.start()
        yield
        workers.close()

    app = FastAPI(
        lifespan=lifespan,
        title="openness",
        version=__version__,
        description="How open is an AI model, what does its license allow, closed or open?",
        docs_url=None,
        redoc_url=None,
    )
    app.state.catalog = catalog
    app.state.online = online
    app.state.landscape = landscape
    app.state.workers = workers
    app.state.memo = Memo()
    app.add_middleware(SecurityMiddleware)
    app.mount("/static", StaticFiles(packages=[("openness.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_api_route("/healthz", healthz, methods=["GET"], include_in_schema=False)
    app.add_exception_handler(OpennessError, _openness_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    return app


def app_from_environment() -> FastAPI:
    """Create the app from ``$OPENNESS_KB`` and ``$OPENNESS_ONLINE``.

    Each server process of ``openness serve --workers N`` calls this.
    """
    import os

    from openness.environment import KB_ENV, LANDSCAPE_ENV, ONLINE_ENV
    from openness.kb.loader import load_catalog

    folders = tuple(Path(f) for f in os.environ.get(KB_ENV, "").split(os.pathsep) if f)
    online = os.environ.get(ONLINE_ENV, "").lower() in ("1", "true", "yes")
    landscape = os.environ.get(LANDSCAPE_ENV) or None
    return create_app(
        load_catalog(folders), online=online, landscape=Path(landscape) if landscape else None
    )


async def healthz() -> dict[str, str]:
    """Answer a trivial liveness check."""
    return {"status": "ok"}


def _error_response(request: Request, status_code: int, message: str) -> Response:
    if request.url.path.startswith("/api") or status_code == 413:
        return JSONResponse({"error": message}, status_code=status_code)
    return render(request, "error.html", {"status": status_code, "message": message}, status_code)


async def _openness_error(request: Request, error: Exception) -> Response:
    status_code = 404 if isinstance(error, LookupError) else 422
    logger.debug("request %s failed: %s", request.url.path, error)
    if isinstance(error, ModelNotFoundError) and not request.url.path.startswith("/api"):
        # A visitor of the pages gets links, not the command line's advice.
        context = {
            "status": 404,
            "message": f"No model named {error.ref[:80]!r} is in the catalog.",
            "suggestions": error.suggestions,
        }
        return render(request, "error.html", context, 404)
    return _error_response(request, status_code, str(error).splitlines()[0])


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = str(error.detail) if error.status_code != 404 else "no such page"
    return _error_response(request, error.status_code, message)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = f"{where}: {first.get('msg', 'invalid input')}"
    return _error_response(request, 422, message)
