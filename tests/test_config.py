"""The config file: a theme chosen in the palette is remembered there, safely."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facts import Dataset
from facts.session import ReviewSession
from facts.store import ReviewStore
from tui.app import ClaimlineApp
from tui.config import ConfigError, load_settings, remember_theme
from tui.startup import settings

SIZE = (100, 30)


async def choose_theme_in_the_palette(app: ClaimlineApp, name: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.press("enter")  # the "Theme" system command opens the theme list
        await pilot.pause()
        await pilot.press(*name)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == name


async def test_a_theme_chosen_in_the_palette_opens_the_next_start(
    mini_dataset: Dataset, tmp_path: Path, own_settings: Path
) -> None:
    with ReviewStore(tmp_path / "r.sqlite3") as store:
        first = ClaimlineApp(ReviewSession(mini_dataset, store, "ana"), theme=settings({}).theme)
        await choose_theme_in_the_palette(first, "gruvbox")
    assert load_settings().theme == "gruvbox"

    with ReviewStore(tmp_path / "r.sqlite3") as store:
        again = ClaimlineApp(ReviewSession(mini_dataset, store, "ana"), theme=settings({}).theme)
        async with again.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert again.theme == "gruvbox"


async def test_a_config_that_cannot_be_written_is_reported_not_fatal(
    mini_dataset: Dataset, tmp_path: Path, own_settings: Path
) -> None:
    own_settings.write_text("theme = [unclosed\n")
    with ReviewStore(tmp_path / "r.sqlite3") as store:
        app = ClaimlineApp(ReviewSession(mini_dataset, store, "ana"))
        shown: list[str] = []
        app.notify = lambda message, **options: shown.append(message)  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p", *"theme", "enter")
            await pilot.pause()
            await pilot.press(*"nord", "enter")
            await pilot.pause()
            assert app.theme == "nord"
    assert any("not remembered" in message for message in shown)
    assert own_settings.read_text() == "theme = [unclosed\n"


def test_remembering_keeps_the_rest_of_the_file(own_settings: Path) -> None:
    own_settings.write_text('# my settings\nreviewer = "Ana"  # me\ntheme = "nord"\n')
    remember_theme("dracula")
    assert own_settings.read_text() == '# my settings\nreviewer = "Ana"  # me\ntheme = "dracula"\n'


def test_remembering_makes_the_config_folder(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "new" / "folder" / "config.toml"
    monkeypatch.setenv("CLAIMLINE_CONFIG", str(path))
    assert remember_theme("nord") == path
    assert path.read_text() == 'theme = "nord"\n'


def test_remembering_writes_all_or_nothing(own_settings: Path, monkeypatch) -> None:
    own_settings.write_text('reviewer = "Ana"\n')

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ConfigError, match="disk is full"):
        remember_theme("nord")
    assert own_settings.read_text() == 'reviewer = "Ana"\n'
    assert sorted(p.name for p in own_settings.parent.iterdir()) == ["config.toml"]


# (config file, environment, command line): each start reads its settings without
# pydantic-settings when every value is plain, and must get what pydantic-settings gives.
SOURCES = [
    ('theme = "nord"\n', {}, {}),
    ('theme = "nord"\nreviewer = " Ana "\nreviews = "~/r.sqlite3"\nkeymap = "~/k.yaml"\n', {}, {}),
    ('theme = "nord"\nreviewer = "Ana"\n', {"CLAIMLINE_THEME": "dracula"}, {"reviewer": "Cy"}),
    ('theme = "nrod"\n', {}, {"theme": "nord"}),  # a mistake overridden is no mistake
    ('theme = "nrod"\n', {"CLAIMLINE_THEME": "nord"}, {}),
    ("", {"CLAIMLINE_REVIEWS": "", "CLAIMLINE_KEYMAP": ""}, {}),
    ("", {"claimline_theme": "nord"}, {}),  # pydantic-settings reads any case
    ("", {"CLAIMLINE_REVIEWER": ""}, {}),
    ('theme = "nord"\ncolour = "red"\n', {}, {}),
    ("reviewer = 3\n", {}, {}),
    ('theme = "nord\n', {}, {}),
    ("", {}, {"keymap": Path("~/k.yaml"), "theme": "gruvbox"}),
]


@pytest.mark.parametrize(("text", "variables", "arguments"), SOURCES)
def test_settings_read_without_pydantic_settings_are_the_ones_it_gives(
    text: str,
    variables: dict[str, str],
    arguments: dict[str, object],
    own_settings: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.settings import merged_settings

    own_settings.write_text(text)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    def outcome(read: object) -> object:
        try:
            return read()  # type: ignore[operator]
        except ConfigError as error:
            return str(error)

    quick = outcome(lambda: load_settings(arguments))
    assert quick == outcome(lambda: merged_settings(arguments, own_settings, text))
