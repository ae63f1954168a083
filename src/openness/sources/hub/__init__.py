"""Facts about a model from the Hugging Face Hub: its card metadata, files and LICENSE.

Owns the conversation with the Hub: the ``/api/models`` answer (read with a
size limit and a deadline, validated by ``hub.schema``), the repository's LICENSE
file, the mapping of HTTP failures to ``openness.errors`` (404, gated, 429,
anything else), offline mode and the on-disk cache of answers. Requests go
through ``huggingface_hub``'s own HTTP session, headers and error parsing, so
its proxy, user-agent and ``X-Error-Code`` handling apply. It does not judge
the license or the model: see ``openness.licenses`` and ``openness.assess``.
Entry point: ``HubClient.model``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx2
from huggingface_hub import constants, get_session, hf_hub_url, hf_raise_for_status
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    HFValidationError,
    OfflineModeIsEnabled,
    RevisionNotFoundError,
)

# Documented as huggingface_hub.utils.<name>; imported from where they are defined
# because that package's lazy facade hides them from mypy.
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import parse_ratelimit_headers
from huggingface_hub.utils._validators import validate_repo_id
from pydantic import (
    ValidationError,
)

from openness import __version__
from openness.errors import (
    HubAccessError,
    HubGatedError,
    HubModelNotFoundError,
    HubRateLimitError,
)
from openness.limits import LICENSE_BYTES as MAX_LICENSE_BYTES
from openness.sources.findings import Finding, FindingKind
from openness.sources.hub.cache import JsonCache, default_cache_dir
from openness.sources.hub.schema import (
    _HUB_MODEL,
    HubModel,
    license_file,
    parse_model_info,
)

__all__ = [
    "DEFAULT_ENDPOINT", "MAX_INFO_BYTES", "MAX_LICENSE_BYTES",
    "HubClient", "HubModel", "is_offline", "parse_model_info",
]  # fmt: skip

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
"""The Hub asked when neither ``endpoint`` nor ``$HF_ENDPOINT`` names another."""

MAX_INFO_BYTES = 8 * 1024 * 1024
"""Largest ``/api/models`` answer read; the largest real ones (repos with tens of
thousands of files) stay well under it."""


_MAX_ERROR_BYTES = 64 * 1024
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
_TRUE_WORDS = frozenset({"1", "ON", "YES", "TRUE"})


@dataclass(frozen=True)
class _Answer:
    body: bytes
    is_truncated: bool


@dataclass(frozen=True)
class _LicenseFetch:
    text: str | None
    findings: tuple[Finding, ...]
    is_final: bool
    """False when the failure may pass (rate limit, network): the answer is then not cached."""


class HubClient:
    """Ask the Hugging Face Hub about models, through an on-disk cache.

    Answers are cached one JSON file per repository under ``<cache_dir>/hub``
    and reused for ``ttl_seconds``. Errors are not cached: a missing or gated
    repository is asked again next time.

    Args:
        endpoint: the Hub URL; ``$HF_ENDPOINT`` when None, else ``DEFAULT_ENDPOINT``.
            (``huggingface_hub`` reads ``HF_ENDPOINT`` once at import; this reads it now.)
        token: a Hub access token; ``$HF_TOKEN`` when None. Without either, no
            ``Authorization`` header is sent.
        cache_dir: the openness cache folder; ``default_cache_dir()`` when None.
        ttl_seconds: how long a cached answer is used (0: always ask again).
        timeout_seconds: how long to wait to connect and between two reads; a whole
            answer must arrive within this time too.
        clock: returns the current time (UTC); for tests.

    Raises:
        ValueError: a negative TTL, or a timeout that is not a positive number.
    """

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        cache_dir: Path | None = None,
        ttl_seconds: int = 86400,
        timeout_seconds: float = 10.0,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if ttl_seconds < 0:
            raise ValueError(f"ttl_seconds must be 0 or more, not {ttl_seconds!r}")
        if not (math.isfinite(timeout_seconds) and timeout_seconds > 0):
            raise ValueError(f"timeout_seconds must be a positive number, not {timeout_seconds!r}")
        chosen = endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT
        self.endpoint = chosen.strip().rstrip("/")
        self._token = (token or os.environ.get("HF_TOKEN") or "").strip() or None
        self.cache = JsonCache((default_cache_dir() if cache_dir is None else cache_dir) / "hub")
        self.ttl_seconds = ttl_seconds
        self.timeout_seconds = timeout_seconds
        self._clock = clock or (lambda: datetime.now(UTC))

    def model(self, repo_id: str, *, revision: str | None = None) -> HubModel:
        """Return what the Hub says about *repo_id*, from the cache when fresh.

        Args:
            repo_id: ``org/name`` (or a bare legacy ``name``).
            revision: a branch, tag or commit; the default branch when None.

        Returns:
            The model's facts, with its LICENSE text when the repository has one.

        Raises:
            HubModelNotFoundError: no such repository or revision, or not a valid repo id.
            HubGatedError: the repository is gated or private for this token.
            HubRateLimitError: the Hub asks to slow down.
            HubAccessError: offline mode without a fresh cached answer, network
                failure, timeout, server error or malformed answer.
        """
        _check_repo_id(repo_id)
        revision = revision or None
        key = "\n".join((self.endpoint, repo_id, revision or ""))
        now = self._clock()
        now = now if now.tzinfo else now.replace(tzinfo=UTC)
        entry = self.cache.read(key)
        if entry is not None and entry.is_fresh(now, self.ttl_seconds):
            cached = _model_from_payload(entry.payload)
            if cached is not None:
                logger.debug("answering %s from the cache", repo_id)
                return cached
        if is_offline():
            raise HubAccessError(
                f"Hub offline mode is on (HF_HUB_OFFLINE) and the cache holds no answer for "
                f"{repo_id!r} younger than {self.ttl_seconds} s; unset HF_HUB_OFFLINE to fetch it.",
                repo_id,
            )
        model, is_final = self._fetch(repo_id, revision, now)
        if is_final:
            self.cache.write(key, now, dataclasses.asdict(model))
        return model

    def dataset_license(self, dataset_id: str) -> str | None:
        """Return the license id a Hub dataset's card declares, or None when it has none.

        The answer is cached as a model's is. Anything that goes wrong (no such
        dataset, gated, offline, a malformed answer) is None: a dataset's license
        is a note for the reader, never a reason to fail.
        """
        try:
            _check_repo_id(dataset_id)
        except HubAccessError:
            return None
        key = "\n".join(("dataset", self.endpoint, dataset_id))
        now = self._clock()
        now = now if now.tzinfo else now.replace(tzinfo=UTC)
        entry = self.cache.read(key)
        if entry is not None and entry.is_fresh(now, self.ttl_seconds):
            cached = entry.payload.get("license")
            return cached if isinstance(cached, str) else None
        if is_offline():
            return None
        try:
            self._check_endpoint(dataset_id)
            answer = self._get(
                f"{self.endpoint}/api/datasets/{dataset_id}", dataset_id, MAX_INFO_BYTES
            )
        except HubAccessError as err:
            logger.debug("no license for dataset %s: %s", dataset_id, err)
            return None
        found = None if answer.is_truncated else dataset_license_of(answer.body)
        self.cache.write(key, now, {"license": found})
        return found

    def _fetch(self, repo_id: str, revision: str | None, now: datetime) -> tuple[HubModel, bool]:
        """Ask the Hub for the model and its LICENSE; tell whether the answer may be cached."""
        self._check_endpoint(repo_id)
        url = f"{self.endpoint}/api/models/{repo_id}"
        if revision is not None:
            url += f"/revision/{quote(revision, safe='')}"
        answer = self._get(url, repo_id, MAX_INFO_BYTES)
        if answer.is_truncated:
            raise HubAccessError(
                f"The Hub's answer for {repo_id!r} is larger than {MAX_INFO_BYTES} bytes; "
                "check HF_ENDPOINT.",
                repo_id,
            )
        fetched_at = now.astimezone(UTC).isoformat(timespec="seconds")
        model = parse_model_info(answer.body, repo_id, fetched_at)
        license_fetch = self._license_text(repo_id, model, revision)
        model = dataclasses.replace(
            model, license_text=license_fetch.text, findings=license_fetch.findings
        )
        return model, license_fetch.is_final

    def _license_text(self, repo_id: str, model: HubModel, revision: str | None) -> _LicenseFetch:
        """Download the repository's LICENSE file, when it lists one."""
        name = license_file(model.siblings, model.license_link)
        if name is None:
            return _LicenseFetch(None, (), is_final=True)
        where = f"{repo_id}/{name}"
        commit = model.sha if model.sha and _COMMIT.fullmatch(model.sha) else None
        url = hf_hub_url(repo_id, name, revision=commit or revision, endpoint=self.endpoint)
        try:
            answer = self._get(url, repo_id, MAX_LICENSE_BYTES)
        except HubGatedError:
            detail = f"{name} is gated: accept the model's terms on the Hub and set HF_TOKEN"
            finding = Finding(FindingKind.GATED_MODEL, where, detail)
            return _LicenseFetch(None, (finding,), is_final=True)
        except HubModelNotFoundError:
            detail = f"{name} is listed but the Hub does not serve it"
            finding = Finding(FindingKind.HUB_ERROR, where, detail)
            return _LicenseFetch(None, (finding,), is_final=True)
        except HubAccessError as err:  # may pass: the answer is not cached
            finding = Finding(FindingKind.HUB_ERROR, where, f"{name} not downloaded: {err}")
            return _LicenseFetch(None, (finding,), is_final=False)
        return _decode_license(answer, where)

    def _check_endpoint(self, repo_id: str) -> None:
        parts = urlsplit(self.endpoint)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise HubAccessError(
                f"The Hub endpoint {self.endpoint!r} is not an http(s) URL; "
                f"check HF_ENDPOINT (e.g. {DEFAULT_ENDPOINT}).",
                repo_id,
            )

    def _get(self, url: str, repo_id: str, max_bytes: int) -> _Answer:
        """GET *url* through huggingface_hub's session; map every failure to a HubAccessError."""
        headers = build_hf_headers(
            token=self._token or False, library_name="openness", library_version=__version__
        )
        try:
            return _stream(url, headers, max_bytes, self.timeout_seconds)
        except HfHubHTTPError as err:
            raise _status_error(err, repo_id, self.endpoint, self._token is not None) from err
        except OfflineModeIsEnabled as err:
            raise HubAccessError(
                f"Hub offline mode is on; cannot fetch {repo_id!r}. Unset HF_HUB_OFFLINE.", repo_id
            ) from err
        except httpx2.TimeoutException as err:
            raise HubAccessError(
                f"The Hub at {self.endpoint} did not answer for {repo_id!r} within "
                f"{self.timeout_seconds:g} s; try again later, or check HF_ENDPOINT.",
                repo_id,
            ) from err
        except (httpx2.HTTPError, httpx2.InvalidURL, httpx2.StreamError) as err:
            raise HubAccessError(
                f"Could not reach the Hub at {self.endpoint} for {repo_id!r} "
                f"({type(err).__name__}); check your network and HF_ENDPOINT.",
                repo_id,
            ) from err


