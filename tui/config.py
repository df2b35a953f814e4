"""claimline's settings: the command line, then the environment, then the config file.

The config file is `config.toml` in claimline's config folder (`claimline --help` prints
where; `CLAIMLINE_CONFIG` points to another file). It holds what a user would otherwise
type at every start:

    theme = "nord"                 # ctrl+p → Theme writes this one for you
    reviewer = "Ana"
    reviews = "~/checks/reviews.sqlite3"
    keymap = "~/.config/claimline/keymap.yaml"

Each key can also come from the environment (`CLAIMLINE_THEME`, `CLAIMLINE_REVIEWER`,
`CLAIMLINE_REVIEWS`, `CLAIMLINE_KEYMAP`) or the command line (`--theme` …); the command
line wins over the environment, which wins over the file. pydantic-settings merges the
three; a mistake in any of them is reported with where it came from (the file's line, the
variable's name) and what to write instead, before any screen is drawn.

This module is what every start imports; pydantic-settings (`tui/settings.py`) is
imported only when a value needs its report: the file read with `tomllib`, the
variables and the command line's values are merged here as pydantic-settings merges them
and, when every value is a string that the same checks accept, they are the settings.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from platformdirs import user_config_path

ENV_PREFIX = "CLAIMLINE_"
CONFIG_ENV = "CLAIMLINE_CONFIG"


class ConfigError(Exception):
    """Settings that cannot be used; the message says where the mistake is and what to do."""


def config_path() -> Path:
    """The config file: `CLAIMLINE_CONFIG` when set, else config.toml in claimline's folder."""
    given = os.environ.get(CONFIG_ENV)
    if given:
        return Path(given).expanduser()
    return user_config_path("claimline") / "config.toml"


def reviewer_problem(name: str) -> str | None:
    """Why `name` cannot be a reviewer's name, or None. Everyone who opens the store sees
    it, so it may hold no control characters (an escape sequence would reach their
    terminals) and must not be blank."""
    from facts.control_chars import without_controls  # only when a name is given

    if not name.strip():
        return "the name must not be empty"
    if without_controls(name) != name:
        return f"the name {name!r} holds control characters; give a plain name"
    return None


def theme_problem(name: str) -> str | None:
    """Why `name` is not a theme claimline can show, or None."""
    from tui.themes import theme_names  # Textual, only when a theme is given

    if name in theme_names():
        return None
    close = difflib.get_close_matches(name, theme_names(), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown theme {name!r}; {hint}choose one of: {', '.join(sorted(theme_names()))}"


class Settings(NamedTuple):  # not a frozen dataclass: 0.4 ms less before the first frame
    """The settings a start of claimline uses; None means "the built-in default"."""

    theme: str | None = None
    reviewer: str | None = None
    # A SQLite file's path, or a postgresql:// URL.
    reviews: str | None = None
    keymap: Path | None = None

    def reviews_location(self, default: Path) -> str | Path:
        """Where the review store is: a server's URL as given, a file's path (`~` expanded),
        else `default`."""
        if not self.reviews:
            return default
        if "://" in self.reviews:  # postgresql://…: a path would fold its `//`
            return self.reviews
        return Path(self.reviews).expanduser()


SETTING_NAMES = ("theme", "reviewer", "reviews", "keymap")


def load_settings(given: Mapping[str, object] | None = None) -> Settings:
    """The merged settings; `given` holds the command line's values (None: not given).

    Raise ConfigError naming the file and line, or the environment variable, of each
    mistake: TOML that does not parse, an unknown key, a value of the wrong kind.
    """
    arguments = {key: value for key, value in (given or {}).items() if value is not None}
    path = config_path()
    text = read_config(path)
    merged = _merged_plainly(arguments, text)
    if merged is None:
        from tui.settings import merged_settings

        return merged_settings(arguments, path, text)
    keymap = merged.get("keymap")
    reviewer = merged.get("reviewer")
    return Settings(
        theme=merged.get("theme"),  # type: ignore[arg-type]
        reviewer=str(reviewer).strip() if reviewer is not None else None,
        reviews=merged.get("reviews"),  # type: ignore[arg-type]
        keymap=Path(keymap).expanduser() if keymap is not None else None,  # type: ignore[arg-type]
    )


def _merged_plainly(arguments: Mapping[str, object], text: str) -> dict[str, object] | None:
    """The command line's values over the environment's over the config file's, merged as
    pydantic-settings merges them, when each value is fine as it is; None when anything is
    not (a file that is not TOML, an unknown key, a value of the wrong kind or one a check
    refuses, a variable's name not in capitals): pydantic-settings then says what and where.

    pydantic-settings and Pydantic take longer to import than a bare Textual app takes to
    paint; a config file (ctrl+p → Theme writes one) should not make every start wait.
    """
    found: dict[str, object] = {}
    if text:
        import tomllib

        try:
            found = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return None
        if not set(found) <= set(SETTING_NAMES):
            return None
    for variable, value in os.environ.items():
        name = variable.upper().removeprefix(ENV_PREFIX).lower()
        if variable.upper().startswith(ENV_PREFIX) and name in SETTING_NAMES:
            if variable != variable.upper():  # pydantic-settings reads any case: let it
                return None
            found[name] = value
    found.update(arguments)
    return found if _plain(found) else None


def _plain(values: Mapping[str, object]) -> bool:
    """Whether the merged values are settings of the right kind, each fine as it is;
    anything else goes through pydantic-settings, which says what is wrong."""
    kinds: dict[str, type | tuple[type, ...]] = {
        "theme": str,
        "reviewer": str,
        "reviews": str,
        "keymap": (str, Path),
    }
    checks = {"theme": theme_problem, "reviewer": reviewer_problem}
    return all(
        key in kinds
        and isinstance(value, kinds[key])
        and not (key in checks and checks[key](str(value)))
        for key, value in values.items()
    )


def read_config(path: Path) -> str:
    """The config file's text ('' when there is none), so a problem can name its line."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{path}: cannot read the config file ({error}); fix or remove it"
        ) from None


def remember_theme(name: str) -> Path:
    """Write `theme = name` into the config file, keeping everything else in it (comments
    too), all at once; return the file's path. Raise ConfigError when the file cannot be
    read as TOML (it is left as it is) or written."""
    path = config_path()
    import tomlkit

    from facts.atomic import ExportError, write_atomic

    text = read_config(path)
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(
            f"{path}: not valid TOML ({error}); the theme is not remembered until it is fixed"
        ) from None
    document["theme"] = name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(path, tomlkit.dumps(document), force=True)
    except (OSError, ExportError) as error:
        raise ConfigError(f"the theme is not remembered: {error}") from None
