"""Render the advisor's answer and self-hosting estimates as tables or Markdown.

Pure functions from ``Advice`` and ``CostEstimate`` to text. Every reason
shows its criterion, the way it points and why; every shortlist entry its
cost, whether its license permits the use, and its notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from openness.advise.advisor import Advice, Assumption
from openness.advise.estimate import CostEstimate
from openness.cli.render.interface import Style
from openness.cli.render.table import _render

RECOMMENDATION = {
    "closed_api": ("CLOSED API", "bold red"),
    "open_hosted": ("OPEN, HOSTED PER TOKEN", "bold green"),
    "open_self_hosted": ("OPEN, SELF-HOSTED", "bold green"),
    "hybrid": ("HYBRID", "bold yellow"),
}
FAVOURS = {"closed": ("→ closed", "red"), "open": ("→ open", "green"), "neither": ("·", "dim")}


def _money(value: float | None) -> str:
    return "unknown" if value is None else f"US${value:,.0f}"


def render_advice(advice: Advice, style: Style) -> str:
    """Return the advice as terminal tables."""
    label, colour = RECOMMENDATION[advice.recommendation]
    title = Text.assemble("Recommendation: ", (label, colour))
    reasons = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, expand=False)
    for column in ("criterion", "favours", "why"):
        reasons.add_column(column, overflow="fold")
    for reason in advice.reasons:
        word, tint = FAVOURS[reason.favours]
        reasons.add_row(reason.criterion, Text(word, style=tint), reason.why)
    shortlist = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for column in ("model", "deployment", "US$/month", "license ok", "notes"):
        shortlist.add_column(column, overflow="fold")
    for option in advice.shortlist:
        ok = Text("yes", style="green") if option.license_ok else Text("no", style="red")
        shortlist.add_row(
            option.model.id,
            "on device" if option.on_device else option.deployment.replace("_", "-"),
            _money(option.monthly_cost(advice.profile)),
            ok,
            "\n".join(option.notes),
        )
    parts: list[object] = [title, "", reasons, "Shortlist", shortlist]
    if advice.excluded:
        parts.append(excluded_line(advice))
    parts.extend(
        f"  {route.traffic} → {route.deployment} ({route.model or 'no model'})"
        for route in advice.split
    )
    parts.append(f"Break-even: {_break_even(advice)} · API prices as of {advice.prices_as_of}")
    parts.extend(f"note: {note}" for note in advice.notes)
    if advice.assumptions:
        parts.append("Assumptions: " + "; ".join(_assumption(a) for a in advice.assumptions))
    return _render(parts, style)  # type: ignore[arg-type]


def render_advice_markdown(advice: Advice) -> str:
    """Return the advice as Markdown."""
    lines = [f"## Recommendation: {RECOMMENDATION[advice.recommendation][0].lower()}", ""]
    lines += ["| criterion | favours | why |", "| --- | --- | --- |"]
    lines += [f"| {r.criterion} | {r.favours} | {_cell(r.why)} |" for r in advice.reasons]
    lines += ["", "### Shortlist", "", "| model | deployment | US$/month | license ok | notes |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for option in advice.shortlist:
        lines.append(
            f"| {option.model.id} | {option.deployment} | "
            f"{_money(option.monthly_cost(advice.profile))} | "
            f"{'yes' if option.license_ok else 'no'} | {_cell('; '.join(option.notes))} |"
        )
    if advice.excluded:
        lines += ["", excluded_line(advice)]
    lines += ["", f"Break-even: {_break_even(advice)}."]
    lines += [f"API prices as of {advice.prices_as_of}.", ""]
    lines += [f"- {route.traffic}: {route.deployment} ({route.model})" for route in advice.split]
    lines += [f"- {note}" for note in advice.notes]
    if advice.assumptions:
        lines += ["", "### Assumptions", ""]
        lines += [f"- {_assumption(a)}" for a in advice.assumptions]
    return "\n".join(lines).rstrip() + "\n"


def _assumption(assumption: Assumption) -> str:
    return f"{assumption.name} {assumption.value} ({assumption.source})"


def excluded_line(advice: Advice) -> str:
    """Count the options left out and by which requirement (the JSON lists each)."""
    counts: dict[str, int] = {}
    for exclusion in advice.excluded:
        counts[exclusion.requirement] = counts.get(exclusion.requirement, 0) + 1
    by = ", ".join(f"{requirement} {n}" for requirement, n in sorted(counts.items()))
    return (
        f"Excluded by a requirement: {len(advice.excluded)} options ({by}); "
        "--format json lists each with why"
    )


def _break_even(advice: Advice) -> str:
    even = advice.break_even_tokens_per_month
    if even is not None:
        return f"{even:,.0f} tokens a month"
    if advice.best("api") is None or advice.best("self_hosted") is None:
        return "not applicable (no API or no self-hosted option qualifies)"
    return "none (the API stays cheaper at every volume)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


ESTIMATE_ROWS = (
    ("fits", "fits"),
    ("GPUs needed (tensor-parallel)", "gpus_needed"),
    ("weights", "weights_gb"),
    ("KV cache per sequence", "kv_cache_gb_per_sequence"),
    ("sequences at once", "max_concurrent_sequences"),
    ("output tokens/s at full load", "throughput_tokens_per_s"),
    ("time to first token", "time_to_first_token_ms"),
    ("time per output token", "time_per_output_token_ms"),
    ("time per output token, full load", "time_per_output_token_at_full_load_ms"),
    ("US$ per million output tokens", "usd_per_million_output_tokens"),
)
UNITS = {"weights_gb": " GB", "kv_cache_gb_per_sequence": " GB"}


def _estimate_value(key: str, value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if key.endswith("_ms"):
        return f"{float(value):,.1f} ms"  # type: ignore[arg-type]
    if key.startswith("usd_"):
        return f"US${float(value):,.2f}"  # type: ignore[arg-type]
    if key == "throughput_tokens_per_s":
        return f"{float(value):,.0f}"  # type: ignore[arg-type]
    if isinstance(value, float):
        return f"{value:,.2f}{UNITS.get(key, '')}"
    return f"{value:,}{UNITS.get(key, '')}" if isinstance(value, int) else str(value)


def render_estimates(estimates: Sequence[CostEstimate], style: Style) -> str:
    """Return estimates as one table, a column per estimate."""
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    table.add_column("")
    for result in estimates:
        table.add_column(
            f"{result.model_id}\n{result.gpus} × {result.gpu_id}, {result.precision.value}\n"
            f"{result.input_tokens:,} in / {result.output_tokens:,} out",
            overflow="fold",
        )
    documents = [result.to_dict() for result in estimates]
    for label, key in ESTIMATE_ROWS:
        table.add_row(label, *(_estimate_value(key, doc[key]) for doc in documents))
    notes = [f"note ({r.model_id}): {note}" for r in estimates for note in r.notes]
    sources = [f"price: {r.price_source}" for r in estimates if r.price_source]
    return _render([table, *notes, *sorted(set(sources))], style)


def render_estimates_markdown(estimates: Sequence[CostEstimate]) -> str:
    """Return estimates as a Markdown table."""
    header = [
        "",
        *(f"{r.model_id} ({r.gpus} × {r.gpu_id}, {r.precision.value})" for r in estimates),
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    documents = [result.to_dict() for result in estimates]
    for label, key in ESTIMATE_ROWS:
        values = [_estimate_value(key, doc[key]) for doc in documents]
        lines.append("| " + " | ".join([label, *values]) + " |")
    lines += [""] + [f"- {r.model_id}: {note}" for r in estimates for note in r.notes]
    return "\n".join(lines).rstrip() + "\n"
