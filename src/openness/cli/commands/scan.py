"""``openness scan``: every model a code base or folder uses, assessed, and the policy gate."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from openness.assess.obligations import USES
from openness.assess.policy import Organization, Policy
from openness.cli.errors import ExitCode
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    check_writable,
    echo,
    hub_client,
    load_kb,
    online_option,
    terminal_style,
    with_options,
    write_output,
)
from openness.scan.policy_file import parse_policy_file as load_policy
from openness.scan.run import ScanOptions, scan_path

if TYPE_CHECKING:
    from openness.assess.obligations import UseContext

SCAN_FORMATS = [f.value for f in Format]
"""Every format: a scan is also a SARIF log and a CycloneDX or SPDX bill of materials."""


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(path_type=Path),
    help="Policy YAML to gate on (see docs/design.md); exit 1 when it fails.",
)
@online_option
@click.option(
    "--include-vendored",
    is_flag=True,
    help="Also scan node_modules, virtualenvs and other vendored folders.",
)
@click.option(
    "--obligations",
    "with_obligations",
    is_flag=True,
    help="Add each model's duties and blockers for the use (--use, or use: in the policy).",
)
@click.option(
    "--use",
    type=click.Choice(USES),
    help="How the models are used (overrides the policy's use:); implies --obligations.",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@with_options(SCAN_FORMATS)
def scan(
    path: Path,
    policy_file: Path | None,
    online: bool,
    include_vendored: bool,
    with_obligations: bool,
    use: str | None,
    output: Path | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """Find every model a code base or model folder uses, assess each, apply a policy.

    Exit status: 0 when the policy passes (and no file would run code when
    loaded), 1 on violations, 2 on usage or input errors.

    With --obligations (or a policy with use:), each model's duties and
    blockers for that use are reported, and a model whose license refuses the
    use fails the gate. --format notice writes a third-party NOTICE file for
    what is shipped (the use is embed unless one is given).

    Example: openness scan . --policy policy.yaml --format sarif -o openness.sarif
    """
    check_writable(output, "--output")
    policy = load_policy(policy_file) if policy_file is not None else None
    declared = use or (policy.use if policy is not None else None)
    if output_format == Format.NOTICE.value and declared is None:
        declared = "embed"
    if with_obligations and declared is None:
        raise click.UsageError("--obligations needs a use: give --use, or use: in the policy")
    options = ScanOptions(
        policy=policy,
        hub=hub_client() if online else None,
        include_vendored=include_vendored,
        progress=_progress() if sys.stderr.isatty() else None,
        use=_context(declared, policy) if declared is not None else None,
    )
    result = scan_path(path, load_kb(kb_folders), options)
    if options.progress is not None:
        click.echo("", err=True)
    text = render(View.SCAN, Format(output_format), result, terminal_style())
    if output is not None:
        write_output(output, text, "--output")
    else:
        echo(text)
    if not result.is_passing:
        sys.exit(ExitCode.VIOLATIONS)


def _context(use: str, policy: Policy | None) -> UseContext:
    """The use asked about, with the organisation the policy describes."""
    from openness.assess.obligations import Use, UseContext

    organization = policy.organization if policy is not None else Organization()
    return UseContext(
        Use(use),
        organization.monthly_active_users,
        organization.annual_revenue_usd,
        "USD",
        organization.region,
    )


def _progress() -> Callable[[int], None]:
    def report(files: int) -> None:
        if files % 250 == 0:
            click.echo(f"\rscanning: {files:,} files", err=True, nl=False)

    return report
