"""Validate knowledge-base YAML files one by one, without rebuilding the index.

Usage: python scripts/validate_kb.py FILE_OR_FOLDER...

Prints every problem (file: field: message) and, as warnings, license ids that
no license file defines yet. Exits 1 when a file is invalid.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness.errors import KnowledgeBaseError  # noqa: E402
from openness.kb.loader import RecordSet, read_yaml_folder  # noqa: E402
from openness.kb.validate import parse_gpu, parse_license, parse_model  # noqa: E402
from openness.kb.yamlfile import read_yaml_file  # noqa: E402

LICENSES = ROOT / "src" / "openness" / "kb" / "data" / "licenses"


def main(arguments: list[str]) -> int:
    records = RecordSet()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            read_yaml_folder(path, records)
            continue
        try:
            data = read_yaml_file(path)
            if "gpus" in path.parts:
                gpu = parse_gpu(data, str(path))
                records.gpus[gpu.id] = (gpu, str(path))
            elif "models" in path.parts or "developer" in (data or {}):
                model = parse_model(data, str(path))
                records.models[model.id] = (model, str(path))
                if path.stem != model.id:
                    records.problems.append(f"{path}: id: {model.id!r} differs from the file name")
            else:
                record = parse_license(data, str(path))
                records.licenses[record.id] = (record, str(path))
                if path.stem != record.id:
                    records.problems.append(f"{path}: id: {record.id!r} differs from the file name")
        except KnowledgeBaseError as err:
            records.problems.extend(err.problems or [str(err)])
    known = {p.stem for p in LICENSES.glob("*.yaml")}
    for model, origin in records.models.values():
        for component, item in model.components.items():
            if item.license is not None and item.license not in known:
                print(f"warning: {origin}: {component.value}: no license file for {item.license!r}")
    for problem in records.problems:
        print(problem)
    checked = len(records.models) + len(records.licenses) + len(records.gpus)
    print(f"{checked} record(s) valid, {len(records.problems)} problem(s)")
    return 1 if records.problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
