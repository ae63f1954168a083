"""Render results as terminal tables for people, with rich.

Pure functions from core results to text; colours only when asked. Each
verdict is shown with the reasons behind it, and facts with their sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from openness.assess import Assessment, ComponentStatus, Tier
from openness.assess.listing import ModelListing
from openness.cli.render.interface import Style
from openness.cli.render.words import (
    blocking_line,
    comparison_facts,
    counted,
    datasets_line,
    format_count,
    license_changes_line,
    lineage_line,
    resolved_line,
)
from openness.environment import today as current_day
from openness.licenses.known import LicenseEntry
from openness.licenses.result import FoundTerm, LicenseAnalysis

if TYPE_CHECKING:
    from openness.scan.result import ScanResult

TIER_STYLE = {
    Tier.CLOSED_API: ("CLOSED API", "bold red"),
    Tier.OPEN_WEIGHTS: ("OPEN WEIGHTS", "bold yellow"),
    Tier.OPEN_SOURCE: ("OPEN SOURCE", "bold green"),
}
VERDICT_STYLE = {"pass": "bold green", "fail": "bold red", "unknown": "bold yellow"}


def _render(parts: Iterable[RenderableType], style: Style) -> str:
    console = Console(
        width=style.width,
        color_system="standard" if style.color else None,
        force_terminal=style.color,
        record=False,
        highlight=False,
        markup=False,  # catalog, card and license text may hold "[...]": shown as written
        emoji=False,
        soft_wrap=False,
    )
    with console.capture() as capture:
        console.print(Group(*parts))
    return "\n".join(line.rstrip() for line in capture.get().splitlines()) + "\n"


def tier_text(tier: Tier) -> Text:
    """Return the tier as a coloured label."""
    label, colour = TIER_STYLE[tier]
    return Text(label, style=colour)


def verdict_text(verdict: str) -> Text:
    """Return pass/fail/unknown as a coloured label."""
    return Text(verdict.upper(), style=VERDICT_STYLE.get(verdict, ""))


def availability_text(available: object) -> Text:
    """Return a component's availability as a mark and word."""
    if available is True:
        return Text("✓ yes", style="green")
    if available is False:
        return Text("✗ no", style="red")
    if available == "partial":
        return Text("◐ partial", style="yellow")
    return Text("? unknown", style="dim")


def _term_value(term: FoundTerm) -> str:
    if isinstance(term.value, tuple):
        return ", ".join(term.value)
    if isinstance(term.value, int):
        amount = f"{term.value:,}"
        return f"{term.currency} {amount}" if term.currency else amount
    return ""


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_assessment(assessment: Assessment, style: Style) -> str:
    """Return the ``openness check`` report of one model."""
    return _render(_assessment_parts(assessment, style), style)


def render_assessments(assessments: Sequence[Assessment], style: Style) -> str:
    """Return the reports of several models, one after the other."""
    parts: list[RenderableType] = []
    for index, assessment in enumerate(assessments):
        if index:
            parts.append(Text("─" * min(style.width, 100), style="dim"))
        parts.extend(_assessment_parts(assessment, style))
    return _render(parts, style)


