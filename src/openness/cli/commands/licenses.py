"""``openness licenses``: the license and policy records of the knowledge base."""

from __future__ import annotations

from pathlib import Path

import click

from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    load_kb,
    terminal_style,
)
from openness.licenses.known import list_licenses


@click.command()
@click.argument("license_ids", nargs=-1, metavar="[ID...]")
@common_options
def licenses(
    license_ids: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str
) -> None:
    """List the license and policy records, or show the ones named in full.

    Example: openness licenses llama3.2
    """
    entries = list_licenses(load_kb(kb_folders), license_ids)
    shown = entries[0] if len(license_ids) == 1 else list(entries)
    echo(render(View.LICENSES, Format(output_format), entries, terminal_style(), shown))
