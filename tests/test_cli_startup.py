"""`claimline` and `claimline present` start the same way: settings in order of precedence,
the same refusals, and the review store closed on every way out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tui.app
import tui.presentation_app
from benchmarks.generate import write_dataset
from facts import load
from facts.store import ReviewStore
from tui.cli import main


class Recorder:
    """Stands in for an App class: records what the command line built it with.

    Either app gets an `Opening`, from which it loads the dataset and then opens the store
    itself, as the real ones do behind their first frame.
    """

    built: list[dict[str, Any]]

    def __init__(self, *, opening: Any, **options: Any) -> None:
        self.opening = opening
        self.seen = {
            "dataset": load(opening.path).id,
            "reviewer": opening.reviewer,
            "use_cache": opening.use_cache,
            **options,
        }
        self.failure = None
        self.drafts_pending = False

    def run(self) -> None:
        store = self.opening.open_store()
        assert isinstance(store, ReviewStore)
        self.seen["store"] = store.path
        self.built.append(self.seen)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `claimline` and `claimline present` would open, instead of opening it."""
    built: list[dict[str, Any]] = []
    recorder = type("AppRecorder", (Recorder,), {"built": built})
    monkeypatch.setattr(tui.app, "ClaimlineApp", recorder)
    monkeypatch.setattr(tui.presentation_app, "PresentationApp", recorder)
    return built


@pytest.fixture
def closed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths of the stores closed so far."""
    paths: list[Path] = []
    close = ReviewStore.close

    def recording_close(self: ReviewStore) -> None:
        paths.append(self.path)
        close(self)

    monkeypatch.setattr(ReviewStore, "close", recording_close)
    return paths


def test_defaults_come_from_the_config_file(opened, own_settings: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keys.yaml"
    keymap.write_text("review.verified: y\n")
    own_settings.write_text(
        f'theme = "nord"\nreviewer = "Ana"\nreviews = "{tmp_path / "mine.sqlite3"}"\n'
        f'keymap = "{keymap}"\n'
    )
    assert main([]) == 0
    (seen,) = opened
    assert seen["theme"] == "nord" and seen["reviewer"] == "Ana"
    assert seen["store"] == tmp_path / "mine.sqlite3"
    assert seen["keymap"] == {"review.verified": "y"}
    assert seen["dataset"] == "ecuador-2025"


def test_the_environment_comes_before_the_file_and_the_command_line_before_both(
    opened, own_settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_settings.write_text(f'theme = "nord"\nreviewer = "Ana"\nreviews = "{tmp_path / "f"}"\n')
    monkeypatch.setenv("CLAIMLINE_THEME", "dracula")
    monkeypatch.setenv("CLAIMLINE_REVIEWER", "Bea")
    monkeypatch.setenv("CLAIMLINE_REVIEWS", str(tmp_path / "env.sqlite3"))
    assert main([]) == 0
    assert opened[-1]["theme"] == "dracula" and opened[-1]["reviewer"] == "Bea"
    assert opened[-1]["store"] == tmp_path / "env.sqlite3"
    assert main(["--theme", "gruvbox", "--reviewer", "Cy", "--reviews", str(tmp_path / "c")]) == 0
    assert opened[-1]["theme"] == "gruvbox" and opened[-1]["reviewer"] == "Cy"
    assert opened[-1]["store"] == tmp_path / "c"


def test_without_settings_the_built_in_defaults_apply(opened, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("USER", "someone")
    monkeypatch.setenv("LOGNAME", "someone")
    assert main([]) == 0
    (seen,) = opened
    assert seen["theme"] is None and seen["reviewer"] == "someone"
    assert seen["store"] == tmp_path / "data" / "claimline" / "reviews.sqlite3"
    assert seen["keymap"] == {}


def test_present_keeps_the_class_apart_from_the_presenter(opened, own_settings, tmp_path) -> None:
    own_settings.write_text(
        f'theme = "nord"\nreviewer = "Ana"\nreviews = "{tmp_path / "mine.sqlite3"}"\n'
    )
    assert main(["present", "--quiz"]) == 0
    (seen,) = opened
    # The class's own store beside the presenter's, its own name, the projector's theme.
    assert seen["store"] == tmp_path / "mine-class.sqlite3"
    assert seen["reviewer"] == "class" and seen["theme"] is None and seen["quiz"] is True
    assert main(["present", "--reviewer", "7b", "--theme", "claimline-projector-dark"]) == 0
    assert (opened[-1]["reviewer"], opened[-1]["theme"]) == ("7b", "claimline-projector-dark")


def test_present_reviews_names_the_presenters_store(opened, tmp_path) -> None:
    """`claimline present --reviews FILE` records the class beside FILE, where `p` inside
    `claimline --reviews FILE` records it (tests/test_presentation_lesson.py)."""
    mine = tmp_path / "lesson.sqlite3"
    assert main(["present", "--reviews", str(mine)]) == 0
    assert opened[-1]["store"] == tmp_path / "lesson-class.sqlite3"
    assert main(["--reviews", str(mine)]) == 0
    assert opened[-1]["store"] == mine


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('theme = "nord\n', "config.toml: not valid TOML: Illegal character"),
        ('theme = "nord"\ncolour = "red"\n', "config.toml:2: unknown key 'colour'"),
        ('reviewr = "Ana"\n', "config.toml:1: unknown key 'reviewr'; did you mean 'reviewer'?"),
        ("\nreviewer = 3\n", 'config.toml:2: reviewer: expected text in quotes, e.g. reviewer = "'),
        ('theme = "nrod"\n', "config.toml:1: theme: unknown theme 'nrod'; did you mean 'nord'?"),
        ('reviewer = "a\\u001bb"\n', "config.toml:1: reviewer: the name 'a\\x1bb' holds control"),
    ],
)
@pytest.mark.parametrize("command", [[], ["present"]])
def test_a_bad_config_file_is_named_with_its_line_and_nothing_opens(
    opened, closed, own_settings: Path, capsys, text: str, expected: str, command: list[str]
) -> None:
    own_settings.write_text(text)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert expected in err and str(own_settings) in err
    assert "Traceback" not in err
    assert opened == [] and closed == []


def test_a_bad_environment_variable_is_named(opened, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CLAIMLINE_THEME", "no-such-theme")
    assert main([]) == 1
    assert "claimline: CLAIMLINE_THEME: unknown theme 'no-such-theme'" in capsys.readouterr().err


def test_help_names_the_config_file(own_settings: Path, capsys) -> None:
    assert main(["--help"]) == 0
    assert f"Config file: {own_settings}" in " ".join(capsys.readouterr().out.split())


def store_of(command: list[str], reviews: Path) -> Path:
    """The store a command opens for `--reviews FILE`: the class's beside it for present."""
    return reviews.with_name(f"{reviews.stem}-class{reviews.suffix}") if command else reviews


