"""Read a local model folder: card, license files, config, weight headers, pickle risks.

Owns what a downloaded model folder shows: the README's model card, the
LICENSE / USE_POLICY files through the license engine, config.json for the
architecture, safetensors and GGUF headers for sizes and names, and every
pickle-based checkpoint scanned (never unpickled). Problems become findings.
It does not judge the model (see ``openness.assess``). Entry point:
``LocalModel.from_directory``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openness.errors import FormatError, LicenseParseError
from openness.kb.schema import Architecture
from openness.licenses.result import LicenseAnalysis
from openness.limits import CONFIG_BYTES, LICENSE_BYTES, cut_at_line, read_bounded
from openness.sources.derive import Evidence
from openness.sources.findings import Finding, FindingKind
from openness.sources.modelcard import ModelCard, read_model_card

if TYPE_CHECKING:
    from openness.sources.formats.pickles import PickleScan

LICENSE_FILES = (
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "LICENCE",
    "LICENSE-MODEL",
    "MODEL_LICENSE",
    "USE_POLICY.md",
    "USE_POLICY",
    "ACCEPTABLE_USE_POLICY.md",
)
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib")
WEIGHT_SUFFIXES = (".safetensors", ".gguf", *PICKLE_SUFFIXES)
MAX_FILES = 10_000


def is_model_folder(path: Path) -> bool:
    """Tell whether *path* looks like a model folder (not a code base)."""
    if not path.is_dir():
        return False
    names = {p.name for p in _entries(path)[0] if p.parent == path}
    if "config.json" in names and any(n.endswith(WEIGHT_SUFFIXES) for n in names):
        return True
    return any(n.endswith((".safetensors", ".gguf")) for n in names) or (
        "config.json" in names and "README.md" in names
    )


@dataclass(frozen=True)
class LocalModel:
    """What a model folder holds, and what went wrong reading it."""

    path: Path
    """The folder."""
    evidence: Evidence
    """Facts for ``openness.sources.derive``."""
    findings: tuple[Finding, ...]
    """Hostile or broken files, each as a finding."""

    @classmethod
    def from_directory(cls, path: Path) -> LocalModel:
        """Read the model folder at *path*.

        Raises:
            FormatError: *path* is not a folder.
        """
        if not path.is_dir():
            raise FormatError(str(path), "not a folder")
        reader = _FolderReader(path)
        return cls(path, reader.evidence(), tuple(reader.findings))


class _FolderReader:
    def __init__(self, root: Path) -> None:
        self.root = root
        files, outside = _entries(root)
        self.files = sorted(files)
        self.findings: list[Finding] = [
            Finding(FindingKind.SYMLINK_LOOP, self._relative(link), "a symbolic link loop")
            if loop
            else Finding(
                FindingKind.SYMLINK_OUTSIDE,
                self._relative(link),
                "a symbolic link out of the model folder; not followed",
            )
            for link, loop in outside
        ]

    def evidence(self) -> Evidence:
        card = self._card()
        licenses = self._license_texts()
        config = self._config()
        parameters, names, base_models, declared = self._weights()
        if declared and (card is None or not card.license):
            # A GGUF file's general.license speaks when the card does not.
            card = replace(card or ModelCard(), license=declared[0])
        names += _config_names(config)
        if card is not None and card.model_name:
            names.append(card.model_name)
        return Evidence(
            name=folder_name(self.root),
            source=os.path.realpath(self.root),
            card=card,
            license_texts=tuple(licenses),
            weights_present=any(p.name.endswith(WEIGHT_SUFFIXES) for p in self.files),
            parameters_total=parameters or None,
            context_tokens=_int(config.get("max_position_embeddings")),
            architecture=architecture_from_config(config, str(self.root / "config.json")),
            names=tuple(dict.fromkeys(names)),
            base_models=tuple(dict.fromkeys([*(card.base_models if card else ()), *base_models])),
        )

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _top_level(self, name: str) -> Path | None:
        """Return the file *name* at the folder's top, when it is one inside the folder."""
        path = self.root / name
        return path if path in self.files else None

    def _card(self) -> ModelCard | None:
        path = self._top_level("README.md")
        if path is None:
            return None
        try:
            return read_model_card(path)
        except FormatError as err:
            self.findings.append(Finding(FindingKind.BROKEN_MODEL_CARD, "README.md", err.reason))
            return None

    def _license_texts(self) -> list[tuple[str, LicenseAnalysis]]:
        from openness.licenses.analyze import analyze_license

        found = []
        for path in self.files:
            if path.name not in LICENSE_FILES:
                continue
            name = self._relative(path)
            try:
                read = read_bounded(path, LICENSE_BYTES)
                data = read.data
                if read.truncated:
                    data = cut_at_line(data)
                    self.findings.append(
                        Finding(
                            FindingKind.FILE_TOO_LARGE,
                            name,
                            f"{read.size or 0:,} bytes; only the first {len(data):,} bytes "
                            "were read, so its terms may be incomplete",
                        )
                    )
                found.append((name, analyze_license(data, origin=name)))
            except (OSError, LicenseParseError) as err:
                self.findings.append(Finding(FindingKind.UNREADABLE_FILE, name, str(err)))
        return found

    def _config(self) -> dict[str, Any]:
        path = self._top_level("config.json")
        if path is None:
            return {}
        try:
            read = read_bounded(path, CONFIG_BYTES)
            value = json.loads(read.data) if not read.truncated else None
        except (OSError, ValueError) as err:
            self.findings.append(
                Finding(FindingKind.UNREADABLE_FILE, "config.json", f"not valid JSON: {err}")
            )
            return {}
        if not isinstance(value, dict):
            self.findings.append(
                Finding(
                    FindingKind.UNREADABLE_FILE,
                    "config.json",
                    "not a JSON object" if value is not None else "too large",
                )
            )
            return {}
        text_config = value.get("text_config")
        return {**text_config, **value} if isinstance(text_config, dict) else value

    def _weights(self) -> tuple[int, list[str], list[str], list[str]]:
        from openness.sources.formats.gguf import read_gguf_metadata
        from openness.sources.formats.pickles import is_path_configuration, scan_pickle
        from openness.sources.formats.safetensors import read_safetensors_header

        parameters = 0
        names: list[str] = []
        base_models: list[str] = []
        declared: list[str] = []
        for path in self.files:
            name = self._relative(path)
            try:
                if path.name.endswith(".safetensors"):
                    parameters += read_safetensors_header(path).parameter_count
                elif path.name.endswith(".gguf"):
                    metadata = read_gguf_metadata(path)
                    names += [n for n in (metadata.name, metadata.source_url) if n]
                    declared += [metadata.license] if metadata.license else []
                    base_models += [
                        ref
                        for base in metadata.base_models
                        if (ref := base.repo_url or base.url or base.name)
                    ]
                elif path.name.endswith(".pth") and is_path_configuration(path):
                    continue  # Python's path configuration, not a checkpoint
                elif path.name.endswith(PICKLE_SUFFIXES):
                    self._pickle_findings(name, scan_pickle(path))
            except FormatError as err:
                kind = (
                    FindingKind.INVALID_GGUF
                    if path.name.endswith(".gguf")
                    else FindingKind.INVALID_SAFETENSORS
                    if path.name.endswith(".safetensors")
                    else FindingKind.UNVERIFIED_PICKLE
                )
                self.findings.append(Finding(kind, name, err.reason))
            except OSError as err:
                self.findings.append(
                    Finding(FindingKind.UNREADABLE_FILE, name, err.strerror or str(err))
                )
        return parameters, names, base_models, declared

    def _pickle_findings(self, name: str, scan: PickleScan) -> None:
        if scan.unsafe:
            detail = f"{scan.detail}; loading it would run that code (use safetensors)"
            self.findings.append(Finding(FindingKind.UNSAFE_PICKLE, name, detail))
        elif not scan.complete:
            self.findings.append(Finding(FindingKind.UNVERIFIED_PICKLE, name, scan.detail))


