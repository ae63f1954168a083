"""Run a scan: find the models a path uses, assess each, collect findings, apply a policy.

Owns the workflow of ``openness scan``: a model folder is read as one model;
a code base is searched for references (and for model files and folders
inside it); each reference is resolved through the catalog, then, when
allowed, the Hub. One model is assessed by ``openness.resolve``, which
``check`` and the web app use too. Entry point: ``scan_path``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openness.assess import Assessment, assess_model
from openness.assess.obligations import UseContext, obligations
from openness.assess.policy import Policy, PolicyIssue, PolicyResult, evaluate_policy
from openness.errors import (
    HubAccessError,
    HubGatedError,
    HubModelNotFoundError,
)
from openness.kb.catalog import Catalog
from openness.resolve import (
    assess_derived,
    assess_evidence,
    assess_folder,
    conflict_findings,
    looks_like_repo_id,
    repo_id,
)
from openness.scan.result import Location, ScannedModel, ScanResult
from openness.sources.derive import derive_model
from openness.sources.findings import Finding, FindingKind
from openness.sources.local import WEIGHT_SUFFIXES, LocalModel, folder_name, is_model_folder

if TYPE_CHECKING:
    from openness.sources.hub import HubClient

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ScanOptions:
    """How to scan."""

    policy: Policy | None = None
    """The gate to apply, if any."""
    hub: HubClient | None = None
    """Ask the Hub about repo ids the catalog does not know (None: offline)."""
    include_vendored: bool = False
    """Also scan node_modules, virtualenvs and other vendored folders."""
    progress: Progress | None = None
    """Called with the number of files read so far."""
    use: UseContext | None = None
    """Report each model's duties and blockers for this use (``--obligations``)."""


def scan_path(path: Path, catalog: Catalog, options: ScanOptions | None = None) -> ScanResult:
    """Scan *path* (a code base, a model folder or a file).

    Returns:
        The models found with their assessments (None for references that
        could not be resolved), the findings, and the policy's verdict.
    """
    options = options or ScanOptions()
    shown, path = str(path), Path(os.path.abspath(path))  # the same answer for ./x and /a/x
    if path.is_dir() and is_model_folder(path):
        assessment, findings = assess_folder(path, catalog)
        model = ScannedModel(folder_name(path), (Location(".", via="model folder"),), assessment)
        return _finish(shown, "model_folder", [model], list(findings), 0, options, catalog)
    return _scan_codebase(path, shown, catalog, options)


def _scan_codebase(path: Path, shown: str, catalog: Catalog, options: ScanOptions) -> ScanResult:
    from openness.sources.codebase import find_model_references

    root = path if path.is_dir() else path.parent
    scan = find_model_references(
        root, include_vendored=options.include_vendored, progress=options.progress
    )
    references = scan.references
    if not path.is_dir():
        references = tuple(r for r in references if r.path == path.name)
    grouped: dict[str, list[Location]] = {}
    names: dict[str, str] = {}
    for reference in references:
        key = reference.ref.strip().lower()
        names.setdefault(key, reference.ref)
        grouped.setdefault(key, []).append(Location(reference.path, reference.line, reference.via))
    findings = list(scan.findings)
    models = []
    referenced: dict[Path, list[Location]] = {}  # local model folders the code names
    for key, locations in grouped.items():
        folder = _local_folder(names[key], root)
        if folder is not None:
            referenced.setdefault(folder, []).extend(locations)
            continue
        assessment = _resolve(names[key], catalog, options, findings)
        models.append(ScannedModel(names[key], tuple(locations), assessment))
    only = None if path.is_dir() else path
    models += _model_folders(root, catalog, options, findings, referenced, only)
    kind = "codebase" if path.is_dir() else "file"
    return _finish(shown, kind, models, findings, scan.files_scanned, options, catalog)


def _local_folder(ref: str, root: Path) -> Path | None:
    """Return the model folder inside *root* that *ref* names, if it names one."""
    if len(ref) > 1024 or "\0" in ref:
        return None
    folder = Path(os.path.normpath(root / ref))
    try:
        inside = folder.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return None
    return folder if inside and is_model_folder(folder) else None


