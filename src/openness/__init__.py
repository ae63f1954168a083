"""openness: how open is an AI model really?

The public API is what ``__all__`` lists; everything else may change. Names are
imported lazily so that ``import openness`` (and the CLI start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "analyze_license",
    "assess_model",
    "load_catalog",
]

if TYPE_CHECKING:
    from openness.assess import assess_model
    from openness.kb import load_catalog
    from openness.licenses.analyze import analyze_license

_LAZY = {
    "analyze_license": "openness.licenses.analyze",
    "assess_model": "openness.assess",
    "load_catalog": "openness.kb",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'openness' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
