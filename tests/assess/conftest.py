"""Build small synthetic models and a catalog of three licenses for rule tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openness.kb import Catalog
from openness.kb.schema import (
    Component,
    ComponentRecord,
    LicenseKind,
    LicenseRecord,
    ModelRecord,
    TermKind,
    TermRecord,
)

URL = "https://example.org/evidence"

LICENSES = {
    "open-code": LicenseRecord(
        id="open-code", name="Open code license", url=URL, osi_approved=True, status_source=URL
    ),
    "open-data": LicenseRecord(
        id="open-data", name="Open data license", url=URL, open_data=True, status_source=URL
    ),
    "capped": LicenseRecord(
        id="capped",
        name="Capped community license",
        url=URL,
        incorporates=("capped-aup",),
        terms=(TermRecord(TermKind.USER_THRESHOLD, "more than 700 million users", 700_000_000),),
    ),
    "capped-aup": LicenseRecord(
        id="capped-aup",
        name="Capped use policy",
        url=URL,
        kind=LicenseKind.POLICY,
        terms=(TermRecord(TermKind.USE_RESTRICTIONS, "you will not use it to"),),
    ),
    "unknown-terms": LicenseRecord(id="unknown-terms", name="Custom grant", url=URL),
}

FULLY_OPEN: dict[Component, tuple[Any, str | None]] = {
    component: (True, "open-data" if component is Component.DATASETS else "open-code")
    for component in Component
}

MakeModel = Callable[..., ModelRecord]


@pytest.fixture
def rules_catalog() -> Catalog:
    return Catalog({}, LICENSES)


@pytest.fixture
def make_model() -> MakeModel:
    def make(**changes: tuple[Any, str | None] | None) -> ModelRecord:
        """Return a fully open model with the components in *changes* replaced.

        A change of None removes the component (unknown).
        """
        components = {}
        for component, default in FULLY_OPEN.items():
            spec = changes.get(component.value, default)
            if spec is None:
                continue
            available, license_id = spec
            components[component] = ComponentRecord(available, license_id, URL)
        return ModelRecord(
            id="synthetic",
            name="Synthetic",
            developer="Tests",
            family="Synthetic",
            release_date=None,
            parameters_total=None,
            parameters_active=None,
            context_tokens=None,
            components=components,
        )

    return make
