"""What every ``openness`` command shares: its options, error handling, output.

The commands themselves live one per module in ``openness.cli.commands``;
``openness.cli.app`` loads only the one that runs.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from openness.cli.errors import ExitCode, describe
from openness.cli.render.interface import READING_FORMATS, Format, Style
from openness.environment import KB_ENV, ONLINE_ENV
from openness.errors import OpennessError

if TYPE_CHECKING:
    from openness.kb.catalog import Catalog
    from openness.sources.hub import HubClient

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = [f.value for f in READING_FORMATS]


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def terminal_style() -> Style:
    """Colour and width for people at a terminal; no colour and no wrapping otherwise.

    Piped output is read by grep, less -S or a file diff: a line is never broken.
    """
    if not sys.stdout.isatty():
        return Style(width=UNWRAPPED_WIDTH, color=False)
    color = "NO_COLOR" not in os.environ
    width = shutil.get_terminal_size((100, 24)).columns
    return Style(width=max(60, min(width, 160)), color=color)


UNWRAPPED_WIDTH = 1000
"""Columns given to tables when standard output is not a terminal (wide enough that no
real row wraps)."""


online_option = click.option(
    "--online",
    is_flag=True,
    envvar=ONLINE_ENV,
    help=f"Ask the Hugging Face Hub about repos the catalog lacks (also ${ONLINE_ENV}=1).",
)
kb_option = click.option(
    "--kb",
    "kb_folders",
    multiple=True,
    type=click.Path(path_type=Path),
    envvar=KB_ENV,
    help=f"Folder of extra model/license YAML records (repeatable; also ${KB_ENV}).",
)


def common_options(command: F) -> F:
    """Add --kb, --format and --debug to *command*, and turn errors into messages."""
    return with_options(FORMATS)(command)


def with_options(formats: Sequence[str]) -> Callable[[F], F]:
    """Return a decorator adding --kb, --format (one of *formats*) and --debug."""
    return lambda command: _with_options(command, formats)


def _with_options(command: F, formats: Sequence[str]) -> F:

    @kb_option
    @click.option(
        "--format",
        "output_format",
        type=click.Choice(list(formats)),
        default=Format.TABLE.value,
        show_default=True,
        help="Output format.",
    )
    @click.option("--debug", is_flag=True, help="Log details and show tracebacks.")
    @wraps(command)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> Any:
        if debug:
            logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
        try:
            return command(*args, **kwargs)
        except OpennessError as err:
            if debug:
                for problem in getattr(err, "problems", ())[1:]:
                    click.echo(f"  {problem}", err=True)
            message, code = describe(err)
            fail(message, code)
        except click.ClickException:
            raise
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(ExitCode.USAGE)
        except Exception as err:  # noqa: BLE001 - the last line of defence: a bug
            if debug:
                raise
            fail(
                f"internal error: {type(err).__name__}: {err}. "
                "This is a bug; rerun with --debug and report the traceback.",
                ExitCode.INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


def hub_client() -> HubClient:
    from openness.sources.hub import HubClient

    return HubClient()


def load_kb(kb_folders: Sequence[Path]) -> Catalog:
    from openness.kb.loader import load_catalog

    return load_catalog(tuple(kb_folders))


def echo(text: str) -> None:
    click.echo(text, nl=False)


def check_writable(path: Path | None, option: str) -> None:
    """Refuse, before any work, an output file whose folder does not exist."""
    if path is None:
        return
    folder = path.parent
    if not folder.is_dir():
        raise click.UsageError(f"{option} {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise click.UsageError(f"{option} {path}: is a folder; give a file name")


def write_output(path: Path, data: str | bytes, option: str) -> None:
    """Write an output file; a failure is a one-line usage error, not a traceback."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as err:
        fail(f"error: {option} {path}: cannot write ({err.strerror or err})")
    click.echo(f"wrote {path}", err=True)
