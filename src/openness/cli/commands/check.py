"""``openness check``: assess a model: tier, components, license terms, OSAID and MOF verdicts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

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
from openness.resolve import assess_as_of, assess_reference
from openness.sources.findings import blocking_findings


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF...")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Assess with the license that applied on DATE (YYYY-MM-DD), not today's.",
)
@online_option
@common_options
def check(
    refs: tuple[str, ...],
    as_of: str | None,
    online: bool,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """Assess a model: tier, components, license terms, OSAID and MOF verdicts.

    REF is a catalog id, a Hugging Face repo id or an API model name, in any
    case (dated snapshots and provider prefixes are understood), or a local
    model folder. With --online, repo ids the catalog lacks are looked up on
    the Hub.

    With --as-of DATE, the license is the one in force that day, for models whose
    license is known to have changed (``license_history``).

    Example: openness check gpt-4o-2024-08-06 --format json
    """
    catalog = load_kb(kb_folders)
    hub = hub_client() if online else None
    results = [assess_reference(ref, catalog, hub) for ref in refs]
    if as_of is not None:
        results = [(assess_as_of(a, as_of, catalog), found) for a, found in results]
    assessments = [assessment for assessment, _ in results]
    for finding in (f for _, findings in results for f in findings):
        click.echo(f"finding: {finding.kind.value}: {finding.path}: {finding.detail}", err=True)
    documents = [
        {**a.to_dict(), **({"findings": [f.to_dict() for f in found]} if found else {})}
        for a, found in results
    ]
    shown = documents[0] if len(documents) == 1 else documents
    echo(render(View.ASSESSMENTS, Format(output_format), assessments, terminal_style(), shown))
    blocking = blocking_findings(tuple(f for _, found in results for f in found))
    if blocking:
        from openness.cli.render.words import blocking_line

        click.echo(blocking_line(blocking), err=True)
        sys.exit(ExitCode.VIOLATIONS)
