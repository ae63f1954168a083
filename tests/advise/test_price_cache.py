"""Prices looked up in genai-prices are kept per day: the same answers, faster."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

from openness.advise.prices import _pack, _unpack, api_price, hosted_offers
from openness.environment import CACHE_ENV, TODAY_ENV

ADVISE = [sys.executable, "-m", "openness", "advise", "--task", "chat", "--format", "json"]


def _advise(cache: Path | str) -> str:
    env = {**os.environ, CACHE_ENV: str(cache), TODAY_ENV: "2026-12-04"}
    return subprocess.run(ADVISE, capture_output=True, text=True, env=env, check=True).stdout


def test_a_kept_price_is_the_price() -> None:
    prices = [api_price("gpt-4.1-mini", "openai"), api_price("claude-sonnet-4-5", "anthropic")]
    prices += hosted_offers({"meta-llama/llama-3.1-8b-instruct"})
    assert len(prices) > 2
    for price in prices:
        assert _unpack(marshal.loads(marshal.dumps(_pack(price)))) == price
    for junk in (None, "missing", (1, 2), ("m", "p", "x", (), 1.0, (), None, "s", "d")):
        assert _unpack(junk) is None


def test_advice_is_the_same_with_a_cold_a_warm_a_damaged_or_no_cache(tmp_path: Path) -> None:
    cold = _advise(tmp_path)
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("prices-")]
    assert kept.name.endswith("-2026-12-04.marshal")  # one file a day
    entries = marshal.loads(kept.read_bytes())
    assert ("as_of",) in entries and ("hosted",) in entries
    warm = _advise(tmp_path)
    assert warm == cold
    damaged = dict.fromkeys(entries, ("not", "a", "price"))
    kept.write_bytes(marshal.dumps(damaged))
    assert _advise(tmp_path) == cold
    assert _advise("off") == cold
