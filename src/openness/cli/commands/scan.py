"""``openness scan``: every model a code base or folder uses, assessed, and the policy gate."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

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
    output: Path | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """Find every model a code base or model folder uses, assess each, apply a policy.

    Exit status: 0 when the policy passes (and no file would run code when
    loaded), 1 on violations, 2 on usage or input errors.

    Example: openness scan . --policy policy.yaml --format sarif -o openness.sarif
    """
    check_writable(output, "--output")
    policy = load_policy(policy_file) if policy_file is not None else None
    options = ScanOptions(
        policy=policy,
        hub=hub_client() if online else None,
        include_vendored=include_vendored,
        progress=_progress() if sys.stderr.isatty() else None,
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


def _progress() -> Callable[[int], None]:
    def report(files: int) -> None:
        if files % 250 == 0:
            click.echo(f"\rscanning: {files:,} files", err=True, nl=False)

    return report
