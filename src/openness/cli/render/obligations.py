"""``openness obligations`` for people: the verdict, blockers, duties and what is unknown."""

from __future__ import annotations

import textwrap

from openness.assess.obligations import Item, Obligations
from openness.cli.render.interface import Style

_VERDICT = {True: "ALLOWED", False: "NOT ALLOWED", None: "UNKNOWN"}
_QUOTE = 220


def render_obligations(result: Obligations, style: Style) -> str:
    """Return the plain-text view: one paragraph per blocker and duty, each with its clause."""
    width = max(60, min(style.width, 110))
    context = result.context
    facts = [
        f"purpose {context.purpose.value}",
        f"{context.monthly_active_users:,} monthly active users"
        if context.monthly_active_users is not None
        else "users not given",
        f"revenue {context.currency} {context.revenue:,}"
        if context.revenue is not None
        else "revenue not given",
        f"region {context.region}" if context.region else "region not given",
    ]
    lines = [
        f"{result.model} · use: {context.use.value} · {_VERDICT[result.allowed]}",
        "  " + "; ".join(facts),
        "",
    ]
    for title, items in (
        ("Blockers", [b for b in result.blockers if b.applies]),
        ("May block (unknown)", [b for b in result.blockers if b.applies is None]),
        ("Duties", list(result.duties)),
        ("Checked, not blocking", list(result.cleared)),
    ):
        if not items:
            continue
        lines.append(f"{title}:")
        for item in items:
            lines += _item(item, width)
        lines.append("")
    if not result.blockers and not result.duties:
        lines += ["No blocker and no duty for this use.", ""]
    for title, texts in (("Why unknown", result.reasons), ("Notes", result.notes)):
        if texts:
            lines.append(f"{title}:")
            for text in texts:
                lines += textwrap.wrap(text, width, initial_indent="  • ", subsequent_indent="    ")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _item(item: Item, width: int) -> list[str]:
    head = f"{item.kind}: {item.what}"
    if item.inherited_from:
        head += f" (carried over from {item.inherited_from})"
    lines = textwrap.wrap(head, width, initial_indent="  • ", subsequent_indent="    ")
    if item.quote:
        lines += textwrap.wrap(
            f"“{_short(item.quote)}”", width, initial_indent="    ", subsequent_indent="     "
        )
    where = " · ".join(x for x in (item.document, item.source) if x)
    if where:
        lines.append(f"    {where}")
    return lines


def _short(quote: str) -> str:
    text = " ".join(quote.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"


def render_obligations_markdown(result: Obligations) -> str:
    """Return the Markdown view, for a review comment or a compliance record."""
    context = result.context
    lines = [
        f"## {result.model}: {context.use.value} — {_VERDICT[result.allowed].lower()}",
        "",
    ]
    sections = (
        ("Blockers", [b for b in result.blockers if b.applies]),
        ("May block (unknown)", [b for b in result.blockers if b.applies is None]),
        ("Duties", list(result.duties)),
        ("Checked, not blocking", list(result.cleared)),
    )
    for title, items in sections:
        if not items:
            continue
        lines += [f"### {title}", ""]
        for item in items:
            carried = f" (carried over from {item.inherited_from})" if item.inherited_from else ""
            source = f" — [{item.document or 'source'}]({item.source})" if item.source else ""
            lines.append(f"- **{item.kind}**: {item.what}{carried}{source}")
            if item.quote:
                lines.append(f"  > {_short(item.quote)}")
        lines.append("")
    for title, texts in (("Why unknown", result.reasons), ("Notes", result.notes)):
        if texts:
            lines += [f"### {title}", "", *[f"- {text}" for text in texts], ""]
    return "\n".join(lines).rstrip() + "\n"
