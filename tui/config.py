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
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from platformdirs import user_config_path
from pydantic import ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from facts.atomic import ExportError, write_atomic
from facts.model import without_controls

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


class Settings(BaseSettings):
    """The settings a start of claimline uses; None means "the built-in default"."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    theme: str | None = None
    reviewer: str | None = None
    # A SQLite file's path today; a postgresql:// URL once that store exists.
    reviews: str | None = None
    keymap: Path | None = None

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str | None) -> str | None:
        problem = value and theme_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("reviewer")
    @classmethod
    def _plain_reviewer(cls, value: str | None) -> str | None:
        problem = value is not None and reviewer_problem(value)
        if problem:
            raise ValueError(problem)
        return value.strip() if value is not None else None

    @field_validator("keymap")
    @classmethod
    def _expand_keymap(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The command line (passed as arguments), the environment, the file: first wins.
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_path())

    def reviews_location(self, default: Path) -> str | Path:
        """Where the review store is: a server's URL as given, a file's path (`~` expanded),
        else `default`."""
        if not self.reviews:
            return default
        if "://" in self.reviews:  # postgresql://…: a path would fold its `//`
            return self.reviews
        return Path(self.reviews).expanduser()


def load_settings(given: Mapping[str, object] | None = None) -> Settings:
    """The merged settings; `given` holds the command line's values (None: not given).

    Raise ConfigError naming the file and line, or the environment variable, of each
    mistake: TOML that does not parse, an unknown key, a value of the wrong kind.
    """
    arguments: dict[str, Any] = {
        key: value for key, value in (given or {}).items() if value is not None
    }
    path = config_path()
    text = _read(path)
    try:
        return Settings(**arguments)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}; fix or remove the file") from None
    except ValidationError as error:
        lines = [_where(problem, arguments, path, text) for problem in error.errors()]
        raise ConfigError("\n".join(lines)) from None


def _read(path: Path) -> str:
    """The config file's text ('' when there is none), so a problem can name its line."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{path}: cannot read the config file ({error}); fix or remove it"
        ) from None


def _where(problem: Any, arguments: Mapping[str, object], path: Path, text: str) -> str:
    """One problem, located in the source its value came from."""
    key = str(problem["loc"][0]) if problem["loc"] else ""
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        close = difflib.get_close_matches(key, list(Settings.model_fields), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        known = ", ".join(Settings.model_fields)
        return f"{path}{_line(text, key)}: unknown key {key!r}; {hint}the keys are: {known}"
    if key in arguments:
        return f"claimline: --{key}: {message}"
    variable = ENV_PREFIX + key.upper()
    if variable in os.environ:
        return f"claimline: {variable}: {message}"
    if problem["type"] in ("string_type", "path_type"):
        message = f'expected text in quotes, e.g. {key} = "..."; got {problem["input"]!r}'
    return f"{path}{_line(text, key)}: {key}: {message}"


def _line(text: str, key: str) -> str:
    """`:N` for the line that sets `key` in a config file's text, or '' when not found."""
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return f":{number}"
    return ""


def remember_theme(name: str) -> Path:
    """Write `theme = name` into the config file, keeping everything else in it (comments
    too), all at once; return the file's path. Raise ConfigError when the file cannot be
    read as TOML (it is left as it is) or written."""
    path = config_path()
    text = _read(path)
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
