"""One path from a model reference to its assessment.

A reference is, in this order: an existing local model folder (``check``
only; a web request never reaches the server's files), a catalog model (ids,
aliases, Hub repo ids, API names, and the names local runtimes use: Ollama
and LM Studio tags, GGUF files, quantised re-uploads), then, with a Hub
client, a Hugging Face repo. ``check``, ``scan``, ``estimate`` and the web app
all come through here. Entry points: ``assess_reference``, ``assess_remote``,
``assess_folder``, ``assess_evidence``, ``obligations_of``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from openness.assess import Assessment, assess_model
from openness.kb.catalog import Catalog
from openness.kb.schema import Component, DatasetRef, ModelRecord

if TYPE_CHECKING:
    from openness.assess.obligations import Obligations, UseContext
    from openness.sources.derive import Derived, Evidence
    from openness.sources.findings import Finding
    from openness.sources.hub import HubClient


def assess_folder(
    path: Path, catalog: Catalog, hub: HubClient | None = None
) -> tuple[Assessment, tuple[Finding, ...]]:
    """Assess the model in the local folder *path*, with the findings met reading it."""
    from openness.sources.local import LocalModel

    local = LocalModel.from_directory(path)
    from openness.sources.derive import derive_model

    return assess_derived(derive_model(local.evidence, catalog), catalog, hub), local.findings


def assess_evidence(
    evidence: Evidence, catalog: Catalog, hub: HubClient | None = None
) -> Assessment:
    """Assess a model known only by *evidence* (a Hub repository, a folder)."""
    from openness.sources.derive import derive_model

    return assess_derived(derive_model(evidence, catalog), catalog, hub)


def assess_derived(derived: Derived, catalog: Catalog, hub: HubClient | None = None) -> Assessment:
    """Assess a model derived from evidence, with the licenses its files brought.

    Its bases are looked up in the catalog and, with *hub*, on the Hub.
    """
    extended = catalog.with_records(licenses=derived.licenses) if derived.licenses else catalog
    model = derived.model
    lineage = None
    if hub is not None and model.base_models:
        from openness.assess.lineage import lineage_of

        lineage = lineage_of(model, _base_finder(catalog, hub))
    if hub is not None and model.datasets:
        model = replace(model, datasets=_dataset_licenses(model.datasets, hub))
    return replace(assess_model(model, extended, lineage), licenses=derived.licenses)


MAX_DATASETS_ASKED = 20
"""How many of a card's datasets the Hub is asked about (a card may list hundreds)."""


def _dataset_licenses(datasets: tuple[DatasetRef, ...], hub: HubClient) -> tuple[DatasetRef, ...]:
    """Fill in each dataset's license from its Hub card, where the Hub has one."""
    filled = []
    for number, dataset in enumerate(datasets):
        license_id = hub.dataset_license(dataset.id) if number < MAX_DATASETS_ASKED else None
        if license_id is not None and dataset.license is None:
            page = f"https://huggingface.co/datasets/{dataset.id}"
            dataset = replace(dataset, license=license_id, license_source=page)
        filled.append(dataset)
    return tuple(filled)


def _base_finder(catalog: Catalog, hub: HubClient) -> Callable[[str], ModelRecord | None]:
    """Find a base model in the catalog, else on the Hub (each repo asked once)."""
    from openness.errors import OpennessError
    from openness.sources.derive import derive_model
    from openness.sources.hub.evidence import evidence_from_hub

    asked: dict[str, ModelRecord | None] = {}

    def find(ref: str) -> ModelRecord | None:
        model_id = catalog.find_model_id(ref)
        if model_id is not None:
            return catalog.model(model_id)
        if not looks_like_repo_id(ref):
            return None
        name = repo_id(ref)
        if name not in asked:
            try:
                asked[name] = derive_model(evidence_from_hub(hub.model(name)), catalog).model
            except OpennessError:
                asked[name] = None
        return asked[name]

    return find


def conflict_findings(ref: str, assessment: Assessment) -> tuple[Finding, ...]:
    """Return a ``license_conflict`` finding for each base whose terms the model drops."""
    from openness.sources.findings import Finding, FindingKind

    return tuple(
        Finding(FindingKind.LICENSE_CONFLICT, ref, conflict.detail)
        for conflict in assessment.conflicts
    )


