"""One dispatcher for every output format of every command.

``render(view, fmt, document)`` turns a command's result into text: JSON from
the document's contract, every other format by the renderer registered for
that view and format (imported only when used, so ``--format json`` never
loads rich). Renderers are pure functions, one module per family of formats.
Entry point: ``render``.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import Any

from openness.cli.render.interface import Format, Style


class View(StrEnum):
    """What a command shows."""

    ASSESSMENTS = "assessments"
    LISTING = "listing"
    COMPARISON = "comparison"
    LICENSES = "licenses"
    LICENSE_ANALYSES = "license_analyses"
    SCAN = "scan"
    ESTIMATES = "estimates"
    ADVICE = "advice"
    OBLIGATIONS = "obligations"
    DIFF = "diff"
    AUDIT = "audit"


_TABLE, _MARKDOWN, _ADVICE, _DUTIES = (
    "openness.cli.render.table",
    "openness.cli.render.markdown",
    "openness.cli.render.advice",
    "openness.cli.render.obligations",
)
RENDERERS: dict[tuple[View, Format], tuple[str, str, bool]] = {
    (View.ASSESSMENTS, Format.TABLE): (_TABLE, "render_assessments", True),
    (View.ASSESSMENTS, Format.MARKDOWN): (_MARKDOWN, "render_assessments", False),
    (View.LISTING, Format.TABLE): (_TABLE, "render_listing", True),
    (View.LISTING, Format.MARKDOWN): (_MARKDOWN, "render_listing", False),
    (View.COMPARISON, Format.TABLE): (_TABLE, "render_comparison", True),
    (View.COMPARISON, Format.MARKDOWN): (_MARKDOWN, "render_comparison", False),
    (View.LICENSES, Format.TABLE): (_TABLE, "render_licenses", True),
    (View.LICENSES, Format.MARKDOWN): (_MARKDOWN, "render_licenses", False),
    (View.LICENSE_ANALYSES, Format.TABLE): (_TABLE, "render_license_analyses", True),
    (View.LICENSE_ANALYSES, Format.MARKDOWN): (_MARKDOWN, "render_license_analyses", False),
    (View.SCAN, Format.TABLE): (_TABLE, "render_scan", True),
    (View.SCAN, Format.MARKDOWN): (_MARKDOWN, "render_scan", False),
    (View.SCAN, Format.SARIF): ("openness.cli.render.sarif", "render_sarif", False),
    (View.SCAN, Format.CYCLONEDX): ("openness.cli.render.cyclonedx", "render_bom", False),
    (View.SCAN, Format.SPDX): ("openness.cli.render.spdx", "render_bom", False),
    (View.SCAN, Format.NOTICE): ("openness.cli.render.notice", "render_notice", False),
    (View.ESTIMATES, Format.TABLE): (_ADVICE, "render_estimates", True),
    (View.ESTIMATES, Format.MARKDOWN): (_ADVICE, "render_estimates_markdown", False),
    (View.ADVICE, Format.TABLE): (_ADVICE, "render_advice", True),
    (View.ADVICE, Format.MARKDOWN): (_ADVICE, "render_advice_markdown", False),
    (View.OBLIGATIONS, Format.TABLE): (_DUTIES, "render_obligations", True),
    (View.OBLIGATIONS, Format.MARKDOWN): (_DUTIES, "render_obligations_markdown", False),
    (View.DIFF, Format.TABLE): (_DUTIES, "render_diff", True),
    (View.DIFF, Format.MARKDOWN): (_DUTIES, "render_diff_markdown", False),
    (View.AUDIT, Format.TABLE): ("openness.cli.render.audit", "render_audit", True),
    (View.AUDIT, Format.MARKDOWN): ("openness.cli.render.audit", "render_audit_markdown", False),
    (View.AUDIT, Format.HTML): ("openness.cli.render.audit", "render_audit_html", False),
}
"""Each view's renderer per format: module, function, and whether it takes a Style."""


def render(
    view: View, fmt: Format, document: Any, style: Style | None = None, json: Any = None
) -> str:
    """Return *document* as *view* in *fmt*.

    Args:
        view: what the document is.
        fmt: the output format.
        document: the command's result.
        style: width and colour, for the formats people read (default: plain, 100 columns).
        json: the JSON document, when it is not *document*'s own contract.

    Raises:
        ValueError: *view* has no renderer for *fmt*.
    """
    if fmt is Format.JSON:
        from openness.cli.render.json import render_json

        return render_json(document if json is None else json)
    target = RENDERERS.get((view, fmt))
    if target is None:
        raise ValueError(f"{view.value} cannot be shown as {fmt.value}")
    module, function, takes_style = target
    renderer = getattr(importlib.import_module(module), function)
    return str(renderer(document, style or Style()) if takes_style else renderer(document))
