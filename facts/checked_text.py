"""A second validator of the dataset format, for JSON whose text was checked as a whole.

Every text field runs `_check_text` (no control characters, not blank): a Python call per
field, a fifth of a 100,000-claim load. In a JSON file a control character can only come
from a raw DEL or C1 character (C0 characters are refused by the JSON parser itself) or
from a `\\u` escape of one, so one scan of the file's bytes shows that no field can hold
one. When it shows that, the dataset is validated by this validator: the same schema with
each `_check_text` replaced by the same rule for blank text, checked by Pydantic in Rust.

Two more Python calls per record are left out of this validator: an event's rule that it
does not end before it starts and a claim's that a claimant kind has a claimant; so is the
dataset's check that ids are unique and references resolve. `facts.model.checked_records`
checks all three afterwards in one pass over the records.
A date is left as written (an exact str or int) and the same pass replaces it by its
shared PartialDate, a dict lookup instead of a Python call from Rust for each date.

Any problem sends the file through the full validator, so people see the same messages.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import SchemaValidator, core_schema

from facts.model import (
    Claim,
    Dataset,
    Event,
    Evidence,
    Record,
    Reference,
    Source,
    _check_text,
    _shared_date,
    checked_records,
)

# What could become a forbidden character: raw DEL, raw C1 (UTF-8 C2 80 to C2 9F), and
# escapes of C0 (the short `\b`, `\f` and `\r` too), DEL, C1 and surrogates. An escaped
# backslash before the letter may match as well (text that shows `\u0000`): that only
# sends the file down the full path.
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_ESCAPE = re.compile(rb"\\(?:[bfr]|u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]))")


def json_text_is_clean(data: bytes) -> bool:
    """Whether no string of this JSON document can hold a control character or surrogate."""
    # `in` runs at memchr speed, a regular expression at a fifth of it: each search runs
    # only when its first byte is in the file at all.
    return (
        b"\x7f" not in data
        and (b"\xc2" not in data or _C1.search(data) is None)
        and (b"\\" not in data or _ESCAPE.search(data) is None)
    )


_VALIDATOR: SchemaValidator | None = None

# The records' own rules that `facts.model.checked_records` checks over the whole dataset.
_DATASET_WIDE = (
    Event._end_not_before_start,
    Claim._kind_has_a_claimant,
    Dataset._references_resolve,
)


def validated(raw: Any) -> Dataset | None:
    """The dataset in `raw` by this validator and the rules it leaves out, or None when
    anything is wrong (the full validator then says what, with the usual messages)."""
    try:
        dataset: Dataset = validator().validate_python(raw)
    except ValidationError:
        return None
    return dataset if checked_records(dataset, written_dates=True) else None


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


# A date as written, an exact str or int (strict: no bool, no float, so `True == 1` and
# `2025.0 == 2025` never reach a cached year), which `checked_records` looks up in the
# shared dates. Anything else is refused, and the full validator says why.
_WRITTEN_DATE = core_schema.union_schema(
    [core_schema.str_schema(strict=True), core_schema.int_schema(strict=True)]
)


def _without_text_checks(node: Any) -> Any:
    """A copy of a core schema in which `_check_text` is Rust's "holds a non-space", the
    rules `facts.model.checked_records` checks are left out and dates are left as written."""
    if isinstance(node, list):
        return [_without_text_checks(item) for item in node]
    if not isinstance(node, dict):
        return node
    function = node["function"].get("function") if isinstance(node.get("function"), dict) else None
    if node.get("type") == "function-after" and function in _DATASET_WIDE:
        return _without_text_checks(node["schema"])
    if node.get("type") == "function-wrap" and function is _shared_date:
        return _WRITTEN_DATE
    if node.get("type") == "function-after" and function is _check_text:
        # Python's isspace and Rust's \s agree on every character but control ones.
        return core_schema.chain_schema(
            [_without_text_checks(node["schema"]), core_schema.str_schema(pattern=r"\S")]
        )
    return {key: _without_text_checks(value) for key, value in node.items()}
