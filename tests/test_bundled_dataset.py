"""The bundled dataset `ecuador-2025`: what a class relies on when it opens claimline.

It is built from one article (its copy lives outside the repository, in the curators'
brief), so these tests pin what the brief asks for: every claim of the article, each tied
to events and evidence; every event sourced and dated at the precision known; reference
assessments only where the curators decided one; every source the brief found; and claim
texts in the dataset's own words.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from facts import Dataset, PartialDate, Precision, load
from facts.bundled import bundled_path

ARTICLE = "article"

# The article's 13 claims, in the brief's order.
CLAIM_IDS = [
    "foreign-military-help",
    "first-round-tie",
    "homicide-rate-rise",
    "homicide-rate-2024",
    "deadliest-january",
    "cartel-expansion",
    "snap-election-after-impeachment",
    "embassy-military-raid",
    "manta-base-expelled",
    "atlasintel-poll",
    "haiti-kenyan-peacekeepers",
    "bukele-judicial-reforms",
    "defensive-roles-forecast",
]

# The curators' reference assessments: these five claims and no others.
REFERENCES = {
    "first-round-tie": "verified",
    "atlasintel-poll": "verified",
    "bukele-judicial-reforms": "verified",
    "snap-election-after-impeachment": "disputed",
    "embassy-military-raid": "disputed",
}

# Every event of the brief: (date, end) exactly as the brief gives them.
BRIEF_EVENT_DATES = [
    ("1999", "2009"),
    ("2008", None),
    ("2009", None),
    ("2021", None),
    ("2021-05-01", None),
    ("2022-03", None),
    ("2023-05-17", None),
    ("2023-08-20", None),
    ("2023-10", None),
    ("2023-10-15", None),
    ("2023-11-23", None),
    ("2023", None),
    ("2024-01-09", None),
    ("2024-04-05", None),
    ("2024-06", None),
    ("2024", None),
    ("2025-01", None),
    ("2025-02-09", None),
    ("2025-02-11", None),
    ("2025-02-19", None),
    ("2025-03", None),
    ("2025-04-13", None),
    ("2025-05", None),
    ("2025-11-16", None),
    ("2025", None),
]

# Every address in the brief's "Sources found" list.
BRIEF_URLS = [
    "https://www.eluniverso.com/noticias/informes/guillermo-lasso-presidente-o-candidato-expertos-consideran-que-el-actual-escenario-no-le-favorece-si-piensa-en-los-proximos-comicios-nota",
    "https://www.ajc.com/news/nation-world/mexico-is-breaking-diplomatic-ties-with-ecuador-after-police-stormed-the-embassy-in-quito/LJIECNO4DFBGJFVNBYAKFRJ5FY/",
    "https://en.m.wikinews.org/wiki/Ecuadorian_police_break_into_the_Mexican_embassy_in_Quito",
    "https://quenoticias.com/noticias/muertes-violentas-en-enero-2025-ecuador",
    "https://panoramaecuador.com/?p=36952",
    "https://boyaca7dias.com.co/2024/02/28/infografia-crisis-de-violencia-en-ecuador-datos-alarmantes-de-homicidios/",
    "https://batimes.com.ar/news/latin-america/poll-latin-americans-back-us-military-force-against-maduro.phtml",
    "https://www.anews.com.tr/world/2025/11/17/ecuadorians-say-no-to-foreign-military-bases-in-referendum",
    "https://tass.com/world/2044479",
    "https://www.meneame.net/story/ecuador-termina-2025-nuevo-record-asesinatos-contabilizar-hasta",
    # From the brief's "Corrections after a fact-check of the first dataset".
    "https://nodal.am/?p=329648",
    "https://web11.bernama.com/es/otras.php?id=2415735",
    "https://noticentro.com.do/ecuador-cierra-2025-como-el-ano-mas-violento-de-su-historia-reciente",
    "https://www.thestar.com.my/news/world/2025/08/21/ecuador-homicides-increase-40-in-first-seven-months-of-2025",
    "https://www.voanews.com/a/americas_us-expresses-concern-over-el-salvador-vote-remove-judges-attorney-general/6205344.html",
    "https://elfaro.net/en/202105/el_salvador/25452",
]

# Claim texts must not copy the article: no run of RUN words of the article may appear in
# a claim. The article is not part of the repository, so its runs are kept here as short
# SHA-256 prefixes of each normalised RUN-word sequence (not as text).
RUN = 8
ARTICLE_COPY = Path("/work/shared/sources/000_196ffab3c2adb8f9.txt")
_ARTICLE_RUNS = """
    014e56a839 01e43f8356 0225f30393 0250de0841 026d01d576 029749da6e 02f9e07d42 033e579e88
    0396a82b9a 0471e24583 05e5af53aa 063a734c4e 06f0fd9ea1 070a22d74c 070c0e4a5f 072e75eb86
    072f72f026 073dbc295a 08798e7727 08efa20949 095a39f683 09624d35cc 09f5aa8c43 0a1b45535f
    0b372bc891 0bb2feab0d 0c52aecf9f 0c58872858 0d6c2fd25a 1052da92e6 11220f5f63 117e598c39
    1254d6474f 1256daea78 1299803f62 12b003df16 12e0939050 146122d7ee 14627415d1 146a69cc19
    15e36c58b5 169c6b6eb7 16a76d7d32 16e1844cc2 179b53f2d5 18488ddc36 186e6fe698 187ba0f5d0
    190eb4d987 196679d9ab 197eb356d9 19f1ab5ad2 19fd2a4e72 1ad440c6ba 1b03c5e845 1c8dacbe92
    1cb4530a21 1d4b9132dd 1d5d1060a4 1ecb15ad18 1ed1679c8d 203d202cb8 20cde1a6d3 22371a31c1
    22db1b3e82 239e1366a4 23aba1f6c4 2404fd8857 2502a7ac15 2516ad51ab 259d95a967 25fa24a120
    2794627041 27d7570cc1 27ef711690 281709b9af 29127e34f2 2950fbdaaf 297110441e 2ae3d832c0
    2eec758f9f 2ef3f0f8e3 2efff39201 2fa2d9c217 2fbb3e2a0b 31f2968fcd 32a9ea73fb 3331705185
    336495dac0 33a23574b0 33de572801 3463c314cc 34cbbb6114 35f00c8a64 3631e52fe3 366416042a
    374fd6554d 37921b7d89 38397d49c0 3841407e7c 387bedf192 3b0dec15ef 3bfb7ff3e7 3cc54fb362
    3d9d2acd8d 3e3e685fd9 3ef651c4da 3f0710cfb1 40c8a9fa11 40c8c439e5 40f6b7d9b6 41351592b7
    42d338a4a4 430e6b94be 451cac984f 458d2f971c 46a7e7d55e 47d74d7acf 48b387de05 48cdab709b
    48e82f33dc 490a33324e 493ae766b3 493e07a0be 496cdd5ecd 49a9fb76a8 49f5b4157d 4a88eb1865
    4aa6ab9d89 4affb845f5 4b9531ff15 4c86eb56f6 4cd993cf04 4d4e5cd5b4 4d7f917ff5 4da8265898
    4dbfa58ed1 4dd36b68f0 4ea4b7b22f 4ee2c15b38 4ff4ead432 500d6157c0 50488a218b 5049cce9c9
    5073a6db81 5092cfae42 50bb877235 5137959453 5256968a95 529ac9a3e0 529de0db8e 530143bde0
    531d95795b 548db1c29d 553051aac1 5531e7c3bb 55818b7ae2 5589199cfb 55a060d754 572b6a4d3f
    5738b4cb41 5757ddc43f 57edc9ed49 582baadc7e 58a2a78789 5955e08f4e 5aa8c443c8 5c03e9e2e0
    5cec033b7e 5d769f30ec 5f12c1544c 5f2a9220a4 5f97d4af4a 5fbdad7cdc 60124ed7f8 61bf18c5dc
    61ced1d173 61cf127d22 61eb68d326 62694aa67c 638736c559 6399f720de 643808a5a4 643dbeb940
    649f2fa752 650440a4cd 663f1ff11b 66a0c7fb21 66d5eb3441 6713e76bcd 691a82025e 693d028a78
    698f541f2f 69994d8d1c 6a293d8e6d 6aa6231aa1 6ade54a5b1 6afaab12f4 6ba1152552 6c236ca5c5
    6c4fdd935c 6ccf1bc931 6cf314ac72 6d225f46a4 6df7d387d0 6e44a68407 6efa08780f 6f1355377d
    6f2e9af15d 6fbdfb4d13 72cee5895d 739f7b5e15 741c5aa7bd 74ca69886c 751e81dd25 755ea1e08d
    75cddbba6c 76c9ddd1af 76f243a44d 77701c7975 7798fb82aa 781a600720 78685282b5 7899e1366a
    78bf3ac892 78e5cd77a3 78ff916f29 7914940236 793b069933 7990f05227 79ce63c915 7ab86b5137
    7be983be1e 7c4540f504 7d76030dba 7d8cad8375 7e5378e41d 7e81946b19 7ec5d67919 80497b1aaf
    8120366703 81a75fca18 821a8569fd 82e0ced2dc 833e1eca6e 837fff1446 8474429ce0 8647e4a09f
    8664a27e8e 86e09de460 87061a7dfb 873cf2f373 874d53ada4 897b6d42bd 89ec56402f 8a0c47f792
    8a3540c841 8bd7d184d8 8bdb4eabd9 8c544244af 8e01a765c6 8f62033ce1 8fc5b6c659 906bb8bbdb
    90b0d2f08c 913ebc5408 9171742832 924f8dd534 92dcd46eba 93521a03cd 937a7c90e6 93c75b2023
    943229915c 9520f064dc 9575e907f8 966954e424 97098df3e8 9717bdf33a 987f0363d4 9893b601c4
    9a8875a139 9ac00f58ac 9ac46265d5 9caf39c22e 9cb1756c72 9dd8f467f7 9e1a7f4a70 9e2cea8c2d
    9e63166110 9f9a3a82f2 a020dcf303 a19b599c96 a1e68c4669 a2be6f1969 a3747d21bc a37cd61fe2
    a3f12afed1 a476e5a215 a4d63621a8 a617f5cc59 a6444605ee a64c3c9b8b a6f0831229 a8543e4566
    a89ffa6663 a8ba7d42e6 a968e58a7b a979e00aab aa140851c9 aa1699b6ef ab3dde85b9 ab50ad5b9b
    ab62601f9d ac1984eca2 acbb5fbfcf ad23aa1884 adc269ff2b add72769e5 ae23ec9774 ae2a7e0ffb
    af703ca084 b058e89bec b06f43334b b101e0e4b5 b17f5ed9ac b280eaf3e0 b2816a5f1a b36f8eaeda
    b38e1b840d b39ca6e253 b3fa6872ea b475e8a206 b49012965c b565ce748e b5ca0d4fc5 b5eb28a6f7
    b677cfa5e9 b7187fad19 b73439403e b74567ac14 b916967aee b9512d8446 b9c18f105e ba23021d7f
    ba70ad36eb bb1200fa89 bb3fb1dcbc bb8c1a6fee bbe63b5453 bbfcfc9da5 bc7cb08170 bcc3ca4a83
    bd1a90fce4 bd1f7ccebf bd588e89f8 bd9e3203bb bdff6ddf44 be188cc44c be211e03c8 be2a8aac32
    bf486a1645 bf53f1ea2f bf8c68c125 bfacdb99d4 c14851ce7c c158699000 c21cbaa93c c225798452
    c2bf39f8ec c38d6de7ee c3aa9334f6 c3de8197ad c5dbb155c2 c641dbfd22 c70b9cca75 c78a9260b6
    c82fa0c2af c8e22c308f c962c50417 c9c65d50fc ca5ca6c3d8 ca6df20ce5 ca784c790b caa5aa97a3
    cab34854d0 cae88fbe93 cb4d08c625 cc10ab0307 cc25f36707 cc5dd8e982 cc7e337919 cca802cfc8
    ccb427c46f cd0a996b0b cdc386ed98 ce0d4d8c6b ce1a41520e cf4ba21135 cf8dfbb702 cfaca610fe
    d18628d557 d3a16d5045 d454f25932 d510e3b54a d59216b39e d5e262223e d61d20ae8f d6735173aa
    d6b087e9a4 d6e343fa46 d77ddcdbd5 d7a97a7bc5 d7da542b49 d94c3cdb7b da9ba87cca db826fdad3
    db8ebfee4e dbce150605 dbe4b77721 dc4302a7f6 dc447fbe03 dc6879864f dccf365a6a de0beded60
    de41e210c6 de78bc63b9 dea77f2bbb df1be02f72 e0443240c2 e04bf68e11 e169fb317d e18f3f03a2
    e1eac8105b e2363718b6 e3405ba67b e37e3abacf e3ec0b8c67 e4091bcb70 e458fdb5f5 e5d3a29204
    e66bfac5f0 e6b4cd0ac3 e6f98300a1 e77047d774 e8dd33b7f3 e909452603 e97a58ff44 e9e61f2423
    ea7cf67ca2 eaaac8481e eb84736b4b ebb5fc7707 ec3b0b067a ec4380d1f8 ed04a6eb01 ed4d1519c0
    edb1ba8874 ee3c6424c4 ee5751651b ef5a02fea3 efb72b89bb f0c9754612 f0cdb77b90 f4def9a363
    f64084a961 f6a3c812a3 f6b74df3c7 f6c1b25620 f7341b7335 f73578d7f8 f74c68e991 f86bb427b4
    f88753101c f8e8939ad0 f93d70f862 fa0f5f5751 fa93df2ed0 fae5cd2352 fc0f98bdd3 fc2366d55e
    fc5f11eba0 fc9fd29850 fcdd5f4331 fcec7f5f0e fd4917c239 fd6dcb7895 fd76c82621 fd892a4d38
    fe005a31fa fe6cee5d03 fec94551c2 fed00d4178 ff006a647f ff12b2e61f fffd4f4c83
