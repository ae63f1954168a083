"""``openness serve``: the web app."""

from __future__ import annotations

import os
from pathlib import Path

import click

from openness.cli.errors import describe
from openness.cli.shared import (
    fail,
    kb_option,
    load_kb,
)
from openness.environment import KB_ENV, LANDSCAPE_ENV, ONLINE_ENV
from openness.errors import OpennessError
from openness.web import create_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--online",
    is_flag=True,
    envvar=ONLINE_ENV,
    help="Allow request handlers to reach the Hugging Face Hub (off: no outbound network).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (each also reads license texts on a process of its own).",
)
@click.option(
    "--landscape",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar=LANDSCAPE_ENV,
    help="An 'openness hub audit --format json' file to show at /landscape.",
)
@kb_option
def serve(
    host: str,
    port: int,
    online: bool,
    workers: int,
    landscape: Path | None,
    kb_folders: tuple[Path, ...],
) -> None:
    """Serve the web app: spectrum, model pages, compare, license analyzer, advisor, JSON API.

    Example: openness serve --port 8000 --workers 2, then open http://127.0.0.1:8000/
    """
    import uvicorn

    try:
        catalog = load_kb(kb_folders)
    except OpennessError as err:
        fail(describe(err)[0])
    click.echo(f"openness: serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    if workers == 1:
        app = create_app(catalog, online=online, landscape=landscape)
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Several processes each build the app from the environment (same catalog, checked above).
    os.environ[KB_ENV] = os.pathsep.join(str(folder) for folder in kb_folders)
    os.environ[ONLINE_ENV] = "1" if online else ""
    os.environ[LANDSCAPE_ENV] = str(landscape) if landscape else ""
    uvicorn.run(
        "openness.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
