"""Property tests: any record the schema accepts gets a tier and verdicts, never an exception."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openness.assess import Outcome, Tier, assess_model
from openness.kb import Catalog
from openness.kb.schema import Component
from openness.kb.validate import parse_model

from .conftest import LICENSES

availability = st.sampled_from([True, False, "partial", None])
license_ids = st.sampled_from([None, *LICENSES])
components = st.dictionaries(
    st.sampled_from([c.value for c in Component]),
    st.fixed_dictionaries(
        {"available": availability, "license": license_ids},
        optional={"note": st.text(max_size=20)},
    ).map(lambda c: {**c, "url": "https://example.org/c"}),
)
fact = st.fixed_dictionaries(
    {"value": st.integers(1, 10**13), "source": st.just("https://example.org/f")}
)
model_data = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True),
        "name": st.text(min_size=1, max_size=30),
        "developer": st.text(min_size=1, max_size=20),
        "family": st.text(min_size=1, max_size=20),
        "release_date": st.none(),
        "parameters_total": st.none() | fact,
        "parameters_active": st.none() | fact,
        "context_tokens": st.none() | fact,
        "components": components,
    }
)


@settings(max_examples=300, deadline=None)
@given(model_data)
def test_any_valid_record_gets_a_tier(data: dict[str, Any]) -> None:
    catalog = Catalog({}, LICENSES)
    model = parse_model(data, "generated.yaml")
    result = assess_model(model, catalog)
    assert result.tier in set(Tier)
    json.dumps(result.to_dict())  # the JSON contract always serialises
    parameters = model.component(Component.MODEL_PARAMETERS).available
    if parameters in (False, None):
        assert result.tier is Tier.CLOSED_API
    elif result.osaid.verdict is Outcome.PASS:
        assert result.tier is Tier.OPEN_SOURCE
    else:
        assert result.tier is Tier.OPEN_WEIGHTS
    assert result.osaid.reasons, "every verdict has reasons"
    if result.mof.mof_class != "I":
        assert result.mof.missing and len(result.mof.missing) == len(result.mof.reasons)
