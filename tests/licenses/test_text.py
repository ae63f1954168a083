"""Text as found: markup, line endings, BOM, encodings; spans always point into the input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from openness import analyze_license
from openness.licenses.text import decode_license_bytes, prepare_text

from .conftest import CORPUS, read

_pieces = st.sampled_from(
    [
        "word",
        "Licensee",
        "  ",
        "\n",
        "\r\n",
        "\n\n",
        "**",
        "_",
        "#",
        "# ",
        "[link](http://x.y)",
        "<p>",
        "</p>",
        "&amp;",
        "&#8220;",
        "“",
        "’",
        "\t",
        "1. ",
        "a) ",
        "<MODELNAME>",
        "\\*",
        "`",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=60))
def test_every_clean_word_maps_back_to_itself(pieces: list[str]) -> None:
    text = "".join(pieces)
    prepared = prepare_text(text)
    for match in re.finditer(r"[A-Za-z0-9]+", prepared.clean):
        start, end = prepared.original_span(match.start(), match.end())
        source = text[start:end]
        # The span starts and ends on the word; only removed markup may lie inside it.
        assert source[0] == match.group()[0] and source[-1] == match.group()[-1]
        letters = iter(source)
        assert all(char in letters for char in match.group()), (source, match.group())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_an_analysis(text: str) -> None:
    if not text.strip():
        return
    result = analyze_license(text)
    prepared = prepare_text(text)
    for term in result.terms:
        assert term.span is not None
        assert prepared.readable(*term.span) == term.quote
        assert _words(term.quote) <= _words(text[term.span[0] : term.span[1]])


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_quotes_of_markdown_text_point_into_it_without_the_markup() -> None:
    text = read(CORPUS / "llama-3.3-aup.txt")
    result = analyze_license(text)
    geo = [t for t in result.terms if t.kind.value == "geographic_restriction"]
    assert geo and "European Union" in geo[0].quote
    for term in result.terms:
        assert term.span is not None
        assert "**" not in term.quote and "](" not in term.quote
        assert _words(term.quote) <= _words(text[term.span[0] : term.span[1]])
    assert any("**" in text[t.span[0] : t.span[1]] for t in result.terms if t.span)


def test_html_quotes_point_into_the_html() -> None:
    html = (
        "<html><body><h1>Model License</h1><p>You may use, modify and distribute the "
        "model.</p><p>You may <b>not</b> use the model for <em>commercial</em> purposes."
        "</p></body></html>"
    )
    result = analyze_license(html)
    kinds = {t.kind.value for t in result.terms}
    assert "non_commercial" in kinds
    term = next(t for t in result.terms if t.kind.value == "non_commercial")
    assert term.span is not None
    assert term.quote == "You may not use the model for commercial purposes."
    assert "<b>not</b>" in html[term.span[0] : term.span[1]]


def test_crlf_spans_index_the_text_as_read() -> None:
    text = read(CORPUS / "llama-3.2-aup.txt").replace("\n", "\r\n")
    result = analyze_license(text)
    prepared = prepare_text(text)
    for term in result.terms:
        assert term.span is not None and prepared.readable(*term.span) == term.quote
        assert term.quote.replace("\r\n", "\n").split() == (
            prepared.readable(*term.span).replace("\r\n", "\n").split()
        )
        assert _words(term.quote) <= _words(text[term.span[0] : term.span[1]])


def test_invalid_utf8_is_replaced_and_reported() -> None:
    data = read(CORPUS / "mit-deepseek-code.txt").encode("utf-8") + b"\xff\xfe caf\xe9"
    text, notes = decode_license_bytes(data, "LICENSE")
    assert "\ufffd" in text and "not valid UTF-8" in notes[0]
    result = analyze_license(data, origin="LICENSE")
    assert any("not valid UTF-8" in note for note in result.notes)
    assert result.license is not None and result.license.id == "mit"


def test_bom_is_part_of_the_text_as_read() -> None:
    text = "\ufeff" + read(CORPUS / "llama-3.1-community.txt")
    result = analyze_license(text)
    assert result.license is not None and result.license.id == "llama3.1"
    for term in result.terms:
        assert term.span is not None and text[term.span[0] : term.span[1]] == term.quote
