"""``openness hub audit`` for people: the landscape in a few tables."""

from __future__ import annotations

from openness.audit.result import FINDING_KINDS, AuditResult
from openness.cli.render.interface import Style


def _share(count: int, total: int) -> str:
    return f"{count:>10,}  {100 * count / total:5.1f}%" if total else f"{count:>10,}"


def render_audit(result: AuditResult, style: Style) -> str:
    """Return the plain-text report."""
    total = result.models
    lines = [f"{total:,} models audited ({result.malformed:,} malformed records skipped)", ""]
    for title, counts in (
        ("Findings", {kind: result.findings.get(kind, 0) for kind in FINDING_KINDS}),
        ("By tier", result.by_tier),
        ("By OSD verdict of the declared license", result.by_osd),
        ("By license (top 25)", result.by_license),
    ):
        lines.append(f"{title}:")
        lines += [f"  {name:42} {_share(count, total)}" for name, count in counts.items()]
        lines.append("")
    lines.append("By year created: models, and how many licenses pass the OSD")
    for year, row in result.by_year.items():
        lines.append(f"  {year:8} {row['models']:>10,}  pass {_share(row['pass'], row['models'])}")
    lines.append("")
    if result.largest_conflicts:
        lines.append("Largest conflicting lineages (derivatives that drop their root's terms):")
        for group in result.largest_conflicts:
            lines.append(
                f"  {group.models:>7,}  {group.root} ({group.root_license}) declared "
                f"{group.declared or 'with no license'}: drops {', '.join(group.terms)}"
            )
        lines.append("")
    for bad in result.first_malformed:
        lines.append(f"malformed: {bad.source}:{bad.line}: {bad.error}")
    return "\n".join(lines).rstrip() + "\n"


def render_audit_markdown(result: AuditResult) -> str:
    """Return the Markdown report."""
    total = result.models
    lines = [f"# Hub audit: {total:,} models", ""]
    lines += ["| finding | models | share |", "| --- | ---: | ---: |"]
    for kind in FINDING_KINDS:
        count = result.findings.get(kind, 0)
        lines.append(f"| {kind} | {count:,} | {100 * count / total if total else 0:.1f}% |")
    lines += ["", "| license | models |", "| --- | ---: |"]
    lines += [f"| {name} | {count:,} |" for name, count in result.by_license.items()]
    lines += [
        "",
        "| year | models | OSD pass | fail | unknown |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {year} | {r['models']:,} | {r['pass']:,} | {r['fail']:,} | {r['unknown']:,} |"
        for year, r in result.by_year.items()
    ]
    if result.largest_conflicts:
        lines += ["", "## Largest conflicting lineages", ""]
        for group in result.largest_conflicts:
            lines.append(
                f"- **{group.models:,}** derivatives of `{group.root}` (`{group.root_license}`) "
                f"declared `{group.declared}`: drop {', '.join(group.terms)}"
            )
            if group.clause:
                lines.append(f"  > {group.clause}")
    return "\n".join(lines).rstrip() + "\n"
