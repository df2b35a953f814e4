"""The export dialog, driven through Pilot in a small harness app."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from facts import Dataset, load
from facts.review import Review
from facts.session import ReviewSession, snapshot_of
from facts.store import ReviewStore
from tests.screen import screen_text
from tui.export_dialog import ExportDialog

FIXTURE = Path(__file__).parent / "data" / "export-fixture.yaml"
NOW = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
UNSET = object()


def reviews_for(dataset: Dataset) -> dict[str, Review]:
    claims = dataset.claim_by_id
    return {
        "unicode": Review(
            "unicode",
            "verified",
            "Checked.",
            "zoë",
            "2025-03-03T10:00:00Z",
            claims["unicode"].fingerprint,
        ),
        "ancient": Review(
            "ancient",
            "verified",
            None,
            "alice",
            "2025-03-04T10:00:00Z",
            claims["ancient"].fingerprint,
        ),
        "formula": Review(
            "formula",
            "disputed",
            None,
            "bob",
            "2025-03-02T10:00:00Z",
            claims["formula"].fingerprint,
        ),
    }


class Harness(App[None]):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.dataset = load(FIXTURE)
        self.result: object = UNSET

    def on_mount(self) -> None:
        snapshot = snapshot_of(self.dataset, reviews_for(self.dataset))
        dialog = ExportDialog(snapshot, self.folder, now=NOW)
        self.push_screen(dialog, self._dialog_closed)

    def _dialog_closed(self, result: Path | None) -> None:
        self.result = result


async def settle(app: Harness, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def notices(app: App) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def message(app: App) -> str:
    return str(app.screen.query_one("#export-message", Static).render())


async def test_ctrl_s_exports_the_verified_claims_as_a_markdown_handout(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        path_field = app.screen.query_one("#export-path", Input)
        assert path_field.value == str(tmp_path / "export-fixture-verified.md")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    written = tmp_path / "export-fixture-verified.md"
    assert app.result == written
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Verified claims:") and text.count("## ") == 2
    assert notices(app) == [f"Exported 2 claims to {written}"]


async def test_choosing_a_format_and_status_by_keyboard_changes_the_file(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Format: Markdown → CSV (the second choice), Claims: Verified → Reviewed (third).
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "enter", "down", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#export-format", Select).value == "csv"
        assert app.screen.query_one("#export-status", Select).value == "reviewed"
        path = app.screen.query_one("#export-path", Input).value
        assert path == str(tmp_path / "export-fixture-reviewed.csv")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    rows = (tmp_path / "export-fixture-reviewed.csv").read_text(encoding="utf-8-sig")
    assert rows.splitlines()[0].startswith("claim_id,claim,")
    assert len(rows.strip().splitlines()) == 4  # header + 3 reviewed claims


async def test_enter_in_the_path_field_exports_to_the_typed_name(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"mine.md", "enter")
        await settle(app, pilot)
    assert app.result == tmp_path / "mine.md"
    assert (tmp_path / "mine.md").exists()


async def test_an_existing_file_is_refused_until_overwrite_is_ticked(tmp_path):
    target = tmp_path / "export-fixture-verified.md"
    target.write_text("keep me")
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "already exists" in message(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert target.read_text() == "keep me"
        assert app.result is UNSET
        assert "not overwritten" in message(app)
        overwrite = app.screen.query_one("#export-overwrite", Checkbox)
        assert overwrite.has_focus
        await pilot.press("space")
        assert overwrite.value is True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert target.read_text().startswith("# Verified claims:")
    assert app.result == target


async def test_the_overwrite_state_is_written_not_only_coloured(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        overwrite = app.screen.query_one("#export-overwrite", Checkbox)
        assert "Overwrite the file if it exists: no" in screen_text(app)
        overwrite.focus()
        await pilot.press("space")
        await pilot.pause()
        assert overwrite.value is True
        assert "Overwrite the file if it exists: yes" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert "Overwrite the file if it exists: no" in screen_text(app)


async def test_the_claim_counts_read_without_doubled_brackets(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-status", Select).focus()
        await pilot.press("enter")  # open the list of choices
        await pilot.pause()
        text = screen_text(app)
    for label in (
        "Verified — 2 claims",
        "Disputed — 1 claim",
        "Reviewed (verified and disputed) — 3 claims",
        "All — 6 claims",
    ):
        assert label in text
    assert ") (" not in text and "((" not in text


async def test_escape_cancels_and_writes_nothing(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert list(tmp_path.iterdir()) == []


async def test_claimreview_asks_for_publisher_and_address(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = "claimreview"
        await pilot.pause()
        assert app.screen.query_one("#export-claimreview").display
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Publisher" in message(app)
        assert app.screen.query_one("#export-publisher", Input).has_focus
        await pilot.press(*"Example Checks")
        app.screen.query_one(
            "#export-url-template", Input
        ).value = "https://checks.example.org/{claim_id}"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    written = tmp_path / "export-fixture-verified.jsonld"
    assert app.result == written
    reviews = json.loads(written.read_text(encoding="utf-8"))
    assert [review["url"] for review in reviews] == [
        "https://checks.example.org/ancient",
        "https://checks.example.org/unicode",
    ]
    assert reviews[0]["author"]["name"] == "Example Checks"


async def test_an_unwritable_path_is_reported_and_the_dialog_stays(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "no" / "x.md")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "Not exported" in message(app) and "does not exist" in message(app)
    assert app.result is UNSET
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("json", "export-fixture-verified.json"),
        ("timelinejs", "export-fixture-verified-timeline.json"),
    ],
)
async def test_the_suggested_name_follows_the_format(tmp_path, fmt, name):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = fmt
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == str(tmp_path / name)


class TeamHarness(App[None]):
    """The dialog over a team's session: alice and bob agree on one claim and differ on
    another, which the team's export calls contested."""

    def __init__(self, folder: Path, store: ReviewStore) -> None:
        super().__init__()
        self.folder = folder
        self.dataset = load(FIXTURE)
        claims = self.dataset.claim_by_id
        store.mark(self.dataset.id, claims["unicode"], "verified", reviewer="alice")
        store.mark(self.dataset.id, claims["unicode"], "verified", reviewer="bob")
        store.mark(self.dataset.id, claims["formula"], "verified", reviewer="alice")
        store.mark(self.dataset.id, claims["formula"], "disputed", reviewer="bob")
        self.session = ReviewSession(self.dataset, store, "bob")
        self.session.load()

    def on_mount(self) -> None:
        self.push_screen(ExportDialog(self.session.snapshot(), self.folder, now=NOW))


