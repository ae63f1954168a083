"""Words and numbers shared by the human-readable renderers (no rich needed)."""

from __future__ import annotations

from collections.abc import Sequence

from openness.assess.lineage import Lineage
from openness.assess.result import Assessment
from openness.kb.catalog import ModelMatch
from openness.kb.schema import ModelRecord
from openness.sources.findings import Finding, FindingKind


def format_count(value: int | None) -> str:
    """Format a parameter count the way people say it.

    >>> format_count(8030261248), format_count(70_000_000), format_count(999_950_000)
    ('8.03B', '70M', '1B')
    >>> format_count(None)
    '—'
    """
    if value is None:
        return "—"
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        shown = float(f"{value / size:.3g}")
        if shown >= 1:
            return f"{shown:g}{suffix}"
    return str(value)


def availability_word(available: object) -> str:
    """Return a component's availability as a word: yes, no, partial or unknown."""
    if available is True:
        return "yes"
    if available is False:
        return "no"
    return "partial" if available == "partial" else "unknown"


def resolved_line(match: ModelMatch, model_id: str) -> str:
    """Say how a runtime's name for a model was read.

    >>> from openness.kb.catalog import ModelMatch
    >>> resolved_line(ModelMatch("phi4:latest", "phi-4", "ollama tag"), "phi-4")
    'phi4:latest is an Ollama tag of phi-4; the terms are the model’s'
    """
    what = {"ollama tag": "an Ollama tag", "gguf file": "a GGUF file", "re-upload": "a re-upload"}
    build = f" ({match.quantization} build)" if match.quantization else ""
    kind = what.get(match.how or "", "a name")
    return f"{match.ref} is {kind} of {model_id}{build}; the terms are the model’s"


def blocking_line(blocking: Sequence[Finding]) -> str:
    """Say why findings fail the scan, and how to accept unverified files."""
    unsafe = sum(1 for f in blocking if f.kind is FindingKind.UNSAFE_PICKLE)
    unverified = len(blocking) - unsafe
    parts = [f"{unsafe} would run code when loaded"] if unsafe else []
    if unverified:
        parts.append(
            f"{unverified} could not be verified "
            "(allow_unverified: true in the policy accepts them)"
        )
    return f"Files: FAIL — of the files read, {'; '.join(parts)}"


def comparison_facts(assessment: Assessment) -> list[tuple[str, str]]:
    """Return the facts every comparison shows first, as (row label, plain value)."""
    model = assessment.model
    return [
        ("developer", model.developer),
        ("tier", assessment.tier.value),
        ("OSAID 1.0", assessment.osaid.verdict.value),
        ("MOF class", assessment.mof.mof_class or "—"),
        ("license", model.weights_license or "—"),
        ("license OSD", assessment.license.osd.verdict.value if assessment.license else "—"),
        (
            "parameters",
            format_count(model.parameters_total.value if model.parameters_total else None),
        ),
        ("context", f"{model.context_tokens.value:,}" if model.context_tokens else "—"),
        ("released", model.release_date.value if model.release_date else "—"),
    ]


def counted(count: int, noun: str) -> str:
    """Return *count* with *noun*, plural when it is not one.

    >>> counted(1, "model"), counted(0, "finding"), counted(2, "file")
    ('1 model', '0 findings', '2 files')
    """
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def license_changes_line(model: ModelRecord, as_of: str | None = None) -> str | None:
    """Say how the weights' license changed over time, or None when no change is recorded.

    >>> from openness.kb.schema import LicenseChange, ModelRecord
    >>> falcon = ModelRecord("falcon-40b", "Falcon", "TII", "Falcon", license_history=(
    ...     LicenseChange("2023-05-25", "falcon-llm-license", "https://x"),
    ...     LicenseChange("2023-05-31", "apache-2.0", "https://y")))
    >>> license_changes_line(falcon)
    'license changed on 2023-05-31 from falcon-llm-license to apache-2.0'
    >>> license_changes_line(falcon, "2023-05-28").split("; ")[0]
    'as of 2023-05-28: falcon-llm-license (since 2023-05-25)'
    """
    history = model.license_history
    befores = [history[0].previous if history else None] + [c.license for c in history[:-1]]
    said = [
        f"license changed on {change.date} from {before} to {change.license}"
        for before, change in zip(befores, history, strict=False)
        if before is not None
    ]
    if as_of is not None:
        then = model.license_on(as_of)
        if then is not None:
            said.insert(0, f"as of {as_of}: {then.license} (since {then.date})")
        elif history and history[0].previous is not None:
            said.insert(0, f"as of {as_of}: {history[0].previous} (until {history[0].date})")
    return "; ".join(said) or None


def lineage_line(lineage: Lineage | None) -> str | None:
    """Say what a model was made from, nearest base first, or None when it declares none.

    >>> from openness.assess.lineage import Lineage, Link
    >>> lineage_line(Lineage((Link("llama-3-8b", "finetune", "ft", 1, "llama3", "x", True),)))
    'finetune of llama-3-8b (llama3)'
    """
    if lineage is None or not lineage.links:
        return None
    said = [
        f"{link.relation} of {link.model} ({link.license or 'license unknown'}"
        + (f"; carries over {', '.join(link.carries_over)}" if link.carries_over else "")
        + ")"
        + (f", via {link.child}" if link.depth > 1 else "")
        for link in lineage.links[:6]
    ]
    if len(lineage.links) > 6:
        said.append(f"and {len(lineage.links) - 6} more")
    if lineage.is_adapter:
        said.append("an adapter: usable only with its base model, under the base's terms too")
    return "; ".join([*said, *lineage.problems[:2]])


def datasets_line(model: ModelRecord) -> str | None:
    """Say which datasets the card lists, with their licenses where known.

    >>> from openness.kb.schema import DatasetRef
    >>> datasets_line(ModelRecord("m", "M", "D", "F", datasets=(DatasetRef("a/b", "x", "mit", "y"),
    ...     DatasetRef("c/d", "x"))))
    'a/b (mit); c/d (license unknown)'
    """
    if not model.datasets:
        return None
    said = [f"{d.id} ({d.license or 'license unknown'})" for d in model.datasets[:8]]
    if len(model.datasets) > 8:
        said.append(f"and {len(model.datasets) - 8} more")
    return "; ".join(said)
