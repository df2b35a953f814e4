"""The Fact Check Tools API client against a real HTTP server on loopback, serving
responses recorded here: pages followed, the key kept secret, every failure explained."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from facts import load
from facts.importers.claimreview import Search, import_from_api
from facts.importers.claimreview.api import KEY_VARIABLE, api_key
from tests.claimreview_helpers import API

KEY = "test-key-Zx81-not-real"


def recorded(name: str) -> dict:
    return json.loads((API / name).read_text(encoding="utf-8"))


def run(server: HTTPServer, tmp_path: Path, search: Search | None = None, **options):
    return import_from_api(
        search or Search("harbour bridge"),
        str(tmp_path / "found.yaml"),
        key=options.pop("key", KEY),
        url=server.url_for("/v1alpha1"),
        **options,
    )


def test_pages_are_followed_and_imported(httpserver: HTTPServer, tmp_path: Path):
    first = {
        "query": "harbour bridge",
        "pageSize": "50",
        "languageCode": "en",
        "maxAgeDays": "30",
        "reviewPublisherSiteFilter": "coastcheck.example.net",
    }
    httpserver.expect_ordered_request(
        "/v1alpha1/claims:search", query_string=first, headers={"X-Goog-Api-Key": KEY}
    ).respond_with_json(recorded("page-1.json"))
    httpserver.expect_ordered_request(
        "/v1alpha1/claims:search", query_string=first | {"pageToken": "CAo"}
    ).respond_with_json(recorded("page-2.json"))
    search = Search(
        "harbour bridge", language="en", max_age_days=30, publisher="coastcheck.example.net"
    )
    outcome = run(httpserver, tmp_path, search)
    assert outcome.exit_code == 0, outcome.text()
    httpserver.check_assertions()
    dataset = load(tmp_path / "found.yaml")
    assert len(dataset.claims) == 5 and outcome.report.read == 6 and outcome.report.files == 2
    assert dataset.title == "Fact-checks about “harbour bridge”"
    assert "API page 2 → claims[2].claimReview[0]" in outcome.text()  # Mostly True: no verdict
    # The key travels in a header only: never in an address, the report or the file.
    for request, _ in httpserver.log:
        assert KEY not in request.url
    assert KEY not in outcome.text()
    assert KEY not in (tmp_path / "found.yaml").read_text()


def test_a_missing_key_is_explained_before_any_request(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    outcome = import_from_api(
        Search("x"), str(tmp_path / "o.yaml"), url=httpserver.url_for("/v1alpha1")
    )
    assert outcome.exit_code == 1 and f"set {KEY_VARIABLE}" in outcome.message
    assert httpserver.log == [] and not (tmp_path / "o.yaml").exists()
    monkeypatch.setenv(KEY_VARIABLE, "  from-the-environment ")
    assert api_key() == "from-the-environment"


def test_a_refused_key_is_explained_and_the_key_redacted(httpserver: HTTPServer, tmp_path):
    body = recorded("error-403.json")
    body["error"]["message"] += f" (key {KEY})"  # a server that echoes the key
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(body, status=403)
    outcome = run(httpserver, tmp_path)
    assert outcome.exit_code == 1
    assert "the API refused the key (HTTP 403" in outcome.message
    assert "unregistered callers" in outcome.message
    assert KEY not in outcome.text() and "[FACTCHECK_API_KEY]" in outcome.message
    assert not (tmp_path / "found.yaml").exists()


def test_a_rate_limit_says_when_to_try_again(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(
        recorded("error-429.json"), status=429, headers={"Retry-After": "30"}
    )
    outcome = run(httpserver, tmp_path)
    assert outcome.exit_code == 1
    assert "rate limit was reached (HTTP 429" in outcome.message
    assert "again after 30 seconds" in outcome.message and "nothing was written" in outcome.message


def test_a_failure_on_a_later_page_writes_nothing(httpserver: HTTPServer, tmp_path):
    httpserver.expect_ordered_request("/v1alpha1/claims:search").respond_with_json(
        recorded("page-1.json")
    )
    httpserver.expect_ordered_request("/v1alpha1/claims:search").respond_with_data(
        "upstream broke", status=503
    )
    outcome = run(httpserver, tmp_path)
    assert outcome.exit_code == 1 and "the API failed (HTTP 503)" in outcome.message
    assert not (tmp_path / "found.yaml").exists()


def test_a_timeout_is_explained(httpserver: HTTPServer, tmp_path):
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(json.dumps(recorded("page-2.json")), content_type="application/json")

    httpserver.expect_request("/v1alpha1/claims:search").respond_with_handler(slow)
    outcome = run(httpserver, tmp_path, timeout=0.3)
    assert outcome.exit_code == 1
    assert "no answer from the Fact Check Tools API within 0.3 seconds" in outcome.message


def test_an_answer_that_is_not_json(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_data("<html>login</html>")
    outcome = run(httpserver, tmp_path)
    assert outcome.exit_code == 1 and "not JSON" in outcome.message


def test_an_empty_answer_imports_nothing(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json({})
    outcome = run(httpserver, tmp_path)
    assert outcome.exit_code == 1 and "no fact-check could be imported" in outcome.message


def test_a_server_that_is_not_there(tmp_path):
    outcome = import_from_api(
        Search("x"), str(tmp_path / "o.yaml"), key=KEY, url="http://127.0.0.1:9/v1alpha1"
    )
    assert outcome.exit_code == 1 and "cannot reach the Fact Check Tools API" in outcome.message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/"])
def test_only_http_base_urls(tmp_path, url):
    outcome = import_from_api(Search("x"), str(tmp_path / "o.yaml"), key=KEY, url=url)
    assert outcome.exit_code == 1 and "http:// or https://" in outcome.message


def test_a_repeated_page_token_ends_the_paging(httpserver: HTTPServer, tmp_path):
    looping = recorded("page-2.json") | {"nextPageToken": "same"}
    httpserver.expect_request("/v1alpha1/claims:search").respond_with_json(looping)
    outcome = run(httpserver, tmp_path)
    assert outcome.exit_code == 0
    assert len(httpserver.log) == 2  # the first page, then the token once: then it stops
