"""Pydantic's validation errors, reworded for the person who wrote the dataset."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from facts.errors import describe
from facts.model import Dataset

Path = tuple[str | int, ...]

_PATTERN_HINTS = {
    "id": "ids use letters, digits, '.', '_' and '-', start with a letter or digit "
    "and are at most 128 characters",
    "url": "expected a web address starting with http:// or https://",
    "tags": "a tag is a short label without commas or line breaks",
    "language": "expected a language code like en, es or pt-BR",
}


def model_at(path: Path) -> type[BaseModel] | None:
    """The model class that holds the last key of `path`, walking from Dataset."""
    current: Any = Dataset
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _innermost_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _innermost_model(annotation: Any) -> Any:
    """Unwrap Optional, list and Annotated to the model inside, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _innermost_model(arg)
            if found is not None:
                return found
    return None


def _unknown_field(path: Path) -> str:
    name = path[-1]
    model = model_at(path)
    if model is None:
        return f"unknown field {describe(name)}; remove it"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(name), allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown field {describe(name)}; {hint}allowed here: {', '.join(allowed)}"


def _type_hint(value: Any) -> str:
    if value is None:
        return " (the value is empty: write it after the colon)"
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as a yes-or-no value: put the text in quotes)"
    if isinstance(value, (int, float)):
        return " (put it in quotes to make it text)"
    return ""


def explain(error: ErrorDetails) -> tuple[Path, str, bool]:
    """The field path, a message, and whether the error is about the key itself."""
    path: Path = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return path, _unknown_field(path), True
    if kind == "invalid_key":  # a key YAML read as a number, yes/no or null: never a field
        key = "null" if value is None else str(value).lower() if isinstance(value, bool) else value
        return (*path[:-1], str(key)), _unknown_field((*path[:-1], key)), True
    if kind == "missing":
        return path, f"required field {path[-1]!r} is missing", True
    if kind == "string_pattern_mismatch":
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        hint = _PATTERN_HINTS.get(
            field,
            _PATTERN_HINTS["id"]
            if field in ("source", "sources", "events", "appeared_in")
            else "the text has the wrong form",
        )
        return path, f"{hint}; got {describe(value)}", False
    if kind == "string_type":
        return path, f"expected text, got {describe(value)}{_type_hint(value)}", False
    if kind == "list_type":
        hint = "one '- item' per line in YAML"
        return path, f"expected a list ({hint}), got {describe(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return path, f"expected a mapping of fields (key: value), got {describe(value)}", False
    if kind == "too_short":
        return path, "must list at least one item", False
    if kind == "literal_error":
        return path, f"expected one of {ctx.get('expected', '')}; got {describe(value)}", False
    if kind == "string_too_long":
        return path, f"too long (at most {ctx.get('max_length')} characters)", False
    if kind == "end_before_start":
        return (*path, "end"), error["msg"], False
    if kind == "kind_without_claimant":
        return (*path, "claimant_kind"), error["msg"], False
    if kind in ("partial_date", "control_character", "empty_text"):
        return path, error["msg"], False
    return path, f"{error['msg']}; got {describe(value)}", False
