"""Render a scan as a CycloneDX 1.6 ML-BOM, through cyclonedx-python-lib.

Each model found is a ``machine-learning-model`` component (license as an SPDX
id where one exists, else name and URL; properties with the openness verdicts);
the library has no ``modelCard`` yet, so the card is added to its JSON output.
The BOM records the openness and knowledge-base versions in its metadata.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from openness import __version__
from openness.assess.result import Assessment
from openness.scan.result import ScannedModel, ScanResult


def render_cyclonedx(result: ScanResult, *, timestamp: datetime, serial: UUID) -> str:
    """Return the scan as CycloneDX 1.6 JSON."""
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6

    application = Component(
        name=result.root.rstrip("/").split("/")[-1] or result.root,
        type=ComponentType.APPLICATION,
        bom_ref="scanned",
    )
    tool = Component(name="openness", version=__version__, type=ComponentType.APPLICATION)
    metadata = BomMetaData(timestamp=timestamp, component=application)
    metadata.tools.components.add(tool)
    components = [_component(model, index) for index, model in enumerate(result.models)]
    bom = Bom(components=components, metadata=metadata, serial_number=serial)
    bom.register_dependency(application, components)
    data = json.loads(JsonV1Dot6(bom).output_as_string())
    cards = {f"model-{index}": _model_card(m) for index, m in enumerate(result.models)}
    for component in data.get("components", []):
        card = cards.get(component.get("bom-ref"))
        if card:
            component["modelCard"] = card
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _component(model: ScannedModel, index: int) -> Any:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
    from cyclonedx.model.component import Component, ComponentType
    from packageurl import PackageURL

    group, _, name = model.ref.rpartition("/") if model.ref.count("/") == 1 else ("", "", model.ref)
    component = Component(
        name=name or model.ref,
        group=group or None,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model-{index}",
        purl=PackageURL(type="huggingface", namespace=group, name=name) if group else None,
    )
    for location in model.locations:
        component.properties.add(Property(name="openness:found_at", value=str(location)))
    assessment = model.result
    if assessment is None:
        component.properties.add(Property(name="openness:resolved", value="false"))
        return component
    for key, value in _verdicts(assessment).items():
        component.properties.add(Property(name=f"openness:{key}", value=value))
    license_ = _license(assessment)
    if license_ is not None:
        component.licenses.add(license_)
    for url, kind in _references(assessment):
        component.external_references.add(ExternalReference(type=kind, url=XsUri(url)))
    del ExternalReferenceType
    return component


def _verdicts(assessment: Assessment) -> dict[str, str]:
    verdicts = {
        "model_id": assessment.model.id,
        "tier": assessment.tier.value,
        "osaid": assessment.osaid.verdict.value,
        "mof_class": assessment.mof.mof_class or "none",
    }
    if assessment.license is not None:
        verdicts["license_osd"] = assessment.license.osd.verdict.value
        kinds = sorted({t.kind.value for t in assessment.license.terms})
        verdicts["license_terms"] = ", ".join(kinds) or "none"
    return verdicts


def _license(assessment: Assessment) -> Any:
    from cyclonedx.contrib.license.factories import LicenseFactory
    from cyclonedx.model import XsUri
    from cyclonedx.model.license import DisjunctiveLicense

    analysis = assessment.license
    if analysis is None or analysis.license is None:
        return None
    identity = analysis.license
    if identity.spdx:
        return LicenseFactory().make_from_string(identity.spdx)
    url = next(
        (c.url for c in assessment.components if c.name.value == "model_parameters" and c.url), None
    )
    return DisjunctiveLicense(name=identity.id, url=XsUri(url) if url else None)


def _references(assessment: Assessment) -> list[tuple[str, Any]]:
    from cyclonedx.model import ExternalReferenceType

    urls = []
    for component in assessment.components:
        if component.url and component.url.startswith(("http://", "https://")):
            kind = (
                ExternalReferenceType.MODEL_CARD
                if component.name.value == "model_card"
                else ExternalReferenceType.DISTRIBUTION
                if component.name.value == "model_parameters"
                else None
            )
            if kind is not None:
                urls.append((component.url, kind))
    return urls


def _model_card(model: ScannedModel) -> dict[str, Any] | None:
    assessment = model.result
    if assessment is None:
        return None
    card: dict[str, Any] = {}
    parameters: dict[str, Any] = {}
    architecture = assessment.model.architecture
    if architecture is not None:
        parameters["modelArchitecture"] = (
            f"transformer, {architecture.layers} layers, hidden size {architecture.hidden_size}"
            + (f", {architecture.experts} experts" if architecture.experts else "")
        )
    if assessment.model.family:
        parameters["architectureFamily"] = assessment.model.family
    if parameters:
        card["modelParameters"] = parameters
    limitations = [
        f"{t.kind.value}: {' '.join(t.quote.split())[:300]}"
        for t in (assessment.license.terms if assessment.license else ())
        if t.kind.value not in ("attribution", "naming")
    ]
    if limitations:
        card["considerations"] = {"technicalLimitations": limitations}
    card["properties"] = [
        {"name": f"openness:{key}", "value": value} for key, value in _verdicts(assessment).items()
    ]
    return card


def render_bom(result: ScanResult) -> str:
    """Return the scan as a CycloneDX 1.6 document made now, with a fresh serial number."""
    import uuid
    from datetime import UTC, datetime

    return render_cyclonedx(result, timestamp=datetime.now(UTC), serial=uuid.uuid4())
