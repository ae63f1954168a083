"""Render a scan as an SPDX 3.0.1 document with the AI profile, through spdx-python-model.

Each model found is an ``ai_AIPackage``; its declared license is a
``hasDeclaredLicense`` relationship to a license expression (the SPDX id, or a
``LicenseRef-`` for licenses the SPDX list does not have).
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any
from uuid import UUID

from openness import __version__
from openness.scan.result import ScannedModel, ScanResult


def render_spdx(result: ScanResult, *, timestamp: datetime, serial: UUID) -> str:
    """Return the scan as SPDX 3.0.1 JSON-LD."""
    from spdx_python_model import v3_0_1 as spdx

    base = f"urn:uuid:{serial}"
    info = spdx.CreationInfo(specVersion="3.0.1", created=timestamp)
    tool = spdx.Tool(spdxId=f"{base}#tool", name=f"openness {__version__}", creationInfo=info)
    agent = spdx.Organization(spdxId=f"{base}#agent", name="openness", creationInfo=info)
    info.createdBy = [agent]
    info.createdUsing = [tool]
    elements: list[Any] = [tool, agent]
    packages = []
    for index, model in enumerate(result.models):
        package = _package(spdx, info, base, index, model)
        packages.append(package)
        elements += [package, *_license_relationship(spdx, info, base, index, model, package)]
    document = spdx.SpdxDocument(
        spdxId=f"{base}#document",
        name=f"openness scan of {result.root}",
        creationInfo=info,
        rootElement=packages,
        element=elements,
        profileConformance=[
            spdx.ProfileIdentifierType.core,
            spdx.ProfileIdentifierType.software,
            spdx.ProfileIdentifierType.ai,
            spdx.ProfileIdentifierType.simpleLicensing,
        ],
    )
    objects = spdx.SHACLObjectSet()
    for element in (document, *elements):
        objects.add(element)
    buffer = io.BytesIO()
    spdx.JSONLDSerializer().write(objects, buffer, indent=2)
    return buffer.getvalue().decode("utf-8") + "\n"


def _package(spdx: Any, info: Any, base: str, index: int, model: ScannedModel) -> Any:
    package = spdx.ai_AIPackage(
        spdxId=f"{base}#model-{index}",
        name=model.ref,
        creationInfo=info,
        software_primaryPurpose=spdx.software_SoftwarePurpose.model,
        software_downloadLocation=_download(model),
    )
    assessment = model.result
    places = ", ".join(str(location) for location in model.locations)
    if assessment is None:
        package.ai_informationAboutApplication = f"not resolved; referenced at {places}"
        return package
    package.ai_informationAboutApplication = (
        f"openness tier {assessment.tier.value}; OSAID {assessment.osaid.verdict.value}; "
        f"MOF class {assessment.mof.mof_class or 'none'}; referenced at {places}"
    )
    if assessment.license is not None:
        limits = [
            t.kind.value
            for t in assessment.license.terms
            if t.kind.value not in ("attribution", "naming")
        ]
        if limits:
            package.ai_limitation = "license terms: " + ", ".join(sorted(set(limits)))
    return package


def _download(model: ScannedModel) -> str:
    assessment = model.result
    if assessment is not None:
        for component in assessment.components:
            if component.name.value == "model_parameters" and component.url and component.available:
                return component.url
    return "NOASSERTION"


def _license_relationship(
    spdx: Any, info: Any, base: str, index: int, model: ScannedModel, package: Any
) -> list[Any]:
    assessment = model.result
    if assessment is None or assessment.license is None or assessment.license.license is None:
        return []
    identity = assessment.license.license
    expression = identity.spdx or "LicenseRef-" + re.sub(r"[^A-Za-z0-9.-]", "-", identity.id)
    license_ = spdx.simplelicensing_LicenseExpression(
        spdxId=f"{base}#license-{index}",
        creationInfo=info,
        simplelicensing_licenseExpression=expression,
    )
    relationship = spdx.Relationship(
        spdxId=f"{base}#declared-license-{index}",
        creationInfo=info,
        from_=package,
        to=[license_],
        relationshipType=spdx.RelationshipType.hasDeclaredLicense,
    )
    return [license_, relationship]


def render_bom(result: ScanResult) -> str:
    """Return the scan as an SPDX 3.0.1 document made now, with a fresh serial number."""
    import uuid
    from datetime import UTC, datetime

    return render_spdx(result, timestamp=datetime.now(UTC), serial=uuid.uuid4())