def obligations_of(
    ref: str, catalog: Catalog, hub: HubClient | None, context: UseContext
) -> tuple[Obligations, tuple[Finding, ...]]:
    """Return what *context*'s use of the model *ref* names requires, with the findings met.

    Raises:
        ModelNotFoundError: nothing matches (with suggestions from the catalog).
        HubAccessError: the Hub was asked and could not answer.
    """
    from openness.assess.obligations import obligations

    assessment, findings = assess_reference(ref, catalog, hub)
    return obligations(assessment, catalog, context), findings


def assess_reference(
    ref: str, catalog: Catalog, hub: HubClient | None = None
) -> tuple[Assessment, tuple[Finding, ...]]:
    """Assess what *ref* names: a local model folder, a catalog model, or (with *hub*) a Hub repo.

    Raises:
        ModelNotFoundError: nothing matches (with suggestions from the catalog).
        HubAccessError: the Hub was asked and could not answer.
    """
    folder = _local_folder(ref)
    if folder is not None:
        assessment, findings = assess_folder(folder, catalog, hub)
    else:
        assessment, findings = assess_remote(ref, catalog, hub), ()
    return assessment, findings + conflict_findings(ref, assessment)


def assess_as_of(assessment: Assessment, day: str, catalog: Catalog) -> Assessment:
    """Assess the model again with the weights license that was in force on *day*.

    Raises:
        AsOfError: *day* is not a date, comes before the model's release, or
            before the first license its history records.
    """
    from datetime import date

    from openness.errors import AsOfError

    model = assessment.model
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError as err:
        raise AsOfError(f"--as-of: {day!r} is not a date (YYYY-MM-DD)") from err
    released = model.release_date.value if model.release_date else None
    if released is not None and (released + "-01-01")[:10] > day:
        raise AsOfError(f"{model.id} was released on {released}, after {day}")
    if not model.license_history:
        return replace(assessment, as_of=day)  # no change is recorded: today's license held
    license_id = model.license_before(day)
    if license_id is None:
        first = model.license_history[0].date
        raise AsOfError(f"{model.id}: no license is recorded before {first}; asked for {day}")
    weights = replace(model.component(Component.MODEL_PARAMETERS), license=license_id)
    components = {**model.components, Component.MODEL_PARAMETERS: weights}
    then = assess_model(replace(model, components=components), catalog)
    return replace(then, model=model, resolved=assessment.resolved, as_of=day)


def model_record(ref: str, catalog: Catalog) -> ModelRecord:
    """Return the facts of the model *ref* names: a local model folder's, else the catalog's.

    A folder's record holds what its files say (parameter count from safetensors
    headers, architecture from config.json), which is what ``estimate`` needs.

    Raises:
        ModelNotFoundError: nothing matches (with suggestions from the catalog).
    """
    folder = _local_folder(ref)
    if folder is not None:
        return assess_folder(folder, catalog)[0].model
    return catalog.resolve_model(ref)


def _local_folder(ref: str) -> Path | None:
    """Return *ref* as a folder of this machine, when it names one."""
    path = Path(ref)
    return path if ref and len(ref) < 4096 and path.is_dir() else None


def assess_remote(ref: str, catalog: Catalog, hub: HubClient | None = None) -> Assessment:
    """Assess a catalog model or (with *hub*) a Hub repo; never a local path.

    When *ref* is a runtime's name for a catalog model (an Ollama tag, a GGUF
    file, a re-upload), the assessment says so in ``resolved``.

    Raises:
        ModelNotFoundError: nothing matches (with suggestions from the catalog).
        HubAccessError: the Hub was asked and could not answer.
    """
    found = catalog.match_model(ref)
    if found is not None:
        assessment = assess_model(catalog.model(found.model_id), catalog)
        return replace(assessment, resolved=found) if found.how is not None else assessment
    if hub is None or not looks_like_repo_id(ref):
        return assess_model(catalog.resolve_model(ref), catalog)
    from openness.sources.hub.evidence import evidence_from_hub

    return assess_evidence(evidence_from_hub(hub.model(repo_id(ref))), catalog, hub)


def looks_like_repo_id(ref: str) -> bool:
    """Tell whether *ref* has the shape of a Hub repo id (``org/name``, or its URL)."""
    name = repo_id(ref)
    return name.count("/") == 1 and " " not in name and not name.startswith((".", "/"))


def repo_id(ref: str) -> str:
    """Return the ``org/name`` of a Hub reference given as a URL or as it is."""
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "hf.co/", "hf://"):
        if ref.startswith(prefix):
            return ref[len(prefix) :].split("/tree/")[0].strip("/")
    return ref