"""
ARTICLE_RUN_HASHES = frozenset(_ARTICLE_RUNS.split())


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped: "Ecuador’s" and "ecuadors" compare equal."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\u2019'`]", "", text)
    return re.findall(r"[^\W_]+", text)


def run_hashes(text: str, size: int = RUN) -> set[str]:
    found = words(text)
    return {
        hashlib.sha256(" ".join(found[i : i + size]).encode("utf-8")).hexdigest()[:10]
        for i in range(len(found) - size + 1)
    }


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    path = bundled_path("ecuador-2025")
    assert path is not None, "facts/datasets/ecuador-2025.yaml is not found as a bundled dataset"
    return load(path)


def test_it_loads_as_the_bundled_dataset(dataset: Dataset) -> None:
    assert dataset.id == "ecuador-2025"
    assert dataset.schema_version == 1
    assert dataset.language == "en"
    assert "Ecuador" in dataset.title
    assert dataset.description and "article" in dataset.description


def test_it_has_the_articles_thirteen_claims_in_order(dataset: Dataset) -> None:
    assert [claim.id for claim in dataset.claims] == CLAIM_IDS


def test_the_article_is_a_source_without_an_invented_address(dataset: Dataset) -> None:
    article = dataset.source_by_id[ARTICLE]
    assert article.url is None
    assert article.kind in ("article", "opinion")
    # The copy names no publisher: the field is absent, not a sentence saying so, which
    # every export would show as if it were a publisher's name.
    assert article.publisher is None
    # Written between 19 February and 13 April 2025; the day is not known.
    assert article.published is not None and article.published.year == 2025
    assert article.published.precision < Precision.DAY


def test_every_claim_is_attributed_to_the_article(dataset: Dataset) -> None:
    for claim in dataset.claims:
        assert claim.appeared_in == ARTICLE, claim.id
        assert claim.claimant, claim.id
        assert claim.appeared_on is not None, claim.id
        assert claim.appeared_on.year == 2025, claim.id
        assert claim.appeared_on.precision < Precision.DAY, claim.id


def test_every_claim_has_events_evidence_and_hints(dataset: Dataset) -> None:
    for claim in dataset.claims:
        assert claim.events, claim.id
        assert all(event in dataset.event_by_id for event in claim.events), claim.id
        assert claim.evidence, claim.id
        for item in claim.evidence:
            assert item.source in dataset.source_by_id, claim.id
            assert item.note, f"{claim.id}: evidence from {item.source} says nothing"
        assert 1 <= len(claim.what_to_check) <= 3, claim.id


def test_every_event_has_a_source(dataset: Dataset) -> None:
    for event in dataset.events:
        assert event.sources, event.id
        assert all(source in dataset.source_by_id for source in event.sources), event.id
        assert event.summary and event.tags, event.id


def test_every_event_of_the_brief_is_dated_at_its_precision(dataset: Dataset) -> None:
    present = {
        (event.date.iso(), event.end.iso() if event.end else None) for event in dataset.events
    }
    missing = [dates for dates in BRIEF_EVENT_DATES if dates not in present]
    assert not missing


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        ("2009", Precision.YEAR),
        ("2025-01", Precision.MONTH),
        ("2025-02-19", Precision.DAY),
        ("2024-04-05", Precision.DAY),
        ("2025-11-16", Precision.DAY),
    ],
)
def test_dates_keep_the_precision_that_is_known(
    dataset: Dataset, date: str, precision: Precision
) -> None:
    expected = PartialDate.parse(date)
    matching = [event for event in dataset.events if event.date == expected]
    assert matching, f"no event on {date}"
    assert all(event.date.precision is precision for event in matching)


def test_manta_base_is_a_span_from_1999_to_2009(dataset: Dataset) -> None:
    spans = [event for event in dataset.events if event.end is not None]
    assert [(event.date.iso(), event.end.iso()) for event in spans] == [("1999", "2009")]
    assert "Manta" in spans[0].title


def test_references_only_on_the_curators_five_claims(dataset: Dataset) -> None:
    found = {claim.id: claim.reference.verdict for claim in dataset.claims if claim.reference}
    assert found == REFERENCES
    for claim in dataset.claims:
        if claim.reference:
            assert len(claim.reference.explanation.split()) >= 30, claim.id


def test_disputed_references_cite_the_sources_that_dispute_them(dataset: Dataset) -> None:
    raid = dataset.claim_by_id["embassy-military-raid"].reference
    assert raid is not None
    assert {"ajc-embassy-raid", "wikinews-embassy-raid"} <= set(raid.sources)
    assert "police" in raid.explanation
    lasso = dataset.claim_by_id["snap-election-after-impeachment"].reference
    assert lasso is not None
    assert "eluniverso-lasso-dissolution" in lasso.sources
    assert "muerte cruzada" in lasso.explanation


def test_disagreeing_figures_are_shown_side_by_side(dataset: Dataset) -> None:
    def notes(claim_id: str) -> str:
        claim = dataset.claim_by_id[claim_id]
        return " ".join([*(item.note or "" for item in claim.evidence), *claim.what_to_check])

    january = notes("deadliest-january")
    assert "731" in january and "781" in january and "793" in january
    assert "preliminary" in january
    assert "44.5" in notes("homicide-rate-rise")
    assert "38–39" in notes("homicide-rate-2024")


def test_no_field_holds_a_sentence_in_place_of_an_unknown_value(dataset: Dataset) -> None:
    for source in dataset.sources:
        for value in (source.publisher, source.title):
            assert value is None or not re.search(r"\bnot named\b|\bunknown\b", value), source.id


def test_the_title_spans_the_timeline(dataset: Dataset) -> None:
    first = min(event.date.year for event in dataset.events)
    last = max((event.end or event.date).year for event in dataset.events)
    assert f"{first}–{last}" in dataset.title


def test_januarys_record_is_dated_and_shown_broken(dataset: Dataset) -> None:
    january = dataset.event_by_id["deadliest-month-january-2025"]
    assert "at the time" in january.title
    claim = dataset.claim_by_id["deadliest-january"]
    later = sorted(
        (dataset.event_by_id[event_id] for event_id in claim.events),
        key=lambda event: event.date.earliest(),
    )[1:]
    # March 2025 (831, Interior Ministry) and May 2025 (934, police) passed January.
    assert {event.date.iso() for event in later} == {"2025-03", "2025-05"}
    assert "831" in later[0].summary and "934" in later[1].summary


def test_the_year_end_count_is_the_police_commanders(dataset: Dataset) -> None:
    record = dataset.event_by_id["record-homicides-2025"]
    assert record.summary is not None
    year_end = record.summary.split(". ")[0]
    assert "8,847" in year_end and "Pablo Dávila" in year_end and "Ministry" not in year_end
    # The ministry's own count, January to July, with the report that gives it.
    assert "5,268" in record.summary
    assert "thestar-reuters-january-july-2025" in record.sources


def test_claims_keep_the_articles_words(dataset: Dataset) -> None:
    def text(claim_id: str) -> str:
        return dataset.claim_by_id[claim_id].text

    assert "soared" in text("homicide-rate-rise") and "tripled" not in text("homicide-rate-rise")
    assert "illegally entered" in text("embassy-military-raid")
    assert "on corruption charges" in text("embassy-military-raid")
    assert "expelled" in text("manta-base-expelled") and "threw" not in text("manta-base-expelled")
    assert "direct combat" in text("defensive-roles-forecast")


def test_references_say_what_their_sources_do_and_do_not_support(dataset: Dataset) -> None:
    lasso = dataset.claim_by_id["snap-election-after-impeachment"].reference
    assert lasso is not None
    assert "impeachment trial" in lasso.explanation and "never removed" in lasso.explanation
    assert "No source listed here reports the dates" in lasso.explanation
    poll = dataset.claim_by_id["atlasintel-poll"].reference
    assert poll is not None
    assert "confirms" in poll.explanation and "does not confirm" in poll.explanation
    bukele = dataset.claim_by_id["bukele-judicial-reforms"]
    assert "el-salvador-assembly-removes-judges" in bukele.events
    assert bukele.reference is not None
    assert set(bukele.reference.sources) == set(
        dataset.event_by_id["el-salvador-assembly-removes-judges"].sources
    )


def test_the_small_corrections(dataset: Dataset) -> None:
    assert " has " not in dataset.event_by_id["record-violence-2023"].title
    hints = " ".join(dataset.claim_by_id["homicide-rate-2024"].what_to_check)
    assert "slightly" in hints and "22%" in hints


def test_every_source_the_brief_found_is_present(dataset: Dataset) -> None:
    urls = {source.url for source in dataset.sources}
    assert [url for url in BRIEF_URLS if url not in urls] == []
    # And no address the brief did not give.
    assert urls - {None} == set(BRIEF_URLS)


def test_the_copy_check_catches_a_copied_sentence() -> None:
    # A run of the article, typed with other case and punctuation, is caught.
    copied = "OFFICIALS did not specify, which countries might be invited!"
    assert run_hashes(copied) & ARTICLE_RUN_HASHES
    assert not run_hashes("The town council voted on the budget for next year.") & (
        ARTICLE_RUN_HASHES
    )


def test_no_claim_copies_a_run_of_the_article(dataset: Dataset) -> None:
    copied = [claim.id for claim in dataset.claims if run_hashes(claim.text) & ARTICLE_RUN_HASHES]
    assert copied == []


@pytest.mark.skipif(not ARTICLE_COPY.exists(), reason="the article's copy is not on this machine")
def test_stored_runs_match_the_article() -> None:
    assert run_hashes(ARTICLE_COPY.read_text(encoding="utf-8")) == ARTICLE_RUN_HASHES
