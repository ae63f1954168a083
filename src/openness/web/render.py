"""Template rendering for the pages: one Jinja2 environment, autoescaping always on.

Entry point: ``render``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from openness.environment import today as current_day

TERM_LABELS = {
    "user_threshold": "User threshold",
    "revenue_threshold": "Revenue threshold",
    "geographic_restriction": "Geographic restriction",
    "excluded_parties": "Excluded parties",
    "no_redistribution": "No redistribution",
    "fee_required": "Fee required",
    "product_restriction": "Product restriction",
    "delayed_open": "Delayed open",
    "non_commercial": "Non-commercial",
    "research_only": "Research only",
    "use_restrictions": "Use restrictions",
    "model_improvement_ban": "Model improvement ban",
    "restrictions_pass_through": "Restrictions pass through",
    "no_derivatives": "No derivatives",
    "unilateral_changes": "Unilateral changes",
    "attribution": "Attribution",
    "naming": "Naming",
    "share_alike": "Share alike",
}
"""Readable names of term kinds."""

TIER_LABELS = {
    "open_source": "Open source",
    "open_weights": "Open weights",
    "closed_api": "Closed API",
}
"""Readable names of tiers."""


_ACRONYMS = {
    "api": "API", "apis": "APIs", "osd": "OSD", "osaid": "OSAID", "mof": "MOF", "gpu": "GPU",
    "gpus": "GPUs", "aup": "AUP", "id": "ID", "ids": "IDs", "url": "URL", "mau": "MAU",
    "dau": "DAU", "llm": "LLM", "ai": "AI", "kv": "KV", "json": "JSON", "usd": "USD",
}  # fmt: skip


def parameters(count: int) -> str:
    """Say a parameter count in the unit people use for it.

    >>> parameters(1_000_000_000_000), parameters(8_030_261_248), parameters(82_000_000)
    ('1 T', '8.0 B', '82 M')
    """
    if count >= 10**12:
        return f"{count / 1e12:.3g} T"
    if count >= 10**9:
        return f"{count / 1e9:.1f} B"
    return f"{count / 1e6:.0f} M"


def label(value: object) -> str:
    """Turn a field value into a label: ``closed_api`` -> ``Closed API``.

    >>> label("closed_api"), label("api"), label("model_improvement_ban")
    ('Closed API', 'API', 'Model improvement ban')
    """
    words = str(value).replace("_", " ").split()
    shown = [_ACRONYMS.get(word.lower(), word.lower()) for word in words]
    if shown and shown[0] == shown[0].lower():
        shown[0] = shown[0].capitalize()
    return " ".join(shown)


def inline_rst(text: str) -> Markup:
    """Render a docstring's inline reStructuredText for a page: escaped, ``code`` as code.

    >>> str(inline_rst("The ``openness check`` contract <x> for *model*"))
    'The <code>openness check</code> contract &lt;x&gt; for <em>model</em>'
    """
    escaped = str(escape(" ".join(str(text).split())))
    coded = re.sub(r"``(.+?)``", r"<code>\1</code>", escaped)
    return Markup(re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"<em>\1</em>", coded))


@cache
def environment() -> Environment:
    """Return the template environment (autoescape on for every template)."""
    env = Environment(
        loader=PackageLoader("openness.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(term_labels=TERM_LABELS, tier_labels=TIER_LABELS)
    env.filters["label"] = label
    env.filters["inline_rst"] = inline_rst
    env.filters["thousands"] = lambda value: f"{value:,}" if isinstance(value, int) else value
    env.filters["parameters"] = parameters
    return env


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render template *name* with *context* into an HTML response."""
    template = environment().get_template(name)
    today = current_day()
    html = template.render(request=request, path=request.url.path, today=today, **context)
    return HTMLResponse(html, status_code=status_code)
