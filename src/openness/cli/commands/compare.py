"""``openness compare``: models side by side."""

from __future__ import annotations

from pathlib import Path

import click

from openness.assess import assess_model
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    load_kb,
    terminal_style,
)


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF REF...")
@common_options
def compare(refs: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str) -> None:
    """Compare models side by side: tier, verdicts, components, license terms.

    Example: openness compare llama-3.1-8b mistral-7b-v0.3 olmo-2-7b
    """
    if len(refs) < 2:
        raise click.UsageError("compare needs at least two models")

    catalog = load_kb(kb_folders)
    assessments = [assess_model(catalog.resolve_model(ref), catalog) for ref in refs]
    shown = {"models": [a.to_dict() for a in assessments]}
    echo(render(View.COMPARISON, Format(output_format), assessments, terminal_style(), shown))
