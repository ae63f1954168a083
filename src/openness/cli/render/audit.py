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


def render_audit_html(result: AuditResult) -> str:
    """Return a standalone HTML report with its charts inline (no script, no network)."""
    from html import escape

    from openness.audit.charts import (
        largest_conflicts,
        licenses_by_year,
        osd_by_year,
        top_licenses,
    )

    audit = result.to_dict()
    total = result.models
    findings = "".join(
        f"<tr><td>{escape(kind)}</td><td class=n>{count:,}</td>"
        f"<td class=n>{100 * count / total if total else 0:.1f}%</td></tr>"
        for kind, count in audit["findings"].items()
    )
    tiers = "".join(
        f"<tr><td>{escape(tier)}</td><td class=n>{count:,}</td></tr>"
        for tier, count in audit["by_tier"].items()
    )
    conflicts = "".join(
        f"<li><strong>{g['models']:,}</strong> derivatives of <code>{escape(g['root'])}</code> "
        f"(<code>{escape(g['root_license'])}</code>) declared "
        f"<code>{escape(g['declared'] or 'no license')}</code> drop {escape(', '.join(g['terms']))}"
        + (f"<blockquote>{escape(g['clause'])}</blockquote>" if g["clause"] else "")
        + "</li>"
        for g in audit["largest_conflicts"]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hub audit: {total:,} models</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 980px; margin: 2rem auto; padding: 0 1rem;
       color: #1b1f2a; }}
table {{ border-collapse: collapse; margin: .5rem 0 1.5rem; }}
td, th {{ padding: .25rem .8rem; border-bottom: 1px solid #e3e6ee; text-align: left; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
svg.chart {{ width: 100%; height: auto; margin: .5rem 0 1.5rem; }}
svg .small {{ font-size: 11px; fill: #5b6275; }}
blockquote {{ margin: .3rem 0; padding: .3rem .8rem; border-left: 3px solid #e3e6ee;
             color: #394056; font-size: .9rem; }}
</style></head><body>
<h1>Hub audit: {total:,} models</h1>
<p>{result.malformed:,} malformed records skipped; {result.distinct_licenses:,} distinct
licenses, each analysed once; engine: {escape(result.engine)}.</p>
<h2>Findings</h2><table><tr><th>finding</th><th>models</th><th>share</th></tr>{findings}</table>
<h2>Tiers</h2><table><tr><th>tier</th><th>models</th></tr>{tiers}</table>
<h2>Open by year</h2>{osd_by_year(audit)}
<h2>Licenses</h2>{top_licenses(audit)}
{licenses_by_year(audit)}
<h2>Derivatives that drop their root's terms</h2>{largest_conflicts(audit)}
<ul>{conflicts}</ul>
<p><small>Made by openness. Conflicts follow base_model to each model's roots; a derivative
keeps its root's use restrictions, caps and duties whatever license it declares.</small></p>
</body></html>
"""
