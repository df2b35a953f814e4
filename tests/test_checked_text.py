"""The JSON fast path (facts/checked_text.py) accepts and refuses exactly what the full
validator does, for any text, once a scan of the file's bytes has found it clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from facts import DatasetError, load_bytes
from facts.checked_text import json_text_is_clean, validated, validator
from facts.dates import PartialDate
from facts.model import Dataset
from facts.yaml_loader import load_yaml


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


# -- the rules checked over the whole dataset, and dates looked up in C -------------------

BAD = Path(__file__).parent / "bad"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("name", "key"), [("end-before-start.yaml", '"end"'), ("claimant-kind.yaml", '"claimant_kind"')]
)
def test_a_record_rule_broken_in_json_is_reported_at_the_record_as_in_yaml(
    name: str, key: str
) -> None:
    """The fast validator leaves the event's and the claim's own rules to `validated`; a
    JSON file that breaks one still gets the full validator's report, at the field."""
    text = json.dumps(load_yaml((BAD / name).read_text("utf-8")), indent=2)
    assert json_text_is_clean(text.encode())
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "bad.json")
    # Each expected problem is at the value of the key's next occurrence, in order.
    places = []
    start = 0
    for _ in EXPECTED[name]:
        value = text.index(key, start) + len(key) + len(": ")
        places.append(f"{text[:value].count(chr(10)) + 1}:{value - text.rfind(chr(10), 0, value)}")
        start = value
    assert [str(problem) for problem in caught.value.problems] == [
        f"bad.json:{place}: {expected.split(': ', 1)[1]}"  # the YAML file's place left out
        for place, expected in zip(places, EXPECTED[name], strict=True)
    ]


DATES = st.one_of(
    st.integers(-10_001, 10_001),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.from_regex(r"\A-?[0-9]{1,5}(-[0-9]{1,2}(-[0-9]{1,2})?)?\Z"),
    st.text(max_size=12),
)


@given(DATES, st.one_of(st.none(), DATES), st.booleans(), st.booleans(), DATES, DATES)
def test_dates_and_record_rules_are_judged_by_both_validators_alike(
    date: object, end: object, kind: bool, claimant: bool, appeared_on: object, published: object
) -> None:
    """Dates (cached by their exact str or int: `True == 1` and `2025.0 == 2025` must not
    find a cached year), an end before the start and a kind without a claimant. The fast
    validator leaves dates as written until `checked_records` looks them up: what it
    accepts is the full validator's dataset, every date a PartialDate."""
    raw = dataset_with("text")
    event: dict[str, object] = {"id": "e", "date": date, "title": "t"}
    if end is not None:
        event["end"] = end
    claim: dict[str, object] = {"id": "c", "text": "t", "events": ["e"]}
    if kind:
        claim["claimant_kind"] = "person"
    if claimant:
        claim["claimant"] = "Ana"
    raw["sources"] = [{"id": "s", "title": "t", "published": published}]
    raw["events"] = [{"id": "year-one", "date": 1, "title": "t"}, event]
    raw["claims"] = [claim, {"id": "c2", "text": "t", "events": ["e"], "appeared_on": appeared_on}]
    fast = validated(raw)
    assert (fast is not None) == accepts(Dataset.model_validate, raw)
    if fast is not None:
        full = Dataset.model_validate(raw)
        assert fast == full
        assert fast.model_dump() == full.model_dump()
        dates = [fast.sources[0].published, fast.claims[1].appeared_on]
        dates += [day for event in fast.events for day in (event.date, event.end) if day]
        assert all(isinstance(day, PartialDate) for day in dates)
