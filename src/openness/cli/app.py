"""The ``openness`` commands: parse input, call one core function, render, exit.

No business logic lives here. Heavy modules (rich, pydantic) are imported
inside the commands that need them, so start-up stays small.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from openness import __version__
from openness.cli.errors import ExitCode, describe
from openness.cli.render.interface import Format, Style
from openness.environment import KB_ENV, ONLINE_ENV
from openness.errors import OpennessError

if TYPE_CHECKING:
    from openness.kb.catalog import Catalog
    from openness.sources.hub import HubClient

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = [f.value for f in Format]


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _style() -> Style:
    """Colour and width for people at a terminal; no colour and no wrapping otherwise.

    Piped output is read by grep, less -S or a file diff: a line is never broken.
    """
    if not sys.stdout.isatty():
        return Style(width=UNWRAPPED_WIDTH, color=False)
    color = "NO_COLOR" not in os.environ
    width = shutil.get_terminal_size((100, 24)).columns
    return Style(width=max(60, min(width, 160)), color=color)


UNWRAPPED_WIDTH = 1000
"""Columns given to tables when standard output is not a terminal (wide enough that no
real row wraps)."""


online_option = click.option(
    "--online",
    is_flag=True,
    envvar=ONLINE_ENV,
    help=f"Ask the Hugging Face Hub about repos the catalog lacks (also ${ONLINE_ENV}=1).",
)
kb_option = click.option(
    "--kb",
    "kb_folders",
    multiple=True,
    type=click.Path(path_type=Path),
    envvar=KB_ENV,
    help=f"Folder of extra model/license YAML records (repeatable; also ${KB_ENV}).",
)


def common_options(command: F) -> F:
    """Add --kb, --format and --debug to *command*, and turn errors into messages."""
    return with_options(FORMATS)(command)


def with_options(formats: Sequence[str]) -> Callable[[F], F]:
    """Return a decorator adding --kb, --format (one of *formats*) and --debug."""
    return lambda command: _with_options(command, formats)


def _with_options(command: F, formats: Sequence[str]) -> F:

    @kb_option
    @click.option(
        "--format",
        "output_format",
        type=click.Choice(list(formats)),
        default=Format.TABLE.value,
        show_default=True,
        help="Output format.",
    )
    @click.option("--debug", is_flag=True, help="Log details and show tracebacks.")
    @wraps(command)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> Any:
        if debug:
            logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
        try:
            return command(*args, **kwargs)
        except OpennessError as err:
            if debug:
                for problem in getattr(err, "problems", ())[1:]:
                    click.echo(f"  {problem}", err=True)
            message, code = describe(err)
            _fail(message, code)
        except click.ClickException:
            raise
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(ExitCode.USAGE)
        except Exception as err:  # noqa: BLE001 - the last line of defence: a bug
            if debug:
                raise
            _fail(
                f"internal error: {type(err).__name__}: {err}. "
                "This is a bug; rerun with --debug and report the traceback.",
                ExitCode.INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


def _hub() -> HubClient:
    from openness.sources.hub import HubClient

    return HubClient()


def render_json_list(documents: Sequence[dict[str, Any]]) -> str:
    import json

    return json.dumps(list(documents), indent=2, ensure_ascii=False) + "\n"


def _catalog(kb_folders: Sequence[Path]) -> Catalog:
    from openness.kb.loader import load_catalog

    return load_catalog(tuple(kb_folders))


def _echo(text: str) -> None:
    click.echo(text, nl=False)


def _check_writable(path: Path | None, option: str) -> None:
    """Refuse, before any work, an output file whose folder does not exist."""
    if path is None:
        return
    folder = path.parent
    if not folder.is_dir():
        raise click.UsageError(f"{option} {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise click.UsageError(f"{option} {path}: is a folder; give a file name")


def _write(path: Path, data: str | bytes, option: str) -> None:
    """Write an output file; a failure is a one-line usage error, not a traceback."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as err:
        _fail(f"error: {option} {path}: cannot write ({err.strerror or err})")
    click.echo(f"wrote {path}", err=True)


class _Commands(click.Group):
    """The command group, with click's own errors in the one style of every other error."""

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
            _fail(f"error: {err.format_message()} (see {where} --help)", ExitCode.USAGE)
        except click.ClickException as err:
            _fail(f"error: {err.format_message()}", ExitCode.USAGE)
        except click.Abort:
            _fail("error: aborted", ExitCode.USAGE)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openness")
