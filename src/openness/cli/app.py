"""The ``openness`` commands: parse input, call one core function, render, exit.

No business logic lives here. Heavy modules (rich, pydantic) are imported
inside the commands that need them, so start-up stays small.
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

from openness import __version__
from openness.cli.errors import ExitCode, describe
from openness.cli.render.interface import Format, Style
from openness.errors import OpennessError

if TYPE_CHECKING:
    from openness.kb.catalog import Catalog

F = TypeVar("F", bound=Callable[..., Any])

KB_ENV = "OPENNESS_KB"
FORMATS = [f.value for f in Format]


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _style() -> Style:
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return Style(width=max(60, min(width, 160)), color=color)


def common_options(command: F) -> F:
    """Add --kb, --format and --debug to *command*, and turn errors into messages."""

    @click.option(
        "--kb",
        "kb_folders",
        multiple=True,
        type=click.Path(path_type=Path),
        envvar=KB_ENV,
        help=f"Folder of extra model/license YAML records (repeatable; also ${KB_ENV}).",
    )
    @click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
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
            _fail(message, code)
        except click.ClickException:
            raise
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(ExitCode.USAGE)
        except Exception as err:  # noqa: BLE001 - the last line of defence: a bug
            if debug:
                raise
            _fail(
                f"internal error: {type(err).__name__}: {err}. "
                "This is a bug; rerun with --debug and report the traceback.",
                ExitCode.INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


def _catalog(kb_folders: Sequence[Path]) -> Catalog:
    from openness.kb.loader import load_catalog

    return load_catalog(tuple(kb_folders))


def _echo(text: str) -> None:
    click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openness")
def cli() -> None:
    """How open is an AI model really? Tier, license terms, OSAID and MOF verdicts.

    Works offline on the bundled catalog. Example: openness check meta-llama/Meta-Llama-3-8B
    """


@cli.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF...")
@common_options
def check(refs: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str) -> None:
    """Assess a model: tier, components, license terms, OSAID and MOF verdicts.

    REF is a catalog id, a Hugging Face repo id or an API model name, in any
    case; dated snapshots and provider prefixes are understood.

    Example: openness check gpt-4o-2024-08-06 --format json
    """
    from openness.assess import assess_model

    catalog = _catalog(kb_folders)
    assessments = [assess_model(catalog.resolve_model(ref), catalog) for ref in refs]
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json(assessments[0] if len(assessments) == 1 else list(assessments)))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_assessments(assessments))
    else:
        from openness.cli.render import table

        _echo(table.render_assessments(assessments, _style()))


@cli.command()
@click.option(
    "--tier",
    "tiers",
    multiple=True,
    type=click.Choice(["closed_api", "open_weights", "open_source"]),
    help="Keep models of this tier (repeatable).",
)
@click.option("--developer", help="Keep models whose developer contains this text.")
@click.option("--license", "license_id", help="Keep models whose weights use this license id.")
@common_options
def models(
    tiers: tuple[str, ...],
    developer: str | None,
    license_id: str | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """List the catalog with each model's tier and verdicts, and count by tier.

    Example: openness models --tier open_source
    """
    from openness.assess import Tier
    from openness.assess.listing import list_models

    listing = list_models(
        _catalog(kb_folders),
        tiers=tuple(Tier(t) for t in tiers),
        developer=developer,
        license_id=license_id,
    )
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json(listing))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_listing(listing))
    else:
        from openness.cli.render import table

        _echo(table.render_listing(listing, _style()))


@cli.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF REF...")
@common_options
def compare(refs: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str) -> None:
    """Compare models side by side: tier, verdicts, components, license terms.

    Example: openness compare llama-3.1-8b mistral-7b-v0.3 olmo-2-7b
    """
    if len(refs) < 2:
        raise click.UsageError("compare needs at least two models")
    from openness.assess import assess_model

    catalog = _catalog(kb_folders)
    assessments = [assess_model(catalog.resolve_model(ref), catalog) for ref in refs]
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json({"models": [a.to_dict() for a in assessments]}))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_comparison(assessments))
    else:
        from openness.cli.render import table

        _echo(table.render_comparison(assessments, _style()))


@cli.command()
@click.argument("license_ids", nargs=-1, metavar="[ID...]")
@common_options
def licenses(
    license_ids: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str
) -> None:
    """List the license and policy records, or show the ones named in full.

    Example: openness licenses llama3.2
    """
    from openness.licenses.known import list_licenses

    entries = list_licenses(_catalog(kb_folders), license_ids)
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json(entries[0] if len(license_ids) == 1 else list(entries)))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_licenses(entries))
    else:
        from openness.cli.render import table

        _echo(table.render_licenses(entries, _style()))


@cli.command("license")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@common_options
def license_command(
    files: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str
) -> None:
    """Identify a license text, list its terms with their clauses, judge it against the OSD.

    FILE may be plain text, Markdown or HTML; - reads standard input. Several
    files give a JSON list.

    Example: openness license LICENSE --format json
    """
    from openness.cli.reading import read_license_input
    from openness.licenses.analyze import analyze_license

    catalog = _catalog(kb_folders)
    results = []
    failed = False
    for name in files:
        try:
            data, notes = read_license_input(name)
            analysis = analyze_license(data, catalog, origin=name)
        except OpennessError as err:
            if len(files) == 1:
                raise
            click.echo(describe(err)[0], err=True)
            failed = True
            continue
        results.append((name, analysis.with_notes(notes)))
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        analyses = [a for _, a in results]
        _echo(render_json(analyses[0] if len(files) == 1 else analyses))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_license_analyses(results))
    else:
        from openness.cli.render import table

        _echo(table.render_license_analyses(results, _style()))
    if failed:
        sys.exit(ExitCode.USAGE)


def run() -> None:
    """Run the command line, as the console script does."""
    cli(prog_name="openness")
