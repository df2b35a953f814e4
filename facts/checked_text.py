"""A second validator of the dataset format, for JSON whose text was checked as a whole.

Every text field runs `_check_text` (no control characters, not blank): a Python call per
field, a fifth of a 100,000-claim load. In a JSON file a control character can only come
from a raw DEL or C1 character (C0 characters are refused by the JSON parser itself) or
from a `\\u` escape of one, so one scan of the file's bytes shows that no field can hold
one. When it shows that, the dataset is validated by this validator: the same schema with
each `_check_text` replaced by the same rule for blank text, checked by Pydantic in Rust.

Any problem sends the file through the full validator, so people see the same messages.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import SchemaValidator, core_schema

from facts.model import Dataset, Evidence, Record, Reference, Source, _check_text

# What could become a forbidden character: raw DEL, raw C1 (UTF-8 C2 80 to C2 9F), and
# escapes of C0 (the short `\b`, `\f` and `\r` too), DEL, C1 and surrogates. An escaped
# backslash before the letter may match as well (text that shows `\u0000`): that only
# sends the file down the full path.
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_ESCAPE = re.compile(rb"\\(?:[bfr]|u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]))")


def json_text_is_clean(data: bytes) -> bool:
    """Whether no string of this JSON document can hold a control character or surrogate."""
    return b"\x7f" not in data and _C1.search(data) is None and _ESCAPE.search(data) is None


_VALIDATOR: SchemaValidator | None = None


def validator() -> SchemaValidator:
    """The dataset validator without per-field text checks (compiled once, on first use)."""
    global _VALIDATOR
    if _VALIDATOR is None:
        schema = _without_text_checks(Dataset.__pydantic_core_schema__)
        # pydantic-core reuses a complete model's own validator for its "model" node
        # (common/prebuilt.rs), text checks and all: Source, Evidence and Reference,
        # having no validator of their own, would keep `_check_text`. Marked incomplete
        # while this one is built, they are compiled from the rewritten schema.
        reused = [model for model in (Source, Evidence, Reference) if _is_complete(model)]
        for model in reused:
            model.__pydantic_complete__ = False
        try:
            _VALIDATOR = SchemaValidator(schema)
        finally:
            for model in reused:
                model.__pydantic_complete__ = True
    return _VALIDATOR


def _is_complete(model: type[Record]) -> bool:
    return bool(vars(model).get("__pydantic_complete__"))


def _without_text_checks(node: Any) -> Any:
    """A copy of a core schema in which `_check_text` is Rust's "holds a non-space"."""
    if isinstance(node, list):
        return [_without_text_checks(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "function-after" and node["function"].get("function") is _check_text:
        # Python's isspace and Rust's \s agree on every character but control ones.
        return core_schema.chain_schema(
            [_without_text_checks(node["schema"]), core_schema.str_schema(pattern=r"\S")]
        )
    return {key: _without_text_checks(value) for key, value in node.items()}
