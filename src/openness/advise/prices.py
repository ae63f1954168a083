"""API prices, per million tokens, behind one interface: genai-prices, or a dated fallback.

Owns where API prices come from and how a workload is priced: the prices
bundled with ``genai-prices`` (no network), tiered rates chosen by the size of
each request, and, when that package lacks a model, a small table of our own
whose every price carries its source and date. Every price says "as of" when.
Entry points: ``api_price`` and ``monthly_cost``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openness.errors import EstimateError

if TYPE_CHECKING:
    from openness.cachefile import CacheFile

PROVIDERS = {
    "OpenAI": "openai", "Anthropic": "anthropic", "Google": "google", "Google DeepMind": "google",
    "Mistral AI": "mistral", "Cohere": "cohere", "xAI": "x-ai", "DeepSeek": "deepseek",
}  # fmt: skip
"""Catalog developer -> genai-prices provider id."""

FALLBACK: dict[str, tuple[float, float, str, str]] = {
    "gpt-4o": (2.50, 10.00, "https://openai.com/api/pricing/", "2025-08"),
    "gpt-4o-mini": (0.15, 0.60, "https://openai.com/api/pricing/", "2025-08"),
    "claude-3-5-sonnet": (3.00, 15.00, "https://www.anthropic.com/pricing#api", "2025-08"),
    "gemini-1.5-pro": (1.25, 5.00, "https://ai.google.dev/gemini-api/docs/pricing", "2025-08"),
}
"""Model -> (input, output US$ per million tokens, source, as of), used when genai-prices
lacks the model (prices as REFERENCE.md 5.1 records them from genai-prices 0.2.3)."""


@dataclass(frozen=True)
class Tiered:
    """A per-million-token rate that rises with the size of the request."""

    base: float
    """Rate for requests below the first tier."""
    tiers: tuple[tuple[int, float], ...] = ()
    """(input tokens from which it applies, rate), ascending."""

    def rate(self, request_input_tokens: int) -> float:
        """Return the rate for a request of *request_input_tokens* input tokens."""
        rate = self.base
        for start, price in self.tiers:
            if request_input_tokens >= start:
                rate = price
        return rate


@dataclass(frozen=True)
class ApiPrice:
    """What an API model costs."""

    model: str
    """The API model name priced."""
    provider: str
    """The provider id."""
    input_usd_per_mtok: Tiered
    """Input rate."""
    output_usd_per_mtok: Tiered
    """Output rate (tiers chosen by the request's input size, as providers do)."""
    context_window: int | None
    """Longest input the API takes, when known."""
    source: str
    """Where the price comes from."""
    as_of: str
    """How current it is."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly summary."""
        return {
            "model": self.model, "provider": self.provider,
            "input_usd_per_mtok": self.input_usd_per_mtok.base,
            "output_usd_per_mtok": self.output_usd_per_mtok.base,
            "tiers": [{"from_input_tokens": start, "input": price}
                      for start, price in self.input_usd_per_mtok.tiers],
            "context_window": self.context_window, "source": self.source, "as_of": self.as_of,
        }  # fmt: skip


def api_price(model: str, provider: str | None = None) -> ApiPrice:
    """Return the current price of API *model* (a provider's model name).

    Raises:
        EstimateError: neither genai-prices nor the fallback table knows it.
    """
    key = ("api", model, provider or "")
    entry = _lookups().get(key)
    found = _unpack(entry)
    if found is None and entry != _MISSING:
        found = _from_genai_prices(model, provider)
        _lookups().put(key, _pack(found) if found is not None else _MISSING)
    if found is not None:
        return found
    base = model.lower()
    if base in FALLBACK:
        price_in, price_out, source, as_of = FALLBACK[base]
        return ApiPrice(
            model, provider or "", Tiered(price_in), Tiered(price_out), None, source, as_of
        )
    raise EstimateError(f"no API price is known for {model!r}")


OPEN_WEIGHTS_HOSTS = frozenset({
    "avian", "aws", "azure", "baseten", "cerebras", "cloudflare", "databricks", "doubleword",
    "fireworks", "groq", "huggingface_cerebras", "huggingface_fireworks-ai", "huggingface_groq",
    "huggingface_hyperbolic", "huggingface_nebius", "huggingface_novita", "huggingface_nscale",
    "huggingface_ovhcloud", "huggingface_publicai", "huggingface_sambanova",
    "huggingface_together", "modal", "novita", "ovhcloud", "together",
})  # fmt: skip
"""The genai-prices providers that serve open-weights models per token (inference hosts;
not routers that resell other providers, not the closed-model vendors)."""


def hosted_offers(names: set[str]) -> list[ApiPrice]:
    """Return the per-token offers of inference hosts for a model known by *names*.

    A provider's model matches when its id, or the part of it after the last
    ``/``, is one of *names* (lower case: Hub ids, their name parts, other
    aliases). Nothing looser: a quantised or renamed offer ("-Turbo", "-FP8")
    is a different model until shown otherwise.
    """
    by_name = _offers_by_name()
    found: dict[tuple[str, str], ApiPrice] = {}
    for name in names:
        for offer in by_name.get(name.lower(), ()):
            found[(offer.provider, offer.model)] = offer
    return sorted(found.values(), key=lambda o: (o.provider, o.model))


@cache
def _offers_by_name() -> dict[str, tuple[ApiPrice, ...]]:
    kept = _lookups().get(("hosted",))
    if isinstance(kept, dict):
        table = {
            name: tuple(o for o in map(_unpack, packed) if o is not None)
            for name, packed in kept.items()
            if isinstance(name, str) and isinstance(packed, list)
        }
        if table:
            return table
    table = _hosted_from_genai_prices()
    _lookups().put(
        ("hosted",), {name: [_pack(o) for o in offers] for name, offers in table.items()}
    )
    return table


def _hosted_from_genai_prices() -> dict[str, tuple[ApiPrice, ...]]:
    from genai_prices import data_snapshot

    table: dict[str, list[ApiPrice]] = {}
    now = datetime.now(UTC)
    for provider in data_snapshot.get_snapshot().providers:
        if provider.id not in OPEN_WEIGHTS_HOSTS:
            continue
        urls = getattr(provider, "pricing_urls", None) or []
        source = f"genai-prices {_version()}" + (f" ({urls[0]})" if urls else "")
        for model in provider.models:
            try:
                prices = model.get_prices(now)
            except Exception:  # noqa: BLE001 - a model without a current price is skipped
                continue
            rate_in, rate_out = _tiered(prices.input_mtok), _tiered(prices.output_mtok)
            if rate_in is None or rate_out is None or (rate_in.base == 0 and rate_out.base == 0):
                continue  # free tiers are rate-limited previews, not a way to serve a workload
            offer = ApiPrice(
                model.id, provider.id, rate_in, rate_out, model.context_window, source,
                f"{prices_as_of()} or later",
            )  # fmt: skip
            full = model.id.lower()
            for key in {full, full.rsplit("/", 1)[-1]}:
                table.setdefault(key, []).append(offer)
    return {key: tuple(offers) for key, offers in table.items()}


def monthly_cost(
    price: ApiPrice, input_tokens: float, output_tokens: float, request_input_tokens: int
) -> float:
    """Return the US$ cost of a month of traffic at *price*.

    Args:
        price: the API price.
        input_tokens: input tokens a month.
        output_tokens: output tokens a month.
        request_input_tokens: input tokens of a typical request (chooses the tier).

    >>> p = ApiPrice("m", "p", Tiered(1.25, ((128_000, 2.5),)), Tiered(5.0), None, "s", "now")
    >>> monthly_cost(p, 2_000_000, 1_000_000, 1_000), monthly_cost(p, 2_000_000, 0, 200_000)
    (7.5, 5.0)
    """
    if input_tokens < 0 or output_tokens < 0:
        raise EstimateError("token volumes must not be negative")
    return (
        input_tokens * price.input_usd_per_mtok.rate(request_input_tokens)
        + output_tokens * price.output_usd_per_mtok.rate(request_input_tokens)
    ) / 1e6


def _from_genai_prices(model: str, provider: str | None) -> ApiPrice | None:
    try:
        from genai_prices import data_snapshot
    except ImportError:
        return None
    snapshot = data_snapshot.get_snapshot()
    try:
        found_provider, found_model = snapshot.find_provider_model(model, None, provider, None)
    except Exception:  # noqa: BLE001 - the package raises its own lookup errors
        return None
    if found_model is None:
        return None
    prices = found_model.get_prices(datetime.now(UTC))
    rate_in, rate_out = _tiered(prices.input_mtok), _tiered(prices.output_mtok)
    if rate_in is None or rate_out is None:
        return None
    urls = getattr(found_provider, "pricing_urls", None) or []
    source = f"genai-prices {_version()}" + (f" ({urls[0]})" if urls else "")
    return ApiPrice(
        found_model.id,
        found_provider.id,
        rate_in,
        rate_out,
        found_model.context_window,
        source,
        f"{prices_as_of()} or later",
    )


def _tiered(value: Any) -> Tiered | None:
    if value is None:
        return None
    if isinstance(value, Decimal | int | float):
        return Tiered(float(value))
    base = getattr(value, "base", None)
    tiers = tuple((int(t.start), float(t.price)) for t in getattr(value, "tiers", ()))
    return Tiered(float(base), tiers) if base is not None else None


@cache
def _lookups() -> CacheFile:
    """The prices looked up in genai-prices, kept per version of its data and per day.

    Reading genai-prices costs a quarter of a second; a kept answer, a
    millisecond. Prices there change on dates, so a day's answers are kept
    for that day only; a new package (its data file's size and time) starts afresh.
    """
    from importlib.util import find_spec

    from openness.cachefile import CacheFile
    from openness.environment import today

    spec = find_spec("genai_prices")
    data = Path(spec.origin).with_name("data.py") if spec and spec.origin else None
    try:
        stamp = os.stat(data) if data is not None else None
    except OSError:
        stamp = None
    version = f"{stamp.st_size}-{stamp.st_mtime_ns}" if stamp is not None else "none"
    return CacheFile("prices", f"{version}-{today()}")


_MISSING = "missing"
"""What the cache keeps for a model genai-prices does not know."""

_Packed = tuple[str, str, float, tuple[tuple[int, float], ...], float,
                tuple[tuple[int, float], ...], int | None, str, str]  # fmt: skip
"""An ``ApiPrice`` as the cache keeps it."""


def _pack(price: ApiPrice) -> _Packed:
    i, o = price.input_usd_per_mtok, price.output_usd_per_mtok
    return (price.model, price.provider, i.base, i.tiers, o.base, o.tiers,
            price.context_window, price.source, price.as_of)  # fmt: skip


def _unpack(value: Any) -> ApiPrice | None:
    """Return the price a cache entry holds, or None for anything else."""
    try:
        model, provider, base_in, tiers_in, base_out, tiers_out, window, source, as_of = value
        rate_in = Tiered(float(base_in), tuple((int(a), float(b)) for a, b in tiers_in))
        rate_out = Tiered(float(base_out), tuple((int(a), float(b)) for a, b in tiers_out))
    except (TypeError, ValueError):
        return None
    if not all(isinstance(x, str) for x in (model, provider, source, as_of)):
        return None
    if window is not None and not isinstance(window, int):
        return None
    return ApiPrice(model, provider, rate_in, rate_out, window, source, as_of)


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("genai-prices")
    except PackageNotFoundError:
        return "unknown"


@cache
def prices_as_of() -> str:
    """Return the date of the newest price change in the bundled data (its freshness)."""
    kept = _lookups().get(("as_of",))
    if isinstance(kept, str):
        return kept
    found = _newest_price_change()
    _lookups().put(("as_of",), found)
    return found


def _newest_price_change() -> str:
    from genai_prices import data_snapshot

    from openness.environment import today as current_day

    latest = date(2024, 1, 1)
    today = date.fromisoformat(current_day())
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            prices = model.prices if isinstance(model.prices, list) else []
            for conditional in prices:
                start = getattr(getattr(conditional, "constraint", None), "start_date", None)
                if start is not None:
                    day = start.date() if isinstance(start, datetime) else start
                    if latest < day <= today:
                        latest = day
    return latest.isoformat()