def _resolve(
    ref: str, catalog: Catalog, options: ScanOptions, findings: list[Finding]
) -> Assessment | None:
    model_id = catalog.find_model_id(ref)
    if model_id is not None:
        return assess_model(catalog.model(model_id), catalog)
    if options.hub is not None and looks_like_repo_id(ref):
        return _from_hub(ref, catalog, options.hub, findings)
    findings.append(
        Finding(
            FindingKind.UNKNOWN_MODEL,
            ref,
            "not in the catalog"
            + (
                "" if options.hub is not None else "; run with --online to ask the Hugging Face Hub"
            ),
        )
    )
    return None


def _from_hub(
    ref: str, catalog: Catalog, hub: HubClient, findings: list[Finding]
) -> Assessment | None:
    from openness.sources.hub.evidence import evidence_from_hub

    try:
        evidence = evidence_from_hub(hub.model(repo_id(ref)))
    except HubGatedError as err:
        findings.append(Finding(FindingKind.GATED_MODEL, ref, str(err)))
        return None
    except HubModelNotFoundError as err:
        findings.append(Finding(FindingKind.UNKNOWN_MODEL, ref, str(err)))
        return None
    except HubAccessError as err:
        findings.append(Finding(FindingKind.HUB_ERROR, ref, str(err)))
        return None
    return assess_evidence(evidence, catalog)


def _model_folders(
    root: Path,
    catalog: Catalog,
    options: ScanOptions,
    findings: list[Finding],
    referenced: dict[Path, list[Location]],
    only: Path | None,
) -> list[ScannedModel]:
    """Read the model folders of a code base, each once; their risks are findings.

    They are the folders that hold weight files and those its code names.
    """
    from openness.sources.codebase.walk import walk_tree

    holding: set[Path] = set()
    for entry in walk_tree(root, include_vendored=options.include_vendored):
        item: Any = entry
        if isinstance(item, Finding):
            continue
        absolute = Path(item.absolute)
        if only is not None and absolute != only:
            continue
        if absolute.name.endswith(WEIGHT_SUFFIXES):
            holding.add(absolute.parent)
    models = []
    for folder in sorted(holding | set(referenced)):
        local = LocalModel.from_directory(folder)
        findings.extend(_rebase(f, folder, root) for f in local.findings)
        if is_model_folder(folder):
            derived = derive_model(local.evidence, catalog)
            relative = folder.relative_to(root).as_posix() or "."
            here = [Location(relative, via="model folder")] if folder in holding else []
            models.append(
                ScannedModel(
                    relative,
                    (*referenced.get(folder, ()), *here),
                    assess_derived(derived, catalog),
                )
            )
    return models


def _with_use(policy: PolicyResult, models: list[ScannedModel], use: str) -> PolicyResult:
    """Add the gate's verdict on the declared use: refused fails, unknown warns."""
    refused, unknown = [], []
    for model in models:
        found = model.obligations
        if found is None:
            continue
        if found.allowed is False:
            why = "; ".join(b.what for b in found.blockers if b.applies)
            refused.append(PolicyIssue(model.ref, "use", f"{use} is not allowed: {why}"))
        elif found.allowed is None:
            why = "; ".join(found.reasons) or "unknown"
            unknown.append(PolicyIssue(model.ref, "use", f"{use} may not be allowed: {why}"))
    return PolicyResult((*policy.violations, *refused), (*policy.warnings, *unknown))


def _rebase(finding: Finding, folder: Path, root: Path) -> Finding:
    prefix = folder.relative_to(root).as_posix()
    path = finding.path if prefix in ("", ".") else f"{prefix}/{finding.path}"
    return Finding(finding.kind, path, finding.detail, finding.line)


def _finish(
    root: str,
    kind: str,
    models: list[ScannedModel],
    findings: list[Finding],
    files: int,
    options: ScanOptions,
    catalog: Catalog,
) -> ScanResult:
    models.sort(key=lambda m: m.ref.lower())
    findings += [f for m in models if m.result for f in conflict_findings(m.ref, m.result)]
    findings.sort(key=lambda f: (f.path, f.line or 0, f.kind.value))
    if options.use is not None:
        models = [
            replace(m, obligations=obligations(m.result, catalog, options.use)) if m.result else m
            for m in models
        ]
    policy = None
    if options.policy is not None:
        policy = evaluate_policy(options.policy, [(m.ref, m.result) for m in models])
        if options.use is not None:
            policy = _with_use(policy, models, options.use.use.value)
    allow = options.policy is not None and options.policy.allow_unverified
    return ScanResult(root, kind, tuple(models), tuple(findings), policy, files, allow)