@pytest.mark.parametrize("command", [[], ["present"]])
def test_the_store_is_closed_after_a_normal_quit(opened, closed, tmp_path, command) -> None:
    assert main([*command, "--reviews", str(tmp_path / "r.sqlite3")]) == 0
    assert closed == [store_of(command, tmp_path / "r.sqlite3")]


@pytest.mark.parametrize("command", [[], ["present"]])
def test_the_store_is_closed_when_the_app_fails(monkeypatch, closed, tmp_path, command) -> None:
    def failing_run(self: Any) -> None:
        self.opening.open_store()  # the app opens the store itself, after the load
        raise RuntimeError("a bug")

    monkeypatch.setattr(tui.app.ClaimlineApp, "run", failing_run)
    monkeypatch.setattr(tui.presentation_app.PresentationApp, "run", failing_run)
    with pytest.raises(RuntimeError):
        main([*command, "--reviews", str(tmp_path / "r.sqlite3")])
    assert closed == [store_of(command, tmp_path / "r.sqlite3")]


@pytest.mark.parametrize("command", [[], ["present"]])
def test_ctrl_c_closes_the_store_and_exits_130(monkeypatch, closed, tmp_path, command) -> None:
    def interrupted_run(self: Any) -> None:
        self.opening.open_store()
        raise KeyboardInterrupt

    monkeypatch.setattr(tui.app.ClaimlineApp, "run", interrupted_run)
    monkeypatch.setattr(tui.presentation_app.PresentationApp, "run", interrupted_run)
    assert main([*command, "--reviews", str(tmp_path / "r.sqlite3")]) == 130
    assert closed == [store_of(command, tmp_path / "r.sqlite3")]