def is_offline(environ: Mapping[str, str] | None = None) -> bool:
    """Tell whether Hub offline mode is on, reading the environment now.

    ``huggingface_hub`` reads ``HF_HUB_OFFLINE`` once, at import; this also
    honours a variable set later.

    Args:
        environ: the environment to read; ``os.environ`` by default.

    Returns:
        True when ``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE`` is 1, on, yes or true.

    >>> is_offline({"HF_HUB_OFFLINE": "1"})
    True
    """
    env = os.environ if environ is None else environ
    if any(env.get(name, "").strip().upper() in _TRUE_WORDS for name in _OFFLINE_VARIABLES):
        return True
    return constants.is_offline_mode()


def _check_repo_id(repo_id: str) -> None:
    """Refuse what the Hub would never accept as a model repo id, before any request."""
    try:
        validate_repo_id(repo_id)
    except HFValidationError as err:
        shown = repo_id if len(repo_id) <= 80 else repo_id[:77] + "..."
        raise HubModelNotFoundError(
            f"{shown!r} is not a Hugging Face repo id; give it as 'org/name'.", shown
        ) from err


def dataset_license_of(body: bytes) -> str | None:
    """The license of a ``GET /api/datasets/{id}`` answer: its card's, else its ``license:`` tag.

    >>> dataset_license_of(b'{"id": "a/b", "cardData": {"license": "CC-BY-NC-4.0"}}')
    'cc-by-nc-4.0'
    >>> dataset_license_of(b'{"tags": ["license:odc-by"]}'), dataset_license_of(b"[1]")
    ('odc-by', None)
    """
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    card = data.get("cardData")
    found = card.get("license") if isinstance(card, dict) else None
    if isinstance(found, list):
        found = next((item for item in found if isinstance(item, str)), None)
    if not isinstance(found, str):
        tags = data.get("tags")
        found = (
            next(
                (
                    t.split(":", 1)[1]
                    for t in tags
                    if isinstance(t, str) and t.startswith("license:")
                ),
                None,
            )
            if isinstance(tags, list)
            else None
        )
    found = found.strip().lower() if isinstance(found, str) else None
    return found if found and len(found) <= 100 else None


