"""The advisor's profile as an HTML form: field descriptions and query parsing.

Owns the mapping between form fields and profile keys. Validation of values
stays in ``openness.advise.profile.profile_from_values``; this module only turns
strings from a query into the Python types that function expects.
Entry points: ``ADVISE_FIELDS``, ``profile_values_from_form``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from openness.advise.profile import Profile
from openness.advise.quality import LEVELS, TASKS

FieldKind = Literal["bool", "choice", "int", "float", "text"]


@dataclass(frozen=True)
class FormField:
    """One input of the advisor form."""

    name: str
    """Profile key, also the input name."""
    label: str
    """What the user reads."""
    kind: FieldKind
    """How it is rendered and parsed."""
    choices: tuple[str, ...] = ()
    """Options of a choice field."""


ADVISE_FIELDS: tuple[FormField, ...] = (
    FormField("task", "Task", "choice", ("", *TASKS)),
    FormField("quality", "Quality needed", "choice", ("", *LEVELS)),
    FormField("monthly_input_tokens", "Input tokens per month", "int"),
    FormField("monthly_output_tokens", "Output tokens per month", "int"),
    FormField("context_tokens", "Longest input (tokens)", "int"),
    FormField("latency_ms", "Target ms per output token", "float"),
    FormField("privacy", "Privacy", "choice", ("none", "preferred", "required")),
    FormField("fine_tuning", "Fine-tuning", "choice", ("none", "light", "deep")),
    FormField("monthly_active_users", "Monthly active users", "int"),
    FormField("region", "Region (e.g. US, EU)", "text"),
    FormField("gpu", "GPU for self-hosting (empty: the cheapest that fits)", "text"),
    FormField("needs_frontier_reasoning", "Frontier reasoning is essential", "bool"),
    FormField("can_run_gpus", "We can operate GPU infrastructure", "bool"),
    FormField("prototyping", "Still prototyping", "bool"),
    FormField("on_device", "Must run on the user's device", "bool"),
    FormField("device_memory_gb", "Device memory (GB), for on-device", "float"),
    FormField("needs_unfiltered_answers", "Provider filters block needed answers", "bool"),
    FormField("commercial", "Commercial use", "bool"),
)
"""The form, in display order."""


def default_values() -> dict[str, Any]:
    """Return the profile defaults keyed by field name, for the empty form."""
    defaults = Profile().to_dict()
    return {field.name: defaults.get(field.name) for field in ADVISE_FIELDS}


def profile_values_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """Convert submitted form strings into profile values.

    Empty inputs are left out, so the profile's defaults apply; an unchecked
    checkbox is ``False``. Numbers that do not parse are passed through as
    strings so the profile validation names the key in its message.

    Args:
        form: the submitted query parameters.

    Returns:
        Values for ``profile_from_values``.

    >>> profile_values_from_form({"context_tokens": "32000", "region": ""})["context_tokens"]
    32000
    """
    values: dict[str, Any] = {}
    for field in ADVISE_FIELDS:
        raw = form.get(field.name, "").strip()
        if field.kind == "bool":
            values[field.name] = raw in {"on", "true", "1", "yes"}
        elif raw:
            values[field.name] = _convert(field.kind, raw)
    return values


def _convert(kind: FieldKind, raw: str) -> Any:
    try:
        if kind == "int":
            return int(raw.replace(",", "").replace("_", ""))
        if kind == "float":
            return float(raw)
    except ValueError:
        return raw
    return raw
