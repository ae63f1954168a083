"""A third-party NOTICE file for the models a scan found: what a team ships beside them.

One section per model: its name, its license with where to read it, the credit
lines and notices its license asks for (the ``attribution`` and ``notice``
duties of the declared use), the policy to follow, and where the code uses it.
A model whose license is unknown, or that a use does not allow, says so in its
section instead of being left out.
"""

from __future__ import annotations

from openness import __version__
from openness.scan.result import ScannedModel, ScanResult

_CREDIT = ("attribution",)
_NOTICE = ("notice", "license_copy")
_OTHER = ("naming", "pass_through", "share_alike", "aup", "gate", "reporting")


def render_notice(result: ScanResult) -> str:
    """Return the NOTICE text."""
    use = next((m.obligations.context.use.value for m in result.models if m.obligations), None)
    lines = [
        "THIRD-PARTY AI MODEL NOTICES",
        "",
        f"This product uses the AI models listed below. Written by openness {__version__} "
        f"from a scan of {result.root}" + (f", for the use: {use}." if use else "."),
        "Each section gives the model's license, the credit lines and notices the license "
        "asks for, and where to read the terms in full.",
    ]
    for model in result.models:
        lines += ["", "=" * 72, *_section(model)]
    return "\n".join(lines).rstrip() + "\n"


def _section(model: ScannedModel) -> list[str]:
    assessment = model.result
    if assessment is None:
        return [
            model.ref,
            "",
            "  Not a known model: its license is unknown. Review before shipping.",
        ]
    record = assessment.model
    lines = [f"{record.name} ({model.ref})", ""]
    analysis = assessment.license
    identity = analysis.license if analysis is not None else None
    found = model.obligations
    if identity is not None:
        lines.append(f"  License: {identity.name} ({identity.id})")
        if found is not None and found.license_url:
            lines.append(f"  Terms: {found.license_url}")
    elif assessment.tier.value == "closed_api":
        lines.append("  Used through its provider's API; no weights are shipped.")
    else:
        lines.append("  License: unknown. Review before shipping.")
    if found is not None:
        if found.allowed is False and assessment.tier.value != "closed_api":
            refused = "; ".join(b.what for b in found.blockers if b.applies)
            lines.append(f"  NOT ALLOWED for this use: {refused}")
        elif found.allowed is None and assessment.tier.value != "closed_api":
            lines.append(f"  REVIEW before shipping: {'; '.join(found.reasons)}")
        for title, kinds in (("Credit", _CREDIT), ("Notice", _NOTICE), ("Also", _OTHER)):
            for duty in (d for d in found.duties if d.kind in kinds):
                carried = f" (from {duty.inherited_from})" if duty.inherited_from else ""
                lines.append(f"  {title}: {duty.what}{carried}")
    places = ", ".join(str(location) for location in model.locations[:5])
    lines.append(f"  Used at: {places}")
    return lines
