"""A JSON dataset validated straight from its bytes (facts/json_bytes.py) is the dataset
the full loader gives, and a key given twice in any object is still refused and located,
however the file is spaced and whatever its strings hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jiter import from_json

from facts import Dataset, DatasetError, json_bytes, load_bytes
from facts.load import _parse_json
from facts.yaml_loader import load_yaml

MINI: dict[str, Any] = load_yaml((Path(__file__).parent / "data" / "mini.yaml").read_text())
# How people and tools put a key and its value together.
SEPARATORS = [": ", ":", " : ", "\n:\t", "  :"]


def objects(value: Any) -> list[dict[str, Any]]:
    """Every JSON object of a parsed document, the top level first."""
    if isinstance(value, dict):
        return [value] + [found for item in value.values() for found in objects(item)]
    if isinstance(value, list):
        return [found for item in value for found in objects(item)]
    return []


def written(
    value: Any, separator: str, repeat_in: object = None, key: str = "", again: str = ": "
) -> str:
    """JSON text of `value`; the object `repeat_in` gives `key` a second time, after the
    separator `again`."""

    def write(item: Any) -> str:
        return written(item, separator, repeat_in, key, again)

    if isinstance(value, dict):
        pairs = [f"{json.dumps(name)}{separator}{write(item)}" for name, item in value.items()]
        if value is repeat_in:
            pairs.append(f"{json.dumps(key)}{again}{write(value[key])}")
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list):
        return "[" + ",\n".join(write(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from(SEPARATORS), st.sampled_from(SEPARATORS))
def test_a_key_given_twice_in_any_object_is_refused(
    data: st.DataObject, separator: str, again: str
) -> None:
    target = data.draw(st.sampled_from(objects(MINI)))
    key = data.draw(st.sampled_from(sorted(target)))
    text = written(MINI, separator, target, key, again)
    assert json_bytes.validated(text.encode()) is None  # the fast path refuses it at once
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "twice.json")
    (problem,) = caught.value.problems
    assert f"{key!r} appears twice" in problem.message


@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize(
    "claim_text",
    ["plain words", ": starts with a colon", 'he said "yes": twice', 'ends in a quote"', "a\\\\"],
)
def test_a_valid_file_loads_as_the_full_validator_reads_it(separator: str, claim_text: str) -> None:
    raw = json.loads(json.dumps(MINI))
    raw["claims"][0]["text"] = claim_text
    raw["events"][0]["summary"] = f"{claim_text}: {json.dumps({'a': 1})}"
    dataset = load_bytes(written(raw, separator).encode(), "good.json")
    assert dataset == Dataset.model_validate(raw)
    assert dataset.model_dump() == Dataset.model_validate(raw).model_dump()


def test_a_repeated_key_in_a_nested_record_is_located() -> None:
    evidence = next(obj for obj in objects(MINI) if "source" in obj and "id" not in obj)
    text = written(MINI, ": ", evidence, "source")
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "twice.json")
    (problem,) = caught.value.problems
    line = text.splitlines()[problem.line - 1]  # type: ignore[operator]
    assert problem.message == "the key 'source' appears twice; keep one"
    assert line[problem.column - 1 :].startswith('"source"')  # type: ignore[operator]


def test_a_key_given_twice_with_an_escape_is_refused() -> None:
    """`"\\u0069d"` is the key `id`: the file gives it twice, however it is written."""
    text = json.dumps(MINI, indent=1).replace('"id": ', '"\\u0069d": "x", "id": ', 2)
    assert json_bytes.validated(text.encode()) is None
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "twice.json")
    (problem,) = caught.value.problems
    assert problem.message == "the key 'id' appears twice; keep one"
    line = text.splitlines()[problem.line - 1]  # type: ignore[operator]
    assert line[problem.column - 1 :].startswith('"id"')  # type: ignore[operator]


# -- the parse: jiter reads no JSON that json.loads (with the duplicate-key hook) refuses --

# What JSON text is made of, and what it must not hold: edits of a valid file with these
# make numbers with leading zeros, trailing commas, bad escapes, lone surrogates, raw
# control characters, broken UTF-8, NaN, text after the end, keys given twice (one of
# them escaped), and many valid files.
PIECES = [
    b'"', b"\\", b"\\u", b"\\ud800", b"\\u0041", b"0", b"01", b"-", b".", b"e", b"E+", b"1",
    b",", b":", b"{", b"}", b"[", b"]", b" ", b"\t", b"\n", b"\x00", b"\x0c", b"\x1f", b"\x7f",
    b"\xff", b"\xc2\x85", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"NaN", b"Infinity", b"true",
    b"null", b"/", b"x", b'"id": "x", ', b', "title": "t"', b'"\\u0069d": "y", ',
]  # fmt: skip


@st.composite
def edited_json(draw: st.DrawFn) -> bytes:
    """A JSON dataset (one of the spacings) with a few pieces inserted, deleted or replaced."""
    data = bytearray(written(MINI, draw(st.sampled_from(SEPARATORS))).encode())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        chunk = draw(st.sampled_from(PIECES) | st.binary(min_size=1, max_size=3))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        if edit == "insert":
            data[at:at] = chunk
        elif edit == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


def typed(value: Any) -> Any:
    """A value with its types spelled out: `True == 1` and `1.0 == 1` must not pass."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, repr(value))


EDITS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EDITS
@given(edited_json())
def test_what_the_fast_parse_reads_json_loads_reads_alike(data: bytes) -> None:
    try:
        fast = from_json(data, allow_inf_nan=False, cache_mode="keys", catch_duplicate_keys=True)
    except ValueError:
        return  # refused: the file goes the slow way, which says what is wrong
    assert typed(fast) == typed(_parse_json(data.decode("utf-8")))


@EDITS
@given(edited_json())
def test_the_fast_path_accepts_only_what_the_full_loader_accepts(data: bytes) -> None:
    fast = json_bytes.validated(data)
    if fast is not None:
        full = Dataset.model_validate(_parse_json(data.decode("utf-8")))
        assert fast == full
        assert fast.model_dump() == full.model_dump()
