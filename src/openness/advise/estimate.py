"""Estimate self-hosting: memory fit, throughput, latency and cost, from a roofline.

Owns the cost model of ``openness estimate``. Memory: weights plus the KV cache
(grouped-query attention and DeepSeek's latent attention counted as they
store keys and values) plus activation headroom, against the GPUs' usable
memory. Time: each step takes the longer of its compute (FLOPs against peak
compute) and its memory traffic (bytes against peak bandwidth), scaled by
efficiency factors calibrated on published maximum-throughput results (see
``EFFICIENCY`` and tests/advise/test_calibration.py). It reads no files;
facts come from the knowledge base. Entry point: ``estimate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from openness.errors import EstimateError
from openness.kb.schema import Architecture, GpuRecord, ModelRecord


class Precision(StrEnum):
    """Number format of the weights (and, for FP8, of the KV cache)."""

    BF16 = "bf16"
    FP16 = "fp16"
    FP8 = "fp8"
    INT8 = "int8"
    INT4 = "int4"


BYTES_PER_PARAMETER = {
    Precision.BF16: 2.0, Precision.FP16: 2.0, Precision.FP8: 1.0, Precision.INT8: 1.0,
    Precision.INT4: 0.5625,  # 4 bits plus a 16-bit scale per group of 64 weights
}  # fmt: skip
KV_BYTES = {
    Precision.BF16: 2.0, Precision.FP16: 2.0, Precision.FP8: 1.0, Precision.INT8: 1.0,
    Precision.INT4: 1.0,
}  # fmt: skip
"""KV-cache element size: engines serving FP8 or integer weights keep the cache in 8 bits."""


@dataclass(frozen=True)
class Efficiency:
    """Shares of peak that real engines reach.

    The defaults were fitted (scipy differential evolution, then rounded) to
    the 117 published maximum-throughput results of
    tests/fixtures/estimate/calibration.yaml whose request lengths are known
    (TensorRT-LLM 0.13, 0.17 and 1.0 tables; MLPerf Inference v4.0 to v5.0 on
    H100 and H200 in FP8 and FP16). On that set the median absolute error of
    ``throughput_tokens_per_s`` is 12% and the worst case is off by 1.77x.
    Known bias: MLPerf's 8-GPU systems run replicas, not one tensor-parallel
    group of 8; compare them with ``best_layout``.
    """

    memory_utilisation: float = 0.90
    """Share of GPU memory the engine may use (vLLM and TensorRT-LLM default 0.9)."""
    bandwidth: float = 0.75
    """Achieved share of peak memory bandwidth reading weights in decode (MBU)."""
    kv_bandwidth: float = 0.45
    """Achieved share of peak bandwidth reading the KV cache (paged attention is slower)."""
    prefill_compute: float = 0.75
    """Achieved share of peak tensor compute in prefill (MFU)."""
    decode_compute: float = 0.75
    """Achieved share of peak tensor compute when a large decode batch is compute-bound."""
    max_batch: int = 1024
    """Most sequences an engine keeps in flight (scheduler limit)."""
    activation_reserve_gb: float = 2.0
    """Memory kept per GPU for activations and workspace."""
    tensor_parallel_step_us: float = 50.0
    """Added per decode step and layer for the all-reduces of tensor parallelism."""
    tensor_parallel_scaling: float = 0.33
    """Per-GPU speed falls as (GPUs)^-this under tensor parallelism (smaller matrices)."""


EFFICIENCY = Efficiency()
"""The calibrated factors used by default."""


@dataclass(frozen=True)
class CostEstimate:
    """What running a model on given GPUs takes and yields."""

    model_id: str
    gpu_id: str
    gpus: int
    precision: Precision
    input_tokens: int
    output_tokens: int
    fits: bool
    """Weights, headroom and at least one sequence's KV cache fit in memory."""
    weights_gb: float
    """All weights, GB."""
    kv_cache_gb_per_sequence: float
    """KV cache of one sequence of input plus output tokens, GB."""
    max_concurrent_sequences: int
    """Sequences the KV-cache memory holds at once (capped by the engine's batch limit)."""
    gpus_needed: int
    """Fewest GPUs of this kind (a power of two) on which the model fits."""
    throughput_tokens_per_s: float
    """Output tokens per second at full load, all GPUs together."""
    time_to_first_token_ms: float
    """Prefill of one request on an idle server."""
    time_per_output_token_ms: float
    """Decode step of a single stream on an idle server."""
    time_per_output_token_at_full_load_ms: float
    """Decode step when the batch is full."""
    usd_per_million_output_tokens: float | None
    """GPU rental cost per million output tokens at full load; None without a price."""
    usd_per_gpu_hour: float | None
    """The rental price used."""
    price_source: str | None
    """Where the price was quoted, and when."""
    notes: tuple[str, ...]
    """Assumptions and limits a reader should know."""
    best_layout: Layout | None = None
    """The split of the GPUs into replicas that serves the most (None: as given)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (plus the inputs and extra figures)."""
        return {
            "model": self.model_id, "gpu": self.gpu_id, "gpus": self.gpus,
            "precision": self.precision.value, "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens, "fits": self.fits,
            "gpus_needed": self.gpus_needed, "weights_gb": round(self.weights_gb, 2),
            "kv_cache_gb_per_sequence": round(self.kv_cache_gb_per_sequence, 4),
            "max_concurrent_sequences": self.max_concurrent_sequences,
            "throughput_tokens_per_s": round(self.throughput_tokens_per_s, 1),
            "time_to_first_token_ms": round(self.time_to_first_token_ms, 2),
            "time_per_output_token_ms": round(self.time_per_output_token_ms, 3),
            "time_per_output_token_at_full_load_ms": round(
                self.time_per_output_token_at_full_load_ms, 3),
            "usd_per_million_output_tokens": None if self.usd_per_million_output_tokens is None
            else round(self.usd_per_million_output_tokens, 4),
            "usd_per_gpu_hour": self.usd_per_gpu_hour, "price_source": self.price_source,
            "best_layout": None if self.best_layout is None else self.best_layout.to_dict(),
            "notes": list(self.notes),
        }  # fmt: skip


