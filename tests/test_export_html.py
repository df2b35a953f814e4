"""Exports a browser reads, checked without a browser: each text is encoded for what the
reading program does with it (tests/browser checks the same in headless Chromium)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facts import load
from facts.bundled import bundled_path
from facts.export import ExportOptionError, ExportOptions, export
from facts.export.timeline_groups import MAX_GROUPS, OTHER
from facts.export.timelinejs import html_literal, title_id
from facts.importers.timelinejs import import_timelinejs
from facts.load import load_bytes
from facts.model import Dataset
from tests.hostile_data import NOW, PAYLOADS, hostile_dataset, hostile_reviews
from tui.cli import main

# Text with what HTML reads specially, and what it doesn't, well represented.
SPECIAL = st.sampled_from(["<", ">", "&", "#", ";", "'", '"', "amp", "lt", "not", "x3C", "60"])
CODES = {"lt": "<", "amp": "&"}
TEXTS = st.lists(
    st.one_of(SPECIAL, st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=3)),
    max_size=12,
).map("".join)


class _Elements(HTMLParser):
    """The text an HTML fragment shows, and the elements it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def timeline(dataset: Dataset, options: ExportOptions | None = None, reviews=None) -> dict:
    result = export(
        dataset, reviews or {}, format="timelinejs", status="all", options=options, now=NOW
    )
    return json.loads(result.text)


@given(TEXTS)
def test_html_literal_shows_exactly_the_text(text):
    encoded = html_literal(text)
    shown = parse(encoded)
    assert shown.elements == [] and shown.text == text


@given(TEXTS)
def test_html_literal_encodes_only_what_html_needs(text):
    encoded = html_literal(text)
    # `<` and `&` only: quotes and `>` reach the buttons' aria-labels as they are.
    assert re.sub("&(lt|amp);", lambda code: CODES[code.group(1)], encoded) == text


@given(TEXTS.filter(lambda text: text.strip()))
def test_a_group_survives_the_two_decodings_timelinejs_gives_it(text):
    # TimelineJS: the group reduced to its text by an HTML parser, then written as HTML.
    encoded = html_literal(html_literal(text))
    assert parse(parse(encoded).text).text == text
    assert parse(parse(encoded).text).elements == []


def test_the_title_slide_has_an_id_no_event_takes():
    dataset = hostile_dataset()
    assert timeline(dataset)["title"]["unique_id"] == "title"
    event = dataset.events[0]
    events = [event.model_copy(update={"id": event_id}) for event_id in ("Title", "title-2")]
    assert title_id(events) == "title-3"


def test_every_slide_turns_autolinking_off():
    # TimelineJS's link maker builds <a href='...'> from `www.` text up to the next space,
    # quotes included: left on, `www.x.org'onmouseover='...'` is a live handler.
    document = timeline(hostile_dataset())
    assert document["title"]["autolink"] is False
    assert {slide["autolink"] for slide in document["events"]} == {False}


def test_the_bundled_dataset_gets_a_few_rows_named_by_its_own_tags():
    dataset = load(bundled_path())  # type: ignore[arg-type]
    groups = {slide["unique_id"]: slide["group"] for slide in timeline(dataset)["events"]}
    rows = set(groups.values())
    assert 1 < len(rows) <= MAX_GROUPS
    for event in dataset.events:
        # The first of the event's own tags that is a row, or Other when none is.
        first = next((tag for tag in event.tags if tag in rows), OTHER)
        assert groups[event.id] == first
    # The first tags alone made one row per distinct first tag, seven here.
    assert len({event.tags[0] for event in dataset.events}) > MAX_GROUPS


def test_group_by_chooses_the_rows_or_none():
    dataset = hostile_dataset()
    slides = timeline(dataset, ExportOptions(group_by=("hostile",)))["events"]
    assert {slide["group"] for slide in slides} == {"hostile"}
    slides = timeline(dataset, ExportOptions(group_by=()))["events"]
    assert not [slide for slide in slides if "group" in slide]
    with pytest.raises(ExportOptionError, match="no event is tagged nope, gone; the dataset's"):
        timeline(dataset, ExportOptions(group_by=("nope", "hostile", "gone")))


def test_export_then_import_gives_back_every_tag_as_written():
    dataset = hostile_dataset()
    exported = json.dumps(timeline(dataset, ExportOptions(group_by=tuple(PAYLOADS))))
    result = import_timelinejs(exported.encode("utf-8"), "hostile.json")
    back = load_bytes(result.yaml_text().encode("utf-8"), "back.yaml")
    assert [event.tags for event in back.events] == [[payload] for payload in PAYLOADS]
    assert [event.title for event in back.events] == [event.title for event in dataset.events]
    assert not [warning for warning in result.warnings if "group" in warning]


@pytest.fixture
def empty_store(tmp_path):
    from facts.store import ReviewStore

    path = tmp_path / "reviews.sqlite3"
    ReviewStore(path).close()
    return str(path)


def test_cli_group_by(empty_store, capsysbinary):
    bundled = str(bundled_path())
    args = ["export", bundled, "-f", "timelinejs", "-s", "all", "--reviews", empty_store]
    assert main([*args, "--group-by", "elections, politics"]) == 0
    slides = json.loads(capsysbinary.readouterr().out)["events"]
    assert {slide["group"] for slide in slides} == {"elections", "politics", OTHER}
    assert main([*args, "--group-by", "none"]) == 0
    assert "group" not in json.loads(capsysbinary.readouterr().out)["events"][0]
    assert main([*args, "--group-by", "elections,nope"]) == 2
    error = capsysbinary.readouterr().err.decode()
    assert "claimline: error: no event is tagged nope; the dataset's tags are: " in error
    assert "Traceback" not in error


def test_claimreview_holds_nothing_an_html_parser_sees():
    dataset = hostile_dataset()
    options = ExportOptions("Checks", None, "https://checks.example/{claim_id}")
    result = export(
        dataset,
        hostile_reviews(dataset),
        format="claimreview",
        status="reviewed",
        options=options,
        now=NOW,
    )
    assert not {"<", ">", "&"} & set(result.text)
    reviews = json.loads(result.text)
    claims = {review["url"].rsplit("/", 1)[1]: review for review in reviews}
    for claim in dataset.claims:
        assert claims[claim.id]["claimReviewed"] == claim.text
    assert any("</script>" in review["claimReviewed"] for review in reviews)


def test_markdown_rendered_to_html_makes_only_the_handouts_own_elements():
    dataset = hostile_dataset()
    result = export(dataset, hostile_reviews(dataset), format="markdown", status="all", now=NOW)
    # Raw HTML on, as on many sites: still nothing from the dataset becomes markup.
    shown = parse(MarkdownIt("commonmark", {"html": True}).render(result.text))
    ours = {"h1", "h2", "p", "hr", "blockquote", "ul", "li", "strong", "em", "code", "a"}
    assert {tag for tag, _ in shown.elements} <= ours
    attributes = [(tag, name, value) for tag, attrs in shown.elements for name, value in attrs]
    assert attributes and all(
        (tag, name) == ("a", "href") and (value or "").startswith("https://")
        for tag, name, value in attributes
    )
    for payload in PAYLOADS:
        assert f"Claim: {payload}" in shown.text
