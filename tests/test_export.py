"""Exports: what each format promises to the people and tools that open it.

Golden files pin each format on a fixture with tricky text; set UPDATE_GOLDEN=1 to rewrite
them after an intended change (then read the diff before committing).
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facts import Dataset, load
from facts.export import (
    FORMATS,
    STATUSES,
    ExportOptionError,
    ExportOptions,
    export,
    select_claims,
)
from facts.export import markdown as md
from facts.export.csv_format import COLUMNS, neutralise
from facts.importers.timelinejs import import_timelinejs
from facts.load import load_bytes
from facts.review import Review
from tui.cli import main

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
FIXTURE = TESTS / "data" / "export-fixture.yaml"
REPO = TESTS.parent
# schema.org 30.0, trimmed to what the ClaimReview test reads by scripts/trim_vocab.py.
VOCAB = TESTS / "data" / "schemaorg-trimmed.jsonld"
NOW = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
OPTIONS = ExportOptions(
    publisher="Example Checks",
    publisher_url="https://checks.example.org",
    url_template="https://checks.example.org/claims/{claim_id}",
)
GOLDEN_CASES = {
    "markdown": "all",
    "csv": "all",
    "json": "all",
    "claimreview": "reviewed",
    "timelinejs": "reviewed",
}


def fixture_reviews(dataset: Dataset) -> dict[str, Review]:
    """Verdicts on the fixture: every status, a stale verdict and a note without verdict."""
    claims = dataset.claim_by_id

    def review(
        claim_id: str,
        verdict: str | None,
        note: str | None,
        reviewer: str,
        at: str,
        fingerprint: str | None = None,
    ) -> Review:
        return Review(
            claim_id,
            verdict,
            note,
            reviewer,
            at,  # type: ignore[arg-type]
            fingerprint or claims[claim_id].fingerprint,
        )

    return {
        "markup": review(
            "markup",
            "verified",
            "Confirmed by **two** sources <i>really</i>.\n\n1. not a list",
            "alice",
            "2025-03-01T09:30:00Z",
        ),
        "formula": review(
            "formula",
            "disputed",
            "@SUM(A1:A2) — the source says otherwise",
            "bob",
            "2025-03-02T10:00:00Z",
        ),
        "unicode": review("unicode", "verified", None, "zoë", "2025-03-03T23:59:59Z"),
        "ancient": review("ancient", "verified", "=1+1", "alice", "2025-03-04T08:00:00Z"),
        "stale": review(
            "stale",
            "verified",
            "Matched the census.",
            "bob",
            "2025-03-01T12:00:00Z",
            fingerprint="0000000000000000",
        ),
        "unreviewed": review(
            "unreviewed", None, "Look at the minutes first.", "bob", "2025-03-02T12:00:00Z"
        ),
    }


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load(FIXTURE)


@pytest.fixture(scope="module")
def reviews(dataset: Dataset) -> dict[str, Review]:
    return fixture_reviews(dataset)


def render(dataset: Dataset, reviews: dict[str, Review], fmt: str, status: str) -> str:
    return export(dataset, reviews, format=fmt, status=status, options=OPTIONS, now=NOW).text


# -- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(GOLDEN_CASES))
def test_export_matches_its_golden_file(dataset, reviews, fmt):
    status = GOLDEN_CASES[fmt]
    result = export(dataset, reviews, format=fmt, status=status, options=OPTIONS, now=NOW)
    path = GOLDEN / f"export-fixture-{status}{FORMATS[fmt].extension}"
    if fmt == "timelinejs":
        path = path.with_name(f"export-fixture-{status}-timeline.json")
    data = result.file_bytes()
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes(), f"{fmt} output differs from {path.name}"


def test_same_inputs_give_the_same_bytes(dataset, reviews):
    for fmt in FORMATS:
        assert render(
            dataset, reviews, fmt, "all" if fmt != "claimreview" else "reviewed"
        ) == render(dataset, reviews, fmt, "all" if fmt != "claimreview" else "reviewed")


# -- selection ------------------------------------------------------------------------------


def test_selection_follows_the_timeline_and_the_status(dataset, reviews):
    ids = lambda status: [item.claim.id for item in select_claims(dataset, reviews, status)]  # noqa: E731
    # Timeline order: 44 BCE, 1999-2009, January 2025, 19 February 2025.
    # A claim about several events sits at the first of them (unicode: 1999 and 2025).
    assert ids("all") == ["ancient", "unicode", "formula", "stale", "markup", "unreviewed"]
    assert ids("verified") == ["ancient", "unicode", "stale", "markup"]
    assert ids("disputed") == ["formula"]
    assert ids("reviewed") == ["ancient", "unicode", "formula", "stale", "markup"]
    assert set(STATUSES) == {"verified", "disputed", "reviewed", "all"}


def test_stale_verdicts_are_exported_and_marked_stale(dataset, reviews):
    by_id = {item.claim.id: item for item in select_claims(dataset, reviews, "verified")}
    assert by_id["stale"].stale is True
    assert by_id["markup"].stale is False


def test_no_reviews_exports_an_empty_but_valid_file(dataset):
    result = export(dataset, {}, format="json", now=NOW)
    assert json.loads(result.text)["claims"] == []
    assert result.count == 0
    assert any("no claims" in notice for notice in result.notices)
    assert "No claim has been marked verified yet." in render(dataset, {}, "markdown", "verified")


def test_unknown_format_or_status_is_refused(dataset, reviews):
    with pytest.raises(ValueError, match="unknown format"):
        export(dataset, reviews, format="pdf")
    with pytest.raises(ValueError, match="unknown status"):
        export(dataset, reviews, format="csv", status="stale")


# -- Markdown -------------------------------------------------------------------------------


def _renderer() -> MarkdownIt:
    # CommonMark plus the GitHub extensions markdown-it ships: tables and strikethrough.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def test_markdown_handout_shows_dataset_text_literally(dataset, reviews):
    page = _renderer().render(render(dataset, reviews, "markdown", "all"))
    for tag in ("<script", "<em>", "<strong>two", "<i>", "<b>", "<del>", "<code>code", "<h1>#"):
        assert tag not in page, f"{tag!r} from the data became markup"
    assert 'href="http://evil.example"' not in page
    assert _escaped(dataset.claim_by_id["markup"].text) in page
    assert "<h1>Reviewed" not in page
    assert "# The mayor" in page  # a claimant starting with # is not a heading


def test_markdown_handout_has_verdicts_notes_and_evidence_links(dataset, reviews):
    page = _renderer().render(render(dataset, reviews, "markdown", "reviewed"))
    assert page.count("<h2>") == 5
    assert "✓ Verified" in page and "✗ Disputed" in page
    assert "⚠ stale:</strong> the claim was reworded" in page  # the stale verdict says so
    assert "Matched the census." in page
    # Evidence links keep working, parentheses in the address included.
    assert 'href="https://en.wikipedia.org/wiki/Manta_%28city%29#History"' in page
    assert 'href="https://example.org/paper?a=1&amp;b=2"' in page
    assert "Exported on 5 March 2025" in page


def _headings(page: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r"<h2>(.*?)</h2>", page)]


def test_markdown_entries_are_headed_by_their_claims(dataset, reviews):
    page = _renderer().render(render(dataset, reviews, "markdown", "all"))
    claims = [item.claim for item in select_claims(dataset, reviews, "all")]
    assert _headings(page) == [f"{n}. {claim.text}" for n, claim in enumerate(claims, start=1)]
    # The verdict comes right under the claim, in words as well as a symbol.
    assert "<li><strong>Verdict:</strong> ✗ Disputed</li>" in page


def test_markdown_says_once_where_the_claims_appeared(dataset, reviews):
    text = render(dataset, reviews, "markdown", "all")
    # Claims 3 and 5 appeared in the paper: its title, publisher and date are given once,
    # before the claims, not under each of them.
    assert text.count("Example Press & Co") == 1
    assert "- Claims 3 and 5: [The Daily \\[Example\\]](https://example.org/paper?a=1&b=2), " in (
        text
    )
    assert "20 February 2025" in text.split("---")[0]
    assert "Appeared" not in text  # one source: nothing more to say per claim


def test_markdown_names_the_source_per_claim_when_there_are_several(dataset, reviews):
    moved = dataset.model_copy(
        update={
            "claims": [
                claim.model_copy(update={"appeared_in": "wiki", "appeared_on": None})
                if claim.id == "formula"
                else claim
                for claim in dataset.claims
            ]
        }
    )
    text = render(moved, reviews, "markdown", "all")
    assert "- Claim 3: [Manta (city)]" in text and "- Claim 5: [The Daily" in text
    assert text.count("**Appeared in:** Manta (city)") == 1
    assert text.count("**Appeared in:** The Daily \\[Example\\]") == 1


def test_markdown_claim_numbers_are_written_as_ranges():
    assert md._numbers([2]) == "Claim 2"
    assert md._numbers([3, 5]) == "Claims 3 and 5"
    assert md._numbers([1, 2]) == "Claims 1 and 2"
    assert md._numbers([1, 2, 3, 4, 7, 9]) == "Claims 1–4, 7 and 9"


def test_markdown_introduction_leaves_out_the_curators_description(dataset, reviews):
    assert dataset.description is not None
    text = render(dataset, reviews, "markdown", "all")
    assert "Claims whose text could turn" not in text and "Not a heading" not in text


def test_markdown_notes_keep_their_line_breaks(dataset, reviews):
    note = "Checked three things:\n- the date\n- the count\n\nSee the minutes."
    with_note = dict(reviews, unreviewed=dataclasses.replace(reviews["unreviewed"], note=note))
    page = _renderer().render(render(dataset, with_note, "markdown", "all"))
    assert "Checked three things:<br />\n- the date<br />\n- the count</p>" in page
    assert "<p>See the minutes.</p>" in page
    assert "<ul>\n<li>the date" not in page  # a line break, not a list


@given(
    st.lists(
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
            | st.sampled_from(list("\\`*_[]<>|~#$&;!()+-=.:1 ")),
            max_size=30,
        ).filter(str.strip),
        min_size=1,
        max_size=4,
    )
)
def test_any_lines_render_as_themselves_in_markdown(lines):
    rendered = _renderer().render(md.escape_lines("\n".join(lines)))
    shown = "<br />\n".join(_escaped(" ".join(line.split())) for line in lines)
    assert rendered == f"<p>{shown}</p>\n"


def test_the_bundled_datasets_unknowns_stay_out_of_every_export():
    from facts.bundled import bundled_path

    path = bundled_path("ecuador-2025")
    assert path is not None
    bundled = load(path)
    judged = {
        claim.id: Review(claim.id, "verified", None, "t", "2025-03-01T00:00:00Z", claim.fingerprint)
        for claim in bundled.claims
    }

    def text(fmt: str) -> str:
        return export(bundled, judged, format=fmt, status="all", options=OPTIONS, now=NOW).text

    # The article's publisher is not known: said nowhere, not even as a placeholder.
    appeared = (
        "- All claims: Ecuador's Crime Crisis Sparks Call for Foreign Military Assistance, 2025\n"
    )
    assert appeared in text("markdown")
    for claim in json.loads(text("json"))["claims"]:
        assert claim["appeared_in"]["publisher"] is None
    for review in json.loads(text("claimreview")):
        assert "publisher" not in review["itemReviewed"]["appearance"]
        assert "author" not in review["itemReviewed"]  # nor is who made the claims
    for fmt in FORMATS:
        assert "not named in the copy we hold" not in text(fmt), fmt


def test_markdown_summary_counts_the_dataset(dataset, reviews):
    text = render(dataset, reviews, "markdown", "verified")
    assert "**4 claims in this handout.**" in text
    assert "6 claims: 4 verified, 1 disputed, 1 not reviewed" in text


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
        | st.sampled_from(list("\\`*_[]<>|~#$&;!()+-=.:1 \n")),
        max_size=60,
    )
)
def test_any_text_renders_as_itself_in_markdown(text):
    escaped = md.escape_inline(text)
    flat = " ".join(text.split())
    rendered = _renderer().render(escaped)
    expected = f"<p>{_escaped(flat)}</p>\n" if flat else ""
    assert rendered == expected


def test_links_keep_label_and_address(dataset):
    rendered = _renderer().render(md.link("A [label] *x*", "https://x.org/a_(b)?q=1&amp;c"))
    assert rendered == (
        '<p><a href="https://x.org/a_%28b%29?q=1&amp;amp;c">A [label] *x*</a></p>\n'
    )


# -- CSV ------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_reads_back_with_the_csv_module(dataset, reviews):
    result = export(dataset, reviews, format="csv", status="all", now=NOW)
    data = result.file_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    rows = _csv_rows(data)
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    assert tuple(header[: len(COLUMNS)]) == COLUMNS
    # Then three columns for each reviewer with a verdict or a note, by name.
    assert header[len(COLUMNS) :] == [
        f"{name} {part}"
        for name in ("alice", "bob", "zoë")
        for part in ("verdict", "note", "reviewed_at")
    ]
    assert [row["claim_id"] for row in rows] == [
        "ancient",
        "unicode",
        "formula",
        "stale",
        "markup",
        "unreviewed",
    ]
    unicode_row = rows[1]
    assert unicode_row["claim"] == dataset.claim_by_id["unicode"].text
    assert unicode_row["claimant"] == "Zoë Ångström"
    assert unicode_row["events"] == "1999 U.S. forces at Manta; 2025-01 A census is taken"
    assert unicode_row["reviewer"] == "zoë"
    assert rows[3]["stale"] == "yes" and rows[4]["stale"] == "no"
    assert rows[4]["evidence_urls"].split() == [
        "https://example.org/paper?a=1&b=2",
        "https://en.wikipedia.org/wiki/Manta_(city)#History",
    ]
    assert rows[5]["verdict"] == "unreviewed"
    assert rows[5]["note"] == "Look at the minutes first."
    assert b"\r\n" in data  # RFC 4180 line ends


def test_csv_cells_never_start_a_formula(dataset, reviews):
    rows = _csv_rows(export(dataset, reviews, format="csv", status="all", now=NOW).file_bytes())
    for row in rows:
        for column, cell in row.items():
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (
                f"{row['claim_id']}.{column} would run as a formula: {cell!r}"
            )
    formula = next(row for row in rows if row["claim_id"] == "formula")
    assert formula["claim"] == "'" + dataset.claim_by_id["formula"].text
    assert formula["note"] == "'@SUM(A1:A2) — the source says otherwise"
    assert formula["claimant"].startswith("'+cmd")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("plain text", "plain text"),
        ("1-2=3", "1-2=3"),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralised(cell, expected):
    assert neutralise(cell) == expected


# -- JSON -----------------------------------------------------------------------------------


def test_json_has_the_documented_shape_in_a_stable_order(dataset, reviews):
    document = json.loads(render(dataset, reviews, "json", "reviewed"))
    assert list(document) == ["dataset", "exported_at", "status", "claims"]
    assert document["dataset"] == {
        "id": "export-fixture",
        "title": dataset.title,
        "schema_version": 1,
    }
    assert document["exported_at"] == "2025-03-05T12:00:00Z"
    assert document["status"] == "reviewed"
    first = document["claims"][0]
    assert list(first) == [
        "id",
        "text",
        "claimant",
        "appeared_in",
        "appeared_on",
        "verdict",
        "note",
        "reviewer",
        "reviewed_at",
        "stale",
        "reviews",
        "events",
        "evidence",
    ]
    assert list(first["reviews"][0]) == ["reviewer", "verdict", "note", "reviewed_at", "stale"]
    stale = next(claim for claim in document["claims"] if claim["id"] == "stale")
    assert stale["stale"] is True and stale["verdict"] == "verified"
    assert first["events"][0]["date"] == "-0044-03-15"


# -- ClaimReview ----------------------------------------------------------------------------


def _nodes(value: Any) -> list[dict[str, Any]]:
    """Every JSON-LD node (an object with @type), nested ones included."""
    found = []
    if isinstance(value, dict):
        if "@type" in value:
            found.append(value)
        for item in value.values():
            found += _nodes(item)
    elif isinstance(value, list):
        for item in value:
            found += _nodes(item)
    return found


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, dict[str, Any]]:
    graph = json.loads(VOCAB.read_text(encoding="utf-8"))["@graph"]
    return {node["@id"]: node for node in graph}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _ancestors(vocabulary: dict[str, dict[str, Any]], type_name: str) -> set[str]:
    seen: set[str] = set()
    todo = [f"schema:{type_name}"]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        assert current in vocabulary, f"{current} is not a schema.org type"
        todo += [
            parent["@id"]
            for parent in _as_list(vocabulary[current].get("rdfs:subClassOf"))
            if parent["@id"].startswith("schema:")
        ]
    return seen


def test_claimreview_uses_only_properties_schema_org_defines(dataset, reviews, vocabulary):
    document = json.loads(render(dataset, reviews, "claimreview", "all"))
    nodes = _nodes(document)
    assert {node["@type"] for node in nodes} >= {
        "ClaimReview",
        "Rating",
        "Claim",
        "Organization",
        "Person",
        "CreativeWork",
    }
    for node in nodes:
        types = _ancestors(vocabulary, node["@type"])
        assert "schema:Thing" in types
        for prop in node:
            if prop.startswith("@"):
                continue
            definition = vocabulary.get(f"schema:{prop}")
            assert definition is not None, f"{prop} is not a schema.org property"
            domains = {d["@id"] for d in _as_list(definition.get("schema:domainIncludes"))}
            assert domains & types, f"{prop} is not a property of {node['@type']}"


def test_claimreview_has_what_google_requires(dataset, reviews):
    # Google's fact-check documentation: claimReviewed, reviewRating (with alternateName)
    # and url are required; author and itemReviewed (a Claim) are recommended.
    document = json.loads(render(dataset, reviews, "claimreview", "reviewed"))
    assert isinstance(document, list) and len(document) == 4  # the stale verdict is left out
    for review in document:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"]
        assert review["url"].startswith("https://checks.example.org/claims/")
        rating = review["reviewRating"]
        assert rating["alternateName"] in ("Verified", "Disputed")
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["author"] == {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://checks.example.org",
        }
        assert review["itemReviewed"]["@type"] == "Claim"
        assert len(review["datePublished"]) == 10
    markup = next(r for r in document if r["url"].endswith("/markup"))
    assert markup["itemReviewed"]["appearance"]["url"] == "https://example.org/paper?a=1&b=2"
    assert markup["reviewRating"]["ratingValue"] == 2
    formula = next(r for r in document if r["url"].endswith("/formula"))
    assert (formula["reviewRating"]["ratingValue"], formula["reviewRating"]["alternateName"]) == (
        1,
        "Disputed",
    )


def test_claimreview_types_the_claimant_as_the_dataset_says(dataset, reviews):
    document = json.loads(render(dataset, reviews, "claimreview", "reviewed"))
    authors = {
        review["url"].rsplit("/", 1)[1]: review["itemReviewed"].get("author") for review in document
    }
    assert authors == {
        "markup": {"@type": "Person", "name": "# The mayor"},
        "formula": {"@type": "Organization", "name": "+cmd|' /C calc'!A0"},
        # A claimant whose kind the dataset does not give is not guessed at: no author.
        "unicode": None,
        "ancient": None,  # no claimant at all
    }


def test_claimreview_leaves_stale_verdicts_out_and_says_so(dataset, reviews):
    result = export(
        dataset, reviews, format="claimreview", status="verified", options=OPTIONS, now=NOW
    )
    urls = [review["url"] for review in json.loads(result.text)]
    assert not any(url.endswith("/stale") for url in urls)
    assert result.count == 3
    assert any("stale" in notice and "stale" in notice.split(": ")[-1] for notice in result.notices)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ExportOptions(url_template="https://x.org/{claim_id}"), "organisation"),
        (ExportOptions(publisher="X"), "claim_id"),
        (ExportOptions(publisher="X", url_template="https://x.org/checks"), "{claim_id}"),
        (ExportOptions(publisher="X", url_template="ftp://x.org/{claim_id}"), "http"),
    ],
)
def test_claimreview_asks_for_what_it_needs(dataset, reviews, options, message):
    with pytest.raises(ExportOptionError, match=message):
        export(dataset, reviews, format="claimreview", options=options)


# -- TimelineJS -----------------------------------------------------------------------------


def test_timelinejs_dates_keep_their_precision(dataset, reviews):
    document = json.loads(render(dataset, reviews, "timelinejs", "reviewed"))
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert slides["ides"]["start_date"] == {"year": -44, "month": 3, "day": 15}
    assert slides["manta"]["start_date"] == {"year": 1999}
    assert slides["manta"]["end_date"] == {"year": 2009}
    assert slides["census"]["start_date"] == {"year": 2025, "month": 1}
    assert "end_date" not in slides["census"]
    assert slides["manta"]["group"] == "bases"


def test_timelinejs_text_is_html_escaped(dataset, reviews):
    document = json.loads(render(dataset, reviews, "timelinejs", "reviewed"))
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    vote = slides["vote"]["text"]["text"]
    assert "<script>" not in vote and "&lt;script>" in vote
    assert "<b>tags</b>" not in vote and "&lt;b>tags&lt;/b>" in vote
    assert "✓ Verified" in vote
    assert slides["ides"]["text"]["headline"] == "Caesar is killed &lt;in Rome>"
    assert "✗ Disputed" in slides["census"]["text"]["text"]
    assert "stale" in slides["census"]["text"]["text"]


def test_timelinejs_export_then_import_keeps_every_event(dataset, reviews):
    exported = render(dataset, reviews, "timelinejs", "all")
    result = import_timelinejs(exported.encode("utf-8"), "export-fixture.json")
    back = load_bytes(result.yaml_text().encode("utf-8"), "back.yaml")
    assert [event.id for event in back.events] == [event.id for event in dataset.events]
    for before, after in zip(dataset.events, back.events, strict=True):
        assert after.date == before.date and after.date.precision == before.date.precision
        assert after.end == before.end
        assert after.title == before.title
    assert back.title == dataset.title


# -- layering and the command line ----------------------------------------------------------


def test_exporting_needs_no_textual():
    code = (
        "import sys, facts.export, facts.atomic, facts.importers.timelinejs; "
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


@pytest.fixture
def store_path(tmp_path, dataset):
    store_module = pytest.importorskip("facts.store")
    path = tmp_path / "reviews.sqlite3"
    store = store_module.ReviewStore(path)
    try:
        store.mark(dataset.id, dataset.claim_by_id["unicode"], "verified", reviewer="zoë")
        store.set_note(dataset.id, dataset.claim_by_id["unicode"], "=cmd", reviewer="zoë")
        store.mark(dataset.id, dataset.claim_by_id["formula"], "disputed", reviewer="bob")
    finally:
        store.close()
    return path


def test_cli_exports_the_verified_claims_to_a_file(store_path, tmp_path, capsys):
    out = tmp_path / "verified.csv"
    code = main(
        ["export", str(FIXTURE), "--format", "csv", "--reviews", str(store_path), "-o", str(out)]
    )
    assert code == 0
    rows = _csv_rows(out.read_bytes())
    assert [row["claim_id"] for row in rows] == ["unicode"]
    assert rows[0]["note"] == "'=cmd"
    assert f"Exported 1 claim (verified) as csv to {out}" in capsys.readouterr().err


def test_cli_writes_to_standard_output_without_o(store_path, capsysbinary):
    code = main(
        ["export", str(FIXTURE), "-f", "json", "-s", "reviewed", "--reviews", str(store_path)]
    )
    assert code == 0
    document = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [claim["id"] for claim in document["claims"]] == ["unicode", "formula"]


def test_cli_never_overwrites_without_force(store_path, tmp_path, capsys):
    out = tmp_path / "handout.md"
    out.write_text("my own notes")
    args = ["export", str(FIXTURE), "-f", "markdown", "--reviews", str(store_path), "-o", str(out)]
    assert main(args) == 1
    assert out.read_text() == "my own notes"
    err = capsys.readouterr().err
    assert str(out) in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert main([*args, "--force"]) == 0
    assert out.read_text().startswith("# Verified claims:")


def test_cli_reports_an_unwritable_path_and_leaves_nothing(store_path, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "x.json"
    assert (
        main(["export", str(FIXTURE), "-f", "json", "--reviews", str(store_path), "-o", str(out)])
        == 1
    )
    assert "missing-folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.sqlite3"]


def test_cli_claimreview_without_publisher_is_a_usage_error(store_path, capsys):
    assert main(["export", str(FIXTURE), "-f", "claimreview", "--reviews", str(store_path)]) == 2
    err = capsys.readouterr().err
    assert "--publisher" in err and "--url-template" in err


def test_cli_claimreview_with_options(store_path, capsysbinary):
    assert (
        main(
            [
                "export",
                str(FIXTURE),
                "-f",
                "claimreview",
                "-s",
                "reviewed",
                "--reviews",
                str(store_path),
                "--publisher",
                "Example Checks",
                "--url-template",
                "https://x.org/{claim_id}",
            ]
        )
        == 0
    )
    document = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [review["url"] for review in document] == [
        "https://x.org/unicode",
        "https://x.org/formula",
    ]


def test_cli_missing_review_store_is_an_error(tmp_path, capsys):
    missing = tmp_path / "nope.sqlite3"
    assert main(["export", str(FIXTURE), "-f", "json", "--reviews", str(missing)]) == 1
    assert f"no review store at {missing}" in capsys.readouterr().err
    assert not missing.exists()


def test_cli_bad_dataset_prints_located_problems(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: bad\ntitle: Bad\nevents: []\n")
    assert main(["export", str(bad), "-f", "json", "--reviews", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "events" in err


def test_cli_unknown_format_is_a_usage_error(capsys):
    assert main(["export", str(FIXTURE), "-f", "pdf"]) == 2
    assert "'pdf' is not one of 'markdown'" in capsys.readouterr().err


def test_the_bundled_dataset_exports_in_every_format(tmp_path):
    from facts.bundled import bundled_path

    bundled = load(bundled_path())
    verdicts = {
        claim.id: Review(
            claim.id, "verified", None, "teacher", "2025-03-01T10:00:00Z", claim.fingerprint
        )
        for claim in bundled.claims
    }
    count = len(bundled.claims)
    for fmt in FORMATS:
        result = export(bundled, verdicts, format=fmt, options=OPTIONS, now=NOW)
        assert result.count == count, fmt
        if fmt == "markdown":
            assert result.text.count("\n## ") == count
        elif fmt == "csv":
            assert len(_csv_rows(result.file_bytes())) == count
        elif fmt == "claimreview":
            assert len(json.loads(result.text)) == count
        elif fmt == "json":
            assert len(json.loads(result.text)["claims"]) == count
        else:
            back = load_bytes(import_timelinejs(result.text).yaml_text().encode(), "b.yaml")
            assert [(e.id, e.date, e.end) for e in back.events] == [
                (e.id, e.date, e.end) for e in sorted(bundled.events, key=lambda e: e.date)
            ]
