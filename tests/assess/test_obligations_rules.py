"""Obligations rules: properties over any terms and context, and the threshold arithmetic."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.assess import Assessment, assess_model
from openness.assess.obligations import (
    Documents,
    Purpose,
    Use,
    UseContext,
    obligations_for,
)
from openness.kb.catalog import Catalog
from openness.kb.schema import TermKind
from openness.licenses.osd import judge_reading
from openness.licenses.result import FoundTerm, LicenseAnalysis, LicenseIdentity

_IDENTITY = LicenseIdentity("some-license", "Some License", None, 1.0)
_BLOCKING = [
    TermKind.NON_COMMERCIAL,
    TermKind.RESEARCH_ONLY,
    TermKind.NO_DERIVATIVES,
    TermKind.NO_REDISTRIBUTION,
    TermKind.MODEL_IMPROVEMENT_BAN,
    TermKind.USER_THRESHOLD,
    TermKind.REVENUE_THRESHOLD,
    TermKind.GEOGRAPHIC_RESTRICTION,
    TermKind.EXCLUDED_PARTIES,
    TermKind.FEE_REQUIRED,
    TermKind.PRODUCT_RESTRICTION,
]


def _term(kind: TermKind, value: Any = None, **extra: Any) -> FoundTerm:
    return FoundTerm(kind, f"the {kind.value} clause", value, document="some-license", **extra)


def _with_terms(catalog: Catalog, terms: list[FoundTerm], unread: int = 0) -> Assessment:
    base = assess_model(catalog.model("olmo-2-7b"), catalog)
    # An open grant, as a read text would have: the verdict then follows the terms.
    verdict = judge_reading(
        (t.kind for t in terms), open_because="a grant covering every freedom", unread_count=unread
    )
    return replace(base, license=LicenseAnalysis(_IDENTITY, tuple(terms), verdict))


_VALUES = {
    TermKind.USER_THRESHOLD: st.integers(1, 10**9),
    TermKind.REVENUE_THRESHOLD: st.integers(1, 10**9),
    TermKind.GEOGRAPHIC_RESTRICTION: st.lists(
        st.sampled_from(["European Union", "China", "sanctioned countries", "Russia"]),
        min_size=1,
        max_size=3,
    ).map(tuple),
}
_ANY_TERM = st.sampled_from(list(TermKind)).flatmap(
    lambda kind: (_VALUES.get(kind, st.none())).map(lambda value: _term(kind, value))
)
_CONTEXT = st.builds(
    UseContext,
    st.sampled_from(list(Use)),
    st.none() | st.integers(0, 2 * 10**9),
    st.none() | st.integers(0, 2 * 10**9),
    st.sampled_from(["USD", "EUR"]),
    st.none() | st.sampled_from(["DE", "US", "CN", "Brazil"]),
    st.sampled_from(list(Purpose)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ANY_TERM, max_size=8), _CONTEXT)
def test_allowed_is_true_only_when_no_blocker_may_apply(
    catalog: Catalog, terms: list[FoundTerm], context: UseContext
) -> None:
    result = obligations_for(_with_terms(catalog, terms), context, Documents())
    if result.allowed is True:
        assert all(b.applies is False for b in result.blockers)
        assert not result.reasons
    if any(b.applies for b in result.blockers):
        assert result.allowed is False
    assert all(c.applies is False for c in result.cleared)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ANY_TERM, max_size=6), _CONTEXT, st.sampled_from(_BLOCKING), st.data())
def test_adding_a_restriction_never_turns_a_refusal_into_a_yes(
    catalog: Catalog,
    terms: list[FoundTerm],
    context: UseContext,
    extra: TermKind,
    data: st.DataObject,
) -> None:
    before = obligations_for(_with_terms(catalog, terms), context, Documents())
    value = data.draw(_VALUES[extra]) if extra in _VALUES else None
    more = [*terms, _term(extra, value)]
    after = obligations_for(_with_terms(catalog, more), context, Documents())
    if before.allowed is not True:
        assert after.allowed is not True


@given(st.lists(_ANY_TERM, max_size=6), _CONTEXT, st.integers(1, 50))
def test_unread_sentences_never_give_a_yes(
    catalog: Catalog, terms: list[FoundTerm], context: UseContext, unread: int
) -> None:
    result = obligations_for(_with_terms(catalog, terms, unread), context, Documents())
    assert result.allowed is not True


@pytest.mark.parametrize(
    ("unit", "users", "applies"),
    [
        (None, 999, False),
        (None, 1001, True),
        (None, None, None),
        ("daily_active_users", 999, False),  # a month's users bound each day's
        ("daily_active_users", 5000, None),
        ("devices", 10, None),
    ],
)
def test_user_caps_by_unit(
    catalog: Catalog, unit: str | None, users: int | None, applies: bool | None
) -> None:
    context = UseContext(Use.SAAS, monthly_active_users=users)
    terms = [_term(TermKind.USER_THRESHOLD, 1000, unit=unit)]
    result = obligations_for(_with_terms(catalog, terms), context, Documents())
    found = [*result.blockers, *result.cleared]
    assert [b.applies for b in found] == [applies]


@pytest.mark.parametrize(
    ("period", "revenue", "currency", "applies"),
    [
        (None, 999, "USD", False),
        (None, 1001, "USD", True),
        (None, 1001, "EUR", None),
        ("monthly", 1000, "USD", False),
        ("monthly", 12_001, "USD", True),
        ("monthly", 5000, "USD", None),
    ],
)
def test_revenue_caps_by_period_and_currency(
    catalog: Catalog, period: str | None, revenue: int, currency: str, applies: bool | None
) -> None:
    context = UseContext(Use.INTERNAL, revenue=revenue, currency=currency)
    terms = [_term(TermKind.REVENUE_THRESHOLD, 1000, currency="USD", period=period)]
    result = obligations_for(_with_terms(catalog, terms), context, Documents())
    assert [b.applies for b in [*result.blockers, *result.cleared]] == [applies]


@pytest.mark.parametrize(
    ("places", "region", "applies"),
    [
        (("European Union",), "FR", True),
        (("European Union",), "US", False),
        (("sanctioned countries",), "US", None),
        (("China",), None, None),
    ],
)
def test_territories(
    catalog: Catalog, places: tuple[str, ...], region: str | None, applies: bool | None
) -> None:
    context = UseContext(Use.SAAS, region=region)
    terms = [_term(TermKind.GEOGRAPHIC_RESTRICTION, places)]
    result = obligations_for(_with_terms(catalog, terms), context, Documents())
    assert [b.applies for b in [*result.blockers, *result.cleared]] == [applies]


def test_each_use_gets_the_duties_of_its_kind(catalog: Catalog) -> None:
    terms = [
        FoundTerm(TermKind.ATTRIBUTION, "you must give recipients a copy of this License"),
        FoundTerm(TermKind.NAMING, "include “Acme” at the beginning of any such model name"),
        FoundTerm(TermKind.RESTRICTIONS_PASS_THROUGH, "include the use restrictions"),
    ]
    duties = {
        use: [
            d.kind
            for d in obligations_for(
                _with_terms(catalog, terms),
                UseContext(use),
                Documents(),
            ).duties
        ]
        for use in Use
    }
    assert duties[Use.INTERNAL] == []
    assert duties[Use.SAAS] == ["pass_through"]
    assert duties[Use.DISTRIBUTE] == ["license_copy", "pass_through"]
    assert duties[Use.DERIVE] == ["license_copy", "naming", "pass_through"]
    assert duties[Use.OUTPUTS] == []


def test_an_open_grant_with_only_duties_is_allowed(catalog: Catalog) -> None:
    terms = [FoundTerm(TermKind.ATTRIBUTION, "you must give recipients a copy of this License")]
    result = obligations_for(_with_terms(catalog, terms), UseContext(Use.EMBED), Documents())
    assert result.allowed is True and [d.kind for d in result.duties] == ["license_copy"]
