"""The settings merged by pydantic-settings: command line, environment, config file.

Imported only when a value needs its report (see `tui.config.load_settings`): a config
file that is not TOML or has an unknown key, a value of the wrong kind or one a check
refuses, a variable's name not in capitals. Plain values from the file, the variables and
the command line are merged in `tui.config` as here: pydantic-settings and Pydantic take
longer to import than a bare Textual app takes to paint, and the first frame should not
wait for them.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tui.config import (
    ENV_PREFIX,
    ConfigError,
    Settings,
    config_path,
    reviewer_problem,
    theme_problem,
)


class SettingsModel(BaseSettings):
    """What pydantic-settings merges and checks; None means "the built-in default"."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    theme: str | None = None
    reviewer: str | None = None
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


def merged_settings(arguments: Mapping[str, Any], path: Path, text: str) -> Settings:
    """The command line's `arguments` merged with the environment and the config file at
    `path` (whose `text` locates problems); raise ConfigError saying where each is."""
    try:
        found = SettingsModel(**arguments)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}; fix or remove the file") from None
    except ValidationError as error:
        lines = [_where(problem, arguments, path, text) for problem in error.errors()]
        raise ConfigError("\n".join(lines)) from None
    return Settings(
        theme=found.theme, reviewer=found.reviewer, reviews=found.reviews, keymap=found.keymap
    )


def _where(problem: Any, arguments: Mapping[str, object], path: Path, text: str) -> str:
    """One problem, located in the source its value came from."""
    key = str(problem["loc"][0]) if problem["loc"] else ""
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        close = difflib.get_close_matches(key, list(SettingsModel.model_fields), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        known = ", ".join(SettingsModel.model_fields)
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
