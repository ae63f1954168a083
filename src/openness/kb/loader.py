"""Load the knowledge base: the bundled catalog plus the user's own folders.

Owns where records come from: the prebuilt index shipped as package data (read
with ``importlib.resources``, never at import time) and folders of YAML records
(the bundled sources in ``kb/data/``, or a user's ``--kb DIR``), validated as
they are read. It does not resolve names (see ``openness.kb.catalog``).
Entry point: ``load_catalog``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from openness.errors import KnowledgeBaseError
from openness.kb.catalog import Catalog
from openness.kb.index import INDEX_FORMAT
from openness.kb.schema import GpuRecord, LicenseRecord, ModelRecord

logger = logging.getLogger(__name__)

DATA: Traversable = files("openness.kb") / "data"
"""The bundled knowledge base (package data)."""

INDEX_NAME = "index.json"
MAX_FILES_PER_FOLDER = 10_000
_MODEL_KEYS = {"developer", "family", "components"}
_LICENSE_KEYS = {"terms", "osi_approved", "spdx", "incorporates"}


@dataclass
class RecordSet:
    """Records read from YAML, each with the file it came from."""

    models: dict[str, tuple[ModelRecord, str]] = field(default_factory=dict)
    licenses: dict[str, tuple[LicenseRecord, str]] = field(default_factory=dict)
    gpus: dict[str, tuple[GpuRecord, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_catalog(extra: Sequence[Path | str] = ()) -> Catalog:
    """Load the bundled catalog, extended by the user's knowledge-base folders.

    Args:
        extra: folders of model and license YAML files of the bundled schema;
            their records are added to the catalog, and replace a bundled
            record with the same id.

    Returns:
        The catalog.

    Raises:
        KnowledgeBaseError: a folder is missing or holds invalid records; the
            error lists every problem, each naming its file and field.
    """
    if not extra:
        return _bundled_catalog()
    bundled = _load_bundled_index()
    user = RecordSet()
    for folder in extra:
        read_yaml_folder(Path(folder), user)
    if user.problems:
        _raise(user.problems, "knowledge-base folder")
    return _merge(bundled, user)


@cache
def _bundled_catalog() -> Catalog:
    bundled = _load_bundled_index()
    return Catalog(bundled["models"], bundled["licenses"], bundled.get("gpus", {}))


@cache
def _load_bundled_index() -> dict[str, Any]:
    try:
        # Bytes decoded at once: a text-mode read of 2 MB (newline translation) costs
        # three times as long, on every start-up.
        index: dict[str, Any] = json.loads((DATA / INDEX_NAME).read_bytes().decode("utf-8"))
    except (OSError, ValueError) as err:
        raise KnowledgeBaseError(
            f"The bundled knowledge-base index is missing or unreadable ({err}). "
            "Reinstall openness, or run `python scripts/build_index.py` in a source checkout."
        ) from err
    if index.get("format") != INDEX_FORMAT:
        raise KnowledgeBaseError(
            f"The bundled index has format {index.get('format')!r}, expected {INDEX_FORMAT}. "
            "Run `python scripts/build_index.py`."
        )
    return index


def _merge(bundled: dict[str, Any], user: RecordSet) -> Catalog:
    from openness.kb.validate import find_problems

    models: dict[str, Any] = dict(bundled["models"])
    licenses: dict[str, Any] = dict(bundled["licenses"])
    for model_id, (model, origin) in user.models.items():
        if model_id in models:
            logger.info("%s replaces the bundled model %r", origin, model_id)
        models[model_id] = model
    for license_id, (record, origin) in user.licenses.items():
        if license_id in licenses:
            logger.info("%s replaces the bundled license %r", origin, license_id)
        licenses[license_id] = record
    catalog = Catalog(
        models,
        licenses,
        {**bundled.get("gpus", {}), **{key: record for key, (record, _) in user.gpus.items()}},
    )
    # Check references across bundled and user records, reporting user files.
    every_model = {m.id: (m, user.models.get(m.id, (m, "(bundled)"))[1]) for m in catalog.models()}
    every_license = {
        r.id: (r, user.licenses.get(r.id, (r, "(bundled)"))[1]) for r in catalog.licenses()
    }
    problems = [p for p in find_problems(every_model, every_license) if "(bundled)" not in p]
    if problems:
        _raise(problems, "knowledge-base folder")
    return catalog


def read_yaml_folder(folder: Path, into: RecordSet | None = None) -> RecordSet:
    """Read and validate every ``*.yaml`` / ``*.yml`` record under *folder*.

    A file under a ``models/`` or ``licenses/`` folder is that kind of record;
    elsewhere the kind is told by its keys (a model has ``developer``).
    Problems are collected, not raised, so that one run reports them all.

    Args:
        folder: the folder to read (searched recursively, symlinks not followed).
        into: record set to add to; a new one by default.

    Returns:
        The record set, with ``problems`` listing every invalid file or field.
    """
    from openness.kb.validate import parse_gpu, parse_license, parse_model
    from openness.kb.yamlfile import read_yaml_file

    records = into if into is not None else RecordSet()
    if not folder.is_dir():
        records.problems.append(f"{folder}: not a folder (--kb expects a folder of YAML files)")
        return records
    for path in _yaml_files(folder):
        origin = str(path)
        try:
            data = read_yaml_file(path)
            if "gpus" in {p.lower() for p in path.parts[:-1]}:
                gpu = parse_gpu(data, origin)
                _add(records.gpus, gpu.id, gpu, origin, records.problems)
            elif _is_model_file(path, data):
                model = parse_model(data, origin)
                _add(records.models, model.id, model, origin, records.problems)
            else:
                record = parse_license(data, origin)
                _add(records.licenses, record.id, record, origin, records.problems)
        except KnowledgeBaseError as err:
            records.problems.extend(err.problems or [str(err)])
    return records


def _add(
    table: dict[str, tuple[Any, str]], key: str, record: Any, origin: str, problems: list[str]
) -> None:
    if key in table:
        problems.append(f"{origin}: id: {key!r} is also the id in {table[key][1]}")
    else:
        table[key] = (record, origin)


def _is_model_file(path: Path, data: Any) -> bool:
    parts = {p.lower() for p in path.parts[:-1]}
    if "models" in parts:
        return True
    if "licenses" in parts or "policies" in parts:
        return False
    if isinstance(data, dict):
        keys = set(data)
        if keys & _MODEL_KEYS:
            return True
        if keys & _LICENSE_KEYS:
            return False
    raise KnowledgeBaseError(
        f"{path}: cannot tell a model from a license: a model has `developer` and "
        "`components`, a license has `url` and `terms`; or put it under models/ or licenses/"
    )


def _yaml_files(folder: Path) -> Iterable[Path]:
    found = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / n for n in sorted(names) if n.endswith((".yaml", ".yml"))]
        if len(found) > MAX_FILES_PER_FOLDER:
            raise KnowledgeBaseError(
                f"{folder}: more than {MAX_FILES_PER_FOLDER:,} YAML files; "
                "point --kb at the folder of your records only"
            )
    return found


def _raise(problems: list[str], what: str) -> None:
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    raise KnowledgeBaseError(f"Invalid {what}: {problems[0]}{more}", problems)


def load_bundled_sources() -> RecordSet:
    """Read and validate the bundled YAML sources (for the index builder and tests)."""
    with_path = Path(str(DATA))
    records = RecordSet()
    read_yaml_folder(with_path / "models", records)
    read_yaml_folder(with_path / "licenses", records)
    if (with_path / "gpus").is_dir():
        read_yaml_folder(with_path / "gpus", records)
    return records
