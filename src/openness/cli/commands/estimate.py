"""``openness estimate``: what self-hosting a model on given GPUs takes and costs."""

from __future__ import annotations

from pathlib import Path

import click

from openness.advise.estimate import Precision
from openness.advise.estimate import estimate as run_estimate
from openness.cli.render import View, render
from openness.cli.render.interface import Format
from openness.cli.shared import (
    common_options,
    echo,
    load_kb,
    terminal_style,
)
from openness.resolve import model_record

PRECISIONS = ["bf16", "fp16", "fp8", "int8", "int4"]


@click.command()
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
    GPU ids: h100, h100-pcie, h200, b200, a100-80gb, a100-40gb, l40s, l4, a10g, rtx-4090,
    mi300x (names as vendors write them work too: "NVIDIA H100 PCIe", rtx4090).

    Example: openness estimate llama-3.3-70b --gpu h100 --gpus 2 --precision fp8
    """
    catalog = load_kb(kb_folders)
    gpu = catalog.gpu(gpu_id)
    results = []
    for ref in refs:
        model = model_record(ref, catalog)
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
    shown = results[0] if len(results) == 1 else results
    echo(render(View.ESTIMATES, Format(output_format), results, terminal_style(), shown))
