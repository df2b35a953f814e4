"""Export faults through `claimline export`: a clear error, and no partial or stray file.

An unwritable folder, a read-only disk, an existing file, a full disk (a real tmpfs and a
patched write), a failing fsync or rename, a killed export, a reader that stops reading:
in every case the destination holds the old file or none, never half of one, and no
temporary file is left behind (except after SIGKILL, which nothing can clean up: then
only a `.claimline-*.tmp` beside it, never a half-written destination).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facts import load
from facts.export import FORMATS
from facts.store import ReviewStore, StoreError
from tests.hardening.helpers import MINI_PATH, TinyFilesystem, files_in, mini, subprocess_env, write
from tui.cli import main

OPTIONS = ["--publisher", "Checks", "--url-template", "https://checks.example/{claim_id}"]


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "reviews.sqlite3"
    dataset = load(MINI_PATH)
    with ReviewStore(path) as store:
        for claim in dataset.claims:
            store.mark(dataset.id, claim, "verified", reviewer="ann")
    return path


def export(reviews: Path, out: Path, fmt: str = "markdown", *extra: str) -> list[str]:
    args = ["export", str(MINI_PATH), "-f", fmt, "--reviews", str(reviews), "-o", str(out)]
    return args + (OPTIONS if fmt == "claimreview" else []) + list(extra)


def one_clear_line(err: str, *says: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    for phrase in says:
        assert phrase in lines[0], lines[0]


def test_a_folder_that_is_a_file_is_refused_and_nothing_is_written(
    reviews: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder")
    before = files_in(tmp_path)
    assert main(export(reviews, blocker / "handout.md")) == 1
    one_clear_line(capsys.readouterr().err, str(blocker), "is not a folder")
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_existing_file_is_kept_without_force(
    fmt: str, reviews: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"mine{FORMATS[fmt].extension}"
    out.write_bytes(b"my own work \x00\xff")
    before = files_in(tmp_path)
    assert main(export(reviews, out, fmt)) == 1
    one_clear_line(capsys.readouterr().err, str(out), "--force")
    assert files_in(tmp_path) == before
    assert main(export(reviews, out, fmt, "--force")) == 0
    assert out.read_bytes() != b"my own work \x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["store", out.name])


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        ("write", errno.ENOSPC, "the disk is full"),
        ("write", errno.EIO, "Input/output error"),
        ("fsync", errno.EIO, "Input/output error"),
        ("replace", errno.EACCES, "permission denied"),
        ("link", errno.EROFS, "read-only"),
    ],
)
def test_a_failing_system_call_leaves_the_old_file_and_no_temporary(
    call: str,
    error: int,
    says: str,
    reviews: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A write fails half way (the first 10 bytes went out), an fsync or a rename fails."""
    out = tmp_path / "handout.md"
    out.write_text("the old handout")
    before = files_in(tmp_path)
    real = getattr(os, call)
    written = []

    def failing(*args: object) -> object:
        if call == "write" and not written:
            written.append(args)
            return real(args[0], bytes(args[1])[:10])  # type: ignore[index]
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(f"facts.atomic.os.{call}", failing)
    force = [] if call == "link" else ["--force"]
    if call == "link":
        out.unlink()
        before = files_in(tmp_path)
    assert main(export(reviews, out, "markdown", *force)) == 1
    one_clear_line(capsys.readouterr().err, str(out), says)
    assert files_in(tmp_path) == before


