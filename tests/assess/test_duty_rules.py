"""Duty rules: each rule's own example holds, and attribution clauses however worded give duties.

The credit-line phrasings below are generated (verbs, credits, places, positions
of the credit in the sentence); those marked held out were never looked at while
writing the rules.
"""

from __future__ import annotations

import itertools

import pytest

from openness.assess.obligations import DUTY_RULES, Documents, DutyKind, Use, _duties
from openness.kb.schema import TermKind
from openness.licenses.result import FoundTerm


@pytest.mark.parametrize("rule", [r for r in DUTY_RULES if r.example], ids=lambda r: r.name)
def test_each_rule_holds_for_its_own_example(rule: object) -> None:
    kind = next(iter(rule.term_kinds))  # type: ignore[attr-defined]
    term = FoundTerm(kind, rule.example)  # type: ignore[attr-defined]
    use = next(iter(sorted(rule.uses)))  # type: ignore[attr-defined]
    found = {item.kind for item in _duties(term, use, Documents(), None)}
    assert rule.kind.value in found  # type: ignore[attr-defined]


CREDITS = ("Built with Acme", "Powered by Orca-7", "Acme Inside")
TEMPLATES = (
    ("you must prominently display “{credit}” on {place}", False),
    ("Licensee shall display the words “{credit}” in {place}", False),
    ("any product shall carry the credit “{credit}” on {place}", False),
    ("you agree to acknowledge the model by showing “{credit}” on {place}", False),
    ("each Derivative must be marked “{credit}” in {place}", True),
    ("state clearly, on {place}, that it is “{credit}”", True),
    ("the phrase “{credit}” has to appear on {place} of every product", True),
)
PLACES = ("the user interface", "the product's about page", "a related website")


@pytest.mark.parametrize(
    ("template", "held_out", "credit", "place"),
    [(t, h, c, p) for (t, h), c, p in itertools.product(TEMPLATES, CREDITS, PLACES)],
)
def test_an_attribution_clause_always_gives_a_duty_for_what_is_shipped(
    template: str, held_out: bool, credit: str, place: str
) -> None:
    quote = template.format(credit=credit, place=place)
    term = FoundTerm(TermKind.ATTRIBUTION, quote)
    duties = list(_duties(term, Use.DISTRIBUTE, Documents(), None))
    assert duties, quote
    assert all(d.quote == quote for d in duties)
    credit_lines = [d for d in duties if d.kind == DutyKind.ATTRIBUTION.value]
    assert credit_lines, quote
    if not held_out:  # the foreseen wordings also name the credit line itself
        assert any(f"“{credit}”" in d.what for d in credit_lines), (quote, credit_lines)
    served = list(_duties(term, Use.SAAS, Documents(), None))
    if "website" in place or "user interface" in place:
        assert served, quote  # a credit shown on a site or an interface binds a service
