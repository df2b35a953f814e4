"""Classroom mode's summary, without Textual: agreement counting, Markdown, saving."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from facts import Dataset
from facts.atomic import ExportError
from facts.classroom import (
    class_summary,
    save_summary,
    summary_file_name,
    summary_markdown,
)
from facts.review import Review
from facts.timeline import timeline_of

NOW = datetime(2025, 3, 12, 10, 30)


def review(
    dataset: Dataset,
    claim_id: str,
    verdict: str | None,
    note: str | None = None,
    reviewer: str = "class",
    stale: bool = False,
) -> Review:
    claim = dataset.claim_by_id[claim_id]
    fingerprint = "0" * 16 if stale else claim.fingerprint
    return Review(
        claim_id,
        verdict,
        note,
        reviewer,
        "2025-03-12T10:00:00Z",  # type: ignore[arg-type]
        fingerprint,
    )


def class_reviews(dataset: Dataset, *entries: tuple) -> dict[str, Review]:
    return {entry[0]: review(dataset, *entry) for entry in entries}


# The five claims of the bundled dataset with a reference, and the curators' verdicts.
REFERENCES = {
    "first-round-tie": "verified",
    "snap-election-after-impeachment": "disputed",
    "embassy-military-raid": "disputed",
    "atlasintel-poll": "verified",
    "bukele-judicial-reforms": "verified",
}


def test_the_bundled_references_are_the_ones_these_tests_assume(ecuador):
    found = {c.id: c.reference.verdict for c in ecuador.claims if c.reference is not None}
    assert found == REFERENCES


def test_agreement_counts_only_claims_with_a_reference_and_a_class_verdict(ecuador):
    reviews = class_reviews(
        ecuador,
        ("first-round-tie", "verified"),  # agrees
        ("snap-election-after-impeachment", "disputed"),  # agrees
        ("embassy-military-raid", "disputed"),  # agrees
        ("atlasintel-poll", "disputed", "The poll asked about cartels, not troops."),  # differs
        ("manta-base-expelled", "disputed", "It was not renewed."),  # no reference
        ("homicide-rate-rise", "verified"),  # no reference
        ("bukele-judicial-reforms", None, "Ask about mass trials."),  # note only
    )
    summary = class_summary(ecuador, reviews)
    assert summary.total == 13
    assert len(summary.judged) == 6
    assert summary.verified == 2 and len(summary.disputed) == 4
    assert len(summary.compared) == 4
    assert len(summary.agreeing) == 3
    assert [item.claim.id for item in summary.disagreements] == ["atlasintel-poll"]
    assert summary.agreement_text() == (
        "3 of 4 judged claims with a reference agree with the curators."
    )
    assert summary.judged_text() == "The class judged 6 of 13 claims: 2 ✓ verified, 4 ✗ disputed."
    # The fifth reference is on a claim the class has not judged: left out, and said so.
    assert summary.unjudged_references == 1
    assert summary.pending_text() == (
        "Not compared: 1 claim with a reference the class has not judged."
    )
    assert [n.claim.id for n in summary.noted_only] == ["bukele-judicial-reforms"]
    # Timeline order, numbered as on the slides: event number, then the claim's place.
    numbers = [item.number for item in summary.judged]
    assert numbers == sorted(numbers, key=lambda n: tuple(map(int, n.split("."))))
    assert summary.judged[0].claim.id == "manta-base-expelled" and numbers[0] == "1.1"
    timeline = timeline_of(ecuador)
    for item in summary.judged:
        event_number, place = map(int, item.number.split("."))
        event = timeline.events[event_number - 1]
        assert timeline.claims_under[event.id][place - 1] is item.claim


def test_one_compared_claim_reads_in_the_singular(ecuador):
    summary = class_summary(ecuador, class_reviews(ecuador, ("first-round-tie", "verified")))
    assert summary.agreement_text() == (
        "1 of 1 judged claim with a reference agrees with the curators."
    )


def test_nothing_judged(ecuador):
    summary = class_summary(ecuador, {})
    assert summary.judged == ()
    assert len(summary.unjudged) == 13
    assert summary.judged_text() == "The class has not judged any of the 13 claims yet."
    assert summary.agreement_text() == (
        "No judged claim has a curators' reference to compare with."
    )


def test_quiz_compares_only_revealed_references(ecuador):
    reviews = class_reviews(
        ecuador,
        ("first-round-tie", "disputed"),
        ("atlasintel-poll", "verified"),
        ("embassy-military-raid", "verified"),
    )
    summary = class_summary(ecuador, reviews, revealed={"atlasintel-poll"})
    assert [item.claim.id for item in summary.compared] == ["atlasintel-poll"]
    assert summary.hidden_references == 2
    # An unrevealed reference is not in the summary at all, not even its verdict.
    hidden = [item for item in summary.judged if item.claim.id != "atlasintel-poll"]
    assert all(item.reference is None and item.agrees is None for item in hidden)
    assert "2 judged claims with a reference not revealed yet (quiz)" in summary.pending_text()
    text = summary_markdown(summary, ecuador, NOW)
    for claim_id in ("first-round-tie", "embassy-military-raid"):
        explanation = ecuador.claim_by_id[claim_id].reference.explanation
        assert " ".join(explanation.split())[:60] not in " ".join(text.split())

    nothing = class_summary(ecuador, reviews, revealed=set())
    assert nothing.compared == ()
    assert nothing.agreement_text() == (
        "No reference has been revealed yet for the 3 judged claims that have one."
    )


def test_a_verdict_on_an_older_wording_is_counted_and_flagged(ecuador):
    reviews = {"first-round-tie": review(ecuador, "first-round-tie", "verified", stale=True)}
    summary = class_summary(ecuador, reviews)
    assert summary.stale == 1
    assert summary.judged[0].stale
    assert "(stale)" in summary_markdown(summary, ecuador, NOW)


def test_reviewers_other_than_the_class_are_named(ecuador):
    reviews = class_reviews(
        ecuador, ("first-round-tie", "verified"), ("atlasintel-poll", "verified", None, "maria")
    )
    summary = class_summary(ecuador, reviews)
    assert summary.reviewers == ("class", "maria")
    assert "Verdicts recorded by: class, maria." in summary_markdown(summary, ecuador, NOW)


def test_markdown_handout(ecuador):
    reviews = class_reviews(
        ecuador,
        ("first-round-tie", "verified"),
        ("atlasintel-poll", "disputed", "*Only* four countries [were] asked"),
        ("manta-base-expelled", "disputed"),
    )
    text = summary_markdown(class_summary(ecuador, reviews), ecuador, NOW)
    assert text.startswith("# Class summary: Ecuador's security crisis, 1999–2025\n")
    assert "Lesson of 12 March 2025 on the claimline dataset `ecuador-2025`." in text
    assert "- The class judged 3 of 13 claims: 1 ✓ verified, 2 ✗ disputed." in text
    assert "- 1 of 2 judged claims with a reference agrees with the curators." in text
    differ = text.split("## Where the class and the curators differ")[1].split("## ")[0]
    assert "- **20.1** Class: **✗ disputed** — An AtlasIntel survey" in differ
    assert "Curators' reference: ✓ verified (differs)" in differ
    assert "AtlasIntel's LatAm Pulse survey" in differ  # the curators' explanation
    assert "\n  - Why: " in differ
    disputed = text.split("## Claims the class disputed")[1].split("## ")[0]
    manta = next(line for line in disputed.splitlines() if "expelled" in line)
    assert "note" not in manta  # no note goes unsaid, not "no note" on every claim
    # A note is data: Markdown in it is escaped, never rendered.
    assert r"\*Only\* four countries \[were\] asked" in text
    assert "## Every claim the class judged" in text
    assert "## Not judged" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_a_class_note_keeps_its_line_breaks_in_the_handout(ecuador):
    note = "Two reasons:\nthe agreement ran out\nthe 2008 constitution"
    reviews = class_reviews(ecuador, ("manta-base-expelled", "disputed", note))
    text = summary_markdown(class_summary(ecuador, reviews), ecuador, NOW)
    judged = text.split("## Every claim the class judged")[1]
    assert "Class note: Two reasons:\\\n    the agreement ran out\\\n    the 2008" in judged


def test_markdown_escapes_dataset_text(mini_dataset):
    reviews = {
        "c2": Review(
            "c2",
            "verified",
            None,
            "class",
            "2025-03-12T10:00:00Z",
            mini_dataset.claim_by_id["c2"].fingerprint,
        )
    }
    text = summary_markdown(class_summary(mini_dataset, reviews), mini_dataset, NOW)
    assert "Curators' reference: ✗ disputed (differs)" in text
    assert "The census counted 980 people." in text
    assert "[The Daily Example](https://example.org/paper)" in text


def test_save_summary_never_overwrites(ecuador, tmp_path: Path):
    name = summary_file_name(ecuador, NOW)
    assert name == "ecuador-2025-class-summary-2025-03-12.md"
    first = save_summary("one\n", tmp_path, name)
    second = save_summary("two\n", tmp_path, name)
    assert first == tmp_path / name
    assert second == tmp_path / "ecuador-2025-class-summary-2025-03-12-2.md"
    assert first.read_text(encoding="utf-8") == "one\n"
    assert second.read_text(encoding="utf-8") == "two\n"
    assert {p.name for p in tmp_path.iterdir()} == {first.name, second.name}  # no temp files


def test_save_summary_into_a_missing_folder_says_so(ecuador, tmp_path: Path):
    with pytest.raises(ExportError, match="does not exist"):
        save_summary("x\n", tmp_path / "nowhere", "summary.md")
