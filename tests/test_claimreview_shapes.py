"""Reading ClaimReview in every shape publishers use: files, lists, graphs, feeds, pages, API."""

from __future__ import annotations

import json

import pytest

from facts import load_bytes
from facts.importers.claimreview.inputs import read_bytes
from facts.importers.claimreview.report import Report
from tests.claimreview_helpers import API, BAD, GOOD, convert, review


def claims_of(path):
    dataset, report = convert(path.read_bytes(), path.name)
    assert dataset is not None, report.text()
    return dataset, report


def test_a_single_object_with_people_appearances_and_extra_keys():
    dataset, report = claims_of(GOOD / "single-en.json")
    (claim,) = dataset.claims
    assert claim.text == "The new Harbour Bridge cost taxpayers $4 billion."
    assert (claim.claimant, claim.claimant_kind) == ("Ana Ruiz", "person")
    assert claim.appeared_on is not None and claim.appeared_on.iso() == "2024-03-04"
    appeared = dataset.source_by_id[claim.appeared_in or ""]
    assert appeared.url == "https://social.example/@anaruiz/posts/1123"
    # The second appearance is kept as evidence; the claimant's role is in the note.
    urls = [dataset.source_by_id[item.source].url for item in claim.evidence]
    assert "https://video.example/watch?v=harbour-debate" in urls
    assert "State senator, Coastal Party" in (claim.evidence[0].note or "")
    assert claim.reference is not None and claim.reference.verdict == "disputed"
    # icon, color, @id and the HTML subtitle are not schema.org: ignored, not an error.
    assert report.skipped == 0 and not report.lines


def test_a_list_with_type_lists_http_context_and_a_year_only_date():
    dataset, report = claims_of(GOOD / "lista-es.json")
    by_text = {claim.text: claim for claim in dataset.claims}
    # Quotation marks around the whole claim are the publisher's typography, not its text.
    assert "La inflación de octubre fue la más alta de los últimos 30 años" in by_text
    schools = next(claim for claim in dataset.claims if "escuelas" in claim.text)
    assert schools.claimant_kind == "organization"
    assert schools.text == 'Se construyeron 1.000 escuelas desde "el primer día" de gestión'
    event = dataset.event_by_id[schools.events[0]]
    assert event.date.iso() == "2019" and event.date.month is None
    verdicts = {
        claim.text[:10]: claim.reference.verdict if claim.reference else None
        for claim in dataset.claims
    }
    assert verdicts == {"La inflaci": "disputed", "Se constru": "disputed", "El desempl": None}
    assert report.read == 3 and report.imported == 3


def test_a_graph_with_other_nodes_and_a_language_node():
    dataset, report = claims_of(GOOD / "grafo-pt.jsonld")
    assert len(dataset.claims) == 2
    vaccine = next(claim for claim in dataset.claims if "DNA" in claim.text)
    assert vaccine.reference is not None and vaccine.reference.verdict == "disputed"
    review_source = dataset.source_by_id[vaccine.evidence[0].source]
    assert review_source.language == "pt-BR"
    ignored = [line for line in report.lines if line.kind == "ignored"]
    assert len(ignored) == 1
    for kind in ("WebSite", "Organization", "BreadcrumbList"):
        assert kind in ignored[0].message
    # firstAppearance given as a bare URL, repeated in appearance: one source, not two.
    appearance_urls = [source.url for source in dataset.sources if source.kind == "other"]
    assert appearance_urls.count("https://rede.example.com/posts/98765") == 1


def test_a_month_date_stays_a_month():
    dataset, _ = claims_of(GOOD / "grafo-pt.jsonld")
    toll = next(claim for claim in dataset.claims if "pedágio" in claim.text)
    assert dataset.event_by_id[toll.events[0]].date.iso() == "2022-07"
    assert toll.reference is not None and toll.reference.verdict == "verified"


def test_a_data_feed_with_one_and_several_items_and_no_context():
    dataset, report = claims_of(GOOD / "flux-fr.json")
    ratings = {claim.text: claim.reference.verdict for claim in dataset.claims if claim.reference}
    assert ratings == {
        "Le port du masque sera interdit dans les écoles dès lundi": "disputed",
        "Le chômage a baissé de 20 % en un an": "disputed",
        "La ligne TGV Paris–Lyon a ouvert en 1981": "verified",
    }
    assert report.read == 3


