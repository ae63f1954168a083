"""Draw monthly cost against volume for an advice's options, break-even marked.

Owns the chart of ``openness advise --plot`` and of the web advisor: one line
per license-ok option of the shortlist (an API's straight line, a self-hosted
option's steps as replicas are added), the profile's volume, and the
break-even point between the best API and the best self-hosted option.
matplotlib is imported only here, when a chart is asked for. Entry point:
``plot_costs``.
"""

from __future__ import annotations

import io
from typing import Any, Literal

from openness.advise.advisor import Advice
from openness.advise.options import Option

POINTS = 400


def plot_costs(advice: Advice, image_format: Literal["svg", "png"] = "svg") -> bytes:
    """Return the cost chart of *advice* as SVG or PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    profile = advice.profile
    top = max(3 * profile.monthly_tokens, 1.5 * (advice.break_even_tokens_per_month or 0), 1e6)
    volumes = [top * i / POINTS for i in range(1, POINTS + 1)]
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=110)
    options = _plotted(advice)
    for option in options:
        costs = [_cost(option, advice, volume) for volume in volumes]
        if all(cost is None for cost in costs):
            continue
        api = option.deployment != "self_hosted"  # per-token prices are straight lines
        values = [float("nan") if cost is None else cost for cost in costs]
        axes.plot(
            [volume / 1e9 for volume in volumes],
            values,
            "-" if api else "--",
            drawstyle="default" if api else "steps-post",
            linewidth=2.2 if option in _best(advice) else 1,
            label=f"{option.model.id} ({KIND_LABELS[option.deployment]})",
        )
    axes.axvline(profile.monthly_tokens / 1e9, color="grey", linestyle=":", linewidth=1)
    axes.annotate(
        "your volume",
        (profile.monthly_tokens / 1e9, 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
        color="grey",
        fontsize=8,
    )
    even = advice.break_even_tokens_per_month
    best_api = advice.best("api")
    if even is not None and best_api is not None:
        cost = _cost(best_api, advice, even) or 0.0
        axes.axvline(even / 1e9, color="black", linestyle="--", linewidth=1)
        axes.plot([even / 1e9], [cost], "o", color="black")
        axes.annotate(
            f"break-even\n{even / 1e9:,.1f} B tokens/month",
            (even / 1e9, cost),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=8,
        )
    axes.set_xlabel("tokens a month (billions, input + output)")
    axes.set_ylabel("US$ a month")
    axes.set_title("Monthly cost against volume", fontsize=11)
    axes.grid(True, alpha=0.3)
    axes.set_xlim(left=0)
    high = axes.get_ylim()[1]
    if _spread(axes) > 30:
        axes.set_yscale("log")
    else:
        axes.set_ylim(bottom=0, top=high)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"${value:,.0f}"))
    if options:
        axes.legend(fontsize=8, loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format, metadata=_metadata(image_format))
    plt.close(figure)
    return buffer.getvalue()


def _plotted(advice: Advice) -> list[Option]:
    """The best API and self-hosted options, then one alternative of each."""
    usable = [o for o in advice.shortlist if o.license_ok and not o.on_device]
    best = _best(advice)
    others = [
        next((o for o in usable if o.deployment == kind and o not in best), None)
        for kind in KIND_LABELS
    ]
    return best + [o for o in others if o is not None]


KIND_LABELS = {"api": "API", "open_hosted": "open, per token", "self_hosted": "self-hosted"}
"""How each way to run is named in the chart's legend."""


def _best(advice: Advice) -> list[Option]:
    chosen = (advice.best(kind) for kind in KIND_LABELS)
    return [o for o in chosen if o is not None]


def _spread(axes: Any) -> float:
    """Ratio of the largest to the smallest positive cost drawn."""
    values = [
        y for line in axes.get_lines() for y in line.get_ydata() if isinstance(y, float) and y > 0
    ]
    return max(values) / min(values) if values else 1.0


def _cost(option: Option, advice: Advice, volume: float) -> float | None:
    """Cost of *volume* tokens a month, split as the profile splits input and output."""
    profile = advice.profile
    return option.monthly_cost(profile, scale=volume / max(1, profile.monthly_tokens))


def _metadata(image_format: str) -> dict[str, str | None]:
    # Fixed metadata keeps the output byte-for-byte stable across runs.
    return {"Date": None} if image_format == "svg" else {"Software": "openness"}
