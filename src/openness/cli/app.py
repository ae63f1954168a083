"""The ``openness`` command group: each command is loaded only when it runs.

Commands parse input, call one core function, render and exit; they live one
per module in ``openness.cli.commands``. No business logic lives here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from openness import __version__
from openness.cli.errors import ExitCode
from openness.cli.shared import fail

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("openness.cli.commands.check", "check"),
    "models": ("openness.cli.commands.models", "models"),
    "compare": ("openness.cli.commands.compare", "compare"),
    "licenses": ("openness.cli.commands.licenses", "licenses"),
    "license": ("openness.cli.commands.license", "license_command"),
    "scan": ("openness.cli.commands.scan", "scan"),
    "estimate": ("openness.cli.commands.estimate", "estimate"),
    "advise": ("openness.cli.commands.advise", "advise"),
    "obligations": ("openness.cli.commands.obligations", "obligations"),
    "diff": ("openness.cli.commands.diff", "diff"),
    "hub": ("openness.cli.commands.hub", "hub"),
    "serve": ("openness.cli.commands.serve", "serve"),
}
"""Each command's module and function, in the order ``openness --help`` lists them."""


class _Commands(click.Group):
    """The command group, with click's own errors in the one style of every other error."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        command: click.Command = getattr(importlib.import_module(target[0]), target[1])
        return command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as err:
            where = err.ctx.command_path if err.ctx is not None else "openness"
            fail(f"error: {err.format_message()} (see {where} --help)", ExitCode.USAGE)
        except click.ClickException as err:
            fail(f"error: {err.format_message()}", ExitCode.USAGE)
        except click.Abort:
            fail("error: aborted", ExitCode.USAGE)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openness")
def cli() -> None:
    """How open is an AI model really? Tier, license terms, OSAID and MOF verdicts.

    Works offline on the bundled catalog. Example: openness check meta-llama/Meta-Llama-3-8B
    """


def run() -> None:
    """Run the command line, as the console script does."""
    cli(prog_name="openness")