async def test_the_counts_are_the_teams_as_the_written_file_counts_them(tmp_path):
    """Bob's latest verdict on `formula` is disputed, but the team has not settled it: a
    "Disputed" export leaves it out, so the dialog must not offer it as one."""
    with ReviewStore(tmp_path / "team.sqlite3") as store:
        app = TeamHarness(tmp_path, store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.screen.query_one("#export-status", Select).focus()
            await pilot.press("enter")
            await pilot.pause()
            text = screen_text(app)
            for label in (
                "Verified — 1 claim",
                "Disputed — 0 claims",
                "Reviewed (verified and disputed) — 2 claims",
                "All — 6 claims",
            ):
                assert label in text, text
            await pilot.press("escape")
            app.screen.query_one("#export-format", Select).value = "json"
            app.screen.query_one("#export-status", Select).value = "disputed"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
    written = json.loads((tmp_path / "export-fixture-disputed.json").read_text())
    assert written["claims"] == []


async def test_the_progress_bar_counts_the_claims_as_they_are_written(tmp_path, monkeypatch):
    """The export runs in a worker and the bar follows `write_export`'s progress."""
    import tui.export_dialog as dialog_module

    seen: list[tuple[float | None, float]] = []
    real = dialog_module.write_export

    def watched(*args, progress, **kwargs):
        def report(done: int, total: int) -> None:
            progress(done, total)
            bar = app.screen.query_one("#export-progress", ProgressBar)
            seen.append((bar.total, bar.progress))
            assert bar.display  # shown while the file is written

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(dialog_module, "write_export", watched)
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-status", Select).value = "all"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert seen[-1] == (6, 6)
    assert app.result == tmp_path / "export-fixture-all.md"


async def test_timelinejs_rows_by_tag_are_asked_only_for_timelinejs(tmp_path):
    """The tags whose events make TimelineJS's rows, as `export --group-by` takes them:
    a tag no event carries is refused with the dataset's tags, and the dialog stays."""
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#export-timelinejs").display
        app.screen.query_one("#export-format", Select).value = "timelinejs"
        await pilot.pause()
        assert app.screen.query_one("#export-timelinejs").display
        field = app.screen.query_one("#export-group-by", Input)
        field.value = "nosuchtag"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.result is UNSET
        assert "no event is tagged nosuchtag" in message(app)
        assert "antiquity" in message(app)  # the tags there are
        assert field.has_focus
        assert not app.screen.query_one("#export-progress").display  # nothing started
        field.value = "security"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    written = tmp_path / "export-fixture-verified-timeline.json"
    assert app.result == written
    slides = json.loads(written.read_text(encoding="utf-8"))["events"]
    assert {slide.get("group") for slide in slides} <= {"security", "Other"}
    assert "security" in {slide.get("group") for slide in slides}


@pytest.mark.parametrize("typed", ["none", "  , "])
async def test_timelinejs_with_one_row_or_nothing_typed(tmp_path, typed):
    """`none`: one row (no groups); a field of commas alone names no tag: said so."""
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = "timelinejs"
        await pilot.pause()
        app.screen.query_one("#export-group-by", Input).value = typed
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        said = message(app) if app.result is UNSET else ""
    written = tmp_path / "export-fixture-verified-timeline.json"
    if typed == "none":
        slides = json.loads(written.read_text(encoding="utf-8"))["events"]
        assert all("group" not in slide for slide in slides)
    else:
        assert not written.exists()
        assert "Rows by tag: give one or more tags" in said


async def test_the_rows_field_hidden_for_another_format_does_not_stop_its_export(tmp_path):
    app = Harness(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = "timelinejs"
        await pilot.pause()
        app.screen.query_one("#export-group-by", Input).value = " , "
        app.screen.query_one("#export-format", Select).value = "markdown"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert app.result == tmp_path / "export-fixture-verified.md"