def _model_from_payload(payload: Mapping[str, Any]) -> HubModel | None:
    """A cached ``HubModel``, or None when the entry does not hold one (then it is refetched)."""
    try:
        return _HUB_MODEL.validate_python(payload)
    except ValidationError as err:
        logger.debug("ignoring a cache entry of the wrong shape: %s", err.errors()[:1])
        return None


def _decode_license(answer: _Answer, where: str) -> _LicenseFetch:
    """Turn a downloaded LICENSE into text, with a finding when it is cut or not text."""
    if b"\x00" in answer.body[:8192]:
        finding = Finding(FindingKind.UNREADABLE_FILE, where, "binary data, not a license text")
        return _LicenseFetch(None, (finding,), is_final=True)
    text = answer.body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    findings: tuple[Finding, ...] = ()
    if answer.is_truncated:
        detail = f"larger than {MAX_LICENSE_BYTES} bytes; only the first {MAX_LICENSE_BYTES} read"
        findings = (Finding(FindingKind.FILE_TOO_LARGE, where, detail),)
    return _LicenseFetch(text if text.strip() else None, findings, is_final=True)


def _stream(url: str, headers: dict[str, str], max_bytes: int, timeout_seconds: float) -> _Answer:
    """GET *url*, reading at most *max_bytes* of the body and giving up after the deadline.

    Raises ``HfHubHTTPError`` (or a subclass: ``GatedRepoError``, …) for an error status,
    parsed by ``hf_raise_for_status`` from the first bytes of the error body.
    """
    deadline = time.monotonic() + timeout_seconds
    with get_session().stream("GET", url, headers=headers, timeout=timeout_seconds) as response:
        limit = max_bytes if response.is_success else _MAX_ERROR_BYTES
        body, is_truncated = _read_at_most(response, limit, deadline)
        detached = _detached(response, body)
    try:
        hf_raise_for_status(detached)
    except HfHubHTTPError:
        raise
    except ValueError as err:  # e.g. an absurd number in a rate-limit header
        raise HfHubHTTPError(f"unreadable error answer: {err}", response=detached) from err
    if not detached.is_success:  # a 1xx or a redirect that was not followed
        raise HfHubHTTPError(f"unexpected HTTP {detached.status_code}", response=detached)
    return _Answer(body, is_truncated)