def _assessment_parts(assessment: Assessment, style: Style) -> list[RenderableType]:
    model = assessment.model
    facts = [model.developer, model.family]
    if model.release_date:
        facts.append(f"released {model.release_date.value}")
    if model.parameters_total:
        params = format_count(model.parameters_total.value)
        active = model.parameters_active
        if active and active.value != model.parameters_total.value:
            params += f" ({format_count(active.value)} active)"
        facts.append(f"{params} parameters")
    if model.context_tokens:
        facts.append(f"{model.context_tokens.value:,}-token context")
    header = Text.assemble((model.name, "bold"), f"  ({model.id})\n", " · ".join(facts))
    verdicts = Table.grid(padding=(0, 2))
    verdicts.add_column(style="bold")
    verdicts.add_column()
    if assessment.resolved is not None:
        verdicts.add_row("Resolved", resolved_line(assessment.resolved, model.id))
    gone = model.lifecycle.describe(current_day()) if model.lifecycle else None
    if gone is not None:
        verdicts.add_row(
            "Lifecycle", Text(gone, style="bold red" if "retired" in gone else "yellow")
        )
    verdicts.add_row("Tier", tier_text(assessment.tier))
    verdicts.add_row("OSAID 1.0", verdict_text(assessment.osaid.verdict.value))
    mof = assessment.mof
    mof_label = f"Class {mof.mof_class}" if mof.mof_class else "not classified"
    if mof.next_class:
        missing = ", ".join(c.value for c in mof.missing)
        mof_label += f" (Class {mof.next_class} lacks: {missing})"
    verdicts.add_row("MOF", mof_label)
    license_analysis = assessment.license
    if license_analysis is not None and license_analysis.license is not None:
        identity = license_analysis.license
        variant = (
            f"a variant of {identity.id} ({_added(len(identity.additions))}) — "
            if identity.match == "variant"
            else f"{identity.id} — "
        )
        verdicts.add_row(
            "License",
            Text.assemble(
                f"{variant}{identity.name}  OSD: ",
                verdict_text(license_analysis.osd.verdict.value),
            ),
        )
    else:
        verdicts.add_row("License", Text("none known for the weights", style="dim"))
    changes = license_changes_line(model, assessment.as_of)
    if changes is not None:
        verdicts.add_row("License history", changes)
    lineage = lineage_line(assessment.lineage)
    if lineage is not None:
        verdicts.add_row("Lineage", lineage)
    for conflict in assessment.conflicts:
        verdicts.add_row("License conflict", Text(conflict.detail, style="bold red"))
    datasets = datasets_line(model)
    if datasets is not None:
        verdicts.add_row("Training data", datasets)
    parts: list[RenderableType] = [header, Text(""), verdicts, Text("")]
    parts.append(_reasons("Why this tier", assessment.tier_reasons[:1]))
    parts.append(_reasons("OSAID reasons", assessment.osaid.reasons))
    if mof.reasons:
        parts.append(_reasons(f"MOF Class {mof.next_class} is missing", mof.reasons))
    if license_analysis is not None:
        parts.append(_terms_table(license_analysis, style))
    parts.append(_components_table(assessment.components))
    if model.notes:
        parts.append(_reasons("Notes", model.notes))
    parts.append(
        Text(f"Sources: {len(assessment.sources)} URLs (--format json lists them)", style="dim")
    )
    return parts


def _reasons(title: str, reasons: Iterable[str]) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for reason in reasons:
        grid.add_row("  •", reason)
    return Group(Text(f"{title}:", style="bold"), grid, Text(""))


def _terms_table(analysis: LicenseAnalysis, style: Style) -> RenderableType:
    """List each term with its value, the OSD criterion it breaks and its clause."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    violated = {k: v.criterion for v in analysis.osd.violations for k in v.terms}
    for term in analysis.terms:
        criterion = violated.get(term.kind)
        detail = Text()
        facts = [f for f in (_term_value(term), term.document) if f]
        if term.span is not None:
            facts.append(f"characters {term.span[0]}–{term.span[1]}")
        if term.note:
            facts.append(term.note)
        if criterion:
            detail.append(f"breaks OSD criterion {criterion}", style="red")
            if facts:
                detail.append(" · ")
        detail.append(" · ".join(facts), style="dim")
        detail.append("\n“" + " ".join(term.quote.split()) + "”")
        grid.add_row(Text(term.kind.value, style="bold"), detail)
    if not analysis.terms:
        grid.add_row(Text("(none)", style="dim"), "no restrictions or duties recorded")
    return Group(Text("License terms:", style="bold"), grid, Text(""))


def _components_table(components: Sequence[ComponentStatus]) -> RenderableType:
    table = Table(
        title="Components (Model Openness Framework)", title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("component", no_wrap=True)
    table.add_column("released", no_wrap=True)
    table.add_column("license", no_wrap=True)
    table.add_column("open", no_wrap=True)
    for status in components:
        is_open = Text("—", style="dim")
        if status.license_is_open is not None:
            is_open = Text("yes", style="green") if status.license_is_open else Text("no", "red")
        table.add_row(
            status.name.value,
            availability_text(status.available),
            status.license or "—",
            is_open,
        )
    return table


def render_listing(listing: ModelListing, style: Style) -> str:
    """Return the ``openness models`` table with counts per tier."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    limits = {"id": 22, "developer": 12, "license": 18}
    fixed = {"tier": 12, "OSAID": 7, "MOF": 3, "params": 6}
    for name in ("id", "developer", "tier", "license", "OSAID", "MOF", "params"):
        table.add_column(
            name,
            no_wrap=True,
            overflow="ellipsis",
            max_width=limits.get(name),
            min_width=fixed.get(name),
        )
    for assessment in listing.assessments:
        model = assessment.model
        table.add_row(
            model.id,
            model.developer,
            tier_text(assessment.tier),
            model.weights_license or "—",
            verdict_text(assessment.osaid.verdict.value),
            assessment.mof.mof_class or "—",
            format_count(model.parameters_total.value if model.parameters_total else None),
        )
    counts = listing.counts_by_tier()
    summary = Text(
        f"{len(listing.assessments)} of {listing.catalog_size} models: "
        + ", ".join(f"{n} {tier}" for tier, n in counts.items())
    )
    return _render([table, summary], style)


