"""``openness models``: list and filter the catalog, with counts."""

from __future__ import annotations

from pathlib import Path

import click

from openness.assess import Tier
from openness.assess.listing import list_models
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    load_kb,
    terminal_style,
)
from openness.kb.schema import MODALITIES


@click.command()
@click.option(
    "--tier",
    "tiers",
    multiple=True,
    type=click.Choice(["closed_api", "open_weights", "open_source"]),
    help="Keep models of this tier (repeatable).",
)
@click.option(
    "--modality",
    "modalities",
    multiple=True,
    type=click.Choice(MODALITIES),
    help="Keep models of this modality (repeatable): text, embedding, speech-recognition...",
)
@click.option("--developer", help="Keep models whose developer contains this text.")
@click.option("--license", "license_id", help="Keep models whose weights use this license id.")
@common_options
def models(
    tiers: tuple[str, ...],
    modalities: tuple[str, ...],
    developer: str | None,
    license_id: str | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """List the catalog with each model's tier and verdicts, and count by tier.

    Example: openness models --tier open_source --modality embedding
    """
    listing = list_models(
        load_kb(kb_folders),
        tiers=tuple(Tier(t) for t in tiers),
        developer=developer,
        license_id=license_id,
        modalities=modalities,
    )
    echo(render(View.LISTING, Format(output_format), listing, terminal_style()))
