"""``openness advise``: closed API or self-hosted open model, with reasons, shortlist and costs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from openness.advise.advisor import advise as run_advise
from openness.advise.advisor import explain
from openness.advise.profile import PROFILE_FLAGS, load_profile, profile_from_values
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    F,
    check_writable,
    common_options,
    echo,
    load_kb,
    terminal_style,
    write_output,
)


def _profile_options(command: F) -> F:
    """Add one flag per profile key (docs/design.md advisor profile)."""
    for name, kind, help_text in reversed(PROFILE_FLAGS):
        flag = name.replace("_", "-")
        if kind is bool:
            command = click.option(f"--{flag}/--no-{flag}", name, default=None, help=help_text)(
                command
            )
        elif isinstance(kind, tuple):
            command = click.option(
                f"--{flag}", name, type=click.Choice(kind), default=None, help=help_text
            )(command)
        else:
            command = click.option(f"--{flag}", name, type=kind, default=None, help=help_text)(
                command
            )
    return command


@click.command()
@click.option(
    "--profile",
    "profile_file",
    type=click.Path(path_type=Path),
    help="Requirements profile YAML (docs/design.md); flags override its keys.",
)
@click.option(
    "--plot",
    "plot_file",
    type=click.Path(path_type=Path),
    help="Also draw monthly cost against volume to FILE.svg or FILE.png.",
)
@click.option(
    "--why",
    "why_model",
    metavar="MODEL",
    help="Explain one model's place: chosen, ranked, excluded (by which requirement) or not.",
)
@_profile_options
@common_options
def advise(
    profile_file: Path | None,
    plot_file: Path | None,
    why_model: str | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
    **flags: Any,
) -> None:
    """Closed API or self-hosted open model? Reasons, a license-safe shortlist, break-even.

    Example: openness advise --privacy required --monthly-input-tokens 2000000000
    """
    if plot_file is not None and plot_file.suffix.lower() not in (".svg", ".png"):
        raise click.UsageError(f"--plot {plot_file}: the file name must end in .svg or .png")
    check_writable(plot_file, "--plot")
    values = load_profile(profile_file).to_dict() if profile_file is not None else {}
    values.update({key: value for key, value in flags.items() if value is not None})
    profile = profile_from_values(values, str(profile_file or "flags"))
    advice = run_advise(profile, load_kb(kb_folders))
    if plot_file is not None:
        from openness.advise.plot import plot_costs

        image = plot_costs(advice, "png" if plot_file.suffix.lower() == ".png" else "svg")
        write_output(plot_file, image, "--plot")
    if why_model is not None:
        catalog = load_kb(kb_folders)
        placement = explain(advice, catalog.resolve_model(why_model))
        if Format(output_format) is Format.JSON:
            echo(render(View.ADVICE, Format.JSON, placement, json=placement.to_dict()))
        else:
            rank = f" (#{placement.rank} of {len(advice.shortlist)})" if placement.rank else ""
            lines = [f"{placement.model}: {placement.place.replace('_', ' ')}{rank}"]
            echo("\n".join([*lines, *(f"  • {why}" for why in placement.why)]) + "\n")
        return
    echo(render(View.ADVICE, Format(output_format), advice, terminal_style(), advice.to_dict()))
