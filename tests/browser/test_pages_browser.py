"""The other exports a browser reads, in headless Chromium: ClaimReview JSON-LD pasted into
a fact check's page, and the Markdown handout rendered to HTML (raw HTML allowed, as many
sites allow it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from facts.export import ExportOptions, export
from tests.browser.conftest import Site
from tests.hostile_data import NOW, PAYLOADS, hostile_dataset, hostile_reviews

HERE = Path(__file__).parent
OPTIONS = ExportOptions(
    publisher="Example Checks <b>&amp;</b>",
    publisher_url="https://checks.example.org",
    url_template="https://checks.example.org/claims/{claim_id}?from=</script>",
)
SCRIPTS = """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
  .map((script) => JSON.parse(script.textContent))"""
LIVE = """() => [...document.querySelectorAll("*")].flatMap((element) =>
  [...element.attributes]
    .filter((a) => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value))
    .map((a) => `<${element.tagName} ${a.name}=${a.value}>`))"""


def open_page(page: Any, site: Site, name: str, html: str) -> None:
    site.put(name, html)
    page.goto(f"{site.base}/{name}")
    page.wait_for_load_state("networkidle")


def pwned(page: Any, site: Site) -> list[str]:
    """Every sign that something from the dataset ran or loaded."""
    signs = [path for path in site.requested if "pwned" in path]
    if page.evaluate("() => document.body.dataset.pwned || null"):
        signs.append("document.body.dataset.pwned was set")
    return signs + page.outside


def jsonld_page(markup: str) -> str:
    return (HERE / "jsonld.html").read_text(encoding="utf-8").replace("@@JSONLD@@", markup)


def test_claimreview_inside_a_script_block_parses_back_to_the_same_data(page, site):
    dataset = hostile_dataset()
    result = export(
        dataset,
        hostile_reviews(dataset),
        format="claimreview",
        status="reviewed",
        options=OPTIONS,
        now=NOW,
    )
    assert "</script>" in result.text.encode().decode("unicode_escape")  # it is in there
    open_page(page, site, "check.html", jsonld_page(result.text))
    assert page.evaluate(SCRIPTS) == [json.loads(result.text)]
    assert page.locator("#after").count() == 1  # the block did not swallow the page
    assert pwned(page, site) == []
    assert page.problems == []

    # The same JSON written plainly ends the block early and runs the claim's script.
    plain = json.dumps(json.loads(result.text), ensure_ascii=False)
    open_page(page, site, "plain.html", jsonld_page(plain))
    assert page.evaluate("() => document.body.dataset.pwned || null") == "1"


def test_markdown_handout_rendered_to_html_runs_nothing_and_shows_the_text(page, site):
    dataset = hostile_dataset()
    result = export(dataset, hostile_reviews(dataset), format="markdown", status="all", now=NOW)
    body = MarkdownIt("commonmark", {"html": True}).render(result.text)
    open_page(page, site, "handout.html", f"<!doctype html><meta charset=utf-8>{body}")
    assert pwned(page, site) == []
    assert page.evaluate(LIVE) == []
    assert page.locator("img, script, svg, iframe, object, embed").count() == 0
    shown = page.evaluate("() => document.body.textContent")
    for payload in PAYLOADS:
        assert f"Claim: {payload}" in shown
        assert f"Reviewer's note: {payload}" in shown
    hrefs = page.evaluate("() => [...document.links].map((link) => link.protocol)")
    assert hrefs and set(hrefs) == {"https:"}
    assert page.problems == []
