"""The JSON API: the CLI's JSON contracts over HTTP.

Routes parse input, call one core function and return its ``to_dict()``;
errors become JSON ``{"error": ...}`` in ``openness.web.app``. Entry point:
``router``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from openness.advise.advisor import advise
from openness.advise.estimate import Precision, estimate
from openness.advise.profile import profile_from_values
from openness.assess.listing import list_models
from openness.assess.result import Tier
from openness.errors import EstimateError
from openness.kb.catalog import Catalog
from openness.licenses.analyze import analyze_license
from openness.web.answers import diff_of_ids, obligations_answer
from openness.web.deps import assess_ref, assessed_once, catalog_of, memo_of, workers_of
from openness.web.work import worker_catalog

router = APIRouter(prefix="/api", tags=["api"])
CatalogDep = Annotated[Catalog, Depends(catalog_of)]


class LicenseRequest(BaseModel):
    """Body of ``POST /api/license``."""

    model_config = ConfigDict(extra="forbid")
    text: str
    """The license text to analyse."""


def parse_tiers(tier: list[str]) -> tuple[Tier, ...]:
    """Turn ``tier`` query values into tiers, or raise a one-line error."""
    valid = [t.value for t in Tier]
    for value in tier:
        if value and value not in valid:
            detail = f"unknown tier {value!r}; choose one of {', '.join(valid)}"
            raise HTTPException(status_code=422, detail=detail)
    return tuple(Tier(value) for value in tier if value)


@router.get("/models")
def api_models(
    request: Request,
    catalog: CatalogDep,
    tier: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    developer: str | None = None,
    license: str | None = None,
) -> Response:
    """List catalog models, filtered by tier, developer and weights license.

    The listing of 500 models is serialised once per filter and kept: encoding
    it anew for every request cost more than everything else the route does.
    """
    tiers = parse_tiers(tier)
    body = memo_of(request).get(
        ("models-json", tiers, developer, license),
        lambda: json.dumps(
            list_models(
                catalog, tiers=tiers, developer=developer or None, license_id=license or None
            ).to_dict()
        ).encode(),
    )
    return Response(content=body, media_type="application/json")


@router.get("/models/{ref:path}")
def api_model(ref: str, request: Request) -> dict[str, Any]:
    """Assess one model (the ``openness check`` contract); Hub repos when ``--online``."""
    return assessed_once(request, ("api:model", ref), lambda: assess_ref(request, ref).to_dict())


@router.post("/license")
async def api_license(body: LicenseRequest, request: Request) -> dict[str, Any]:
    """Analyse a license text (the ``openness license`` contract)."""
    return await workers_of(request).run(license_report, body.text)


def license_report(text: str) -> dict[str, Any]:
    """Return the ``openness license`` JSON of *text* (run on a worker process)."""
    return analyze_license(text, worker_catalog(), origin="request").to_dict()


@router.get("/obligations")
def api_obligations(
    request: Request,
    catalog: CatalogDep,
    model: str,
    use: str,
    mau: str = "",
    revenue: str = "",
    region: str = "",
    purpose: str = "commercial",
) -> dict[str, Any]:
    """What a use of a model requires (the ``openness obligations`` contract)."""
    query = {"model": model, "use": use, "mau": mau, "revenue": revenue, "region": region}
    query["purpose"] = purpose
    key = ("api:obligations", *sorted(query.items()))
    return memo_of(request).get(key, lambda: obligations_answer(request, catalog, query))


@router.get("/diff")
def api_diff(request: Request, catalog: CatalogDep, a: str, b: str) -> dict[str, Any]:
    """The terms two catalog licenses differ in (the ``openness diff`` contract)."""
    return memo_of(request).get(("api:diff", a, b), lambda: diff_of_ids(catalog, a, b))


@router.post("/advise")
def api_advise(
    profile: Annotated[dict[str, Any], Body()], request: Request, catalog: CatalogDep
) -> dict[str, Any]:
    """Advise closed, open self-hosted or hybrid for a requirements profile."""
    key = ("advise", json.dumps(profile, sort_keys=True, default=str))
    return memo_of(request).get(
        key, lambda: advise(profile_from_values(profile, origin="request"), catalog).to_dict()
    )


@router.get("/estimate")
def api_estimate(
    request: Request,
    catalog: CatalogDep,
    model: str,
    gpu: str = "h100",
    gpus: int = 1,
    precision: str = "fp16",
    input_tokens: int = 1000,
    output_tokens: int = 1000,
) -> dict[str, Any]:
    """Estimate self-hosting *model* on *gpus* GPUs of kind *gpu*."""
    if precision not in {p.value for p in Precision}:
        choices = ", ".join(p.value for p in Precision)
        raise EstimateError(f"unknown precision {precision!r}; choose one of {choices}")
    key = ("api:estimate", model, gpu, gpus, precision, input_tokens, output_tokens)
    return memo_of(request).get(
        key,
        lambda: estimate(
            catalog.resolve_model(model),
            catalog.gpu(gpu),
            gpus=gpus,
            precision=Precision(precision),
            input_tokens=input_tokens,
            output_tokens=output_tokens,
        ).to_dict(),
    )
