"""``openness diff``: the terms two licenses differ in, each with both quotes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from openness.cli.errors import ExitCode
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import common_options, echo, load_kb, terminal_style

if TYPE_CHECKING:
    from openness.kb.catalog import Catalog
    from openness.licenses.diff import Side


@click.command()
@click.argument("old", metavar="A")
@click.argument("new", metavar="B")
@common_options
def diff(old: str, new: str, kb_folders: tuple[Path, ...], output_format: str) -> None:
    """Compare two licenses: the terms added, removed or changed from A to B.

    A and B are license files (text, Markdown or HTML; - for standard input)
    or catalog license ids (llama3, llama3.1, gemma-tou-2025-03-24, mit).
    Changed terms show both values (thresholds, places, units) and both
    quotes. --format markdown writes a review comment.

    Exit status: 0 when they are the same, 1 when they differ, 2 on an error.

    Example: openness diff llama3 llama3.1 --format markdown
    """
    from openness.licenses.diff import diff_licenses

    if old == "-" and new == "-":
        raise click.UsageError("only one of A and B can be - (standard input)")
    catalog = load_kb(kb_folders)
    result = diff_licenses(_side(old, catalog), _side(new, catalog))
    echo(render(View.DIFF, Format(output_format), result, terminal_style(), result.to_dict()))
    if not result.is_same:
        sys.exit(ExitCode.VIOLATIONS)


def _side(name: str, catalog: Catalog) -> Side:
    """Read *name* as a file (or -) when it is one, else as a catalog license id."""
    from openness.errors import LicenseNotFoundError, LicenseParseError
    from openness.licenses.analyze import analyze_license
    from openness.licenses.diff import Side
    from openness.licenses.known import analyze_known_license

    if name == "-" or Path(name).exists():
        from openness.cli.reading import read_license_input

        data, notes = read_license_input(name)
        analysis = analyze_license(data, catalog, origin=name).with_notes(notes)
        return Side(name, analysis, data.decode("utf-8", "replace"))
    if catalog.has_license(name):
        return Side(name, analyze_known_license(catalog, name))
    try:
        catalog.license(name)  # raises with the closest ids
    except LicenseNotFoundError as err:
        raise LicenseParseError(
            f"{name}: neither a file nor a known license id ({err})", origin=name
        ) from err
    return Side(name, analyze_known_license(catalog, name))