@pytest.mark.parametrize("command", [[], ["present"]])
def test_a_bad_keymap_or_dataset_stops_before_a_store_is_made(
    opened, closed, tmp_path, capsys, command: list[str]
) -> None:
    keymap = tmp_path / "keymap.yaml"
    keymap.write_text("- nonsense\n")
    store = tmp_path / "r.sqlite3"
    assert main([*command, "--keymap", str(keymap), "--reviews", str(store)]) == 1
    assert "keymap.yaml" in capsys.readouterr().err
    assert main([*command, str(tmp_path / "missing.yaml"), "--reviews", str(store)]) == 1
    assert "missing.yaml: no such file" in capsys.readouterr().err
    assert not store.exists() and opened == [] and closed == []


@pytest.mark.usefixtures("headless_app")
@pytest.mark.parametrize("command", [[], ["present"]])
def test_a_server_url_in_the_settings_is_a_server_not_a_file(
    own_settings: Path, tmp_path: Path, monkeypatch, capsys, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    own_settings.write_text('reviews = "postgresql://ana:secret@127.0.0.1:1/claims"\n')
    assert main(command) == 1  # nothing listens on port 1
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and "secret" not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no file named after the URL


def some_file(which: str, tmp_path: Path) -> tuple[list[str], str]:
    """The dataset words of a command line for `which` file, and the id it holds."""
    if which == "bundled":
        return [], "ecuador-2025"
    if which == "bundled by name":
        return ["ecuador-2025"], "ecuador-2025"
    if which == "small":
        return [str(Path(__file__).parent / "data" / "mini.yaml")], "mini"
    return [str(write_dataset(300, tmp_path / "big.json", seed=1))], "synthetic-300"


@pytest.mark.parametrize("which", ["bundled", "bundled by name", "small", "big"])
@pytest.mark.parametrize("command", [[], ["present"]])
def test_every_file_is_opened_behind_the_first_frame_by_either_app(
    opened, closed, tmp_path: Path, command: list[str], which: str
) -> None:
    """`claimline` and `claimline present` start the same way, whatever the file's size:
    the file is the app's to load, behind its loading screen, and the store is opened
    only after it (nothing before the app opens the store)."""
    words, dataset_id = some_file(which, tmp_path)
    assert main([*command, *words, "--reviews", str(tmp_path / "r.sqlite3")]) == 0
    (seen,) = opened
    assert seen["dataset"] == dataset_id and "use_cache" in seen
    assert seen["store"] == store_of(command, tmp_path / "r.sqlite3")
    assert closed == [seen["store"]]


def test_any_file_is_opened_by_the_app_with_the_cache_unless_no_cache(
    opened, tmp_path: Path
) -> None:
    big = write_dataset(300, tmp_path / "big.json", seed=1)
    assert main([str(big), "--reviews", str(tmp_path / "r.sqlite3")]) == 0
    assert main([str(big), "--no-cache", "--reviews", str(tmp_path / "r.sqlite3")]) == 0
    assert [seen["use_cache"] for seen in opened] == [True, False]
    assert opened[0]["dataset"] == "synthetic-300" and opened[0]["store"] == tmp_path / "r.sqlite3"


def test_drafts_a_slow_disk_still_writes_are_waited_for_after_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app has given the terminal back; the command line says why it has not ended
    yet, waits for the drafts, and exits as usual once they are written."""
    flushed: list[bool] = []

    class Session:
        class draft_files:
            folder = tmp_path / "drafts"

        def flush_drafts(self) -> bool:
            flushed.append(True)
            return True

    def run_until_a_hung_disk(self: Any) -> None:
        self.opening.open_store()
        self.session = Session()
        self.drafts_pending = True

    monkeypatch.setattr(tui.app.ClaimlineApp, "run", run_until_a_hung_disk)
    assert main(["--reviews", str(tmp_path / "r.sqlite3")]) == 0
    assert flushed == [True]
    err = capsys.readouterr().err
    assert "still writing unsaved notes" in err and str(tmp_path / "drafts") in err
    assert "ctrl+c gives up" in err
