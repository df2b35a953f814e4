"""Store faults as people meet them: through `claimline` and the running app.

tests/test_store.py covers each fault at the store's own level; here the same files go
through the command people run (a clear message naming the file, exit 1, never a
traceback, the files untouched) and through the app while it runs. The full and the
read-only disk are real: a small tmpfs, mounted for the test (skipped where mounting is
not allowed).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facts import load
from facts.model import Claim
from facts.session import ReviewSession
from facts.store import SCHEMA_VERSION, ReviewStore, StoreError
from tests.hardening.helpers import MINI_PATH, TinyFilesystem, files_in, subprocess_env
from tests.screen import screen_text
from tests.store_helpers import run_sql
from tui.app import ClaimlineApp
from tui.cli import main

DS = "mini"


def filled_store(path: Path) -> Path:
    dataset = load(MINI_PATH)
    with ReviewStore(path) as store:
        for index in range(100):
            claim = dataset.claim_by_id["c1"] if index % 2 else dataset.claim_by_id["c2"]
            store.mark(DS, claim, ("verified", "disputed")[index % 2], reviewer="ann")
            store.set_note(DS, claim, f"note {index} " * 30, reviewer="ann")
    return path


def text_file(path: Path) -> None:
    path.write_text("my notes, not a store\n" * 100)


def truncated(path: Path) -> None:
    filled_store(path)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def scribbled(path: Path) -> None:
    filled_store(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 2 + 200] = b"\xa5" * 200
    path.write_bytes(bytes(data))


def header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)


def another_program(path: Path) -> None:
    run_sql(path, "CREATE TABLE things (x)")


def newer(path: Path) -> None:
    filled_store(path)
    run_sql(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def folder(path: Path) -> None:
    path.mkdir()


FAULTS = {
    "a text file": (text_file, "not an SQLite database"),
    "a truncated store": (truncated, "damaged"),
    "a scribbled page": (scribbled, "damaged"),
    "an SQLite header and nothing else": (header_only, "damaged"),
    "another program's database": (another_program, "another program"),
    "a newer claimline's store": (newer, "newer claimline"),
    "a folder": (folder, "is a folder"),
}


@pytest.fixture(params=sorted(FAULTS))
def bad_store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A store in tmp_path with one of FAULTS, and what a message about it must say."""
    make, says = FAULTS[request.param]
    path = tmp_path / "reviews.sqlite3"
    make(path)
    return path, says