def _read_at_most(response: httpx2.Response, limit: int, deadline: float) -> tuple[bytes, bool]:
    """Read up to *limit* bytes of the (decoded) body; tell whether there was more."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
        if time.monotonic() > deadline:
            raise httpx2.ReadTimeout("the answer did not arrive in time", request=response.request)
    return b"".join(chunks)[:limit], size > limit


def _detached(response: httpx2.Response, body: bytes) -> httpx2.Response:
    """A complete copy of a streamed response holding *body*, for ``hf_raise_for_status``."""
    dropped = {"content-encoding", "content-length", "transfer-encoding"}
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
    return httpx2.Response(
        response.status_code, headers=headers, content=body, request=response.request
    )


def _status_error(
    err: HfHubHTTPError, repo_id: str, endpoint: str, has_token: bool
) -> HubAccessError:
    """The openness error for an HTTP error status from the Hub."""
    status = err.response.status_code
    code = err.response.headers.get("X-Error-Code")
    private_hint = "and that the token may read it" if has_token else "or set HF_TOKEN"
    if isinstance(err, GatedRepoError) or (status in {401, 403} and code != "RepoNotFound"):
        who = "the token given does not grant access" if has_token else "no token was given"
        return HubGatedError(
            f"{repo_id!r} is gated or private and {who} (HTTP {status}); accept its terms on the"
            " Hub and set HF_TOKEN to a token that may read it.",
            repo_id,
        )
    if isinstance(err, RevisionNotFoundError) or code == "RevisionNotFound":
        return HubModelNotFoundError(
            f"The Hub has no such revision of {repo_id!r} (HTTP {status}); check the revision.",
            repo_id,
        )
    if status == 404 or code in {"RepoNotFound", "EntryNotFound"}:
        return HubModelNotFoundError(
            f"The Hub at {endpoint} has no model {repo_id!r} (HTTP {status}); check the repo id,"
            f" {private_hint} if it is private.",
            repo_id,
        )
    if status == 429:
        wait = _retry_after_seconds(err.response.headers)
        when = "later" if wait is None else f"in {wait} s"
        higher = "" if has_token else ", or set HF_TOKEN for a higher limit"
        return HubRateLimitError(
            f"The Hub is rate-limiting requests (HTTP 429) for {repo_id!r}; try again {when}"
            f"{higher}.",
            repo_id,
        )
    failed = "failed" if status >= 500 else "refused the request"
    return HubAccessError(
        f"The Hub at {endpoint} {failed} for {repo_id!r} (HTTP {status}); try again later, "
        "or check HF_ENDPOINT.",
        repo_id,
    )


def _retry_after_seconds(headers: httpx2.Headers) -> int | None:
    """Seconds to wait, from ``Retry-After`` (in seconds) or the IETF ``RateLimit`` header.

    An HTTP-date ``Retry-After`` is not read, as in ``huggingface_hub``.
    """
    value = headers.get("Retry-After", "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    try:
        limit = parse_ratelimit_headers(headers)
    except ValueError:  # a number too long to convert
        return None
    return limit.reset_in_seconds if limit is not None and limit.remaining == 0 else None
