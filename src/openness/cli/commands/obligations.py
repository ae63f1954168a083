"""``openness obligations``: what a team must do, and what stops it, to use a model one way."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from openness.assess.obligations import PURPOSES, USES
from openness.cli.errors import ExitCode
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    hub_client,
    load_kb,
    online_option,
    terminal_style,
)


@click.command()
@click.argument("ref", metavar="REF")
@click.option("--use", "use", type=click.Choice(USES), required=True, help="How the model is used.")
@click.option("--mau", metavar="N", help="Monthly active users of your products (1.5M, 700m).")
@click.option("--revenue", metavar="AMOUNT[:CUR]", help="Yearly revenue (10M, 10M:EUR).")
@click.option("--region", metavar="R", help="Where you are: a code (EU, DE, US) or a name.")
@click.option(
    "--purpose",
    type=click.Choice(PURPOSES),
    default="commercial",
    show_default=True,
    help="Why you use it.",
)
@online_option
@common_options
def obligations(
    ref: str,
    use: str,
    mau: str | None,
    revenue: str | None,
    region: str | None,
    purpose: str,
    online: bool,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """What you must do (duties) and what stops you (blockers) to use a model one way.

    USE is internal (run it in-house), saas (serve it to users), embed (ship it
    inside an app or device), distribute (publish the weights), derive
    (fine-tune, merge or distill it and release the result) or outputs (use
    what it generates, including to train other models). Give --mau, --revenue
    and --region to decide the license's thresholds and territories; what
    cannot be decided stays unknown, with the reason.

    Exit status: 0 when the use is allowed, 1 when it is not or cannot be
    shown to be, 2 on a usage error.

    Example: openness obligations llama-3.1-8b --use saas --mau 2M --region EU
    """
    from openness.assess.obligations import use_context
    from openness.resolve import obligations_of

    context = use_context(use, mau, revenue, region, purpose)
    catalog = load_kb(kb_folders)
    result, findings = obligations_of(ref, catalog, hub_client() if online else None, context)
    for finding in findings:
        click.echo(f"finding: {finding.kind.value}: {finding.path}: {finding.detail}", err=True)
    echo(
        render(View.OBLIGATIONS, Format(output_format), result, terminal_style(), result.to_dict())
    )
    if result.allowed is not True:
        sys.exit(ExitCode.VIOLATIONS)