def test_a_full_disk_leaves_no_partial_file(
    reviews: Path, tiny: TinyFilesystem, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tiny.path / "old.md"
    old.write_text("the old handout")
    tiny.fill(leave=1024)  # less than the handout needs
    before = files_in(tiny.path)
    assert main(export(reviews, tiny.path / "new.md")) == 1
    one_clear_line(capsys.readouterr().err, "the disk is full", "nothing was written")
    assert main(export(reviews, old, "markdown", "--force")) == 1
    one_clear_line(capsys.readouterr().err, "the disk is full")
    assert files_in(tiny.path) == before  # no new.md, old.md intact, no .claimline-*.tmp


def test_a_read_only_disk_is_refused_even_as_root(
    reviews: Path, tiny: TinyFilesystem, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny.read_only()
    assert main(export(reviews, tiny.path / "handout.md")) == 1
    one_clear_line(capsys.readouterr().err, str(tiny.path), "read-only")
    assert list(tiny.path.iterdir()) == []


def test_verdicts_on_a_read_only_disk_can_still_be_exported(
    tiny: TinyFilesystem, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Exporting only reads: a store on a read-only disk (a CD, a read-only share, a
    read-only file for anyone but root) was refused as if verdicts were to be saved."""
    path = tiny.path / "reviews.sqlite3"
    dataset = load(MINI_PATH)
    with ReviewStore(path) as store:
        store.mark(dataset.id, dataset.claim_by_id["c1"], "disputed", reviewer="ann")
    tiny.read_only()
    before = files_in(tiny.path)
    out = tmp_path / "disputed.json"
    assert main(["export", str(MINI_PATH), "-f", "json", "-s", "disputed", "--reviews",
                 str(path), "-o", str(out)]) == 0  # fmt: skip
    assert [c["id"] for c in json.loads(out.read_text())["claims"]] == ["c1"]
    assert files_in(tiny.path) == before
    with ReviewStore(path, read_only=True) as store:
        assert store.reviews(dataset.id)["c1"].verdict == "disputed"
        with pytest.raises(StoreError) as caught:
            store.mark(dataset.id, dataset.claim_by_id["c2"], "verified", reviewer="ann")
    assert caught.value.reason == "readonly" and "NOT saved" in str(caught.value)


def test_a_read_only_store_with_unsaved_wal_is_refused_not_read_without_it(
    tiny: TinyFilesystem, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Copied while a claimline had it open, the newest verdicts are in the -wal file
    only; reading the main file alone would export without them, so it is refused."""
    dataset = load(MINI_PATH)
    source = tmp_path / "live.sqlite3"
    path = tiny.path / "reviews.sqlite3"
    with ReviewStore(source) as store:
        store.mark(dataset.id, dataset.claim_by_id["c1"], "verified", reviewer="ann")
        shutil.copyfile(source, path)
        shutil.copyfile(f"{source}-wal", f"{path}-wal")
    tiny.read_only()
    before = files_in(tiny.path)
    out = tmp_path / "out.json"
    assert main(["export", str(MINI_PATH), "-f", "json", "--reviews", str(path),
                 "-o", str(out)]) == 1  # fmt: skip
    one_clear_line(capsys.readouterr().err, str(path), "-wal")
    assert files_in(tiny.path) == before and not out.exists()


def test_a_reader_that_stops_early_is_no_error(reviews: Path) -> None:
    """`claimline export … | head -c 100`: the rest is not wanted, and that is fine."""
    command = [sys.executable, "-m", "tui.cli", "export", str(MINI_PATH), "-f", "json",
               "-s", "all", "--reviews", str(reviews)]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env()
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, err
    assert "Traceback" not in err


@pytest.mark.slow
def test_an_export_killed_at_random_moments_never_leaves_half_a_file(tmp_path: Path) -> None:
    """SIGKILL during a 20,000-claim export: the file is complete or absent, every time."""
    data = mini()
    data["claims"] += [
        {"id": f"k{i}", "text": f"Claim {i} " + "x" * 100, "events": ["vote"]}
        for i in range(20_000)
    ]
    dataset = write(tmp_path / "big.json", data)
    store = tmp_path / "reviews.sqlite3"
    ReviewStore(store).close()
    out = tmp_path / "out" / "all.json"
    out.parent.mkdir()
    command = [sys.executable, "-m", "tui.cli", "export", str(dataset), "-f", "json", "-s",
               "all", "--reviews", str(store), "-o", str(out), "--force"]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, env=subprocess_env(), timeout=60)
    duration = time.monotonic() - started  # kills land from its start to past its end
    rng = random.Random()
    outcomes = {"complete": 0, "absent": 0}
    for _ in range(6):
        out.unlink(missing_ok=True)
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=subprocess_env()
        )
        time.sleep(rng.uniform(0.3, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if out.exists():
            assert len(json.loads(out.read_text())["claims"]) == 20_002
            outcomes["complete"] += 1
        else:
            outcomes["absent"] += 1
        for stray in out.parent.glob(".claimline-*.tmp"):
            stray.unlink()  # what SIGKILL can leave; never the destination itself
    print(f"\nkilled exports ({duration:.1f} s each): {outcomes}")
