"""Page through the Hub's model listing (``GET /api/models``) with huggingface_hub's session.

Owns the listing's wire protocol as ``HfApi.list_models(full=True, cardData=True)``
speaks it: a page of JSON records per request, the next page named by the
``Link: <…>; rel="next"`` header. It is done here, on huggingface_hub's own HTTP
session, headers and error parsing, so that the cursor can be saved between
pages (an interrupted dump resumes where it stopped) and a rate limit is waited
out: HTTP 429 honours ``Retry-After``, a server error or a truncated page is
retried with exponential back-off, a bounded number of times. Entry point:
``list_pages``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from huggingface_hub import get_session, hf_raise_for_status
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils._headers import build_hf_headers

from openness import __version__
from openness.errors import HubAccessError

logger = logging.getLogger(__name__)

PAGE_SIZE = 1000
"""Records asked for per page (the Hub's largest)."""
MAX_TRIES = 8
"""Tries of one page before the dump stops (it can be resumed)."""
MAX_WAIT_SECONDS = 300.0
"""The longest single wait, whatever ``Retry-After`` asks."""
MAX_BACKOFF_SECONDS = 30.0
"""The longest wait after a failure that gave no ``Retry-After`` (eight tries: about 2 min)."""


@dataclass(frozen=True)
class Page:
    """One page of the listing."""

    url: str
    """The URL it was fetched from (the cursor to resume at)."""
    records: list[str]
    """Each model's record, as compact JSON."""
    next_url: str | None
    """The next page, or None at the end."""


def first_url(endpoint: str, page_size: int = PAGE_SIZE, **filters: str) -> str:
    """Return the listing's first page URL, as ``list_models(full=True, cardData=True)`` asks.

    >>> first_url("https://huggingface.co", 2)
    'https://huggingface.co/api/models?full=True&cardData=True&limit=2'
    """
    query = {"full": "True", "cardData": "True", "limit": str(page_size), **filters}
    return f"{endpoint.rstrip('/')}/api/models?{urlencode(query)}"


def list_pages(
    url: str,
    token: str | None = None,
    timeout_seconds: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Page]:
    """Yield each page from *url* on, following ``Link`` headers to the end.

    Raises:
        HubAccessError: a page still fails after ``MAX_TRIES`` (the message says
            where to resume), or the Hub refuses the token.
    """
    headers = build_hf_headers(
        token=token or False, library_name="openness", library_version=__version__
    )
    next_url: str | None = url
    while next_url is not None:
        page = _fetch(next_url, headers, timeout_seconds, sleep)
        yield page
        next_url = page.next_url


def _fetch(
    url: str, headers: dict[str, str], timeout_seconds: float, sleep: Callable[[float], None]
) -> Page:
    problem = "no answer"
    for attempt in range(MAX_TRIES):
        wait = min(2.0**attempt, MAX_BACKOFF_SECONDS)
        try:
            response = get_session().get(url, headers=headers, timeout=timeout_seconds)
        except Exception as err:  # network failures of any kind: wait and try again
            problem = f"network: {type(err).__name__}"
            sleep(wait)
            continue
        if response.status_code == 429:
            wait = _retry_after(response.headers.get("Retry-After"), wait)
            problem = f"rate-limited (HTTP 429), waited {wait:g} s"
            logger.info("rate-limited on %s: waiting %s s", url, wait)
            sleep(wait)
            continue
        if response.status_code >= 500:
            problem = f"HTTP {response.status_code}"
            sleep(wait)
            continue
        try:
            hf_raise_for_status(response)
        except HfHubHTTPError as err:
            raise HubAccessError(
                f"The Hub refused the listing at {url} (HTTP {response.status_code}); "
                "check HF_TOKEN and HF_ENDPOINT.",
                url,
            ) from err
        try:
            items = json.loads(response.content)
        except ValueError:
            problem = "a truncated or malformed page"
            sleep(wait)
            continue
        if not isinstance(items, list):
            problem = "a page that is not a list of models"
            sleep(wait)
            continue
        link = response.links.get("next", {}).get("url") if response.links else None
        records = [json.dumps(item, separators=(",", ":"), ensure_ascii=False) for item in items]
        return Page(url, records, link)
    raise HubAccessError(
        f"The Hub's listing failed {MAX_TRIES} times at {url} ({problem}); "
        "run the dump again to resume from there.",
        url,
    )


def _retry_after(value: str | None, fallback: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (seconds only), bounded.

    >>> _retry_after("5", 1.0), _retry_after("soon", 2.0), _retry_after("99999", 1.0)
    (5.0, 2.0, 300.0)
    """
    try:
        seconds = float(value) if value is not None else fallback
    except ValueError:
        seconds = fallback
    return max(0.0, min(seconds, MAX_WAIT_SECONDS))


def fetch_text(
    url: str, token: str | None, max_bytes: int, timeout_seconds: float = 30.0
) -> bytes | None:
    """GET a file (a LICENSE) with the Hub session: its first *max_bytes*, or None on failure."""
    headers = build_hf_headers(
        token=token or False, library_name="openness", library_version=__version__
    )
    try:
        with get_session().stream("GET", url, headers=headers, timeout=timeout_seconds) as response:
            if response.status_code != 200:
                return None
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= max_bytes:
                    break
            return b"".join(chunks)[:max_bytes]
    except Exception:  # a license text is a bonus: any failure leaves the model without one
        return None
