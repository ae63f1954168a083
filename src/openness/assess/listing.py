"""List and filter the catalog with each model's verdicts, and count by tier.

Owns the catalog-wide views behind ``openness models``: one summary line per
model and the counts per tier, developer and license. It judges nothing itself
(``assess_model`` does). Entry point: ``list_models``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from openness.assess import Assessment, Tier, assess_model
from openness.kb.catalog import Catalog, fold
from openness.kb.schema import ModelRecord


@dataclass(frozen=True)
class ModelListing:
    """The models that passed the filters, with counts."""

    assessments: tuple[Assessment, ...]
    """One assessment per listed model, sorted by developer then id."""
    catalog_size: int
    """Models in the whole catalog, before filtering."""

    def counts_by_tier(self) -> dict[str, int]:
        """Return the number of listed models per tier, every tier present."""
        counts = Counter(a.tier.value for a in self.assessments)
        return {tier.value: counts.get(tier.value, 0) for tier in Tier}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: summaries plus counts."""
        return {
            "models": [summarize(a) for a in self.assessments],
            "counts": {
                "listed": len(self.assessments),
                "catalog": self.catalog_size,
                "by_tier": self.counts_by_tier(),
            },
        }


def summarize(assessment: Assessment) -> dict[str, Any]:
    """Return the one-line JSON summary of an assessment."""
    model = assessment.model
    return {
        "id": model.id,
        "name": model.name,
        "developer": model.developer,
        "family": model.family,
        "modality": model.modality,
        "tier": assessment.tier.value,
        "license": model.weights_license,
        "osaid": assessment.osaid.verdict.value,
        "mof_class": assessment.mof.mof_class,
        "parameters_total": model.parameters_total.value if model.parameters_total else None,
        "release_date": model.release_date.value if model.release_date else None,
    }


_ASSESSED: WeakKeyDictionary[Catalog, dict[str, Assessment]] = WeakKeyDictionary()


def assessed(catalog: Catalog, model: ModelRecord) -> Assessment:
    """Return ``assess_model(model, catalog)``, computed once per catalog and model.

    A catalog does not change once built, so neither does an assessment of one
    of its models; a listing of the whole catalog is then cheap after the first.
    """
    done = _ASSESSED.setdefault(catalog, {})
    found = done.get(model.id)
    if found is None or found.model is not model:
        found = done[model.id] = assess_model(model, catalog)
    return found


def list_models(
    catalog: Catalog,
    *,
    tiers: tuple[Tier, ...] = (),
    developer: str | None = None,
    license_id: str | None = None,
    modalities: tuple[str, ...] = (),
) -> ModelListing:
    """Assess every catalog model and keep those matching the filters.

    Args:
        catalog: the knowledge base.
        tiers: keep models of these tiers (all when empty).
        developer: keep models whose developer contains this text (any case).
        license_id: keep models whose weights license is this id or alias.
        modalities: keep models of these modalities (all when empty).

    Returns:
        The listing, sorted by developer, then id.
    """
    wanted_license = catalog.license(license_id).id if license_id else None
    kept = []
    for model in catalog.models():
        if developer and fold(developer) not in fold(model.developer):
            continue
        if modalities and model.modality not in modalities:
            continue
        if wanted_license and (
            model.weights_license is None
            or (catalog.license(model.weights_license).id != wanted_license)
        ):
            continue
        assessment = assessed(catalog, model)
        if tiers and assessment.tier not in tiers:
            continue
        kept.append(assessment)
    kept.sort(key=lambda a: (fold(a.model.developer), a.model.id))
    return ModelListing(tuple(kept), len(catalog))
