"""A client for the Fact Check Tools API's `claims:search`, following every page.

The key comes from FACTCHECK_API_KEY and travels in the `X-Goog-Api-Key` header, never
in an address: it appears in no URL, message or report (any text that could hold it is
redacted). The base address can be changed (FACTCHECK_API_URL) so tests talk to a local
server instead of the network. Every failure — no key, an HTTP error, a rate limit, a
timeout, an answer that is not JSON — is an ImportFailure saying what to do.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from facts.html_text import single_line
from facts.importers.claimreview.report import ImportFailure

KEY_VARIABLE = "FACTCHECK_API_KEY"
URL_VARIABLE = "FACTCHECK_API_URL"
DEFAULT_URL = "https://factchecktools.googleapis.com/v1alpha1"
PAGE_SIZE = 50
MAX_PAGES = 20
TIMEOUT = 20.0


@dataclass(frozen=True, slots=True)
class Search:
    """What to ask for: the API's `query`, `languageCode`, `maxAgeDays` and
    `reviewPublisherSiteFilter`."""

    query: str
    language: str | None = None
    max_age_days: int | None = None
    publisher: str | None = None

    def parameters(self, page_token: str | None) -> dict[str, str]:
        params = {"query": self.query, "pageSize": str(PAGE_SIZE)}
        if self.language:
            params["languageCode"] = self.language
        if self.max_age_days is not None:
            params["maxAgeDays"] = str(self.max_age_days)
        if self.publisher:
            params["reviewPublisherSiteFilter"] = self.publisher
        if page_token:
            params["pageToken"] = page_token
        return params


def api_key(environ: dict[str, str] | None = None) -> str:
    """The key from the environment, or an ImportFailure saying how to get one."""
    key = (os.environ if environ is None else environ).get(KEY_VARIABLE, "").strip()
    if not key:
        raise ImportFailure(
            f"no API key: set {KEY_VARIABLE} to a Google API key for which the Fact Check "
            "Tools API is enabled (Google Cloud console → APIs & Services → Credentials), "
            f"e.g. `export {KEY_VARIABLE}=…`"
        )
    return key


def base_url(given: str | None = None, environ: dict[str, str] | None = None) -> str:
    url = given or (os.environ if environ is None else environ).get(URL_VARIABLE) or DEFAULT_URL
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImportFailure(f"{URL_VARIABLE} must be an http:// or https:// address")
    return url.rstrip("/")


def search_pages(
    search: Search,
    key: str,
    *,
    url: str = DEFAULT_URL,
    timeout: float = TIMEOUT,
    max_pages: int = MAX_PAGES,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each page of the answer as (page number from 1, parsed JSON), following
    `nextPageToken` until the last page (or `max_pages`; the caller says so)."""
    token: str | None = None
    seen: set[str] = set()
    for number in range(1, max_pages + 1):
        page = _get(f"{url}/claims:search?{urlencode(search.parameters(token))}", key, timeout)
        yield number, page
        token = page.get("nextPageToken") if isinstance(page.get("nextPageToken"), str) else None
        if not token or token in seen:
            return
        seen.add(token)


def _get(address: str, key: str, timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(
        address, headers={"X-Goog-Api-Key": key, "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise ImportFailure(_redact(_http_problem(error), key)) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise ImportFailure(_timeout(timeout)) from None
        raise ImportFailure(
            _redact(f"cannot reach the Fact Check Tools API: {error.reason}", key)
        ) from None
    except TimeoutError:
        raise ImportFailure(_timeout(timeout)) from None
    except OSError as error:
        raise ImportFailure(_redact(f"the connection to the API failed: {error}", key)) from None
    try:
        page = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportFailure("the API answered with something that is not JSON") from None
    if not isinstance(page, dict):
        raise ImportFailure("the API answered with JSON that is not an object")
    return page


def _http_problem(error: urllib.error.HTTPError) -> str:
    detail = _api_message(error)
    code = error.code
    said = f" ({detail})" if detail else ""
    if code == 429:
        wait = error.headers.get("Retry-After") if error.headers else None
        when = f"after {wait} seconds" if wait and wait.strip().isdigit() else "in a minute"
        return f"the API's rate limit was reached (HTTP 429){said}; run the command again {when}"
    if code in (401, 403):
        return (
            f"the API refused the key (HTTP {code}){said}; check {KEY_VARIABLE} and that the "
            "Fact Check Tools API is enabled for it"
        )
    if code == 400:
        return f"the API refused the query (HTTP 400){said}; check the options given"
    if code >= 500:
        return f"the API failed (HTTP {code}){said}; try again later"
    return f"the API answered HTTP {code}{said}"


def _api_message(error: urllib.error.HTTPError) -> str | None:
    """The message of Google's error body (`{"error": {"message": …}}`), shortened."""
    try:
        body = json.loads(error.read().decode("utf-8"))
        message = body["error"]["message"]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    return single_line(str(message))[:200] or None


def _timeout(seconds: float) -> str:
    return (
        f"no answer from the Fact Check Tools API within {seconds:g} seconds; check the "
        "connection and try again"
    )


def _redact(text: str, key: str) -> str:
    return text.replace(key, "[FACTCHECK_API_KEY]") if key else text