@dataclass(frozen=True)
class _Shape:
    """The numbers of a model the roofline needs."""

    total: float
    active: float
    dense: float
    """Parameters every token uses (attention, embeddings, shared experts)."""
    experts: int
    experts_per_token: int
    layers: int
    hidden: int
    attention_width: int
    """Query heads × head dimension."""
    kv_bytes_per_token: float
    kv_heads: int


def estimate(
    model: ModelRecord,
    gpu: GpuRecord,
    *,
    gpus: int = 1,
    precision: Precision = Precision.FP16,
    input_tokens: int = 1000,
    output_tokens: int = 1000,
    efficiency: Efficiency = EFFICIENCY,
    beyond_context: bool = False,
) -> CostEstimate:
    """Estimate serving *model* on *gpus* GPUs of kind *gpu*, tensor-parallel.

    All GPUs form one tensor-parallel group (as in NVIDIA's published tables);
    ``best_layout`` says when replicas on fewer GPUs each would serve more.

    *beyond_context* estimates a request longer than the model's context window
    (as published benchmarks do with an extended window) instead of refusing it.

    Raises:
        EstimateError: the model lacks the facts an estimate needs, or the
            request sizes or GPU count are impossible.
    """
    notes = _check_request(gpus, input_tokens, output_tokens, model, beyond_context)
    shape = _shape(model, precision, notes)
    peak_flops = _peak_flops(gpu, precision, notes)
    weights = shape.total * BYTES_PER_PARAMETER[precision]
    group = _serve(shape, gpu, gpus, peak_flops, precision, input_tokens, output_tokens, efficiency)
    if not group.fits:
        notes.append(
            f"does not fit on {gpus} × {gpu.id}: weights {weights / 1e9:.1f} GB, "
            f"usable {group.usable / 1e9:.1f} GB"
        )
    layouts = [
        (size, gpus // size)
        for size in (2**k for k in range(11))
        if size < gpus and gpus % size == 0
    ]
    best = Layout(gpus, 1, group.throughput)
    for size, replicas in layouts:
        served = _serve(
            shape, gpu, size, peak_flops, precision, input_tokens, output_tokens, efficiency
        )
        if served.fits and served.throughput * replicas > best.throughput_tokens_per_s:
            best = Layout(size, replicas, served.throughput * replicas)
    if best.replicas > 1 and best.throughput_tokens_per_s > 1.1 * group.throughput:
        notes.append(
            f"{best.replicas} replicas of {best.tensor_parallel} GPU(s) would serve "
            f"{best.throughput_tokens_per_s:,.0f} output tokens/s instead of "
            f"{group.throughput:,.0f}: tensor parallelism costs efficiency"
        )
    price = gpu.rental_usd_per_hour
    cost = None
    if price is not None and group.throughput > 0:
        cost = gpus * price.value / (group.throughput * 3600) * 1e6
    return CostEstimate(
        model.id,
        gpu.id,
        gpus,
        precision,
        input_tokens,
        output_tokens,
        group.fits,
        weights / 1e9,
        group.kv_per_sequence / 1e9,
        group.batch,
        _gpus_needed(gpu, weights, group.kv_per_sequence / max(1, group.replication), efficiency),
        group.throughput,
        group.ttft * 1000,
        group.single_step * 1000,
        group.full_step * 1000,
        cost,
        price.value if price else None,
        f"{price.source} ({price.date})" if price else None,
        tuple(notes),
        best,
    )


@dataclass(frozen=True)
class Layout:
    """How GPUs are split between tensor-parallel groups (replicas)."""

    tensor_parallel: int
    """GPUs in each group."""
    replicas: int
    """Groups serving requests side by side."""
    throughput_tokens_per_s: float
    """Output tokens per second of all groups at full load."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape."""
        return {
            "tensor_parallel": self.tensor_parallel,
            "replicas": self.replicas,
            "throughput_tokens_per_s": round(self.throughput_tokens_per_s, 1),
        }


@dataclass(frozen=True)
class _Served:
    """One tensor-parallel group at full load."""

    usable: float
    kv_per_sequence: float
    replication: int
    fits: bool
    batch: int
    throughput: float
    ttft: float
    single_step: float
    full_step: float


def _serve(
    shape: _Shape,
    gpu: GpuRecord,
    gpus: int,
    peak_flops: float,
    precision: Precision,
    input_tokens: int,
    output_tokens: int,
    efficiency: Efficiency,
) -> _Served:
    """Serve on one tensor-parallel group of *gpus* GPUs."""
    weights = shape.total * BYTES_PER_PARAMETER[precision]
    # With more GPUs than KV heads, each head's cache is kept on several GPUs.
    replication = max(1, gpus // max(1, shape.kv_heads))
    kv_per_sequence = shape.kv_bytes_per_token * (input_tokens + output_tokens) * replication
    usable = gpus * (
        gpu.memory_gb.value * 1e9 * efficiency.memory_utilisation
        - efficiency.activation_reserve_gb * 1e9
    )
    free = usable - weights
    capacity = int(free // kv_per_sequence) if free > 0 else 0
    batch = max(0, min(capacity, efficiency.max_batch))
    # Tensor parallelism splits every matrix: each GPU's share runs less efficiently.
    scale = gpus ** (1 - efficiency.tensor_parallel_scaling)
    bandwidth = scale * gpu.memory_bandwidth_gb_per_s.value * 1e9
    compute = scale * peak_flops
    context = input_tokens + output_tokens / 2
    single = _decode_step(shape, 1, context, precision, gpus, bandwidth, compute, efficiency)
    ttft = _prefill_time(shape, 1, input_tokens, compute, efficiency)
    if batch < 1:
        return _Served(usable, kv_per_sequence, replication, False, 0, 0.0, ttft, single, single)
    full = _decode_step(shape, batch, context, precision, gpus, bandwidth, compute, efficiency)
    round_time = _prefill_time(shape, batch, input_tokens, compute, efficiency) + (
        output_tokens * full
    )
    throughput = batch * output_tokens / round_time
    return _Served(
        usable, kv_per_sequence, replication, True, batch, throughput, ttft, single, full
    )


def _check_request(
    gpus: int, input_tokens: int, output_tokens: int, model: ModelRecord, beyond_context: bool
) -> list[str]:
    """Reject impossible requests; return notes on doubtful ones."""
    if not 1 <= gpus <= 1024:
        raise EstimateError(f"--gpus must be between 1 and 1024, got {gpus}")
    if input_tokens < 1 or output_tokens < 1:
        raise EstimateError("--input-tokens and --output-tokens must be at least 1")
    if input_tokens + output_tokens > 10_000_000:
        raise EstimateError(
            f"{input_tokens + output_tokens:,} tokens per request is absurd (over 10 million)"
        )
    limit = model.context_tokens.value if model.context_tokens else None
    if limit and input_tokens + output_tokens > limit and beyond_context:
        return [
            f"{input_tokens + output_tokens:,} tokens exceed {model.id}'s context window of "
            f"{limit:,}: estimated as if the engine extended it"
        ]
    if limit and input_tokens + output_tokens > limit:
        raise EstimateError(
            f"{input_tokens:,} input + {output_tokens:,} output tokens exceed {model.id}'s "
            f"context window of {limit:,}; shorten the request or choose a model with a "
            "longer context"
        )
    return [] if limit else [f"{model.id}'s context window is unknown: not checked"]


def _shape(model: ModelRecord, precision: Precision, notes: list[str]) -> _Shape:
    architecture = model.architecture
    total = model.parameters_total.value if model.parameters_total else None
    if architecture is None or total is None:
        raise EstimateError(
            f"{model.id} lacks the facts an estimate needs (parameters and architecture); "
            "only open-weights models with an architecture block can be estimated"
        )
    active = model.parameters_active.value if model.parameters_active else total
    kv = _kv_bytes_per_token(architecture, precision)
    if architecture.sliding_window:
        notes.append(
            f"sliding-window layers ({architecture.sliding_window} tokens) are counted "
            "as full attention: the KV estimate is an upper bound"
        )
    experts = architecture.experts or 0
    per_token = architecture.experts_per_token or 0
    dense = (
        total
        if not experts
        else max(0.0, total - (total - active) * experts / max(1, experts - per_token))
    )
    return _Shape(
        float(total),
        float(active),
        float(dense),
        experts,
        per_token,
        architecture.layers,
        architecture.hidden_size,
        architecture.attention_heads * architecture.head_dim,
        kv,
        architecture.kv_heads,
    )


def _kv_bytes_per_token(architecture: Architecture, precision: Precision) -> float:
    element = KV_BYTES[precision]
    if architecture.kv_lora_rank:
        # DeepSeek's multi-head latent attention stores one compressed latent and
        # the decoupled rotary key per layer, not K and V per head.
        return (
            architecture.layers
            * (architecture.kv_lora_rank + (architecture.qk_rope_head_dim or 0))
            * element
        )
    cached = architecture.attention_layers or architecture.layers  # a hybrid's attention blocks
    return 2 * cached * architecture.kv_heads * architecture.head_dim * element


def _peak_flops(gpu: GpuRecord, precision: Precision, notes: list[str]) -> float:
    if precision in (Precision.FP8, Precision.INT8, Precision.INT4):
        if gpu.fp8_tflops is None:
            notes.append(f"{gpu.id} has no FP8 tensor units: compute counted at BF16 rates")
            return gpu.bf16_tflops.value * 1e12
        return gpu.fp8_tflops.value * 1e12
    return gpu.bf16_tflops.value * 1e12


def _decode_step(
    shape: _Shape,
    batch: int,
    context: float,
    precision: Precision,
    gpus: int,
    bandwidth: float,
    compute: float,
    efficiency: Efficiency,
) -> float:
    """Seconds for one decode step of *batch* sequences at average *context* tokens.

    *bandwidth* and *compute* are the peaks of all GPUs together.
    """
    touched = 1.0
    if shape.experts:
        # Share of experts a batch routes at least one token to, per layer.
        touched = 1 - (1 - shape.experts_per_token / shape.experts) ** batch
    weights_read = (shape.dense + (shape.total - shape.dense) * touched) * BYTES_PER_PARAMETER[
        precision
    ]
    kv_read = batch * context * shape.kv_bytes_per_token
    memory_time = weights_read / (bandwidth * efficiency.bandwidth) + kv_read / (
        bandwidth * efficiency.kv_bandwidth
    )
    flops = batch * (2 * shape.active + 4 * shape.layers * shape.attention_width * context)
    compute_time = flops / (compute * efficiency.decode_compute)
    sync = 0.0 if gpus == 1 else shape.layers * efficiency.tensor_parallel_step_us * 1e-6
    return max(memory_time, compute_time) + sync


def _prefill_time(
    shape: _Shape, batch: int, input_tokens: int, compute: float, efficiency: Efficiency
) -> float:
    """Seconds to prefill *batch* prompts of *input_tokens* tokens."""
    flops = (
        batch
        * input_tokens
        * (2 * shape.active + 2 * shape.layers * shape.attention_width * input_tokens)
    )
    return flops / (compute * efficiency.prefill_compute)


def _gpus_needed(
    gpu: GpuRecord, weights: float, kv_per_sequence: float, efficiency: Efficiency
) -> int:
    per_gpu = gpu.memory_gb.value * 1e9 * efficiency.memory_utilisation - (
        efficiency.activation_reserve_gb * 1e9
    )
    if per_gpu <= 0:
        return 0
    count = 1
    while count <= 1024 and count * per_gpu - weights < kv_per_sequence:
        count *= 2
    return count
