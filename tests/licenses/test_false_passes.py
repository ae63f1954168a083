"""A pass is a promise: restricted variants of open licenses never pass.

The generator (``mutations.py``) inserts restrictive sentences, in several
phrasings per kind and at several positions, into every open license text
the tests hold; none may pass, each must be a variant of its base license
with the sentence among its additions, and (for the phrasings rules were
written against) the sentence must be read as the right kind. Held-out
phrasings are only held to "never pass" here; the benchmark measures them.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness import analyze_license
from openness.licenses.extract import DETECTOR_RULES, normalize
from openness.licenses.reading import SENTENCE_RULES, Reading, SentenceRule, read_clause
from openness.licenses.rules import ALL_RULES, TermRule
from openness.licenses.text import prepare_text

from .conftest import CORPUS, SPDX, read
from .mutations import PHRASINGS, POSITIONS, Phrasing, fill, mutate, mutations

OPEN_BASES = [
    (path.name, read(path))
    for path in (
        SPDX / "MIT.txt",
        SPDX / "BSD-2-Clause.txt",
        SPDX / "ISC.txt",
        SPDX / "Apache-2.0.txt",
        SPDX / "MPL-2.0.txt",
        SPDX / "GPL-2.0-only.txt",
        SPDX / "LGPL-2.1-only.txt",
        SPDX / "LGPL-3.0-only.txt",
        SPDX / "AGPL-3.0-only.txt",
        SPDX / "Unlicense.txt",
        CORPUS / "bsd-3-clause.txt",
        CORPUS / "gpl-3.0.txt",
        CORPUS / "mit-deepseek-code.txt",
        CORPUS / "grok-1-apache-2.0.txt",
    )
]
"""Every OSI-approved full text in the corpus and the SPDX fixtures."""

BREAKING = [p for p in PHRASINGS if not p.kinds <= {"delayed_open"}]


@pytest.mark.parametrize(("name", "text"), OPEN_BASES, ids=[n for n, _ in OPEN_BASES])
def test_open_bases_pass_unchanged(name: str, text: str) -> None:
    result = analyze_license(text)
    assert result.osd.verdict.value == "pass", result.osd.reason
    assert result.license is not None and result.license.match == "exact"
    assert result.osd.unread == ()


BASE_IDS = {name: analyze_license(text).license for name, text in OPEN_BASES}


@pytest.mark.parametrize("held_out", [False, True], ids=["dev", "held-out"])
def test_no_restricted_variant_passes(held_out: bool) -> None:
    passed, misnamed = [], []
    for name, mutation in mutations(OPEN_BASES, held_out=held_out):
        result = analyze_license(mutation.text)
        where = f"{name} {mutation.position}: {mutation.sentence}"
        if result.osd.verdict.value == "pass":
            passed.append(where)
        base = BASE_IDS[name]
        identity = result.license
        start, end = mutation.span
        if (
            identity is None
            or base is None
            or (identity.id, identity.match) != (base.id, "variant")
            or not any(a.span[0] < end and start < a.span[1] for a in identity.additions)
        ):
            misnamed.append(f"{where} -> {identity.id if identity else None}")
    assert passed == []
    assert misnamed == []  # a variant of its base, the sentence among its additions


def test_a_sibling_license_with_another_addition_is_not_named() -> None:
    # The JSON License is MIT plus one sentence; MIT plus a different sentence is
    # a variant of MIT, not the JSON License (whose sentence the text lacks).
    text = read(SPDX / "MIT.txt").replace(
        "THE SOFTWARE IS PROVIDED",
        "The Software may not be used for any military purpose.\n\nTHE SOFTWARE IS PROVIDED",
    )
    result = analyze_license(text)
    assert result.license is not None
    assert (result.license.id, result.license.match) == ("mit", "variant")
    assert result.osd.verdict.value == "fail"


def test_restrictions_are_read_as_their_kind() -> None:
    wrong = []
    total = 0
    for name, mutation in mutations(OPEN_BASES, held_out=False):
        total += 1
        result = analyze_license(mutation.text)
        start, end = mutation.span
        kinds = {t.kind.value for t in result.terms if t.span and t.span[0] < end < t.span[1] + 1
                 or (t.span and start <= t.span[0] < end)}  # fmt: skip
        if not kinds & mutation.phrasing.kinds:
            wrong.append(f"{name} {mutation.position}: {sorted(kinds)} for {mutation.sentence}")
    assert len(wrong) <= 0.02 * total, "\n".join(wrong)


def test_a_variant_lists_the_added_sentence_with_its_kind() -> None:
    text = read(SPDX / "MIT.txt")
    sentence = "The rights granted here do not extend to persons located in Iran or Cuba."
    mutated, start = mutate(text, sentence, "middle", random.Random(1))
    result = analyze_license(mutated)
    assert result.license is not None
    assert (result.license.id, result.license.match) == ("mit", "variant")
    assert result.license.confidence < 1.0
    [addition] = result.license.additions
    assert addition.quote == sentence and addition.span == (start, start + len(sentence))
    assert [k.value for k in addition.kinds] == ["geographic_restriction"]
    assert result.osd.verdict.value == "fail"
    assert "variant" in result.to_dict()["license"]["match"]


def test_an_unknown_operative_sentence_is_unread_and_blocks_the_pass() -> None:
    sentence = "The Licensor may audit the books of any licensee once a year."
    mutated, start = mutate(read(SPDX / "ISC.txt"), sentence, "end", random.Random(1))
    result = analyze_license(mutated)
    assert result.osd.verdict.value == "unknown"
    assert [(u.quote, u.span) for u in result.osd.unread] == [
        (sentence, (start, start + len(sentence)))
    ]
    assert result.to_dict()["osd"]["unread_count"] == 1


def test_an_allowed_addition_keeps_the_pass_and_says_variant() -> None:
    sentence = "This software is provided without support of any kind."
    mutated, _ = mutate(read(SPDX / "MIT.txt"), sentence, "end", random.Random(1))
    result = analyze_license(mutated)
    assert result.license is not None and result.license.match == "variant"
    assert result.osd.verdict.value == "pass"
    assert "variant" in result.osd.reason


@pytest.mark.parametrize("rule", SENTENCE_RULES, ids=[r.name for r in SENTENCE_RULES])
def test_every_sentence_rule_reads_its_example(rule: SentenceRule) -> None:
    reading = read_clause(rule.example.lower(), has_term=False, known=False, heading=False)
    assert reading.reading in (Reading.GRANT, Reading.ALLOWED), reading


@pytest.mark.parametrize(
    "rule", ALL_RULES + DETECTOR_RULES, ids=[r.name for r in ALL_RULES + DETECTOR_RULES]
)
def test_every_term_rule_finds_its_example(rule: TermRule) -> None:
    assert rule.search(normalize(rule.example)) is not None  # the rule itself matches it
    assert rule.kind in analyze_license(rule.example).term_kinds()


def test_rule_names_are_unique() -> None:
    names = [r.name for r in ALL_RULES + DETECTOR_RULES] + [r.name for r in SENTENCE_RULES]
    assert len(names) == len(set(names))


_BREAKING_PHRASINGS = st.sampled_from(BREAKING)
_BASES = st.sampled_from(OPEN_BASES)
_POSITIONS = st.sampled_from(POSITIONS)


def _insert(text: str, phrasing: Phrasing, position: str, seed: int) -> tuple[str, str]:
    rng = random.Random(seed)
    sentence = fill(phrasing, rng)
    return mutate(text, sentence, position, rng)[0], sentence


@settings(max_examples=40, deadline=None)
@given(_BASES, st.lists(st.tuples(_BREAKING_PHRASINGS, _POSITIONS), min_size=1, max_size=3),
       st.integers(0, 10_000))  # fmt: skip
def test_any_restrictive_insertion_never_passes(
    base: tuple[str, str], inserts: list[tuple[Phrasing, str]], seed: int
) -> None:
    text = base[1]
    for phrasing, position in inserts:
        text, _ = _insert(text, phrasing, position, seed)
    assert analyze_license(text).osd.verdict.value != "pass"


@settings(max_examples=30, deadline=None)
@given(_BASES, _BREAKING_PHRASINGS, _BREAKING_PHRASINGS, _POSITIONS, st.integers(0, 10_000))
def test_deleting_one_of_two_restrictions_never_passes(
    base: tuple[str, str], first: Phrasing, second: Phrasing, position: str, seed: int
) -> None:
    once, kept = _insert(base[1], first, position, seed)
    twice, removed = _insert(once, second, "end", seed + 1)
    assert analyze_license(twice).osd.verdict.value != "pass"
    at = twice.rindex(removed)
    assert twice.count(kept) >= 1
    assert analyze_license(twice[:at] + twice[at + len(removed) :]).osd.verdict.value != "pass"


FAILING = [CORPUS / "llama-3-community.txt", CORPUS / "cc-by-nc-4.0.txt", SPDX / "CC-BY-ND-4.0.txt"]


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(FAILING), _BREAKING_PHRASINGS, _POSITIONS, st.integers(0, 10_000))
def test_adding_a_restriction_never_turns_fail_into_pass(
    path: Path, phrasing: Phrasing, position: str, seed: int
) -> None:
    text = read(path)
    assert analyze_license(text).osd.verdict.value == "fail"
    mutated, _ = _insert(text, phrasing, position, seed)
    assert analyze_license(mutated).osd.verdict.value == "fail"


def test_shouted_restriction_is_not_taken_for_a_disclaimer() -> None:
    text = read(SPDX / "MIT.txt") + "\n\nTHE SOFTWARE IS PROVIDED AS IS AND MAY NOT BE USED BY ANY "
    text += "MILITARY ORGANIZATION OR FOR ANY MILITARY PURPOSE WHATSOEVER.\n"
    assert analyze_license(text).osd.verdict.value != "pass"


def test_restriction_on_a_copyright_line_is_read() -> None:
    text = read(SPDX / "MIT.txt").replace(
        "Copyright (c) <year> <copyright holders>",
        "Copyright (c) 2026 Example Corp. Not for use by any government agency.",
    )
    result = analyze_license(text)
    assert result.osd.verdict.value != "pass"


def test_grant_for_unlisted_text_needs_every_sentence_read() -> None:
    grant = (
        "Permission is hereby granted, free of charge, to any person to use, copy, modify and "
        "distribute this software for any purpose."
    )
    assert analyze_license(grant).osd.verdict.value == "pass"
    narrowed = grant + " Residents of the state of Texas are not licensees."
    assert analyze_license(narrowed).osd.verdict.value != "pass"


def test_clean_text_offsets_are_the_input_offsets() -> None:
    # spans in additions and unread index the input, even with markup around the text
    text = "<p>" + read(SPDX / "MIT.txt").replace("\n", "<br>\n") + "</p>"
    text += "<p>The Licensor may audit any licensee.</p>"
    result = analyze_license(text)
    for passage in result.osd.unread:
        assert prepare_text(text).readable(*passage.span) == passage.quote
        assert "<" not in passage.quote
    assert re.search("audit", "".join(p.quote for p in result.osd.unread))
    assert prepare_text(text).clean
