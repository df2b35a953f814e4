"""The TimelineJS export in the official TimelineJS library, in headless Chromium: the page a
newsroom publishes shows every text of the dataset literally and runs none of it."""

from __future__ import annotations

from typing import Any

import pytest

from facts import load
from facts.bundled import bundled_path
from facts.export import ExportOptions, export
from facts.export.timeline_groups import MAX_GROUPS, OTHER
from facts.model import Dataset
from tests.browser.conftest import Site
from tests.hostile_data import NOW, PAYLOADS, hostile_dataset, hostile_reviews

# What the page shows, read from the DOM TimelineJS built.
COLLECT = """() => {
  const root = document.getElementById("timeline-embed");
  const text = (element) => element ? element.textContent : null;
  const slides = {};
  for (const slide of root.querySelectorAll(".tl-slide")) {
    slides[slide.id] = {
      headline: text(slide.querySelector(".tl-headline")),
      text: text(slide.querySelector(".tl-text-content")),
    };
  }
  const markers = {};
  for (const marker of root.querySelectorAll(".tl-timemarker")) {
    markers[marker.id] = text(marker.querySelector(".tl-timemarker-text"));
  }
  // Anything in the page that could run: handler attributes, javascript: addresses.
  const live = [];
  const addresses = /^(href|src|action|formaction|xlink:href|srcdoc|data)$/i;
  for (const element of root.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name) ||
          (addresses.test(attribute.name) && /javascript:/i.test(attribute.value))) {
        live.push(`<${element.tagName} ${attribute.name}=${attribute.value}>`);
      }
    }
  }
  // Elements inside the texts other than those the export writes itself.
  const ours = new Set(["P", "UL", "LI", "STRONG", "EM", "BR"]);
  const texts = ".tl-headline, .tl-text-content, .tl-timegroup-message, " +
    ".tl-slidenav-title, .tl-slidenav-description";
  const foreign = [];
  for (const holder of root.querySelectorAll(texts)) {
    for (const element of holder.querySelectorAll("*")) {
      if (!ours.has(element.tagName)) foreign.push(element.outerHTML);
    }
  }
  return {
    ready: document.body.dataset.timelineReady === "1",
    pwned: document.body.dataset.pwned || null,
    errors: window.timeline.config ? window.timeline.config.getErrors() : ["no configuration"],
    message: text(root.querySelector(".tl-message-content")),
    slides,
    markers,
    groups: [...root.querySelectorAll(".tl-timegroup-message")].map(text),
    live,
    foreign,
  };
}"""

# The previous/next buttons' aria-labels for every slide, by going to each in turn.
NAV_LABELS = """() => {
  const labels = [];
  const count = window.timeline.config.events.length + 1;
  for (let n = 0; n < count; n++) {
    window.timeline.goTo(n);
    for (const button of document.querySelectorAll(".tl-slidenav-next, .tl-slidenav-previous")) {
      labels.push(button.getAttribute("aria-label"));
    }
  }
  return labels;
}"""


def show_timeline(page: Any, site: Site, name: str, text: str) -> dict[str, Any]:
    """Publish `text` as `name`, open the page that loads it and read what it shows."""
    site.put(name, text)
    page.goto(f"{site.base}/timeline.html?data={name}")
    try:
        page.wait_for_selector("body[data-timeline-ready]", timeout=20_000)
    except Exception:
        shown = page.evaluate(COLLECT)
        pytest.fail(f"TimelineJS never got ready: {shown['message']!r} {shown['errors']}")
    page.wait_for_load_state("networkidle")  # an <img onerror> would have fired by now
    return page.evaluate(COLLECT)


def assert_nothing_ran(shown: dict[str, Any], page: Any, site: Site) -> None:
    assert shown["errors"] == [], "TimelineJS reported errors"
    assert shown["pwned"] is None, "a script from the dataset ran"
    assert shown["live"] == [], "event handlers or javascript: links in the page"
    assert shown["foreign"] == [], "dataset text became elements"
    assert [path for path in site.requested if "pwned" in path] == []
    assert page.outside == [], "the page called an address outside the loopback server"
    assert page.problems == []


def export_text(dataset: Dataset, options: ExportOptions | None = None, reviews=None) -> str:
    result = export(
        dataset, reviews or {}, format="timelinejs", status="all", options=options, now=NOW
    )
    return result.text


def test_the_bundled_dataset_renders_every_slide_as_written(page, site):
    dataset = load(bundled_path())  # type: ignore[arg-type]
    shown = show_timeline(page, site, "bundled.json", export_text(dataset))
    assert_nothing_ran(shown, page, site)
    assert len(shown["slides"]) == len(dataset.events) + 1  # and the title slide
    assert shown["slides"]["title"]["headline"] == dataset.title
    for event in dataset.events:
        assert shown["slides"][event.id]["headline"] == event.title
        assert shown["markers"][f"{event.id}-marker"] == event.title
    # A few rows, each labelled with a tag as it is written.
    tags = {tag for event in dataset.events for tag in event.tags}
    assert 1 <= len(shown["groups"]) <= MAX_GROUPS
    assert set(shown["groups"]) <= tags | {OTHER}
    # Screen readers read the buttons' labels: quotes stay quotes, never `&#x27;`.
    labels = page.evaluate(NAV_LABELS)
    assert not [label for label in labels if "&#" in label or "&quot;" in label]
    for event in dataset.events:
        assert any(f", {event.title}, " in label for label in labels), event.title


def test_a_hostile_dataset_shows_every_text_literally_and_runs_nothing(page, site):
    dataset = hostile_dataset()
    reviews = hostile_reviews(dataset)
    options = ExportOptions(group_by=tuple(PAYLOADS))  # every hostile tag is a row label
    shown = show_timeline(page, site, "hostile.json", export_text(dataset, options, reviews))
    assert_nothing_ran(shown, page, site)
    assert len(shown["slides"]) == len(dataset.events) + 1
    title = shown["slides"]["title"]
    assert title["headline"] == dataset.title
    for paragraph in dataset.description.split("\n\n"):  # type: ignore[union-attr]
        assert paragraph in title["text"]
    for event in dataset.events:
        slide = shown["slides"][event.id]
        assert slide["headline"] == event.title
        assert shown["markers"][f"{event.id}-marker"] == event.title
        for paragraph in event.summary.split("\n\n"):  # type: ignore[union-attr]
            assert paragraph in slide["text"]
    for claim in dataset.claims:
        text = shown["slides"][claim.events[0]]["text"]
        assert claim.text in text
        assert f"({claim.claimant})" in text
        assert f"Note: {reviews[claim.id].note}" in text
    assert shown["groups"] == PAYLOADS  # rows come in date order, one per event here


def test_quotes_reach_the_buttons_labels_as_quotes(page, site):
    dataset = hostile_dataset()
    shown = show_timeline(page, site, "labels.json", export_text(dataset))
    assert_nothing_ran(shown, page, site)
    labels = page.evaluate(NAV_LABELS)
    quoted = next(event.title for event in dataset.events if "'single'" in event.title)
    assert any(f", {quoted}, " in label for label in labels)


def test_the_old_single_escaping_of_groups_would_run_a_tag(page, site):
    """The check is sharp: a group escaped once, as the export did before, runs in the
    real library, so the tests above would have caught it."""
    dataset = hostile_dataset()
    text = export_text(dataset, ExportOptions(group_by=(PAYLOADS[0],)))
    once = text.replace("&amp;lt;img", "&lt;img")
    assert once != text
    shown = show_timeline(page, site, "once.json", once)
    assert shown["pwned"] == "1"
