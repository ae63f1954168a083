"""``openness license``: identify license texts, quote their terms, judge them against the OSD."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from openness.cli.errors import ExitCode, describe
from openness.cli.reading import read_license_input
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    load_kb,
    terminal_style,
)
from openness.errors import OpennessError
from openness.licenses.batch import analyze_licenses


@click.command("license")
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
    catalog = load_kb(kb_folders)
    inputs: list[tuple[str, tuple[str, ...], bytes | OpennessError]] = []
    for name in files:
        try:
            raw, notes = read_license_input(name)
            inputs.append((name, notes, raw))
        except OpennessError as err:
            inputs.append((name, (), err))
    readable = [(name, data) for name, _, data in inputs if isinstance(data, bytes)]
    progress = _progress if sys.stderr.isatty() and len(readable) >= PROGRESS_FROM else None
    analysed = iter(analyze_licenses(readable, catalog, progress=progress))
    if progress is not None:
        click.echo("", err=True)
    results = []
    failed = False
    for name, notes, payload in inputs:
        outcome = payload if isinstance(payload, OpennessError) else next(analysed)
        if isinstance(outcome, OpennessError):
            if len(files) == 1:
                raise outcome
            click.echo(describe(outcome)[0], err=True)
            failed = True
            continue
        results.append((name, outcome.with_notes(notes)))
    analyses = [analysis for _, analysis in results]
    shown = analyses[0] if len(files) == 1 and analyses else analyses
    echo(render(View.LICENSE_ANALYSES, Format(output_format), results, terminal_style(), shown))
    if failed:
        sys.exit(ExitCode.USAGE)


PROGRESS_FROM = 20
"""A batch of at least this many files shows its progress on a terminal."""


def _progress(done: int, total: int) -> None:
    click.echo(f"\rreading licenses: {done:,}/{total:,}", err=True, nl=False)
