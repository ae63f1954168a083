"""Obligations on generated licenses never allow a use an added restriction stops.

An open text with one restrictive sentence added (in our own words, several
phrasings per kind, held-out ones included) never gives ``allowed: true`` for a
use that sentence stops, whichever way it is read.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from openness import analyze_license
from openness.assess import Assessment, assess_model
from openness.assess.obligations import BLOCKING, Documents, Use, UseContext, obligations_for
from openness.kb.catalog import Catalog
from openness.kb.schema import TermKind
from tests.licenses.mutations import Mutation, mutations
from tests.licenses.test_false_passes import OPEN_BASES

_STOPS = {rule.kind: rule.uses for rule in BLOCKING}
_MUTATIONS = list(mutations(OPEN_BASES, held_out=None))


def _stopped(kinds: frozenset[str]) -> frozenset[Use]:
    """The uses every reading of the sentence stops (each kind it may be read as)."""
    uses = set(Use)
    for kind in kinds:
        uses &= set(_STOPS.get(TermKind(kind), ()))
    return frozenset(uses)


@pytest.fixture(scope="module")
def base(catalog: Catalog) -> Assessment:
    return assess_model(catalog.model("olmo-2-7b"), catalog)


@pytest.mark.parametrize(
    "mutation", [m for _, m in _MUTATIONS], ids=[f"{n}-{i}" for i, (n, _) in enumerate(_MUTATIONS)]
)
def test_an_added_restriction_is_never_an_allowed_use(base: Assessment, mutation: Mutation) -> None:
    stopped = _stopped(mutation.phrasing.kinds)
    assessment = replace(base, license=analyze_license(mutation.text))
    for use in stopped:
        result = obligations_for(assessment, UseContext(use), Documents())
        assert result.allowed is not True, (use.value, mutation.sentence)


def test_the_generator_covers_every_use_and_held_out_phrasings() -> None:
    covered = set().union(*(_stopped(m.phrasing.kinds) for _, m in _MUTATIONS))
    assert covered == set(Use)
    assert any(m.phrasing.held_out for _, m in _MUTATIONS)
