"""The output formats and what a renderer is given."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Format(StrEnum):
    """Output formats of the catalog commands."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Style:
    """How a human-readable rendering should look."""

    width: int = 100
    """Columns available."""
    color: bool = False
    """Emit terminal colours."""
