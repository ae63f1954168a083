"""The landscape's charts, drawn as SVG from an audit's JSON (no script, no fonts fetched).

Owns the geometry of three charts: the share of models whose declared license
passes, fails or is unknown to the OSD, year by year; the most declared
licenses; and the largest conflicting lineages. They take the ``hub audit``
JSON document, so the report and the web page draw the same pictures from the
same data. Text is escaped. Entry points: ``osd_by_year``, ``licenses_by_year``,
``top_licenses``, ``largest_conflicts``.
"""

from __future__ import annotations

from html import escape
from typing import Any

COLOURS = {"pass": "#2f9e44", "fail": "#e03131", "unknown": "#f59f00"}
WIDTH = 760


def osd_by_year(audit: dict[str, Any]) -> str:
    """A stacked bar per year: the share of models that pass, fail, or are unknown to the OSD."""
    years = [(year, row) for year, row in audit["by_year"].items() if row["models"]]
    if not years:
        return _empty("No models with a year")
    bar, gap, top, height = 56, 18, 24, 220
    width = max(WIDTH, 60 + len(years) * (bar + gap))
    parts = [_svg_open(width, top + height + 60, "OSD verdict of the declared license, by year")]
    for index, (year, row) in enumerate(years):
        x = 60 + index * (bar + gap)
        y = float(top + height)
        for key in ("pass", "unknown", "fail"):
            share = row[key] / row["models"]
            h = share * height
            y -= h
            tip = f"{escape(str(year))}: {key} {row[key]:,} of {row['models']:,}"
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{COLOURS[key]}">'
                f"<title>{tip}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2}" y="{top + height + 18}" text-anchor="middle">'
            f"{escape(str(year))}</text>"
            f'<text x="{x + bar / 2}" y="{top + height + 34}" text-anchor="middle" '
            f'class="small">{row["models"]:,}</text>'
        )
    for tick in (0, 50, 100):
        y = top + height - tick / 100 * height
        parts.append(f'<text x="50" y="{y + 4:.1f}" text-anchor="end" class="small">{tick}%</text>')
    legend_x = 60
    for key in ("pass", "unknown", "fail"):
        parts.append(
            f'<rect x="{legend_x}" y="4" width="12" height="12" fill="{COLOURS[key]}"/>'
            f'<text x="{legend_x + 16}" y="14" class="small">{key}</text>'
        )
        legend_x += 90
    parts.append("</svg>")
    return "".join(parts)


PALETTE = ("#4263eb", "#1098ad", "#37b24d", "#f59f00", "#e8590c", "#ae3ec9", "#adb5bd")


def licenses_by_year(audit: dict[str, Any]) -> str:
    """A stacked bar per year: the share of each of the year's most declared licenses."""
    years = [(year, row) for year, row in audit["by_year"].items() if row["models"]]
    names = list(dict.fromkeys(name for _, row in years for name in row.get("licenses", {})))
    names = names[: len(PALETTE) - 1]
    if not years or not names:
        return _empty("No licenses by year")
    colour = {name: PALETTE[i] for i, name in enumerate(names)}
    bar, gap, top, height = 56, 18, 24 + 18 * ((len(names) + 3) // 4), 220
    width = max(WIDTH, 60 + len(years) * (bar + gap))
    parts = [_svg_open(width, top + height + 44, "Declared licenses, by year")]
    for index, (year, row) in enumerate(years):
        x = 60 + index * (bar + gap)
        y = float(top + height)
        shares = [(name, row["licenses"].get(name, 0)) for name in names]
        shares.append(("others", row["models"] - sum(count for _, count in shares)))
        for name, count in shares:
            h = count / row["models"] * height
            y -= h
            fill = colour.get(name, PALETTE[-1])
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{fill}">'
                f"<title>{escape(str(year))}: {escape(name)} {count:,}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2}" y="{top + height + 18}" text-anchor="middle">'
            f"{escape(str(year))}</text>"
        )
    for index, name in enumerate([*names, "others"]):
        lx, ly = 60 + (index % 4) * 170, 4 + (index // 4) * 18
        fill = colour.get(name, PALETTE[-1])
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{fill}"/>'
            f'<text x="{lx + 16}" y="{ly + 10}" class="small">{escape(name)[:22]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def top_licenses(audit: dict[str, Any], limit: int = 12) -> str:
    """Horizontal bars: the most declared licenses, with their share of all models."""
    rows = list(audit["by_license"].items())[:limit]
    return _bars(rows, audit["models"], "Declared licenses", "#4263eb")


def largest_conflicts(audit: dict[str, Any], limit: int = 8) -> str:
    """Horizontal bars: the lineages with most derivatives that drop their root's terms."""
    rows = [
        (f"{g['root']} → {g['declared'] or 'no license'}", g["models"])
        for g in audit["largest_conflicts"][:limit]
    ]
    if not rows:
        return _empty("No conflicting lineage")
    return _bars(rows, audit["models"], "Largest conflicting lineages", "#e03131")


def _bars(rows: list[tuple[str, int]], total: int, title: str, colour: str) -> str:
    if not rows:
        return _empty(f"{title}: none")
    height = 26
    label = 300
    most = max(count for _, count in rows) or 1
    parts = [_svg_open(WIDTH, 30 + len(rows) * height, title)]
    for index, (name, count) in enumerate(rows):
        y = 24 + index * height
        w = (WIDTH - label - 120) * count / most
        share = f"{100 * count / total:.1f}%" if total else ""
        parts.append(
            f'<text x="{label - 8}" y="{y + 14}" text-anchor="end">{escape(str(name))[:48]}</text>'
            f'<rect x="{label}" y="{y}" width="{w:.1f}" height="{height - 8}" fill="{colour}">'
            f"<title>{escape(str(name))}: {count:,}</title></rect>"
            f'<text x="{label + w + 6:.1f}" y="{y + 14}" class="small">{count:,} {share}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" font-family="sans-serif" '
        f'font-size="13"><title>{escape(title)}</title>'
    )


def _empty(text: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 40" class="chart">'
        f'<text x="10" y="24">{escape(text)}</text></svg>'
    )