def cli() -> None:
    """How open is an AI model really? Tier, license terms, OSAID and MOF verdicts.

    Works offline on the bundled catalog. Example: openness check meta-llama/Meta-Llama-3-8B
    """


@cli.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF...")
@online_option
@common_options
def check(
    refs: tuple[str, ...], online: bool, kb_folders: tuple[Path, ...], output_format: str
) -> None:
    """Assess a model: tier, components, license terms, OSAID and MOF verdicts.

    REF is a catalog id, a Hugging Face repo id or an API model name, in any
    case (dated snapshots and provider prefixes are understood), or a local
    model folder. With --online, repo ids the catalog lacks are looked up on
    the Hub.

    Example: openness check gpt-4o-2024-08-06 --format json
    """
    from openness.resolve import assess_reference

    catalog = _catalog(kb_folders)
    hub = _hub() if online else None
    results = [assess_reference(ref, catalog, hub) for ref in refs]
    assessments = [assessment for assessment, _ in results]
    for finding in (f for _, findings in results for f in findings):
        click.echo(f"finding: {finding.kind.value}: {finding.path}: {finding.detail}", err=True)
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        documents = [
            {**a.to_dict(), **({"findings": [f.to_dict() for f in found]} if found else {})}
            for a, found in results
        ]
        _echo(render_json(documents[0]) if len(documents) == 1 else render_json_list(documents))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_assessments(assessments))
    else:
        from openness.cli.render import table

        _echo(table.render_assessments(assessments, _style()))
    from openness.sources.findings import blocking_findings

    blocking = blocking_findings(tuple(f for _, found in results for f in found))
    if blocking:
        from openness.cli.render.words import blocking_line

        click.echo(blocking_line(blocking), err=True)
        sys.exit(ExitCode.VIOLATIONS)


@cli.command()
@click.option(
    "--tier",
    "tiers",
    multiple=True,
    type=click.Choice(["closed_api", "open_weights", "open_source"]),
    help="Keep models of this tier (repeatable).",
)
@click.option("--developer", help="Keep models whose developer contains this text.")
@click.option("--license", "license_id", help="Keep models whose weights use this license id.")
@common_options
def models(
    tiers: tuple[str, ...],
    developer: str | None,
    license_id: str | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """List the catalog with each model's tier and verdicts, and count by tier.

    Example: openness models --tier open_source
    """
    from openness.assess import Tier
    from openness.assess.listing import list_models

    listing = list_models(
        _catalog(kb_folders),
        tiers=tuple(Tier(t) for t in tiers),
        developer=developer,
        license_id=license_id,
    )
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json(listing))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_listing(listing))
    else:
        from openness.cli.render import table

        _echo(table.render_listing(listing, _style()))


@cli.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF REF...")
@common_options
def compare(refs: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str) -> None:
    """Compare models side by side: tier, verdicts, components, license terms.

    Example: openness compare llama-3.1-8b mistral-7b-v0.3 olmo-2-7b
    """
    if len(refs) < 2:
        raise click.UsageError("compare needs at least two models")
    from openness.assess import assess_model

    catalog = _catalog(kb_folders)
    assessments = [assess_model(catalog.resolve_model(ref), catalog) for ref in refs]
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json({"models": [a.to_dict() for a in assessments]}))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_comparison(assessments))
    else:
        from openness.cli.render import table

        _echo(table.render_comparison(assessments, _style()))


@cli.command()
@click.argument("license_ids", nargs=-1, metavar="[ID...]")
@common_options
def licenses(
    license_ids: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str
) -> None:
    """List the license and policy records, or show the ones named in full.

    Example: openness licenses llama3.2
    """
    from openness.licenses.known import list_licenses

    entries = list_licenses(_catalog(kb_folders), license_ids)
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json(entries[0] if len(license_ids) == 1 else list(entries)))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_licenses(entries))
    else:
        from openness.cli.render import table

        _echo(table.render_licenses(entries, _style()))


