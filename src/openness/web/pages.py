"""The HTML pages: spectrum, model, compare, license analyzer, advisor, API docs.

Routes parse input, call one core function and hand its results to a Jinja2
template (autoescaping on). Entry point: ``router``.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from openness.advise.advisor import advise
from openness.advise.profile import profile_from_values
from openness.assess.listing import assessed, list_models
from openness.assess.obligations import PURPOSES, USES
from openness.errors import LicenseParseError, OpennessError
from openness.kb.catalog import Catalog
from openness.licenses.analyze import analyze_license
from openness.licenses.text import decode_license_bytes
from openness.web.answers import diff_of_ids, diff_of_texts, obligations_answer
from openness.web.api import parse_tiers
from openness.web.deps import (
    assess_ref,
    assessed_once,
    catalog_of,
    memo_of,
    render_chart,
    workers_of,
)
from openness.web.forms import ADVISE_FIELDS, default_values, profile_values_from_form
from openness.web.highlight import highlight_segments
from openness.web.render import render
from openness.web.spectrum import spectrum_chart
from openness.web.work import worker_catalog

router = APIRouter(include_in_schema=False)
CatalogDep = Annotated[Catalog, Depends(catalog_of)]
MAX_COMPARE = 6
"""Most models shown side by side."""


@router.get("/", response_class=HTMLResponse)
def spectrum_page(
    request: Request,
    catalog: CatalogDep,
    developer: str = "",
    license: str = "",
    tier: str = "",
) -> HTMLResponse:
    """Show every catalog model on the openness spectrum, with filters."""
    key = ("spectrum", developer, license, tier)
    return memo_of(request).get(key, lambda: _spectrum(request, catalog, developer, license, tier))


def _spectrum(
    request: Request, catalog: Catalog, developer: str, license: str, tier: str
) -> HTMLResponse:
    listing = list_models(
        catalog,
        tiers=parse_tiers([tier]),
        developer=developer or None,
        license_id=license or None,
    )
    models = list(catalog.models())
    context = {
        "listing": listing.to_dict(),
        "chart": spectrum_chart(listing.assessments),
        "developers": sorted({m.developer for m in models}),
        "licenses": sorted({m.weights_license for m in models if m.weights_license}),
        "filters": {"developer": developer, "license": license, "tier": tier},
    }
    return render(request, "spectrum.html", context)


@router.get("/models/{ref:path}", response_class=HTMLResponse)
def model_page(request: Request, ref: str, catalog: CatalogDep) -> HTMLResponse:
    """Show one model's assessment."""
    return assessed_once(
        request,
        ("page:model", ref),
        lambda: render(request, "model.html", {"a": assess_ref(request, ref).to_dict()}),
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    catalog: CatalogDep,
    ids: str = "",
    pick: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
) -> HTMLResponse:
    """Show models side by side (``?ids=a,b`` or the spectrum's ``?pick=a&pick=b``)."""
    refs = [ref.strip() for ref in [*ids.split(","), *pick] if ref.strip()][:MAX_COMPARE]
    return memo_of(request).get(("page:compare", *refs), lambda: _compare(request, catalog, refs))


def _compare(request: Request, catalog: Catalog, refs: list[str]) -> HTMLResponse:
    results = [_assessment(request, catalog, ref) for ref in refs]
    components = list(results[0]["components"]) if results else []
    context = {"results": results, "ids": ", ".join(refs), "components": components}
    return render(request, "compare.html", context)


def _assessment(request: Request, catalog: Catalog, ref: str) -> dict[str, Any]:
    return memo_of(request).get(
        ("assessment", ref), lambda: assessed(catalog, catalog.resolve_model(ref)).to_dict()
    )


@router.get("/license", response_class=HTMLResponse)
def license_form(request: Request) -> HTMLResponse:
    """Show the license form."""
    return memo_of(request).get(
        ("page:license",), lambda: render(request, "license.html", {"text": "", "analysis": None})
    )


