"""Dated license history: `check` shows it, and `check --as-of` answers with the license then."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.errors import AsOfError
from openness.kb import Catalog
from openness.kb.schema import Component, LicenseChange
from openness.kb.validate import parse_model
from openness.resolve import assess_as_of, assess_remote

from .conftest import Invoke

COMMIT = "https://example.org/commit/1"
WEIGHTS = Component.MODEL_PARAMETERS


def _relicensed(catalog: Catalog) -> Catalog:
    """Llama 3.1 8B as if Meta had moved it to Apache-2.0 on 2025-01-01 (a test record)."""
    model = catalog.model("llama-3.1-8b")
    history = (
        LicenseChange("2024-07-23", "llama3.1", COMMIT),
        LicenseChange("2025-01-01", "apache-2.0", COMMIT, note="relicensed"),
    )
    weights = WEIGHTS, replace(model.components[WEIGHTS], license="apache-2.0")
    changed = replace(
        model, license_history=history, components=dict([*model.components.items(), weights])
    )
    return catalog.with_records(models=[changed])


def test_the_check_json_and_table_show_the_history(invoke: Invoke) -> None:
    shown = json.loads(invoke("check", "falcon-40b", "--format", "json").output)
    [change] = shown["license_history"]
    assert change["date"] == "2023-05-31" and change["license"] == "apache-2.0"
    assert change["previous"] == "tii-falcon-llm-1.0" and change["source"].startswith("https://")
    assert change["source"] in shown["sources"]
    table = invoke("check", "falcon-40b").output
    assert "license changed on 2023-05-31 from tii-falcon-llm-1.0 to apache-2.0" in table


def test_as_of_answers_with_the_license_of_that_day(invoke: Invoke) -> None:
    before, after = (
        json.loads(invoke("check", "falcon-40b", "--as-of", day, "--format", "json").output)
        for day in ("2023-05-28", "2024-01-01")
    )
    assert before["components"]["model_parameters"]["license"] == "tii-falcon-llm-1.0"
    assert before["license"]["osd"]["verdict"] != "pass"  # an unread license is never a pass
    assert after["components"]["model_parameters"]["license"] == "apache-2.0"
    assert before["as_of"] == "2023-05-28" and after["as_of"] == "2024-01-01"
    assert before["model"]["id"] == after["model"]["id"] == "falcon-40b"


@pytest.mark.parametrize(
    ("day", "message"),
    [("yesterday", "is not a date"), ("2024-13-01", "is not a date"), ("1999-01-01", "released")],
)
def test_a_day_that_cannot_be_answered_is_a_one_line_error(
    invoke: Invoke, day: str, message: str
) -> None:
    result = invoke("check", "llama-3.1-8b", "--as-of", day)
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2024, 7, 23)))
def test_as_of_follows_the_history_on_any_day(catalog: Catalog, day: date) -> None:
    moved = _relicensed(catalog)
    assessment = assess_as_of(assess_remote("llama-3.1-8b", moved), str(day), moved)
    expected = "apache-2.0" if str(day) >= "2025-01-01" else "llama3.1"
    assert assessment.model.weights_license == "apache-2.0"  # the record itself is unchanged
    [licensed] = [c for c in assessment.components if c.name is WEIGHTS]
    assert licensed.license == expected
    assert assessment.license is not None and assessment.license.license is not None
    assert assessment.license.license.id == expected


def test_a_model_with_no_recorded_change_keeps_its_license(catalog: Catalog) -> None:
    today = assess_remote("llama-3.1-8b", catalog)
    then = assess_as_of(today, "2025-06-01", catalog)
    assert (
        then.as_of == "2025-06-01" and then.to_dict()["components"] == today.to_dict()["components"]
    )
    with pytest.raises(AsOfError):
        assess_as_of(today, "2024-01-01", catalog)  # before its release


@pytest.mark.parametrize(
    ("history", "problem"),
    [
        (
            [{"date": "2025-01-01", "license": "mit", "source": COMMIT},
             {"date": "2024-01-01", "license": "apache-2.0", "source": COMMIT}],
            "date order",
        ),
        ([{"date": "2025-01-01", "license": "mit", "source": COMMIT}], "must be the current"),
        ([{"date": "2025-1-1", "license": "apache-2.0", "source": COMMIT}], "is not YYYY-MM-DD"),
        ([{"date": "2025-01-01", "license": "apache-2.0", "source": "not a url"}], "not an http"),
    ],
)  # fmt: skip
def test_a_wrong_history_is_refused_by_the_validator(
    history: list[dict[str, str]], problem: str
) -> None:
    from openness.errors import KnowledgeBaseError

    record = {
        "id": "m",
        "name": "M",
        "developer": "D",
        "family": "F",
        "components": {
            "model_parameters": {
                "available": True,
                "license": "apache-2.0",
                "url": "https://example.org/weights",
            }
        },
        "license_history": history,
    }
    with pytest.raises(KnowledgeBaseError, match=problem):
        parse_model(record, "m.yaml")
