"""The output formats and what a renderer is given."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Format(StrEnum):
    """Every output format (``openness.cli.render.RENDERERS`` says which view has which)."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"
    CYCLONEDX = "cyclonedx"
    SPDX = "spdx"
    NOTICE = "notice"
    HTML = "html"


READING_FORMATS = (Format.TABLE, Format.JSON, Format.MARKDOWN)
"""The formats of every command: for people, machines and documents."""


@dataclass(frozen=True)
class Style:
    """How a human-readable rendering should look."""

    width: int = 100
    """Columns available."""
    color: bool = False
    """Emit terminal colours."""
