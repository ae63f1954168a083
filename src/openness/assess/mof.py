"""The Model Openness Framework (MOF) class, from a model's components.

Owns the class rules of docs/design.md (after MOT's evaluator): classes are
cumulative; Class III needs architecture, final parameters, model card, data
card, a technical report (or a research paper in its stead) and evaluation
results; Class II adds training, inference and evaluation code and evaluation
data; Class I adds datasets, data-preprocessing code, intermediate parameters
and a research paper. A component counts when it is released in full under an
open license; datasets count when released, whatever their license, as the
MOF paper accepts any dataset license. A component released without a license
of its own falls under the model's distribution license (the weights license),
as MOT's evaluator counts it. Entry point: ``classify_mof``.
"""

from __future__ import annotations

from dataclasses import dataclass

from openness.assess.result import ComponentStatus, MofClass
from openness.kb.schema import Component

CLASS_III = (
    Component.MODEL_ARCHITECTURE,
    Component.MODEL_PARAMETERS,
    Component.MODEL_CARD,
    Component.DATA_CARD,
    Component.TECHNICAL_REPORT,
    Component.EVALUATION_RESULTS,
)
CLASS_II = (
    Component.TRAINING_CODE,
    Component.INFERENCE_CODE,
    Component.EVALUATION_CODE,
    Component.EVALUATION_DATA,
)
CLASS_I = (
    Component.DATASETS,
    Component.DATA_PREPROCESSING_CODE,
    Component.INTERMEDIATE_PARAMETERS,
    Component.RESEARCH_PAPER,
)
_LADDER = (("III", CLASS_III), ("II", CLASS_II), ("I", CLASS_I))
_LICENSE_FREE = {Component.DATASETS}


@dataclass(frozen=True)
class Distribution:
    """The license a model's release as a whole is distributed under."""

    license: str | None
    """License id (the weights license), or None."""
    is_open: bool | None
    """Whether that license is open."""


def classify_mof(
    components: dict[Component, ComponentStatus], distribution: Distribution | None = None
) -> MofClass:
    """Return the highest MOF class met and what the next class lacks.

    Args:
        components: the model's components by name.
        distribution: the release's license, which covers components that
            have no license of their own.

    >>> from openness.assess.result import ComponentStatus
    >>> empty = {c: ComponentStatus(c, False, None, None, None) for c in Component}
    >>> result = classify_mof(empty)
    >>> result.mof_class, result.missing[0].value
    (None, 'model_architecture')
    """
    judge = _Judge(components, distribution or Distribution(None, None))
    reached: str | None = None
    for label, required in _LADDER:
        missing: list[Component] = []
        reasons: list[str] = []
        for name in required:
            reason = judge.why_not_counted(name)
            if reason is not None:
                missing.append(name)
                reasons.append(reason)
        if missing:
            return MofClass(reached, tuple(missing), tuple(reasons))
        reached = label
    return MofClass(reached, (), ())


@dataclass(frozen=True)
class _Judge:
    components: dict[Component, ComponentStatus]
    distribution: Distribution

    def why_not_counted(self, name: Component) -> str | None:
        """Return why *name* does not count toward its class, or None when it counts."""
        reason = self.problem(self.components[name])
        if reason is None or name is not Component.TECHNICAL_REPORT:
            return reason
        # A research paper may stand in for the technical report (MOT's evaluator).
        if self.problem(self.components[Component.RESEARCH_PAPER]) is None:
            return None
        return f"{reason}; no openly licensed research paper stands in for it"

    def problem(self, status: ComponentStatus) -> str | None:
        name = status.name.value
        if status.available is False:
            return f"{name}: not released"
        if status.available is None:
            return f"{name}: unknown whether it is released"
        if status.available == "partial":
            return f"{name}: only partly released"
        if status.name in _LICENSE_FREE:
            return None
        license_id, is_open, inherited = status.license, status.license_is_open, ""
        if license_id is None and self.distribution.license is not None:
            license_id, is_open = self.distribution.license, self.distribution.is_open
            inherited = " (the distribution license; it has none of its own)"
        if license_id is None:
            return f"{name}: released without a known license"
        if is_open is not True:
            state = "is not an open license" if is_open is False else "is not known to be open"
            return f"{name}: license {license_id}{inherited} {state}"
        return None