@pytest.mark.usefixtures("headless_app")
def test_the_app_command_refuses_a_bad_store_clearly_and_leaves_it_untouched(
    bad_store: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, says = bad_store
    before = files_in(tmp_path)
    assert main([str(MINI_PATH), "--reviews", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith(f"claimline: The review store {path}") or err.startswith(
        "claimline: claimline can't"
    ), err
    assert says in err and "--reviews" in err
    assert len(err.strip().splitlines()) == 1
    assert files_in(tmp_path) == before


def test_export_refuses_a_bad_store_clearly_too(
    bad_store: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, says = bad_store
    before = files_in(tmp_path)
    out_file = tmp_path / "out.md"
    code = main(["export", str(MINI_PATH), "-f", "markdown", "--reviews", str(path),
                 "-o", str(out_file)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and says in err and str(path) in err and "Traceback" not in err
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("fault", [*sorted(set(FAULTS) - {"a folder"}), "no file", "empty"])
def test_a_read_only_open_refuses_a_bad_store_too_and_writes_nothing(
    fault: str, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.sqlite3"
    if fault == "empty":
        path.write_bytes(b"")
    elif fault != "no file":
        FAULTS[fault][0](path)
    before = files_in(tmp_path)
    with pytest.raises(StoreError) as caught:
        ReviewStore(path, read_only=True)
    assert str(path) in str(caught.value)
    assert files_in(tmp_path) == before


def test_a_read_only_open_sees_what_a_running_claimline_just_saved(tmp_path: Path) -> None:
    """While a claimline has the store open, the newest verdicts are in its -wal file."""
    path = tmp_path / "reviews.sqlite3"
    dataset = load(MINI_PATH)
    with ReviewStore(path) as writer:
        writer.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer="ann")
        with ReviewStore(path, read_only=True) as reader:
            assert reader.reviews(DS)["c1"].verdict == "verified"
            writer.mark(DS, dataset.claim_by_id["c2"], "disputed", reviewer="ann")
            assert reader.reviews(DS)["c2"].verdict == "disputed"


@pytest.mark.usefixtures("headless_app")
@pytest.mark.slow
def test_a_store_locked_by_another_program_is_reported_busy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another program holds the file in exclusive locking mode: after the 5-second wait
    the app says the store is busy, and the file is untouched."""
    path = filled_store(tmp_path / "reviews.sqlite3")
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("PRAGMA locking_mode = EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        before = files_in(tmp_path)
        assert main([str(MINI_PATH), "--reviews", str(path)]) == 1
        err = capsys.readouterr().err
        assert f"The review store {path} is busy" in err and "Try again" in err
        assert files_in(tmp_path) == before
    finally:
        locker.execute("COMMIT")
        locker.close()


async def test_a_verdict_while_another_program_writes_is_refused_then_saved(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reviews.sqlite3"
    app = ClaimlineApp(ReviewSession(load(MINI_PATH), ReviewStore(path, busy_timeout=0.1), "ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        await pilot.press("v")
        await pilot.pause()
        refused = [str(n.message) for n in app._notifications]
        text = screen_text(app)
        locker.execute("ROLLBACK")
        locker.close()
        await pilot.press("v")
        await pilot.pause()
    app.session.store.close()
    assert any("is busy" in notice and "NOT saved" in notice for notice in refused), refused
    assert "0/2 reviewed" in text  # the screen never claimed it was saved
    assert app.session.reviews["c1"].verdict == "verified"
    with ReviewStore(path) as store:
        assert store.reviews(DS)["c1"].verdict == "verified"


def test_a_store_deleted_while_open_refuses_changes_instead_of_losing_them(
    tmp_path: Path,
) -> None:
    """SQLite writes on to a deleted file: every later verdict was acknowledged, then lost."""
    path = tmp_path / "reviews.sqlite3"
    dataset = load(MINI_PATH)
    with ReviewStore(path) as store:
        store.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer="ann")
        for file in tmp_path.iterdir():
            file.unlink()
        with pytest.raises(StoreError) as caught:
            store.mark(DS, dataset.claim_by_id["c2"], "disputed", reviewer="ann")
        assert caught.value.reason == "moved"
        assert str(path) in str(caught.value) and "NOT saved" in str(caught.value)
        with pytest.raises(StoreError, match="deleted, moved or replaced"):
            store.set_note(DS, dataset.claim_by_id["c2"], "a note", reviewer="ann")
    assert list(tmp_path.iterdir()) == []


def test_a_store_replaced_while_open_is_not_written_behind_its_back(tmp_path: Path) -> None:
    """A sync tool or a restored backup puts another file at the path."""
    path = tmp_path / "reviews.sqlite3"
    dataset = load(MINI_PATH)
    backup = tmp_path / "backup.sqlite3"
    with ReviewStore(backup) as other:
        other.mark(DS, dataset.claim_by_id["c2"], "verified", reviewer="restored")
    with ReviewStore(path) as store:
        store.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer="ann")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        backup.rename(path)
        before = files_in(tmp_path)
        with pytest.raises(StoreError, match="deleted, moved or replaced"):
            store.mark(DS, dataset.claim_by_id["c2"], "disputed", reviewer="ann")
        assert files_in(tmp_path) == before
    with ReviewStore(path) as reopened:
        assert reopened.reviews(DS)["c2"].reviewer == "restored"


async def test_the_app_says_so_when_its_store_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    app = ClaimlineApp(ReviewSession(load(MINI_PATH), ReviewStore(path), "ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        for file in tmp_path.iterdir():
            file.unlink()
        await pilot.press("d")
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        text = screen_text(app)
    app.session.store.close()
    assert any("deleted, moved or replaced" in notice for notice in notices), notices
    assert "1/2 reviewed · 1 verified · 0 disputed" in text  # the screen never said saved


# -- real full and read-only disks (a tmpfs) -------------------------------------------------


def test_a_full_disk_refuses_the_change_and_keeps_every_saved_one(tiny: TinyFilesystem) -> None:
    path = tiny.path / "reviews.sqlite3"
    saved: dict[str, str] = {}
    store = ReviewStore(path)
    tiny.fill(leave=200_000)
    with pytest.raises(StoreError) as caught:
        for n in range(10_000):
            claim = Claim(id=f"c{n % 9}", text=f"Claim {n}", events=["e"])
            store.set_note(DS, claim, f"note {n} " + "x" * 3000, reviewer="ann")
            saved[claim.id] = f"note {n} "
    assert caught.value.reason == "full" and str(path) in str(caught.value)
    assert "NOT saved" in str(caught.value)
    assert len(saved) >= 3, "the disk filled before anything was saved"
    reviews = store.reviews(DS)  # reading still works on the full disk
    assert {cid: r.note[: len(saved[cid])] for cid, r in reviews.items()} == saved
    store.close()
    (tiny.path / "filler").unlink()
    with ReviewStore(path) as reopened:
        assert {cid: r.note[: len(saved[cid])] for cid, r in reopened.reviews(DS).items()} == saved
        assert reopened.set_note(DS, Claim(id="c0", text="x", events=["e"]), "room again",
                                 reviewer="ann").note == "room again"  # fmt: skip
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


async def test_the_app_on_a_full_disk_says_so_and_shows_only_what_was_saved(
    tiny: TinyFilesystem,
) -> None:
    path = tiny.path / "reviews.sqlite3"
    app = ClaimlineApp(ReviewSession(load(MINI_PATH), ReviewStore(path), "ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")  # saved while there is room
        await pilot.pause()
        tiny.fill()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("TextArea").insert("a note " * 2000)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        text = screen_text(app)
    app.session.store.close()
    full = [notice for notice in notices if "is full" in notice and str(path) in notice]
    assert len(full) >= 1, notices
    assert "1/2 reviewed · 1 verified · 0 disputed" in text
    (tiny.path / "filler").unlink()
    with ReviewStore(path) as store:
        reviews = store.reviews(DS)
    assert reviews["c1"].verdict == "verified" and "c2" not in reviews


@pytest.mark.usefixtures("headless_app")
def test_a_read_only_disk_is_refused_clearly_even_as_root(
    tiny: TinyFilesystem, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny.path / "reviews.sqlite3"
    with ReviewStore(path) as store:
        store.mark(DS, load(MINI_PATH).claim_by_id["c1"], "verified", reviewer="ann")
    tiny.read_only()
    before = files_in(tiny.path)
    assert main([str(MINI_PATH), "--reviews", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"can't save verdicts in {path}" in err and "--reviews" in err
    assert "Traceback" not in err
    assert files_in(tiny.path) == before


def test_the_real_command_prints_no_traceback_for_a_damaged_store(tmp_path: Path) -> None:
    """The installed entry point, in a subprocess, as people run it."""
    path = tmp_path / "reviews.sqlite3"
    scribbled(path)
    before = files_in(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", str(MINI_PATH), "--reviews", str(path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert f"The review store {path} is not a claimline review store or is damaged" in (
        result.stderr
    )
    assert files_in(tmp_path) == before
