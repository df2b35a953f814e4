"""A note being typed survives the app: a crash, a closed terminal or a quit before
ctrl+s, and the next claimline on the same store offers it again on the same claim;
typing never waits for the draft to reach the disk."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.app_helpers import SIZE, make_app, notified, type_at_once
from tests.screen import screen_text
from tests.slow_disk import SlowDisk
from tui.screens.note_editor import NoteEditor


def drafts_folder() -> Path:
    import os

    return Path(os.environ["XDG_STATE_HOME"]) / "claimline" / "drafts"


def kept() -> list[Path]:
    folder = drafts_folder()
    return sorted(folder.iterdir()) if folder.exists() else []


async def type_and_leave(mini_dataset, store_path: Path, text: str, reviewer: str = "alice"):
    """Open the note on the first claim, type `text`, and end the app without saving."""
    app = make_app(mini_dataset, store_path, reviewer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *text)
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        app.exit()
    assert "c1" not in app.session.reviews


async def editor_text(app, pilot) -> str:
    type_at_once(app, "n")
    await pilot.pause()
    assert isinstance(app.screen, NoteEditor)
    return app.screen.query_one(TextArea).text


async def test_a_note_typed_before_the_app_ended_comes_back(mini_dataset, store_path):
    await type_and_leave(mini_dataset, store_path, "half a [b]thought[/b]")
    assert len(kept()) == 1
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await editor_text(app, pilot) == "half a [b]thought[/b]"
        assert "Your unsaved draft, back where you left it" in screen_text(app)
        type_at_once(app, "ctrl+s")  # saved: the draft is gone
        await pilot.pause()
        assert app.session.reviews["c1"].note == "half a [b]thought[/b]"
    assert kept() == []


async def test_a_note_is_on_disk_while_still_being_typed(mini_dataset, store_path):
    """A killed process runs nothing on its way out: the text is already written."""
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"typing")
        await pilot.pause(NoteEditor.DRAFT_DELAY * 3)
        assert isinstance(app.screen, NoteEditor)
        app.session.flush_drafts()  # written by the drafts' own thread
        assert len(kept()) == 1
        assert '"typing"' in kept()[0].read_text()


async def test_a_discarded_draft_is_gone(mini_dataset, store_path):
    await type_and_leave(mini_dataset, store_path, "not worth keeping")
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await editor_text(app, pilot) == "not worth keeping"
        type_at_once(app, "escape")
        await pilot.pause()
        type_at_once(app, "x")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert kept() == []
        assert await editor_text(app, pilot) == ""


async def test_a_draft_kept_with_esc_survives_the_app(mini_dataset, store_path):
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"for later", "escape")
        await pilot.pause()
        type_at_once(app, "k")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await editor_text(app, pilot) == "for later"


async def test_another_reviewer_or_store_is_not_offered_the_draft(
    mini_dataset, store_path, tmp_path
):
    await type_and_leave(mini_dataset, store_path, "alice's")
    for app in (
        make_app(mini_dataset, store_path, "bob"),
        make_app(mini_dataset, tmp_path / "other.sqlite3"),
    ):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert await editor_text(app, pilot) == ""
            assert "unsaved draft" not in screen_text(app)
            type_at_once(app, "escape")
            await pilot.pause()
    assert len(kept()) == 1  # alice's is still there for her


async def test_a_damaged_draft_file_does_not_stop_the_app(mini_dataset, store_path):
    await type_and_leave(mini_dataset, store_path, "x")
    [path] = kept()
    path.write_bytes(b"\x00garbage{")
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await editor_text(app, pilot) == ""
        assert notified(app, "ignored: it is damaged")
        type_at_once(app, *"fresh", "ctrl+s")
        await pilot.pause()
        assert app.session.reviews["c1"].note == "fresh"


async def test_a_full_disk_keeps_the_draft_in_memory(
    mini_dataset, store_path, monkeypatch: pytest.MonkeyPatch
):
    def full(*args: object, **kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("facts.drafts.write_atomic", full)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"precious", "escape")
        await pilot.pause()
        type_at_once(app, "k")
        await pilot.pause()
        app.session.flush_drafts()  # the drafts' thread has met the full disk
        await pilot.pause()  # and its warning has reached the app
        assert app.is_running
        assert notified(app, "kept only while claimline runs")
        assert await editor_text(app, pilot) == "precious"
        assert "unsaved draft" in screen_text(app)
    assert kept() == []


async def test_typing_goes_on_while_a_slow_disk_writes_the_draft(
    mini_dataset, store_path, monkeypatch: pytest.MonkeyPatch
):
    """A home folder on the network: the draft's write takes its time on its own thread,
    the editor answers keys meanwhile, and quitting waits for the last text typed."""
    disk = SlowDisk(monkeypatch)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"slow")
        await pilot.pause(NoteEditor.DRAFT_DELAY * 2)
        assert disk.started.wait(10)  # "slow" is being written
        type_at_once(app, *" disk")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "slow disk"
        assert not disk.done.is_set()  # answered while the write was still under way
        disk.release()
        app.exit()  # with the editor open: " disk" was never written before
    assert disk.written == ["slow", "slow disk"]
    assert '"slow disk"' in kept()[0].read_text()


async def test_a_note_saved_during_a_slow_write_leaves_no_draft(
    mini_dataset, store_path, monkeypatch: pytest.MonkeyPatch
):
    disk = SlowDisk(monkeypatch)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"saved")
        await pilot.pause(NoteEditor.DRAFT_DELAY * 2)
        assert disk.started.wait(10)
        type_at_once(app, "ctrl+s")
        await pilot.pause()
        assert app.session.reviews["c1"].note == "saved"
        disk.release()
    assert kept() == []


async def test_a_store_reached_through_a_symlink_is_offered_its_draft(
    mini_dataset, store_path, tmp_path
):
    await type_and_leave(mini_dataset, store_path, "same file")
    (tmp_path / "link").symlink_to(store_path.parent, target_is_directory=True)
    app = make_app(mini_dataset, tmp_path / "link" / store_path.name)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await editor_text(app, pilot) == "same file"


async def test_a_disk_that_hangs_does_not_hold_the_app_open(
    mini_dataset, store_path, monkeypatch: pytest.MonkeyPatch
):
    """The app gives the terminal back after a few seconds and says the drafts are still
    being written (the command line then waits for them, where ctrl+c works); once the
    disk answers, they are on it."""
    monkeypatch.setattr("tui.base_app.DRAFTS_PATIENCE", 0.05)
    disk = SlowDisk(monkeypatch)
    app = make_app(mini_dataset, store_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"hung")
        await pilot.pause(NoteEditor.DRAFT_DELAY * 2)
        assert disk.started.wait(10)
        app.exit()
    assert app.drafts_pending
    disk.release()
    assert app.session.flush_drafts(timeout=10)
    assert '"hung"' in kept()[0].read_text()