@cli.command("license")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@common_options
def license_command(
    files: tuple[str, ...], kb_folders: tuple[Path, ...], output_format: str
) -> None:
    """Identify a license text, list its terms with their clauses, judge it against the OSD.

    FILE may be plain text, Markdown or HTML; - reads standard input. Several
    files give a JSON list.

    Example: openness license LICENSE --format json
    """
    from openness.cli.reading import read_license_input
    from openness.licenses.batch import analyze_licenses

    catalog = _catalog(kb_folders)
    inputs: list[tuple[str, tuple[str, ...], bytes | OpennessError]] = []
    for name in files:
        try:
            raw, notes = read_license_input(name)
            inputs.append((name, notes, raw))
        except OpennessError as err:
            inputs.append((name, (), err))
    readable = [(name, data) for name, _, data in inputs if isinstance(data, bytes)]
    analysed = iter(analyze_licenses(readable, catalog))
    results = []
    failed = False
    for name, notes, payload in inputs:
        outcome = payload if isinstance(payload, OpennessError) else next(analysed)
        if isinstance(outcome, OpennessError):
            if len(files) == 1:
                raise outcome
            click.echo(describe(outcome)[0], err=True)
            failed = True
            continue
        results.append((name, outcome.with_notes(notes)))
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        analyses = [a for _, a in results]
        _echo(render_json(analyses[0] if len(files) == 1 else analyses))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render import markdown

        _echo(markdown.render_license_analyses(results))
    else:
        from openness.cli.render import table

        _echo(table.render_license_analyses(results, _style()))
    if failed:
        sys.exit(ExitCode.USAGE)


SCAN_FORMATS = [*FORMATS, "sarif", "cyclonedx", "spdx"]


@cli.command()
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
    from openness.scan.policy_file import parse_policy_file as load_policy
    from openness.scan.run import ScanOptions, scan_path

    _check_writable(output, "--output")
    policy = load_policy(policy_file) if policy_file is not None else None
    options = ScanOptions(
        policy=policy,
        hub=_hub() if online else None,
        include_vendored=include_vendored,
        progress=_progress() if sys.stderr.isatty() else None,
    )
    result = scan_path(path, _catalog(kb_folders), options)
    if options.progress is not None:
        click.echo("", err=True)
    text = _render_scan(result, output_format)
    if output is not None:
        _write(output, text, "--output")
    else:
        _echo(text)
    if not result.is_passing:
        sys.exit(ExitCode.VIOLATIONS)


def _render_scan(result: Any, output_format: str) -> str:
    import uuid
    from datetime import UTC, datetime

    if output_format == "json":
        from openness.cli.render.json import render_json

        return render_json(result)
    if output_format == "markdown":
        from openness.cli.render import markdown

        return markdown.render_scan(result)
    if output_format == "sarif":
        from openness.cli.render.sarif import render_sarif

        return render_sarif(result)
    if output_format in ("cyclonedx", "spdx"):
        from openness.cli.render.cyclonedx import render_cyclonedx
        from openness.cli.render.spdx import render_spdx

        render = render_cyclonedx if output_format == "cyclonedx" else render_spdx
        return render(result, timestamp=datetime.now(UTC), serial=uuid.uuid4())
    from openness.cli.render import table

    return table.render_scan(result, _style())


def _progress() -> Callable[[int], None]:
    def report(files: int) -> None:
        if files % 250 == 0:
            click.echo(f"\rscanning: {files:,} files", err=True, nl=False)

    return report


PRECISIONS = ["bf16", "fp16", "fp8", "int8", "int4"]


