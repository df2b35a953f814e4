"""Atomic writes: a file is there whole, or the old one (or nothing) is, with no leftovers."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from facts import atomic
from facts.atomic import ExportError, OutputExistsError, write_atomic


def test_writes_text_as_utf8_and_bytes_exactly(tmp_path):
    text_path = write_atomic(tmp_path / "a.md", "Ñandú ✓\n")
    assert text_path == tmp_path / "a.md"
    assert text_path.read_bytes() == "Ñandú ✓\n".encode()
    data = b"a,b\r\nc,d\r\n"
    assert write_atomic(tmp_path / "b.csv", data).read_bytes() == data  # CRLF kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.csv"]


def test_an_existing_file_is_kept_without_force(tmp_path):
    path = tmp_path / "handout.md"
    path.write_text("precious")
    with pytest.raises(OutputExistsError) as error:
        write_atomic(path, "new")
    assert str(path) in str(error.value) and "--force" in str(error.value)
    assert path.read_text() == "precious"
    assert list(tmp_path.iterdir()) == [path]
    write_atomic(path, "new", force=True)
    assert path.read_text() == "new"


def test_a_file_appearing_during_the_write_is_not_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "race.md"
    path.write_text("someone else's")
    monkeypatch.setattr(atomic, "_check_destination", lambda target, force: None)
    with pytest.raises(OutputExistsError):
        write_atomic(path, "mine")
    assert path.read_text() == "someone else's"
    assert list(tmp_path.iterdir()) == [path]


def test_missing_folder_and_folder_paths_are_clear_errors(tmp_path):
    with pytest.raises(ExportError, match="does not exist; create it first"):
        write_atomic(tmp_path / "nowhere" / "x.md", "x")
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


def test_disk_full_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "out.json"
    path.write_text("old")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(ExportError) as error:
        write_atomic(path, "new" * 1000, force=True)
    message = str(error.value)
    assert str(path) in message and "disk is full" in message and "free some space" in message
    assert path.read_text() == "old"
    assert list(tmp_path.iterdir()) == [path]


def test_permission_denied_names_the_folder(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match=r"cannot write in the folder .*permission denied"):
        write_atomic(tmp_path / "x.md", "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="needs a POSIX user that folder permissions apply to (not root)",
)
def test_read_only_folder_for_real(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_atomic(folder / "x.md", "x")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_gets_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "shared.md", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_an_interrupted_write_removes_its_temporary_file(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_user_home_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert write_atomic("~/home.md", "x") == Path(tmp_path) / "home.md"
