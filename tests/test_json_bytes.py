"""A JSON dataset validated straight from its bytes (facts/json_bytes.py) is the dataset
the full loader gives, and a key given twice in any object is still refused and located,
however the file is spaced and whatever its strings hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facts import Dataset, DatasetError, load_bytes
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
