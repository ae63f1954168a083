"""The knowledge base: typed records of models and licenses, and their loader.

Data lives in ``data/`` (one YAML file per model and per license, plus the
prebuilt ``index.json``); ``load_catalog`` returns a ``Catalog`` to look
records up by any name.
"""

from __future__ import annotations

from openness.kb.catalog import Catalog
from openness.kb.loader import load_catalog
from openness.kb.schema import (
    Component,
    ComponentRecord,
    LicenseRecord,
    ModelRecord,
    TermKind,
    TermRecord,
)

__all__ = [
    "Catalog",
    "Component",
    "ComponentRecord",
    "LicenseRecord",
    "ModelRecord",
    "TermKind",
    "TermRecord",
    "load_catalog",
]