def test_a_page_with_several_blocks_a_broken_one_and_a_cdata_wrapper():
    dataset, report = claims_of(GOOD / "faktencheck-de.html")
    texts = sorted(claim.text for claim in dataset.claims)
    assert texts == [
        "Ab März gilt eine Impfpflicht für alle Erwachsenen",
        "Windräder waren schuld am großen Stromausfall im Februar",
    ]
    (broken,) = [line for line in report.lines if line.kind == "unreadable"]
    assert "block 2 (line 10)" in broken.where and "not valid JSON" in broken.message
    wind = next(claim for claim in dataset.claims if "Windräder" in claim.text)
    assert (wind.claimant, wind.claimant_kind) == ("Klaus Weber, Petra Braun", "person")
    # HTML in the rating explanation becomes text; the page's language is the source's.
    assert "Der Netzbetreiber nennt einen Kabelbrand als Ursache." in (wind.evidence[0].note or "")
    assert dataset.source_by_id[wind.evidence[0].source].language == "de"
    appeared = dataset.source_by_id[wind.appeared_in or ""]
    assert appeared.title == "Interview: „Die Windräder waren es“"


def test_right_to_left_text_is_kept_exactly():
    dataset, _ = claims_of(GOOD / "tahaqquq-ar.html")
    (claim,) = dataset.claims
    assert claim.text == "صورة تُظهر فيضان المدينة هذا الأسبوع"
    assert claim.claimant == "حساب على وسائل التواصل"
    assert claim.reference is not None and claim.reference.verdict == "disputed"
    assert "“زائف”" in claim.reference.explanation
    assert dataset.source_by_id[claim.evidence[0].source].publisher == "منصة تحقق المثال"
    # No claim date: the first appearance's date is when the claim was made.
    assert claim.appeared_on is not None and claim.appeared_on.iso() == "2023-09-12"
    assert claim.id == "tahaqquq-example-ar-2023-09-flood-photo"  # no Latin letters to slug


def test_fact_check_api_responses_group_reviews_of_one_claim():
    dataset, report = claims_of(API / "page-1.json")
    flu = next(claim for claim in dataset.claims if "hot water" in claim.text)
    publishers = [dataset.source_by_id[item.source].publisher for item in flu.evidence]
    assert publishers == ["Coast Check", "Chequeo Ejemplo"]
    assert flu.reference is not None and flu.reference.verdict == "disputed"
    assert "Coast Check rated it “False”" in flu.reference.explanation
    assert "Chequeo Ejemplo rated it “Falso”" in flu.reference.explanation
    languages = [dataset.source_by_id[item.source].language for item in flu.evidence]
    assert languages == ["en", "es"]
    assert flu.appeared_on is not None and flu.appeared_on.iso() == "2020-03-15"
    assert report.read == 3


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda r: r, id="object"),
        pytest.param(lambda r: [r], id="list"),
        pytest.param(lambda r: {"@context": "https://schema.org", "@graph": [r]}, id="graph"),
        pytest.param(
            lambda r: {
                "@type": "DataFeed",
                "dataFeedElement": [{"@type": "DataFeedItem", "item": r}],
            },
            id="feed",
        ),
        pytest.param(lambda r: {"@type": "WebPage", "mainEntity": r}, id="nested"),
    ],
)
@pytest.mark.parametrize(
    "context", ["https://schema.org", "http://schema.org/", None, {"@vocab": "http://schema.org/"}]
)
@pytest.mark.parametrize(
    "kind", ["ClaimReview", ["ClaimReview"], "schema:ClaimReview", "http://schema.org/ClaimReview"]
)
def test_every_wrapper_context_and_type_spelling_reads_the_same(wrap, context, kind):
    dataset, report = convert(wrap(review(**{"@context": context, "@type": kind})))
    assert dataset is not None, report.text()
    (claim,) = dataset.claims
    assert claim.text == "The river is 900 km long."
    assert claim.reference is not None and claim.reference.verdict == "disputed"