def folder_name(path: Path) -> str:
    """Return the name of the folder *path* leads to (a link's target, ``.`` resolved)."""
    return Path(os.path.realpath(path)).name


def _entries(root: Path) -> tuple[list[Path], list[tuple[Path, bool]]]:
    """Return the files of a model folder, and the links out of it or looping.

    Files are the top level and one level of subfolders; a symbolic link that
    leads out of the folder, or loops (True), is never followed.
    """
    found: list[Path] = []
    outside: list[tuple[Path, bool]] = []
    for folder in (root, *_subfolders(root)):
        try:
            for entry in sorted(folder.iterdir()):
                inside = _inside(entry, root)
                if not inside:
                    outside.append((entry, inside is None))
                elif entry.is_file():
                    found.append(entry)
                if len(found) >= MAX_FILES:
                    return found, outside
        except OSError:
            continue
    return found, outside


def _subfolders(root: Path) -> list[Path]:
    try:
        return sorted(
            p
            for p in root.iterdir()
            if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        )
    except OSError:
        return []


def _inside(path: Path, root: Path) -> bool | None:
    """Tell whether *path* leads to a place inside *root*; None for a symlink loop."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _config_names(config: dict[str, Any]) -> list[str]:
    name = config.get("_name_or_path")
    return (
        [name] if isinstance(name, str) and "/" in name and not name.startswith((".", "/")) else []
    )


def architecture_from_config(config: dict[str, Any], source: str) -> Architecture | None:
    """Return the architecture a Hub ``config.json`` describes, or None when it lacks the sizes.

    Reads the usual key spellings (``num_hidden_layers`` / ``n_layer``, ``hidden_size`` /
    ``n_embd`` / ``d_model``, ``num_attention_heads`` / ``n_head``); a missing
    ``num_key_value_heads`` means multi-head attention.
    """
    layers = _int(config.get("num_hidden_layers") or config.get("n_layer"))
    hidden = _int(config.get("hidden_size") or config.get("n_embd") or config.get("d_model"))
    heads = _int(config.get("num_attention_heads") or config.get("n_head"))
    if not (layers and hidden and heads):
        return None
    kv_heads = _int(config.get("num_key_value_heads")) or heads
    return Architecture(
        source=source,
        layers=layers,
        hidden_size=hidden,
        attention_heads=heads,
        kv_heads=kv_heads,
        head_dim=_int(config.get("head_dim")) or hidden // heads,
        intermediate_size=_int(config.get("intermediate_size")),
        vocab_size=_int(config.get("vocab_size")),
        experts=_int(config.get("num_local_experts") or config.get("n_routed_experts")),
        experts_per_token=_int(config.get("num_experts_per_tok")),
        sliding_window=_int(config.get("sliding_window")),
    )