@router.post("/license", response_class=HTMLResponse)
async def license_page(
    request: Request,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Analyse a pasted or uploaded license and show its highlighted clauses."""
    if file is not None and file.filename:
        text, _ = decode_license_bytes(await file.read(), origin=file.filename)
    if not text.strip():
        raise LicenseParseError("no text: paste a license or choose a file", origin="form")
    context = await workers_of(request).run(license_context, text)
    return render(request, "license.html", context)


def license_context(text: str) -> dict[str, Any]:
    """Analyse *text* and lay out its highlighted clauses (run on a worker process)."""
    analysis = analyze_license(text, worker_catalog(), origin="pasted").to_dict()
    criteria = {
        kind: violation
        for violation in analysis["osd"].get("violations", [])
        for kind in violation["terms"]
    }
    return {
        "text": text,
        "analysis": analysis,
        "segments": highlight_segments(
            text,
            analysis["terms"],
            analysis["license"]["additions"] if analysis["license"] else (),
            analysis["osd"]["unread"],
        ),
        "criteria": criteria,
        "kinds": sorted({term["kind"] for term in analysis["terms"]}),
    }


@router.get("/advise", response_class=HTMLResponse)
def advise_page(request: Request, catalog: CatalogDep) -> HTMLResponse:
    """Show the advisor form and, once submitted, its advice and cost chart."""
    query = dict(request.query_params)
    context: dict[str, Any] = {"fields": ADVISE_FIELDS, "values": default_values()}
    if "submitted" not in query:
        return memo_of(request).get(
            ("page:advise",), lambda: render(request, "advise.html", context)
        )
    values = profile_values_from_form(query)
    context["values"] = {**context["values"], **values}
    try:
        advice = advise(profile_from_values(values, origin="form"), catalog)
    except OpennessError as err:
        context["error"] = str(err)
        return render(request, "advise.html", context, status_code=422)
    chart = base64.b64encode(render_chart(advice)).decode("ascii")
    context.update(advice=advice.to_dict(), chart=chart)
    return render(request, "advise.html", context)


@router.get("/obligations", response_class=HTMLResponse)
def obligations_page(request: Request, catalog: CatalogDep) -> HTMLResponse:
    """Show what a use of a model requires: the form and, once submitted, the answer."""
    query = {k: v.strip() for k, v in request.query_params.items()}
    context: dict[str, Any] = {"uses": USES, "purposes": PURPOSES, "values": query}
    if not query.get("model"):
        return render(request, "obligations.html", context)
    key = ("page:obligations", *sorted(query.items()))
    return memo_of(request).get(key, lambda: _obligations(request, catalog, query, context))


def _obligations(
    request: Request, catalog: Catalog, query: dict[str, str], context: dict[str, Any]
) -> HTMLResponse:
    result = obligations_answer(request, catalog, query)
    return render(request, "obligations.html", {**context, "result": result})


@router.get("/diff", response_class=HTMLResponse)
def diff_form(request: Request, catalog: CatalogDep, a: str = "", b: str = "") -> HTMLResponse:
    """Compare two catalog licenses (``?a=llama3&b=llama3.1``), or show the form."""
    ids = sorted(record.id for record in catalog.licenses())
    context: dict[str, Any] = {"ids": ids, "a": a, "b": b, "text_a": "", "text_b": ""}
    if not (a and b):
        return render(request, "diff.html", context)
    return memo_of(request).get(
        ("page:diff", a, b),
        lambda: render(request, "diff.html", {**context, "diff": diff_of_ids(catalog, a, b)}),
    )


@router.post("/diff", response_class=HTMLResponse)
async def diff_page(
    request: Request,
    catalog: CatalogDep,
    text_a: Annotated[str, Form()] = "",
    text_b: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Compare two pasted license texts."""
    if not text_a.strip() or not text_b.strip():
        raise LicenseParseError("paste both licenses to compare them", origin="form")
    result = await workers_of(request).run(diff_of_texts, text_a, text_b)
    ids = sorted(record.id for record in catalog.licenses())
    context = {"ids": ids, "a": "", "b": "", "text_a": text_a, "text_b": text_b, "diff": result}
    return render(request, "diff.html", context)


MAX_LANDSCAPE_BYTES = 8 * 1024 * 1024
"""The largest audit file the landscape page reads."""


@router.get("/landscape", response_class=HTMLResponse)
def landscape_page(request: Request) -> HTMLResponse:
    """Show a Hub audit's landscape (``openness serve --landscape audit.json``)."""
    path = request.app.state.landscape
    return memo_of(request).get(("page:landscape", str(path)), lambda: _landscape(request, path))


def _landscape(request: Request, path: Any) -> HTMLResponse:
    import json

    from openness.audit.charts import (
        largest_conflicts,
        licenses_by_year,
        osd_by_year,
        top_licenses,
    )
    from openness.limits import read_bounded

    if path is None:
        return render(request, "landscape.html", {"audit": None, "error": None})
    try:
        read = read_bounded(path, MAX_LANDSCAPE_BYTES)
        audit = json.loads(read.data) if not read.truncated else None
        needed = {"models", "findings", "by_tier", "by_license", "by_year", "largest_conflicts"}
        if not isinstance(audit, dict) or not needed <= set(audit):
            raise ValueError("not an 'openness hub audit --format json' document")
        charts = {
            "years": osd_by_year(audit),
            "licenses": top_licenses(audit),
            "license_years": licenses_by_year(audit),
            "conflicts": largest_conflicts(audit),
        }
    except (OSError, ValueError, KeyError, TypeError) as err:
        message = f"{path.name}: cannot be shown ({str(err)[:160]})"
        return render(request, "landscape.html", {"audit": None, "error": message}, 500)
    return render(request, "landscape.html", {"audit": audit, "charts": charts, "error": None})


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """List the JSON API endpoints, with a link to the OpenAPI document."""
    base = str(request.base_url).rstrip("/")
    return memo_of(request).get(("page:docs", base), lambda: _docs(request, base))


def _docs(request: Request, base: str) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [
        (method.upper(), path, operation.get("summary", ""), operation.get("description", ""))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "docs.html", {"endpoints": endpoints, "base": base})
