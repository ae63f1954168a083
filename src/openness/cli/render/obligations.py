"""``openness obligations`` and ``openness diff`` for people, each item with its clause."""

from __future__ import annotations

import textwrap

from openness.assess.obligations import Item, Obligations
from openness.cli.render.interface import Style
from openness.licenses.diff import LicenseDiff, TermChange
from openness.licenses.result import FoundTerm

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


def _term_line(term: FoundTerm) -> str:
    """A term's kind and value in a few words."""
    value = term.value
    if isinstance(value, tuple):
        shown = ", ".join(value)
    elif isinstance(value, int):
        shown = f"{value:,}"
    else:
        shown = ""
    extra = " ".join(x for x in (term.unit, term.currency, term.period) if x)
    return " ".join(x for x in (term.kind.value, shown, extra) if x)


def _change_line(change: TermChange) -> str:
    said = []
    for name in change.fields:
        if name == "wording":
            said.append("wording")
            continue
        before, after = getattr(change.a, name), getattr(change.b, name)
        said.append(f"{name} {_shown(before)} → {_shown(after)}")
    return f"{change.kind}: " + "; ".join(said)


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, int):
        return f"{value:,}"
    return "none" if value is None else str(value)


def render_diff(result: LicenseDiff, style: Style) -> str:
    """Return the plain-text view: each added, removed and changed term with its quotes."""
    width = max(60, min(style.width, 110))
    a, b = result.a.to_dict(), result.b.to_dict()
    lines = [
        f"A: {a['input']} ({a['id'] or 'not a known license'}, OSD {a['osd']})",
        f"B: {b['input']} ({b['id'] or 'not a known license'}, OSD {b['osd']})",
        "",
    ]
    if result.is_same:
        return "\n".join([*lines, _same_line(result)]) + "\n"
    for title, mark, terms in (
        ("Added in B", "+", result.added),
        ("Removed from A", "-", result.removed),
    ):
        if terms:
            lines.append(f"{title}:")
            for term in terms:
                lines += textwrap.wrap(_term_line(term), width, initial_indent=f"  {mark} ")
                lines += _quoted("", term.quote, width)
            lines.append("")
    if result.changed:
        lines.append("Changed:")
        for change in result.changed:
            lines += textwrap.wrap(_change_line(change), width, initial_indent="  ~ ")
            lines += _quoted("A: ", change.a.quote, width)
            lines += _quoted("B: ", change.b.quote, width)
        lines.append("")
    if result.unread_added:
        lines.append("Added in B, read as no term (what they require is unknown):")
        for passage in result.unread_added:
            lines += textwrap.wrap(f"“{_short(passage.quote)}”", width, initial_indent="  ? ")
        lines.append("")
    if result.criteria_added or result.criteria_removed:
        lines.append(
            "OSD criteria broken: "
            + ", ".join(
                [
                    *(f"+{c}" for c in result.criteria_added),
                    *(f"-{c}" for c in result.criteria_removed),
                ]
            )
        )
    return "\n".join(lines).rstrip() + "\n"


def _quoted(label: str, quote: str, width: int) -> list[str]:
    """A clause, shortened and quoted, indented under the item it belongs to."""
    hang = " " * (5 + len(label))
    return textwrap.wrap(
        f"{label}“{_short(quote)}”", width, initial_indent="    ", subsequent_indent=hang
    )


def render_diff_markdown(result: LicenseDiff) -> str:
    """Return the Markdown view: a review comment on a license change."""
    a, b = result.a.to_dict(), result.b.to_dict()
    lines = [
        f"## License diff: `{a['id'] or a['input']}` → `{b['id'] or b['input']}`",
        "",
        f"OSD verdict: **{a['osd']}** → **{b['osd']}**",
        "",
    ]
    if result.is_same:
        return "\n".join([*lines, _same_line(result)]) + "\n"
    if result.added:
        lines += ["### Added", ""]
        lines += [f"- **{_term_line(t)}**\n  > {_short(t.quote)}" for t in result.added]
        lines.append("")
    if result.removed:
        lines += ["### Removed", ""]
        lines += [f"- **{_term_line(t)}**\n  > {_short(t.quote)}" for t in result.removed]
        lines.append("")
    if result.changed:
        lines += ["### Changed", "", "| term | what changed | A | B |", "| --- | --- | --- | --- |"]
        for change in result.changed:
            what = _change_line(change).split(": ", 1)[1]
            lines.append(
                f"| {change.kind} | {what} | {_cell(change.a.quote)} | {_cell(change.b.quote)} |"
            )
        lines.append("")
    if result.unread_added:
        lines += ["### Added, read as no term (what they require is unknown)", ""]
        lines += [f"- > {_short(p.quote)}" for p in result.unread_added]
        lines.append("")
    if result.unchanged:
        lines += [f"Unchanged: {', '.join(result.unchanged)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _cell(quote: str) -> str:
    return _short(quote).replace("|", "\\|")


def _same_line(result: LicenseDiff) -> str:
    if result.texts_identical is False:
        return "No term differs; the texts differ in wording outside the terms."
    return "No term differs."
