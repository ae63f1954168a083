"""The answers a page and its API endpoint share: obligations and license diffs.

Each turns a request's values into one core call and returns the command's JSON
contract, for a template or for the API. Entry points: ``obligations_answer``,
``diff_of_ids``, ``diff_of_texts``.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from openness.kb.catalog import Catalog
from openness.licenses.analyze import analyze_license
from openness.web.deps import assess_ref
from openness.web.work import worker_catalog


def obligations_answer(request: Request, catalog: Catalog, query: dict[str, str]) -> dict[str, Any]:
    """Return the ``openness obligations`` JSON for a form or API query (catalog and Hub only).

    Raises:
        UseInputError: a value is malformed.
        ModelNotFoundError: the model is not known.
    """
    from openness.assess.obligations import obligations, use_context

    use = use_context(
        query.get("use") or "saas",
        query.get("mau") or None,
        query.get("revenue") or None,
        query.get("region") or None,
        query.get("purpose") or "commercial",
    )
    return obligations(assess_ref(request, query["model"]), catalog, use).to_dict()


def diff_of_ids(catalog: Catalog, a: str, b: str) -> dict[str, Any]:
    """Return the ``openness diff`` JSON of two catalog licenses."""
    from openness.licenses.diff import Side, diff_licenses
    from openness.licenses.known import analyze_known_license

    sides = [Side(x, analyze_known_license(catalog, x)) for x in (a, b)]
    return diff_licenses(*sides).to_dict()


def diff_of_texts(text_a: str, text_b: str) -> dict[str, Any]:
    """Return the ``openness diff`` JSON of two texts (run on a worker process)."""
    from openness.licenses.diff import Side, diff_licenses

    catalog = worker_catalog()
    sides = [
        Side(name, analyze_license(text, catalog, origin=name), text)
        for name, text in (("A", text_a), ("B", text_b))
    ]
    return diff_licenses(*sides).to_dict()
