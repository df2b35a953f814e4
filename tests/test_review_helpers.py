"""The domain side of the review screen's keys: evidence links, drafts, and a search that
reaches notes and reviewers (no Textual here)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from facts import load_bytes
from facts.links import Link, evidence_links, is_web_url
from facts.session import ReviewSession
from facts.store import ReviewStore
from tui.rendering import link_text


@pytest.fixture
def session(mini_dataset, tmp_path: Path):
    with ReviewStore(tmp_path / "reviews.sqlite3") as store:
        session = ReviewSession(mini_dataset, store, "Zoë")
        session.load()
        yield session


def test_only_http_and_https_addresses_are_web_links():
    assert is_web_url("https://example.org/a?b=c")
    assert is_web_url("HTTP://example.org")
    for url in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
        "ftp://x.org",
        "https://example.org/\x1b]8;;x",
        "http://[bold]/",  # urlsplit raises on brackets that hold no IPv6 address
        "https://[::1/",
    ):
        assert not is_web_url(url), url


def test_evidence_links_prefer_the_deep_link_and_name_each_address_once(mini_path: Path):
    data = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    data["claims"][0]["evidence"] += [
        {"source": "paper", "url": "https://example.org/paper/p2", "note": "Page 2"},
        {"source": "paper"},  # the source's own address again: not listed twice
    ]
    dataset = load_bytes(yaml.safe_dump(data).encode(), "links.yaml")
    assert evidence_links(dataset, dataset.claim_by_id["c1"]) == [
        Link("The Daily Example", "https://example.org/paper"),
        Link("The Daily Example", "https://example.org/paper/p2"),
    ]
    assert evidence_links(dataset, dataset.claim_by_id["c2"]) == []


def test_a_link_is_clickable_only_for_http_and_https():
    assert link_text("https://example.org").spans[0].style.link == "https://example.org"
    assert link_text("javascript:alert(1)").spans[0].style.link is None


def test_a_draft_is_kept_per_claim_until_the_note_is_saved(session):
    c1 = session.dataset.claim_by_id["c1"]
    session.keep_draft("c1", "half a thought")
    assert session.draft_of("c1") == "half a thought"
    assert session.draft_of("c2") is None
    session.note(c1, "whole thought")
    assert session.draft_of("c1") is None
    session.keep_draft("c2", "x")
    session.keep_draft("c2", "")
    assert session.draft_of("c2") is None


def test_notes_and_reviewer_names_are_found_as_search_folds_them(session):
    c1, c2 = (session.dataset.claim_by_id[c] for c in ("c1", "c2"))
    session.note(c1, "Checked the CHARTER")
    session.mark(c2, "verified")
    assert session.claims_with_reviews_matching("charter") == {"c1"}
    assert session.claims_with_reviews_matching("zoe") == {"c1", "c2"}
    assert session.claims_with_reviews_matching("  ") == frozenset()
    rows = session.timeline.rows("charter", None, {"c1"})
    assert [row.key for row in rows if row.kind == "claim"] == ["claim:c1@founding"]
    assert session.timeline.rows("charter") == []