@cli.command()
@click.argument("refs", nargs=-1, required=True, metavar="MODEL...")
@click.option("--gpu", "gpu_id", default="h100", show_default=True, help="GPU kind (see DESIGN).")
@click.option(
    "--gpus", type=int, help="GPUs in the tensor-parallel group [default: fewest that fit]."
)
@click.option("--precision", type=click.Choice(PRECISIONS), default="fp8", show_default=True)
@click.option("--input-tokens", type=int, default=1000, show_default=True, help="Per request.")
@click.option("--output-tokens", type=int, default=1000, show_default=True, help="Per request.")
@common_options
def estimate(
    refs: tuple[str, ...],
    gpu_id: str,
    gpus: int | None,
    precision: str,
    input_tokens: int,
    output_tokens: int,
    kb_folders: tuple[Path, ...],
    output_format: str,
) -> None:
    """Estimate self-hosting a model: memory fit, throughput, latency, cost per token.

    A roofline model calibrated on published TensorRT-LLM and MLPerf results.
    GPU ids: h100, h200, a100-80gb, l40s, rtx-4090, b200, mi300x.

    Example: openness estimate llama-3.3-70b --gpu h100 --gpus 2 --precision fp8
    """
    from openness.advise.estimate import Precision
    from openness.advise.estimate import estimate as run_estimate

    catalog = _catalog(kb_folders)
    gpu = catalog.gpu(gpu_id)
    results = []
    for ref in refs:
        model = catalog.resolve_model(ref)
        size = gpus
        if size is None:
            probe = run_estimate(
                model, gpu, precision=Precision(precision),
                input_tokens=input_tokens, output_tokens=output_tokens,
            )  # fmt: skip
            size = max(1, min(probe.gpus_needed, 1024))
        results.append(
            run_estimate(
                model,
                gpu,
                gpus=size,
                precision=Precision(precision),
                input_tokens=input_tokens,
                output_tokens=output_tokens,
            )  # fmt: skip
        )
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        documents = [result.to_dict() for result in results]
        _echo(render_json(documents[0]) if len(documents) == 1 else render_json_list(documents))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render.advice import render_estimates_markdown

        _echo(render_estimates_markdown(results))
    else:
        from openness.cli.render.advice import render_estimates

        _echo(render_estimates(results, _style()))


def _profile_options(command: F) -> F:
    """Add one flag per profile key (docs/design.md advisor profile)."""
    from openness.advise.profile import PROFILE_FLAGS

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


@cli.command()
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
@_profile_options
@common_options
def advise(
    profile_file: Path | None,
    plot_file: Path | None,
    kb_folders: tuple[Path, ...],
    output_format: str,
    **flags: Any,
) -> None:
    """Closed API or self-hosted open model? Reasons, a license-safe shortlist, break-even.

    Example: openness advise --privacy required --monthly-input-tokens 2000000000
    """
    from openness.advise.advisor import advise as run_advise
    from openness.advise.profile import load_profile, profile_from_values

    if plot_file is not None and plot_file.suffix.lower() not in (".svg", ".png"):
        raise click.UsageError(f"--plot {plot_file}: the file name must end in .svg or .png")
    _check_writable(plot_file, "--plot")
    values = load_profile(profile_file).to_dict() if profile_file is not None else {}
    values.update({key: value for key, value in flags.items() if value is not None})
    profile = profile_from_values(values, str(profile_file or "flags"))
    advice = run_advise(profile, _catalog(kb_folders))
    if plot_file is not None:
        from openness.advise.plot import plot_costs

        image = plot_costs(advice, "png" if plot_file.suffix.lower() == ".png" else "svg")
        _write(plot_file, image, "--plot")
    fmt = Format(output_format)
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        _echo(render_json(advice.to_dict()))
    elif fmt is Format.MARKDOWN:
        from openness.cli.render.advice import render_advice_markdown

        _echo(render_advice_markdown(advice))
    else:
        from openness.cli.render.advice import render_advice

        _echo(render_advice(advice, _style()))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--online",
    is_flag=True,
    envvar=ONLINE_ENV,
    help="Allow request handlers to reach the Hugging Face Hub (off: no outbound network).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (each also reads license texts on a process of its own).",
)
@kb_option
def serve(host: str, port: int, online: bool, workers: int, kb_folders: tuple[Path, ...]) -> None:
    """Serve the web app: spectrum, model pages, compare, license analyzer, advisor, JSON API.

    Example: openness serve --port 8000 --workers 2, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from openness.web import create_app

    try:
        catalog = _catalog(kb_folders)
    except OpennessError as err:
        _fail(describe(err)[0])
    click.echo(f"openness: serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    if workers == 1:
        uvicorn.run(create_app(catalog, online=online), host=host, port=port, log_level="warning")
        return
    # Several processes each build the app from the environment (same catalog, checked above).
    os.environ[KB_ENV] = os.pathsep.join(str(folder) for folder in kb_folders)
    os.environ[ONLINE_ENV] = "1" if online else ""
    uvicorn.run(
        "openness.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def run() -> None:
    """Run the command line, as the console script does."""
    cli(prog_name="openness")
