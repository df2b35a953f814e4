"""The ClaimReview import as a user relies on it: ratings read honestly, one claim per
claim, nothing lost without a line, merges that add nothing twice, files kept safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facts import load
from facts.importers.claimreview import import_files
from facts.importers.claimreview.ratings import (
    DISPUTED_WORDS,
    VERIFIED_WORDS,
    normalise,
    verdict_for,
)
from facts.importers.claimreview.records import Rating
from facts.importers.claimreview.report import Report
from tests.claimreview_helpers import API, BAD, GOOD, convert, review

# -- the rating table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "verdict"),
    [
        ("False", "disputed"),
        ("FALSO", "disputed"),
        ("Falso.", "disputed"),
        ("Faux", "disputed"),
        ("Falsch", "disputed"),
        ("Fake", "disputed"),
        ("Pants on Fire!", "disputed"),
        ("Engañoso", "disputed"),
        ("Enganoso", "disputed"),
        ("Misleading", "disputed"),
        ("Trompeur", "disputed"),
        ("Irreführend", "disputed"),
        ("Größtenteils falsch", "disputed"),
        ("زائف", "disputed"),
        ("True", "verified"),
        ("Verdadero", "verified"),
        ("Verdadeiro", "verified"),
        ("Vrai", "verified"),
        ("Richtig", "verified"),
        ("Correct", "verified"),
        ("Verified", "verified"),  # claimline's own export reads back
        ("Disputed", "disputed"),
        ("Mixed", None),
        ("Mixture", None),
        ("Half true", None),
        ("Mostly true", None),
        ("Verdad a medias", None),
        ("Unproven", None),
        ("Unbelegt", None),
        ("Satire", None),
        ("Missing context", None),
        ("This claim is false in part and true in part", None),
        ("False, but the trend is real", None),  # a sentence that starts like a word
    ],
)
def test_the_table_maps_plain_ratings_and_never_guesses(word, verdict):
    assert verdict_for(Rating(word=word)) == verdict


def test_no_wording_is_in_both_columns():
    verified = {normalise(word) for words in VERIFIED_WORDS.values() for word in words}
    disputed = {normalise(word) for words in DISPUTED_WORDS.values() for word in words}
    assert not verified & disputed
    for language in ("en", "es", "pt", "fr", "de"):
        assert VERIFIED_WORDS[language] and DISPUTED_WORDS[language]


@pytest.mark.parametrize(
    ("value", "best", "worst", "verdict"),
    [
        (1, 5, 1, "disputed"),
        (5, 5, 1, "verified"),
        (3, 5, 1, None),
        (1, None, 1, None),
        (1, 1, 1, None),
        (-1, 5, 1, None),
    ],
)
def test_numbers_alone_map_only_at_the_ends_of_a_declared_scale(value, best, worst, verdict):
    assert verdict_for(Rating(value=value, best=best, worst=worst)) == verdict


def test_the_word_decides_over_the_numbers():
    # "Satire" rated 1 of 5: the publisher's word says it is not a plain falsehood.
    assert verdict_for(Rating(word="Satire", value=1, best=5, worst=1)) is None


def test_an_unmappable_rating_is_kept_as_evidence_with_no_verdict():
    sentence = "Partly accurate: lunches are free in 12 of 40 districts."
    dataset, report = convert(review(reviewRating={"alternateName": sentence}))
    assert dataset is not None
    claim = dataset.claims[0]
    assert claim.reference is None
    assert f"rated it “{sentence}”" in (claim.evidence[0].note or "")
    assert any("not in the rating table" in line.message for line in report.lines)


def test_the_publishers_wording_is_kept_in_the_reference():
    dataset, _ = convert(review(reviewRating={"alternateName": "Pants on Fire!"}))
    assert dataset is not None and dataset.claims[0].reference is not None
    assert "“Pants on Fire!”" in dataset.claims[0].reference.explanation


# -- one claim per claim ----------------------------------------------------------------------


def test_fact_checkers_who_disagree_give_no_reference():
    dataset, report = convert(
        [
            review(url="https://a.example/1", reviewRating={"alternateName": "False"}),
            review(url="https://b.example/2", reviewRating={"alternateName": "Correct"}),
        ]
    )
    assert dataset is not None
    (claim,) = dataset.claims
    assert len(claim.evidence) == 2 and claim.reference is None
    assert any("disagree" in line.message for line in report.lines)


def test_the_same_text_by_different_claimants_is_two_claims():
    item = {"@type": "Claim", "datePublished": "2024-01-01"}
    dataset, _ = convert(
        [
            review(url="https://a.example/1", itemReviewed=item | {"author": {"name": "Ann"}}),
            review(url="https://a.example/2", itemReviewed=item | {"author": {"name": "Bob"}}),
        ]
    )
    assert dataset is not None
    assert [claim.claimant for claim in dataset.claims] == ["Ann", "Bob"]
    assert len({claim.id for claim in dataset.claims}) == 2


def test_one_page_reviewing_several_claims_gives_one_source():
    dataset, _ = convert(
        [
            review(claimReviewed="First claim."),
            review(claimReviewed="Second claim."),
        ]
    )
    assert dataset is not None and len(dataset.claims) == 2 and len(dataset.sources) == 1


def test_the_same_review_twice_is_a_duplicate_line():
    dataset, report = convert([review(), review()])
    assert dataset is not None and len(dataset.claims) == 1
    (line,) = [line for line in report.lines if line.kind == "skipped"]
    assert "duplicate of input.json → [0]" in line.message


def test_ids_are_readable_and_unique():
    dataset, _ = convert(
        [
            review(
                url="https://a.example/x",
                claimReviewed="Taxes went up in 2023 for everyone "
                "who earns less than the national median wage",
            ),
            review(
                url="https://a.example/y",
                claimReviewed="Taxes went up in 2023!",
                itemReviewed={
                    "@type": "Claim",
                    "author": {"name": "Someone else"},
                    "datePublished": "2023",
                },
            ),
        ]
    )
    assert dataset is not None
    assert [claim.id for claim in dataset.claims] == [
        "taxes-went-up-in-2023-for-everyone-who-earns-less",
        "taxes-went-up-in-2023",
    ]
    assert dataset.sources[0].id == "a-example-x"


def test_a_review_url_that_is_not_http_is_skipped():
    _, report = convert(review(url="javascript:alert(1)"))
    assert report.skipped == 1 and "not an http(s) address" in report.lines[0].message


# -- merging --------------------------------------------------------------------------------


def test_reimport_with_merge_adds_nothing_and_changes_no_id(tmp_path: Path):
    out = tmp_path / "checks.yaml"
    first = import_files([str(GOOD)], str(out))
    assert first.exit_code == 0, first.text()
    before = out.read_bytes()
    ids = _ids(load(out))
    again = import_files([str(GOOD)], str(out), merge=str(out))
    assert again.exit_code == 0, again.text()
    assert again.report.imported == again.report.merged == 0
    assert again.report.skipped == again.report.read == first.report.read
    assert "nothing new" in again.message and out.read_bytes() == before
    # Merging into a copy writes the same dataset, with the same ids.
    copy = tmp_path / "copy.yaml"
    assert import_files([str(GOOD)], str(copy), merge=str(out)).exit_code == 0
    assert _ids(load(copy)) == ids


def test_merge_adds_new_reviews_to_existing_claims_and_keeps_a_curators_reference(
    tmp_path: Path,
):
    out = tmp_path / "checks.yaml"
    assert import_files([str(GOOD / "single-en.json")], str(out)).exit_code == 0
    # A curator edits the reference and the claim's id by hand.
    data = yaml.safe_load(out.read_text())
    data["claims"][0]["id"] = "bridge"
    data["claims"][0]["reference"]["explanation"] = "Our own reading of the audit."
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    outcome = import_files([str(API / "page-1.json")], str(out), merge=str(out))
    assert outcome.exit_code == 0, outcome.text()
    assert (outcome.report.merged, outcome.report.imported) == (1, 2)
    dataset = load(out)
    bridge = dataset.claim_by_id["bridge"]
    assert bridge.reference is not None
    assert bridge.reference.explanation == "Our own reading of the audit."
    publishers = {dataset.source_by_id[e.source].publisher for e in bridge.evidence}
    assert {"TruthMeter", "Coast Check"} <= publishers
    assert len(dataset.claims) == 2  # the bridge, and the flu claim its two reviews share


def test_merge_into_a_dataset_that_does_not_load_is_refused(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: x\n")
    outcome = import_files([str(GOOD)], str(tmp_path / "out.yaml"), merge=str(broken))
    assert outcome.exit_code == 1 and "cannot merge into it" in outcome.message
    assert not (tmp_path / "out.yaml").exists()


# -- writing --------------------------------------------------------------------------------


def test_an_existing_file_is_kept_without_force(tmp_path: Path):
    out = tmp_path / "checks.yaml"
    out.write_text("precious\n")
    outcome = import_files([str(GOOD)], str(out))
    assert outcome.exit_code == 1 and "already exists" in outcome.message
    assert out.read_text() == "precious\n"
    assert import_files([str(GOOD)], str(out), force=True).exit_code == 0
    assert len(load(out).claims) > 10
    assert [p.name for p in tmp_path.iterdir()] == ["checks.yaml"]  # no temporary left


def test_json_output_and_a_wrong_suffix(tmp_path: Path):
    assert import_files([str(GOOD)], str(tmp_path / "c.json")).exit_code == 0
    assert json.loads((tmp_path / "c.json").read_text())["schema_version"] == 1
    assert import_files([str(GOOD)], str(tmp_path / "c.txt")).exit_code == 2


def test_nothing_to_import_writes_nothing(tmp_path: Path):
    outcome = import_files([str(BAD / "truncated.json")], str(tmp_path / "out.yaml"))
    assert outcome.exit_code == 1 and "no fact-check could be imported" in outcome.message
    assert "truncated.json" in outcome.text() and not (tmp_path / "out.yaml").exists()


def test_a_missing_path_is_reported(tmp_path: Path):
    outcome = import_files(
        [str(GOOD / "single-en.json"), str(tmp_path / "nope")], str(tmp_path / "out.yaml")
    )
    assert outcome.exit_code == 0
    assert "no such file or folder" in outcome.text()


def test_the_report_counts_add_up_for_the_whole_folder(tmp_path: Path):
    outcome = import_files([str(GOOD), str(BAD)], str(tmp_path / "out.yaml"))
    report = outcome.report
    assert report.read == report.imported + report.merged + report.skipped
    assert report.files == 10 and report.skipped == 3
    summary = outcome.text().splitlines()[-2]
    assert summary.startswith(f"read {report.read} reviews from 10 inputs: imported")
    dataset = load(tmp_path / "out.yaml")
    assert len(dataset.claims) == len(dataset.events)
    assert dataset.language == "mul"


# -- any input: a dataset or a clean report, never a traceback ---------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
_fields = st.sampled_from(
    [
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
        "name",
        "inLanguage",
        "@context",
        "@type",
        "@graph",
        "dataFeedElement",
        "item",
        "claims",
        "claimReview",
        "text",
        "claimDate",
        "alternateName",
        "ratingValue",
        "appearance",
        "firstAppearance",
        "publisher",
        "textualRating",
        "reviewDate",
        "languageCode",
    ]
)


@st.composite
def _reviewish(draw):
    base = review()
    for key in draw(st.lists(_fields, max_size=6)):
        base[key] = draw(
            _json
            | st.sampled_from(
                [
                    "ClaimReview",
                    "https://x.example/a",
                    "2024-02-30",
                    "0000",
                    "-44",
                    "\x1b[2J",
                    {"@type": "Claim"},
                    {"alternateName": "Falso"},
                    [],
                    {},
                ]
            )
        )
    return draw(st.sampled_from([base, [base, base], {"@graph": [base]}, {"claims": [base]}]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_json, _reviewish()))
def test_any_json_value_gives_a_dataset_or_a_clean_report(value):
    dataset, report = convert(value)  # the loader raises on anything invalid
    assert isinstance(report, Report)
    assert report.read == report.imported + report.merged + report.skipped
    if dataset is not None:
        assert len(dataset.claims) == report.imported


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: f"<html>{t}").map(str.encode))
def test_any_bytes_give_a_dataset_or_a_clean_report(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("any")
    (folder / "input.html").write_bytes(data)
    outcome = import_files([str(folder / "input.html")], str(folder / "out.yaml"))
    assert outcome.exit_code in (0, 1) and outcome.message


def _ids(dataset):
    return (
        [source.id for source in dataset.sources],
        [event.id for event in dataset.events],
        [claim.id for claim in dataset.claims],
    )


def test_docs_show_the_rating_table_the_code_uses():
    docs = (Path(__file__).parents[1] / "docs" / "import.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:4]
        for line in docs.splitlines()
        if line.startswith("| ") and line.count("|") == 4
    }
    names = {
        "en": "English",
        "es": "Spanish",
        "pt": "Portuguese",
        "fr": "French",
        "de": "German",
        "ar": "Arabic",
    }
    for code, name in names.items():
        verified, disputed = (cell.strip() for cell in rows[name])
        assert verified == ", ".join(VERIFIED_WORDS[code]), name
        assert disputed == ", ".join(DISPUTED_WORDS[code]), name


def test_the_report_never_passes_terminal_escapes_through(tmp_path: Path):
    name = tmp_path / "evil\x1b]0;pwned\x07.json"
    name.write_text(
        json.dumps(
            [
                {"@type": "Thing\x1b[2J", "x\x1b[31m": 1},
                review(reviewRating={"alternateName": "Fa\x1b[5mlse\u0007 or not"}),
            ]
        )
    )
    outcome = import_files([str(name)], str(tmp_path / "out.yaml"))
    assert outcome.exit_code == 0
    text = outcome.text()
    assert "\x1b" not in text and "\x07" not in text
    assert "“Fa[5mlse or not”" in text  # the wording, less its control characters


def test_a_later_review_says_where_a_claim_appeared():
    api_page = json.loads((API / "page-1.json").read_text(encoding="utf-8"))
    markup = json.loads((GOOD / "single-en.json").read_text(encoding="utf-8"))
    dataset, _ = convert([api_page, markup])  # the API knows no appearance, the markup does
    assert dataset is not None
    bridge = next(claim for claim in dataset.claims if "Harbour" in claim.text)
    assert dataset.source_by_id[bridge.appeared_in or ""].title == "Post by Ana Ruiz"
    assert "The claimant: Ana Ruiz, State senator, Coastal Party." in (
        bridge.evidence[1].note or ""
    )


def test_claims_made_in_one_place_on_one_day_share_an_event():
    debate = {"@type": "VideoObject", "url": "https://video.example/debate", "name": "The debate"}
    item = {"@type": "Claim", "datePublished": "2024-05-01", "appearance": debate}
    dataset, _ = convert(
        [
            review(url="https://a.example/1", claimReviewed="Crime doubled.", itemReviewed=item),
            review(url="https://a.example/2", claimReviewed="Taxes halved.", itemReviewed=item),
            review(
                url="https://a.example/3",
                claimReviewed="Rents fell.",
                itemReviewed=item | {"datePublished": "2024-05-02"},
            ),
        ]
    )
    assert dataset is not None
    events = [claim.events for claim in dataset.claims]
    assert events[0] == events[1] != events[2]
    shared = dataset.event_by_id[events[0][0]]
    assert shared.title == "The debate" and shared.date.iso() == "2024-05-01"
    assert len(dataset.events) == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_reviewish(), min_size=1, max_size=4))
def test_importing_again_into_the_result_changes_nothing(values):
    dataset, _ = convert(values)
    if dataset is None:
        return
    again, report = convert(values, existing=dataset)
    assert report.imported == report.merged == 0
    assert again is not None and again.model_dump() == dataset.model_dump()
