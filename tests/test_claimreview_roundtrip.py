"""Import → validate → open in the app → export ClaimReview → import again: every claim
and every rating survives the trip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from facts import Claim, load
from facts.export import ExportOptions, export
from facts.importers.claimreview import import_files
from facts.review import Review
from facts.session import ReviewSession
from facts.store import ReviewStore
from tests.claimreview_helpers import BAD, GOOD
from tests.screen import screen_text
from tui.app import ClaimlineApp
from tui.widgets.timeline_view import TimelineView

OPTIONS = ExportOptions(
    publisher="Round Trip Checks", url_template="https://checks.example.org/{claim_id}"
)


async def test_an_imported_folder_opens_with_every_claim_on_the_timeline(tmp_path: Path):
    out = tmp_path / "checks.yaml"
    assert import_files([str(GOOD), str(BAD)], str(out)).exit_code == 0
    dataset = load(out)
    app = ClaimlineApp(ReviewSession(dataset, ReviewStore(tmp_path / "reviews.sqlite3"), "tester"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        shown = {row.claim.id for row in view.rows if row.kind == "claim" and row.claim}
        assert shown == {claim.id for claim in dataset.claims}
        # Right-to-left text reaches the screen as written.
        await pilot.press("slash", *"فيضان", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "صورة تُظهر فيضان المدينة هذا الأسبوع" in text
        assert "Harbour Bridge" not in text  # the search found the Arabic claim alone


def test_export_as_claimreview_and_import_again_keeps_every_claim_and_rating(tmp_path: Path):
    first = tmp_path / "first.yaml"
    assert import_files([str(GOOD)], str(first)).exit_code == 0
    dataset = load(first)
    # A reviewer confirms each reference; claims the table could not rate get a verdict too.
    verdicts = {
        claim.id: claim.reference.verdict if claim.reference else "verified"
        for claim in dataset.claims
    }
    reviews = {
        claim.id: Review(
            claim.id, verdicts[claim.id], None, "tester", "2025-01-02T10:00:00Z", claim.fingerprint
        )
        for claim in dataset.claims
    }
    result = export(
        dataset,
        reviews,
        format="claimreview",
        status="reviewed",
        options=OPTIONS,
        now=datetime(2025, 1, 2, tzinfo=UTC),
    )
    assert result.count == len(dataset.claims)
    exported = tmp_path / "exported.jsonld"
    exported.write_bytes(result.file_bytes())

    second = tmp_path / "second.yaml"
    outcome = import_files([str(exported)], str(second))
    assert outcome.exit_code == 0, outcome.text()
    assert outcome.report.skipped == 0
    again = load(second)
    # The export names a claimant only when the dataset says person or organization
    # (ClaimReview types its author), so a claimant of unknown kind does not come back.
    before = {_kept(claim): verdicts[claim.id] for claim in dataset.claims}
    after = {
        _kept(claim): claim.reference.verdict if claim.reference else None for claim in again.claims
    }
    assert after == before


def _kept(claim: Claim) -> tuple[str, str | None, str | None, str]:
    claimant = claim.claimant if claim.claimant_kind else None
    return (claim.text, claimant, claim.claimant_kind, str(claim.appeared_on))