def render_comparison(assessments: Sequence[Assessment], style: Style) -> str:
    """Return models side by side: verdicts, facts, components and license terms."""
    table = Table(box=box.SIMPLE_HEAD, show_lines=False)
    table.add_column("", style="bold", no_wrap=True)
    for assessment in assessments:
        table.add_column(assessment.model.id, overflow="fold")
    styled: dict[str, Callable[[Assessment], RenderableType]] = {
        "tier": lambda a: tier_text(a.tier),
        "OSAID 1.0": lambda a: verdict_text(a.osaid.verdict.value),
        "license OSD": lambda a: verdict_text(a.license.osd.verdict.value) if a.license else "—",
    }
    facts = [comparison_facts(a) for a in assessments]
    for row, (label, _) in enumerate(facts[0]):
        cells = [
            styled[label](a) if label in styled else facts[i][row][1]
            for i, a in enumerate(assessments)
        ]
        table.add_row(label, *cells)
    table.add_section()
    for index, status in enumerate(assessments[0].components):
        table.add_row(
            status.name.value,
            *(availability_text(a.components[index].available) for a in assessments),
        )
    table.add_section()
    kinds = sorted({t.kind for a in assessments if a.license for t in a.license.terms})
    for kind in kinds:
        table.add_row(kind.value, *(_kind_cell(a, kind) for a in assessments))
    return _render([table], style)


def _kind_cell(assessment: Assessment, kind: object) -> Text:
    if assessment.license is None:
        return Text("—", style="dim")
    terms = [t for t in assessment.license.terms if t.kind == kind]
    if not terms:
        return Text("—", style="dim")
    values = [_term_value(t) for t in terms if _term_value(t)]
    return Text("yes" + (f" ({', '.join(values)})" if values else ""), style="yellow")


def render_licenses(entries: Sequence[LicenseEntry], style: Style) -> str:
    """Return the license records: identity, OSD verdict and term kinds."""
    if len(entries) == 1:
        return _render(_license_detail(entries[0], style), style)
    table = Table(box=box.SIMPLE_HEAD)
    for name in ("id", "kind", "spdx", "OSI", "OSD", "terms"):
        table.add_column(name, no_wrap=name != "terms")
    for entry in entries:
        record = entry.record
        kinds = sorted({t.kind.value for t in entry.analysis.terms})
        table.add_row(
            record.id,
            record.kind.value,
            record.spdx or "—",
            "yes" if record.osi_approved else "no",
            verdict_text(entry.analysis.osd.verdict.value),
            ", ".join(kinds) or "—",
        )
    return _render([table, Text(f"{len(entries)} licenses and policies")], style)


def _license_detail(entry: LicenseEntry, style: Style) -> list[RenderableType]:
    record = entry.record
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("License", f"{record.name} ({record.id})")
    facts.add_row("Text", record.url)
    facts.add_row("SPDX", record.spdx or "—")
    facts.add_row("OSI-approved", "yes" if record.osi_approved else "no")
    facts.add_row(
        "OSD",
        Text.assemble(
            verdict_text(entry.analysis.osd.verdict.value), f"  {entry.analysis.osd.reason}"
        ),
    )
    if record.incorporates:
        facts.add_row("Incorporates", ", ".join(record.incorporates))
    parts: list[RenderableType] = [facts, _terms_table(entry.analysis, style)]
    if record.notes:
        parts.append(_reasons("Notes", record.notes))
    return parts


def render_license_analyses(results: Sequence[tuple[str, LicenseAnalysis]], style: Style) -> str:
    """Return the ``openness license`` report of one or more texts."""
    parts: list[RenderableType] = []
    for index, (name, analysis) in enumerate(results):
        if index:
            parts.append(Text("─" * min(style.width, 100), style="dim"))
        parts.extend(_license_analysis_parts(name, analysis, style))
    return _render(parts, style)


