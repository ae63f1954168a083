"""The Open Source AI Definition 1.0 verdict, from a model's components.

Owns the rule of docs/design.md: OSAID needs Parameters, Code (training, data
processing, inference, architecture) and Data Information (the datasets, or a
data card that describes data which cannot be shared), all under open terms.
A requirement known to be missing or under non-open terms fails it; one that
is unknown leaves the verdict unknown. Entry point: ``judge_osaid``.
"""

from __future__ import annotations

from collections.abc import Callable

from openness.assess.result import ComponentStatus, OsaidVerdict, Outcome
from openness.kb.schema import Component

PARAMETERS_AND_CODE = (
    Component.MODEL_PARAMETERS,
    Component.MODEL_ARCHITECTURE,
    Component.TRAINING_CODE,
    Component.DATA_PREPROCESSING_CODE,
    Component.INFERENCE_CODE,
)
"""Required components that must be released in full under open terms."""

LicenseExplainer = Callable[[str], str]
"""Returns, for a license id, why it is not open (the OSD criteria it breaks)."""


def judge_osaid(
    components: dict[Component, ComponentStatus], explain_license: LicenseExplainer
) -> OsaidVerdict:
    """Return the OSAID verdict with one reason per requirement that decided it.

    Args:
        components: the model's components by name.
        explain_license: says why a license is not open, for the reasons.

    Returns:
        fail if a requirement is known to be unmet; unknown if none is but one
        is unknown; pass otherwise.
    """
    failures: list[str] = []
    unknowns: list[str] = []
    not_open: dict[str, list[str]] = {}
    for name in PARAMETERS_AND_CODE:
        status = components[name]
        outcome, reason = _judge_component(status)
        if outcome is Outcome.FAIL and status.license_is_open is False:
            not_open.setdefault(str(status.license), []).append(name.value)
        elif outcome is Outcome.FAIL:
            failures.append(reason)
        elif outcome is Outcome.UNKNOWN:
            unknowns.append(reason)
    # One reason per non-open license, naming every component under it.
    failures[:0] = [
        f"{', '.join(names)}: under {license_id}, which {explain_license(license_id)}"
        for license_id, names in not_open.items()
    ]
    outcome, reason = _judge_data_information(
        components[Component.DATASETS], components[Component.DATA_CARD]
    )
    if outcome is Outcome.FAIL:
        failures.append(reason)
    elif outcome is Outcome.UNKNOWN:
        unknowns.append(reason)
    if failures:
        return OsaidVerdict(Outcome.FAIL, tuple(failures + unknowns))
    if unknowns:
        return OsaidVerdict(Outcome.UNKNOWN, tuple(unknowns))
    return OsaidVerdict(
        Outcome.PASS,
        (
            "parameters, architecture, training, data-processing and inference code are "
            "released under open terms, and the training data is released",
        ),
    )


def _judge_component(status: ComponentStatus) -> tuple[Outcome, str]:
    name = status.name.value
    if status.available is False:
        return Outcome.FAIL, f"{name}: not released"
    if status.available is None:
        return Outcome.UNKNOWN, f"{name}: unknown whether it is released"
    if status.available == "partial":
        return Outcome.FAIL, f"{name}: only partly released{_note(status)}"
    if status.license is None:
        return Outcome.UNKNOWN, f"{name}: released, but under no known license"
    if status.license_is_open is False:
        return Outcome.FAIL, f"{name}: license {status.license} is not open"
    if status.license_is_open is None:
        return Outcome.UNKNOWN, f"{name}: license {status.license} is not known to be open"
    return Outcome.PASS, f"{name}: released under {status.license}"


def _judge_data_information(
    datasets: ComponentStatus, data_card: ComponentStatus
) -> tuple[Outcome, str]:
    if datasets.available is True:
        return Outcome.PASS, "datasets: released"
    if datasets.available == "partial" and data_card.available is True:
        return Outcome.PASS, "datasets: partly released, the rest described in the data card"
    if datasets.available is None:
        return Outcome.UNKNOWN, "datasets: unknown whether the training data is released"
    if data_card.available is True:
        return (
            Outcome.UNKNOWN,
            "datasets: not (fully) released; a data card exists, but whether it describes the "
            "data well enough to rebuild it is not known",
        )
    what = "only partly released" if datasets.available == "partial" else "not released"
    return Outcome.FAIL, f"datasets: training data {what}, and no data card describes it"


def _note(status: ComponentStatus) -> str:
    return f" ({status.note})" if status.note else ""
