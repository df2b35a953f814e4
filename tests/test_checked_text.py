"""The JSON fast path (facts/checked_text.py) accepts and refuses exactly what the full
validator does, for any text, once a scan of the file's bytes has found it clean."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from facts import load_bytes
from facts.checked_text import json_text_is_clean, validator
from facts.model import Dataset


def dataset_with(text: str, *, as_tag: bool = True) -> dict[str, object]:
    return {
        "schema_version": 1,
        "id": "d",
        "title": text,
        "events": [{"id": "e", "date": "2025", "title": "t", "tags": [text] if as_tag else []}],
        "claims": [{"id": "c", "text": text, "events": ["e"], "what_to_check": [text]}],
    }


def accepts(validate: object, raw: object) -> bool:
    try:
        validate(raw)  # type: ignore[operator]
    except ValidationError:
        return False
    return True


@given(st.text(max_size=20))
def test_clean_json_is_judged_by_both_validators_alike(text: str) -> None:
    raw = dataset_with(text)
    for ascii_only in (True, False):
        try:
            data = json.dumps(raw, ensure_ascii=ascii_only).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate cannot be written as UTF-8
            continue
        if json_text_is_clean(data):
            parsed = json.loads(data)
            assert accepts(validator().validate_python, parsed) == accepts(
                Dataset.model_validate, parsed
            )


@pytest.mark.parametrize(
    "text", ["a\x7fb", "a\x9bb", "\x1b[31m", "\u0085", "\ud800", "tab\tok\nline", "  "]
)
def test_anything_the_text_check_refuses_is_not_called_clean(text: str) -> None:
    raw = dataset_with(text, as_tag=False)  # a tag has its own pattern, without newlines
    data = json.dumps(raw, ensure_ascii=False).encode("utf-8", "surrogatepass")
    escaped = json.dumps(raw).encode("ascii")
    refused = not accepts(Dataset.model_validate, raw)
    if refused and text.strip():
        assert not json_text_is_clean(escaped)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:  # raw surrogates: the loader refuses the file as not UTF-8
            return
        assert not json_text_is_clean(data)


def test_a_blank_text_is_refused_with_the_usual_message() -> None:
    data = json.dumps(dataset_with("   ")).encode()
    assert json_text_is_clean(data)
    with pytest.raises(Exception) as raised:
        load_bytes(data, "blank.json")
    assert "must not be empty" in str(raised.value)