def _license_analysis_parts(
    name: str, analysis: LicenseAnalysis, style: Style
) -> list[RenderableType]:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("File", name)
    identity = analysis.license
    if identity is not None:
        label = f"{identity.id} — {identity.name}"
        if identity.kind == "policy":
            label += " (an acceptable-use policy)"
        if identity.match == "variant":
            label = f"a variant of {label}"
        facts.add_row("License", f"{label}  confidence {int(identity.confidence * 100)}%")
    else:
        facts.add_row("License", Text("not a known license", style="yellow"))
    for part in analysis.parts:
        if identity is None or part.identity.id != identity.id:
            facts.add_row(
                "Also contains",
                f"{part.identity.id} ({part.identity.kind}, confidence "
                f"{int(part.identity.confidence * 100)}%, "
                f"characters {part.span[0]}–{part.span[1]})",
            )
    facts.add_row(
        "OSD", Text.assemble(verdict_text(analysis.osd.verdict.value), f"  {analysis.osd.reason}")
    )
    result: list[RenderableType] = [facts, Text("")]
    if identity is not None and identity.additions:
        added = [(p.quote, p.span, ", ".join(k.value for k in p.kinds)) for p in identity.additions]
        result.append(_passages(f"Added to {identity.id} ({len(added)}):", added))
    result.append(_terms_table(analysis, style))
    if analysis.osd.unread_count:
        shown = len(analysis.osd.unread)
        more = analysis.osd.unread_count - shown
        count = analysis.osd.unread_count
        title = f"Not read as a grant, a term or an allowed condition ({count}):"
        rows = [(p.quote, p.span, "") for p in analysis.osd.unread[:UNREAD_SHOWN]]
        hidden = more + max(0, shown - UNREAD_SHOWN)
        result.append(_passages(title, rows, hidden))
    if analysis.notes:
        result.append(_reasons("Notes", analysis.notes))
    return result


def _added(count: int) -> str:
    return f"{count} added passage" + ("" if count == 1 else "s")


UNREAD_SHOWN = 10
"""Unread sentences listed in the table (JSON lists up to ``MAX_UNREAD``)."""


def _passages(
    title: str, rows: Sequence[tuple[str, tuple[int, int], str]], hidden: int = 0
) -> RenderableType:
    """List passages of the text: where they are, what they hold, and their words."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for quote, span, kinds in rows:
        detail = Text(f"characters {span[0]}–{span[1]}", style="dim")
        if kinds:
            detail.append(f" · holds {kinds}", style="red")
        detail.append("\n“" + _short(" ".join(quote.split())) + "”")
        grid.add_row(Text("  •"), detail)
    if hidden:
        grid.add_row(Text("  …"), Text(f"{hidden} more (see --format json)", style="dim"))
    return Group(Text(title, style="bold"), grid, Text(""))


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_scan(result: ScanResult, style: Style) -> str:
    """Return the ``openness scan`` report: models, findings, the gate."""
    parts: list[RenderableType] = [
        Text(
            f"Scanned {result.root} ({result.kind.replace('_', ' ')}, "
            f"{counted(result.files_scanned, 'file')} read): "
            f"{counted(len(result.models), 'model')}, {counted(len(result.findings), 'finding')}",
            style="bold",
        )
    ]
    if result.models:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
        for name in ("model", "found at", "catalog id", "tier", "license", "OSAID"):
            table.add_column(name, overflow="fold")
        for model in result.models:
            places = [str(location) for location in model.locations]
            where = places[0] + (f" (+{len(places) - 1})" if len(places) > 1 else "")
            assessment = model.result
            if assessment is None:
                table.add_row(model.ref, where, Text("unknown", style="yellow"), "—", "—", "—")
                continue
            table.add_row(
                model.ref,
                where,
                assessment.model.id,
                tier_text(assessment.tier),
                assessment.model.weights_license or "—",
                verdict_text(assessment.osaid.verdict.value),
            )
        parts.append(table)
    if result.findings:
        findings = Table(title="Findings", title_justify="left", box=box.SIMPLE_HEAD)
        for name in ("kind", "where", "detail"):
            findings.add_column(name, overflow="fold")
        for finding in result.findings:
            where = f"{finding.path}:{finding.line}" if finding.line else finding.path
            style_ = "bold red" if finding.kind.value == "unsafe_pickle" else "yellow"
            findings.add_row(Text(finding.kind.value, style=style_), where, finding.detail)
        parts.append(findings)
    if result.blocking:
        parts.append(Text(blocking_line(result.blocking), style="bold red"))
    if result.policy is not None:
        if result.policy.is_passing:
            parts.append(Text("Policy: PASS", style="bold green"))
        else:
            parts.append(
                _reasons(
                    "Policy: FAIL",
                    (f"{v.ref} [{v.rule}] {v.why}" for v in result.policy.violations),
                )
            )
        if result.policy.warnings:
            parts.append(
                _reasons(
                    "Warnings", (f"{w.ref} [{w.rule}] {w.why}" for w in result.policy.warnings)
                )
            )
    return _render(parts, style)
