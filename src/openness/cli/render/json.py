"""Render results as JSON: the contracts of docs/design.md, stable for machines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol


class JsonResult(Protocol):
    """Anything with the JSON shape of a docs/design.md contract."""

    def to_dict(self) -> dict[str, Any]: ...


def render_json(
    result: JsonResult | Sequence[JsonResult | dict[str, Any]] | dict[str, Any],
) -> str:
    """Return *result* (a contract object, a dict, or a list of either) as indented JSON."""
    if isinstance(result, Sequence):
        data: Any = [item if isinstance(item, dict) else item.to_dict() for item in result]
    elif isinstance(result, dict):
        data = result
    else:
        data = result.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
