"""Render results as GitHub-flavoured Markdown, for reports and pull requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openness.assess import Assessment
from openness.assess.listing import ModelListing
from openness.cli.render.words import (
    availability_word,
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
from openness.scan.result import ScanResult


def _cell(text: object) -> str:
    r"""Escape a value for a Markdown table cell.

    >>> _cell("a|b\nc")
    'a\\|b c'
    """
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _value(term: FoundTerm) -> str:
    if isinstance(term.value, tuple):
        return ", ".join(term.value)
    if isinstance(term.value, int):
        return f"{term.currency + ' ' if term.currency else ''}{term.value:,}"
    return ""


def _terms(analysis: LicenseAnalysis) -> list[str]:
    violated = {k: v.criterion for v in analysis.osd.violations for k in v.terms}
    rows = [
        (
            f"`{t.kind.value}`",
            _value(t),
            f"breaks criterion {violated[t.kind]}" if t.kind in violated else "",
            f"“{t.quote}”" + (f" ({t.note})" if t.note else ""),
            t.document or "",
        )
        for t in analysis.terms
    ]
    return _table(("term", "value", "OSD", "clause", "from"), rows)


def render_assessments(assessments: Sequence[Assessment]) -> str:
    """Return the ``openness check`` report of one or more models."""
    return "\n".join(_assessment(a) for a in assessments)


def _assessment(assessment: Assessment) -> str:
    model = assessment.model
    mof = assessment.mof
    lines = [f"## {model.name} (`{model.id}`)", ""]
    if assessment.resolved is not None:
        lines.append(f"- **Resolved:** {resolved_line(assessment.resolved, model.id)}")
    gone = model.lifecycle.describe(current_day()) if model.lifecycle else None
    if gone is not None:
        lines.append(f"- **Lifecycle:** {gone}")
    lines.append(f"- **Developer:** {model.developer}")
    lines.append(f"- **Tier:** `{assessment.tier.value}`")
    lines.append(f"- **OSAID 1.0:** `{assessment.osaid.verdict.value}`")
    missing = ", ".join(f"`{c.value}`" for c in mof.missing)
    mof_text = f"Class {mof.mof_class}" if mof.mof_class else "not classified"
    if mof.next_class:
        mof_text += f"; Class {mof.next_class} lacks {missing}"
    lines.append(f"- **MOF:** {mof_text}")
    if assessment.license is not None and assessment.license.license is not None:
        identity = assessment.license.license
        lines.append(
            f"- **License:** `{identity.id}` ({identity.name}), "
            f"OSD `{assessment.license.osd.verdict.value}`"
        )
    changes = license_changes_line(model, assessment.as_of)
    if changes is not None:
        lines.append(f"- **License history:** {changes}")
    lineage = lineage_line(assessment.lineage)
    if lineage is not None:
        lines.append(f"- **Lineage:** {lineage}")
    lines += [f"- **License conflict:** {conflict.detail}" for conflict in assessment.conflicts]
    datasets = datasets_line(model)
    if datasets is not None:
        lines.append(f"- **Training data (from the card):** {datasets}")
    lines += ["", "### Why", ""]
    lines += [f"- {r}" for r in (*assessment.tier_reasons[:1], *assessment.osaid.reasons)]
    if assessment.license is not None:
        lines += ["", "### License terms", ""] + _terms(assessment.license)
    lines += ["", "### Components", ""]
    lines += _table(
        ("component", "released", "license", "source"),
        (
            (
                c.name.value,
                availability_word(c.available),
                c.license or "",
                c.url or "",
            )
            for c in assessment.components
        ),
    )
    if model.notes:
        lines += ["", "### Notes", ""] + [f"- {n}" for n in model.notes]
    lines += ["", "### Sources", ""] + [f"- <{url}>" for url in assessment.sources]
    return "\n".join(lines) + "\n"


def render_listing(listing: ModelListing) -> str:
    """Return the ``openness models`` table with counts per tier."""
    rows = (
        (
            a.model.id,
            a.model.developer,
            a.tier.value,
            a.model.weights_license or "",
            a.osaid.verdict.value,
            a.mof.mof_class or "",
            format_count(a.model.parameters_total.value if a.model.parameters_total else None),
        )
        for a in listing.assessments
    )
    lines = _table(("id", "developer", "tier", "license", "OSAID", "MOF", "params"), rows)
    counts = ", ".join(f"{n} {tier}" for tier, n in listing.counts_by_tier().items())
    lines += ["", f"{len(listing.assessments)} of {listing.catalog_size} models: {counts}"]
    return "\n".join(lines) + "\n"


def render_comparison(assessments: Sequence[Assessment]) -> str:
    """Return models side by side."""
    header = ("", *(f"`{a.model.id}`" for a in assessments))
    facts = [comparison_facts(a) for a in assessments]
    rows: list[Sequence[object]] = [
        (label, *(f[row][1] for f in facts)) for row, (label, _) in enumerate(facts[0])
    ]
    for index, status in enumerate(assessments[0].components):
        rows.append(
            (
                status.name.value,
                *(availability_word(a.components[index].available) for a in assessments),
            )
        )
    kinds = sorted({t.kind for a in assessments if a.license for t in a.license.terms})
    rows.extend(
        (
            f"`{kind.value}`",
            *(
                "—" if a.license is None else "yes" if kind in a.license.term_kinds() else "no"
                for a in assessments
            ),
        )
        for kind in kinds
    )
    return "\n".join(_table(header, rows)) + "\n"


def render_licenses(entries: Sequence[LicenseEntry]) -> str:
    """Return license records; one record in detail, several as a table."""
    if len(entries) == 1:
        entry = entries[0]
        record = entry.record
        lines = [
            f"## {record.name} (`{record.id}`)",
            "",
            f"- **Text:** <{record.url}>",
            f"- **SPDX:** {record.spdx or '—'}",
            f"- **OSD:** `{entry.analysis.osd.verdict.value}` — {entry.analysis.osd.reason}",
            "",
        ]
        return "\n".join(lines + _terms(entry.analysis)) + "\n"
    rows = (
        (
            e.record.id,
            e.record.kind.value,
            e.record.spdx or "",
            e.analysis.osd.verdict.value,
            ", ".join(sorted({t.kind.value for t in e.analysis.terms})),
        )
        for e in entries
    )
    return "\n".join(_table(("id", "kind", "spdx", "OSD", "terms"), rows)) + "\n"


def render_license_analyses(results: Sequence[tuple[str, LicenseAnalysis]]) -> str:
    """Return the ``openness license`` report of one or more texts."""
    blocks = []
    for name, analysis in results:
        identity = analysis.license
        title = f"`{identity.id}` ({identity.name})" if identity else "unknown license"
        lines = [f"## {name}: {title}", ""]
        if identity is not None:
            lines.append(f"- **Kind:** {identity.kind}, confidence {identity.confidence:.3f}")
            if identity.match == "variant":
                lines.append(f"- **Match:** a variant of `{identity.id}`; added passages:")
                lines += [
                    f"  - characters {p.span[0]}–{p.span[1]}"
                    + (f" ({', '.join(k.value for k in p.kinds)})" if p.kinds else "")
                    + f": “{' '.join(p.quote.split())[:300]}”"
                    for p in identity.additions
                ]
        lines.extend(
            f"- **Contains:** `{p.identity.id}` ({p.identity.kind}) at characters "
            f"{p.span[0]}–{p.span[1]}"
            for p in analysis.parts
        )
        lines.append(f"- **OSD:** `{analysis.osd.verdict.value}` — {analysis.osd.reason}")
        if analysis.osd.unread_count:
            lines.append(f"- **Unread sentences:** {analysis.osd.unread_count}")
            lines += [
                f"  - characters {p.span[0]}–{p.span[1]}: “{' '.join(p.quote.split())[:300]}”"
                for p in analysis.osd.unread[:10]
            ]
        lines += [f"- **Note:** {note}" for note in analysis.notes]
        lines += [""] + _terms(analysis)
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def render_scan(result: ScanResult) -> str:
    """Return the ``openness scan`` report in Markdown."""
    lines = [
        f"## openness scan of `{result.root}`",
        "",
        f"{counted(len(result.models), 'model')}, {counted(len(result.findings), 'finding')}, "
        f"{counted(result.files_scanned, 'file')} read.",
        "",
    ]
    lines += _table(
        ("model", "found at", "catalog id", "tier", "license", "OSAID"),
        (
            (
                m.ref,
                ", ".join(str(loc) for loc in m.locations),
                m.result.model.id if m.result else "unknown",
                m.result.tier.value if m.result else "",
                (m.result.model.weights_license or "") if m.result else "",
                m.result.osaid.verdict.value if m.result else "",
            )
            for m in result.models
        ),
    )
    if result.findings:
        lines += ["", "### Findings", ""]
        lines += _table(
            ("kind", "where", "detail"),
            (
                (f.kind.value, f"{f.path}:{f.line}" if f.line else f.path, f.detail)
                for f in result.findings
            ),
        )
    if result.blocking:
        lines += ["", f"**{blocking_line(result.blocking)}**"]
    if result.policy is not None:
        verdict = "pass" if result.policy.is_passing else "fail"
        lines += ["", f"### Policy: {verdict}", ""]
        lines += [f"- `{v.rule}` {v.ref}: {v.why}" for v in result.policy.violations]
        lines += [f"- warning `{w.rule}` {w.ref}: {w.why}" for w in result.policy.warnings]
    return "\n".join(lines) + "\n"