def test_json_lines_dumps_are_read_line_by_line():
    lines = [
        review(url=f"https://checks.example.org/{n}", claimReviewed=f"Claim {n}") for n in range(3)
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    dataset, report = convert(data, "dump.jsonl")
    assert dataset is not None and len(dataset.claims) == 3
    assert report.read == 3


def test_html_and_entities_in_fields_become_plain_text():
    dataset, _ = convert(
        review(
            claimReviewed="<p>The <b>river</b> is 900&nbsp;km &amp; <i>wide</i></p>",
            name="River &quot;length&quot;",
        )
    )
    assert dataset is not None
    assert dataset.claims[0].text == "The river is 900 km & wide"  # nbsp is a space on one line
    assert dataset.sources[0].title == 'River "length"'


def test_a_less_than_sign_in_plain_text_is_not_markup():
    dataset, _ = convert(review(claimReviewed="Inflation is < 5% and x<y holds"))
    assert dataset is not None and dataset.claims[0].text == "Inflation is < 5% and x<y holds"


def test_control_characters_are_removed_as_the_loader_requires():
    dataset, _ = convert(review(claimReviewed="Red\x1b[31m alert\x07 today"))
    assert dataset is not None and dataset.claims[0].text == "Red[31m alert today"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-06-20T12:12:40Z", "2019-06-20"),
        ("2019-06-20T23:30:00-05:00", "2019-06-20"),  # the day as published, not moved to UTC
        ("2019-06-20 08:00", "2019-06-20"),
        ("2019-06", "2019-06"),
        ("2019", "2019"),
        (2019, "2019"),
    ],
)
def test_claim_dates_keep_the_precision_given(value, expected):
    dataset, _ = convert(review(itemReviewed={"@type": "Claim", "datePublished": value}))
    assert dataset is not None
    assert dataset.events[0].date.iso() == expected
    assert dataset.claims[0].appeared_on is not None
    assert dataset.claims[0].appeared_on.iso() == expected


def test_a_claim_without_a_date_takes_the_reviews_and_says_so():
    dataset, report = convert(review(itemReviewed={"@type": "Claim"}))
    assert dataset is not None
    event = dataset.events[0]
    assert event.date.iso() == "2024-05-02"
    assert "own date is not given" in (event.summary or "")
    assert dataset.claims[0].appeared_on is None
    assert any("its event takes the review's (2024-05-02)" in line.message for line in report.lines)


def test_a_date_that_is_not_iso_is_reported_not_guessed():
    item = {"@type": "Claim", "datePublished": "20/06/2019"}
    dataset, report = convert(review(itemReviewed=item))
    assert dataset is not None and dataset.claims[0].appeared_on is None
    assert any("'20/06/2019' is not an ISO date" in line.message for line in report.lines)


def test_the_fact_check_api_shape_inside_a_list_of_pages():
    pages = [json.loads((API / name).read_text()) for name in ("page-1.json", "page-2.json")]
    dataset, report = convert(pages)
    assert dataset is not None and len(dataset.claims) == 5 and report.read == 6


def test_microdata_pages_are_reported_not_silently_empty():
    page = (
        '<html><body><div itemscope itemtype="https://schema.org/ClaimReview"></div></body></html>'
    )
    report = Report()
    assert read_bytes(page.encode(), "micro.html", report) == []
    assert "microdata" in report.lines[0].message


def test_every_malformed_input_is_a_report_line():
    dataset, report = convert((BAD / "odd-reviews.json").read_bytes(), "odd-reviews.json")
    assert dataset is not None
    reasons = [line.message for line in report.lines if line.kind == "skipped"]
    assert any("no claim text" in reason for reason in reasons)
    assert any("no URL" in reason for reason in reasons)
    assert any("no date for the claim or the fact-check" in reason for reason in reasons)
    ignored = next(line.message for line in report.lines if line.kind == "ignored")
    assert "[6]: its @context 'https://example.org/other-vocabulary' is not schema.org" in ignored
    assert "[7]: an Organization" in ignored and "[8]: a text" in ignored
    assert report.read == report.imported + report.merged + report.skipped == 6

    _, report = convert((BAD / "truncated.json").read_bytes(), "truncated.json")
    (line,) = report.lines
    assert line.kind == "unreadable" and "cut short" in line.message


def test_not_utf8_is_reported():
    report = Report()
    assert read_bytes(b'{"x": "\xff"}', "latin.json", report) == []
    assert "not UTF-8" in report.lines[0].message


def test_the_result_loads_with_claimlines_loader():
    dataset, _ = convert((GOOD / "single-en.json").read_bytes(), "single-en.json")
    assert dataset is not None
    again = load_bytes(dataset.model_dump_json().encode(), "again.json")
    assert again.claims == dataset.claims
