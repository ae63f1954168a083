"""Findings: problems and risks met while reading sources, reported as data.

A finding never stops a scan: a hostile pickle, a lying safetensors header,
an unreadable file or a symlink loop each becomes one ``Finding`` in the
report. Entry point: ``Finding``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class FindingKind(StrEnum):
    """What was found."""

    UNSAFE_PICKLE = "unsafe_pickle"
    """A pickle imports something outside the safe allow-list (code would run on load)."""
    UNVERIFIED_PICKLE = "unverified_pickle"
    """A pickle could not be scanned to the end (malformed, truncated, too large)."""
    INVALID_SAFETENSORS = "invalid_safetensors"
    """A safetensors file whose header is malformed or lies about sizes and offsets."""
    INVALID_GGUF = "invalid_gguf"
    """A GGUF file whose metadata is malformed or absurd."""
    BROKEN_MODEL_CARD = "broken_model_card"
    """A model card whose YAML front matter cannot be read."""
    UNKNOWN_LICENSE = "unknown_license"
    """A model whose license could not be determined."""
    UNREADABLE_FILE = "unreadable_file"
    """A file that could not be read (permissions, I/O error)."""
    FILE_TOO_LARGE = "file_too_large"
    """A file larger than is reasonable for its role: a bounded prefix was read, or none."""
    SYMLINK_LOOP = "symlink_loop"
    """A symbolic link that leads back into itself."""
    SYMLINK_OUTSIDE = "symlink_outside"
    """A symbolic link that points outside the scanned tree (not followed)."""
    GATED_MODEL = "gated_model"
    """A Hub repository that is gated or private for the token used."""
    HUB_ERROR = "hub_error"
    """The Hub could not answer for a model (missing, rate-limited, malformed)."""
    UNKNOWN_MODEL = "unknown_model"
    """A model reference that neither the catalog nor the Hub could resolve."""
    LICENSE_CONFLICT = "license_conflict"
    """A derivative whose declared license drops terms its base model's license carries over."""


UNVERIFIED_KINDS = frozenset({FindingKind.UNVERIFIED_PICKLE, FindingKind.UNREADABLE_FILE})
"""What the scanner could not verify: a pickle not read to its end (over a size or
compression-ratio limit, malformed) or a file it could not read. The gate fails
on them, as on an unsafe pickle, unless the policy sets ``allow_unverified``."""


@dataclass(frozen=True)
class Finding:
    """One problem or risk, and where it is."""

    kind: FindingKind
    """What was found."""
    path: str
    """Where: a path relative to the scanned root (posix), or a model reference."""
    detail: str
    """One line that says what exactly, for a person."""
    line: int | None = None
    """1-based line, when the finding points into a text file."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (``line`` only when known)."""
        out: dict[str, Any] = {"kind": self.kind.value, "path": self.path, "detail": self.detail}
        if self.line is not None:
            out["line"] = self.line
        return out


def blocking_findings(
    findings: tuple[Finding, ...], allow_unverified: bool = False
) -> tuple[Finding, ...]:
    """Return the findings that fail a gate: unsafe files, and unverified ones unless allowed."""
    return tuple(
        f
        for f in findings
        if f.kind is FindingKind.UNSAFE_PICKLE
        or (f.kind in UNVERIFIED_KINDS and not allow_unverified)
    )
