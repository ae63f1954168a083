"""``openness hub``: a landscape audit over a listing of the Hugging Face Hub."""

from __future__ import annotations

from pathlib import Path

import click

from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import echo, load_kb, terminal_style, with_options


@click.group()
def hub() -> None:
    """Audit a listing of the Hugging Face Hub: tiers, licenses, lineage, conflicts."""


@hub.command()
@click.argument("dump", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DUMP...")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write the per-model table to DIR/models.parquet.",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "ray"]),
    default="duckdb",
    show_default=True,
    help="duckdb: embedded, nothing to start. ray: Ray tasks (pip install 'openness[hub]').",
)
@click.option(
    "--address",
    metavar="ray://HOST:PORT",
    help="The Ray cluster to use with --engine ray (default: start one on this machine).",
)
@click.option(
    "--memory-limit",
    default="3GB",
    show_default=True,
    help="The embedded engine's memory limit (it spills to disk beyond it).",
)
@with_options(["table", "json", "markdown"])
def audit(
    dump: tuple[Path, ...],
    out: Path | None,
    engine: str,
    address: str | None,
    memory_limit: str,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """Audit a Hub dump: JSON lines as the Hub API returns them, or Parquet shards.

    A folder is read for its *.jsonl and *.parquet files. Each distinct
    declared license is analysed once; lineage follows base_model to each
    model's roots, and a derivative whose declared license drops its root's
    terms is a license_conflict. Malformed lines are skipped and counted.

    Both engines give the same answer; --engine ray spreads the record work
    over a Ray cluster (files must be on storage every node reads).

    Example: openness hub audit models.jsonl --format json
    """
    files: list[Path] = []
    for path in dump:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".jsonl", ".parquet"))
        else:
            files.append(path)
    if not files:
        raise click.UsageError("no .jsonl or .parquet files in the dump given")
    catalog = load_kb(kb_folders)
    if engine == "ray":
        try:
            from openness.audit.distributed import audit_ray
        except ImportError as err:
            raise click.UsageError(
                f"--engine ray needs Ray ({err.name} is missing): pip install 'openness[hub]'"
            ) from err
        result = audit_ray(files, catalog, out, address, memory_limit)
    else:
        from openness.audit.embedded import audit_embedded

        result = audit_embedded(files, catalog, out, memory_limit)
    echo(render(View.AUDIT, Format(output_format), result, terminal_style(), result.to_dict()))
