"""``openness obligations``: what a team must do, and what stops it, to use a model one way."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from openness.cli.errors import ExitCode
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    fail,
    hub_client,
    load_kb,
    online_option,
    terminal_style,
)

USES = ("internal", "saas", "embed", "distribute", "derive", "outputs")
PURPOSES = ("commercial", "non_commercial", "research")
_SCALE = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9}


def parse_amount(text: str, what: str) -> int:
    """Read a count or amount such as ``1500000``, ``1.5M``, ``700m``, ``2B``, ``10k``.

    >>> parse_amount("1.5M", "--mau"), parse_amount("700_000_000", "--mau")
    (1500000, 700000000)
    """
    match = re.fullmatch(r"\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*(k|m|b|bn)?\s*", text.lower())
    if match is None:
        raise click.BadParameter(
            f"{text!r} is not a number (e.g. 250000, 1.5M, 2B)", param_hint=what
        )
    number = float(match.group(1).replace("_", "").replace(",", ""))
    return int(round(number * _SCALE[match.group(2) or ""]))


def parse_revenue(text: str) -> tuple[int, str]:
    """Read ``AMOUNT[:CUR]``: ``10M``, ``10M:EUR``, ``2500000:usd``.

    >>> parse_revenue("10M:eur")
    (10000000, 'EUR')
    """
    amount, _, currency = text.partition(":")
    currency = (currency or "USD").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise click.BadParameter(
            f"{currency!r} is not a currency code (USD, EUR, ...)", param_hint="--revenue"
        )
    return parse_amount(amount, "--revenue"), currency


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
    from openness.assess.obligations import Purpose, Use, UseContext
    from openness.resolve import obligations_of

    users = parse_amount(mau, "--mau") if mau is not None else None
    amount, currency = parse_revenue(revenue) if revenue is not None else (None, "USD")
    if region is not None and not region.strip():
        fail("error: --region is empty (give a code such as EU, DE, US)")
    context = UseContext(Use(use), users, amount, currency, region, Purpose(purpose))
    catalog = load_kb(kb_folders)
    result, findings = obligations_of(ref, catalog, hub_client() if online else None, context)
    for finding in findings:
        click.echo(f"finding: {finding.kind.value}: {finding.path}: {finding.detail}", err=True)
    echo(
        render(View.OBLIGATIONS, Format(output_format), result, terminal_style(), result.to_dict())
    )
    if result.allowed is not True:
        sys.exit(ExitCode.VIOLATIONS)
