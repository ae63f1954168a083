"""Decide a model's openness tier, OSAID verdict and MOF class from its facts.

This package judges; it does not fetch facts (see ``openness.kb`` and, for
local folders and the Hub, ``openness.sources``) or render results (see
``openness.cli.render``). The entry point is ``assess_model``.

Tier rule (docs/design.md): ``closed_api`` when the final parameters are not
downloadable, ``open_source`` when the OSAID verdict is pass, ``open_weights``
otherwise. Availability and license openness are separate axes: released
weights under Apache-2.0 without released data are open weights.
"""

from __future__ import annotations

from openness.assess.lineage import (
    Conflict,
    Lineage,
    conflicts_of,
    lineage_of,
    with_carried_terms,
)
from openness.assess.mof import Distribution, classify_mof
from openness.assess.osaid import judge_osaid
from openness.assess.result import (
    Assessment,
    ComponentStatus,
    MofClass,
    OsaidVerdict,
    Outcome,
    Tier,
)
from openness.kb.catalog import Catalog
from openness.kb.schema import Component, ModelRecord
from openness.licenses.known import analyze_known_license
from openness.licenses.osd import OsdOutcome
from openness.licenses.result import FoundTerm, LicenseAnalysis

__all__ = [
    "Assessment",
    "ComponentStatus",
    "MofClass",
    "OsaidVerdict",
    "Outcome",
    "Tier",
    "assess_model",
]


def assess_model(
    model: ModelRecord, catalog: Catalog, lineage: Lineage | None = None
) -> Assessment:
    """Assess *model*: tier, OSAID verdict, MOF class, weights license.

    Args:
        model: the model's facts.
        catalog: the knowledge base holding the licenses the model refers to.
        lineage: its bases, when the caller found them elsewhere (on the Hub);
            by default they are looked up in *catalog*.

    Returns:
        The assessment, every verdict with the reasons that decided it.

    Raises:
        LicenseNotFoundError: the model refers to a license the catalog lacks.
    """
    analyses: dict[str, LicenseAnalysis] = {}

    def analysis_of(license_id: str) -> LicenseAnalysis:
        if license_id not in analyses:
            analyses[license_id] = analyze_known_license(catalog, license_id)
        return analyses[license_id]

    def openness_of(license_id: str | None) -> bool | None:
        if license_id is None or not catalog.has_license(license_id):
            return None
        verdict = analysis_of(license_id).osd.verdict
        return None if verdict is OsdOutcome.UNKNOWN else verdict is OsdOutcome.PASS

    components = {
        name: ComponentStatus(
            name=name,
            available=record.available,
            license=record.license,
            url=record.url,
            license_is_open=openness_of(record.license),
            note=record.note,
        )
        for name in Component
        for record in (model.component(name),)
    }
    osaid = judge_osaid(components, lambda lid: analysis_of(lid).osd.reason)
    weights_license = model.weights_license
    license_analysis = None
    if weights_license is not None:
        license_analysis = analyze_known_license(catalog, weights_license, model.use_policies)
    tier, tier_reasons = _decide_tier(components[Component.MODEL_PARAMETERS], osaid)
    if lineage is None and model.base_models:
        lineage = lineage_of(model, lambda ref: _catalog_model(catalog, ref))
    conflicts: tuple[Conflict, ...] = ()
    if lineage is not None:

        def terms_of(license_id: str) -> tuple[tuple[FoundTerm, ...], str | None] | None:
            if not catalog.has_license(license_id):
                return None
            return analysis_of(license_id).terms, catalog.license(license_id).url

        lineage = with_carried_terms(lineage, terms_of)
        declared_terms = license_analysis.terms if license_analysis is not None else ()
        conflicts = conflicts_of(model.id, weights_license, declared_terms, lineage, terms_of)
    return Assessment(
        model=model,
        tier=tier,
        tier_reasons=tier_reasons,
        components=tuple(components.values()),
        license=license_analysis,
        osaid=osaid,
        mof=classify_mof(components, Distribution(weights_license, openness_of(weights_license))),
        lineage=lineage,
        conflicts=conflicts,
    )


def _catalog_model(catalog: Catalog, ref: str) -> ModelRecord | None:
    model_id = catalog.find_model_id(ref)
    return catalog.model(model_id) if model_id is not None else None


def _decide_tier(parameters: ComponentStatus, osaid: OsaidVerdict) -> tuple[Tier, tuple[str, ...]]:
    if parameters.available is False:
        return Tier.CLOSED_API, ("model_parameters: the final weights are not released",)
    if parameters.available is None:
        return Tier.CLOSED_API, (
            "model_parameters: not known to be downloadable, so treated as closed",
        )
    released = "model_parameters: the final weights can be downloaded"
    if parameters.available == "partial":
        released += f" in part ({parameters.note})" if parameters.note else " in part"
    if osaid.verdict is Outcome.PASS:
        return Tier.OPEN_SOURCE, (released, "meets the Open Source AI Definition 1.0")
    verdict = "fails" if osaid.verdict is Outcome.FAIL else "is not shown to meet"
    return Tier.OPEN_WEIGHTS, (
        released,
        f"{verdict} the Open Source AI Definition 1.0: " + "; ".join(osaid.reasons),
    )
