"""``openness hub``: a landscape audit over a listing of the Hugging Face Hub."""

from __future__ import annotations

from pathlib import Path

import click

from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import echo, load_kb, terminal_style, with_options, write_output


@click.group()
def hub() -> None:
    """Audit a listing of the Hugging Face Hub: tiers, licenses, lineage, conflicts."""


@hub.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--online", is_flag=True, help="Needed: the dump asks the Hub (HF_ENDPOINT, HF_TOKEN)."
)
@click.option("--page-size", type=click.IntRange(1, 1000), default=1000, show_default=True)
@click.option(
    "--with-license-texts",
    is_flag=True,
    help="Also fetch the LICENSE of models declaring other, none or an unknown id.",
)
@with_options(["table"])
def dump(
    out: Path,
    online: bool,
    page_size: int,
    with_license_texts: bool,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """Save the Hub's model listing (full records with card data) as Parquet shards in OUT.

    Pages are fetched with huggingface_hub's session as list_models(full=True,
    cardData=True) asks for them; a rate limit is waited out (Retry-After),
    and a run that stops resumes at the page after the last shard written.

    Example: openness hub dump hub-dump/ --online && openness hub audit hub-dump/
    """
    import os
    import sys

    from openness.audit.dump import dump_hub
    from openness.sources.hub.listing import first_url, list_pages

    if not online:
        raise click.UsageError("the dump asks the Hub: give --online (offline by default)")
    _require("pyarrow")
    endpoint = os.environ.get("HF_ENDPOINT") or "https://huggingface.co"
    token = os.environ.get("HF_TOKEN") or None

    def progress(records: int, shards: int) -> None:
        if sys.stderr.isatty():
            click.echo(f"\rdumped {records:,} models in {shards:,} shards", err=True, nl=False)

    result = dump_hub(
        out,
        first_url(endpoint, page_size),
        lambda url: list_pages(url, token),
        progress,
    )
    if sys.stderr.isatty():
        click.echo("", err=True)
    resumed = f" (resumed at {result.resumed_from})" if result.resumed_from else ""
    click.echo(f"{out}: {result.records:,} models in {result.shards:,} shards{resumed}")
    if with_license_texts:
        from openness.audit.dump import fetch_license_texts
        from openness.limits import LICENSE_BYTES
        from openness.sources.hub.listing import fetch_text

        catalog = load_kb(kb_folders)
        models, distinct = fetch_license_texts(
            out,
            endpoint,
            lambda url: fetch_text(url, token, LICENSE_BYTES),
            catalog.has_license,
        )
        click.echo(f"{out}: LICENSE texts of {models:,} models, {distinct:,} distinct")


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
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of standard output.",
)
@with_options(["table", "json", "markdown", "html"])
def audit(
    dump: tuple[Path, ...],
    out: Path | None,
    engine: str,
    address: str | None,
    memory_limit: str,
    output: Path | None,
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
    from openness.audit.dump import TEXT_INDEX

    texts = next((p for p in dump if p.is_dir() and (p / TEXT_INDEX).exists()), None)
    files: list[Path] = []
    for path in dump:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".jsonl", ".parquet") and p.name != TEXT_INDEX
            )
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
        result = audit_ray(files, catalog, out, address, memory_limit, texts=texts)
    else:
        _require("duckdb", "pyarrow")
        from openness.audit.embedded import audit_embedded

        result = audit_embedded(files, catalog, out, memory_limit, texts)
    text = render(View.AUDIT, Format(output_format), result, terminal_style(), result.to_dict())
    if output is not None:
        write_output(output, text, "--output")
    else:
        echo(text)


def _require(*modules: str) -> None:
    """Refuse in one line when an optional package of the audit is not installed."""
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise click.UsageError(
            f"the Hub audit needs {', '.join(missing)}: pip install 'openness[hub]'"
        )
