"""The dataset models: strict keys, immutable values, safe text and resolving references."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from facts import Claim, Dataset, Event, PartialDate, Source
from facts.model import dataset_json_schema


@pytest.fixture
def raw(mini_path) -> dict[str, Any]:
    """mini.yaml as plain data (dates as text, as the dataset loader keeps them)."""
    from facts.yaml_loader import load_yaml

    return load_yaml(mini_path.read_text(encoding="utf-8"))


def error_types(error: ValidationError) -> set[str]:
    return {detail["type"] for detail in error.errors()}


def test_the_mini_dataset_has_its_records_in_order(mini_dataset: Dataset) -> None:
    assert mini_dataset.id == "mini"
    assert [event.id for event in mini_dataset.events] == ["founding", "census", "vote"]
    assert [claim.id for claim in mini_dataset.claims] == ["c1", "c2"]
    assert mini_dataset.event_by_id["census"].date == PartialDate(2025, 1)
    assert mini_dataset.source_by_id["paper"].published == PartialDate(2025, 2, 20)
    assert mini_dataset.claim_by_id["c2"].reference is not None
    assert mini_dataset.claim_by_id["c2"].reference.verdict == "disputed"


def test_defaults_fill_what_a_curator_leaves_out(mini_dataset: Dataset) -> None:
    founding = mini_dataset.event_by_id["founding"]
    assert founding.end is None and founding.summary is None and founding.tags == []
    assert mini_dataset.claim_by_id["c2"].evidence == []


def test_a_loaded_dataset_cannot_be_changed(mini_dataset: Dataset) -> None:
    with pytest.raises(ValidationError):
        mini_dataset.title = "Another title"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        mini_dataset.events[0].title = "Another title"  # type: ignore[misc]


@pytest.mark.parametrize(
    "where",
    [
        (),
        ("events", 0),
        ("sources", 0),
        ("claims", 0),
        ("claims", 0, "evidence", 0),
        ("claims", 1, "reference"),
    ],
)
def test_an_unknown_key_anywhere_is_an_error(raw: dict[str, Any], where: tuple) -> None:
    record = raw
    for part in where:
        record = record[part]
    record["sumary"] = "a typo"
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    assert [detail["loc"] for detail in caught.value.errors()] == [(*where, "sumary")]


@pytest.mark.parametrize(
    "text", ["\x1b[2J", "a\x07b", "a\x00", "a\x7f", "a\x9bb", "a\rb", "\ud800"]
)
def test_control_characters_in_text_are_rejected(raw: dict[str, Any], text: str) -> None:
    raw["claims"][0]["text"] = text
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    assert error_types(caught.value) == {"control_character"}
    assert caught.value.errors()[0]["loc"] == ("claims", 0, "text")


def test_line_breaks_and_tabs_are_text(raw: dict[str, Any]) -> None:
    raw["claims"][0]["text"] = "First line.\n\tSecond line."
    assert Dataset.model_validate(raw).claims[0].text == "First line.\n\tSecond line."


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_rejected(raw: dict[str, Any], text: str) -> None:
    raw["events"][0]["title"] = text
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    assert error_types(caught.value) == {"empty_text"}


@pytest.mark.parametrize("good", ["a", "c1", "2025-vote", "ev_1.b", "A" * 128])
def test_well_formed_ids(good: str) -> None:
    assert Source(id=good, title="t").id == good


@pytest.mark.parametrize("bad", ["", "c 1", "-c1", ".c1", "c/1", "é", "A" * 129, "c1\n"])
def test_ids_must_be_well_formed(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Source(id=bad, title="t")
    assert error_types(caught.value) == {"string_pattern_mismatch"}


@pytest.mark.parametrize(
    "bad",
    [
        "example.org",
        "ftp://example.org",
        "https://exa mple.org",
        "javascript:alert(1)",
        "https://x\x1b",
    ],
)
def test_urls_must_be_web_addresses(bad: str) -> None:
    with pytest.raises(ValidationError):
        Source(id="s", title="t", url=bad)


def test_an_event_may_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as caught:
        Event(id="e", date="2025-02-19", end="2025-02-18", title="t")
    assert error_types(caught.value) == {"end_before_start"}
    with pytest.raises(ValidationError):
        Event(id="e", date="2025-02", end="2025-01", title="t")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-02-19", "2025-02-19"),
        ("2025-02-19", "2025-02"),
        ("2025-02", "2025"),
        ("2025", "2025-01-01"),
    ],
)
def test_an_end_that_may_be_on_or_after_the_start_is_accepted(start: str, end: str) -> None:
    # "From 19 February until some day in February" is honest, not an error.
    assert Event(id="e", date=start, end=end, title="t").end == PartialDate.parse(end)


def test_ids_must_be_unique_per_kind(raw: dict[str, Any]) -> None:
    raw["claims"][1]["id"] = "c1"
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    (detail,) = caught.value.errors()
    ((where, message),) = detail["ctx"]["problems"]
    assert where == ("claims", 1, "id")
    assert message.startswith("duplicate id 'c1': claims[0] already uses it")
    raw["claims"][1]["id"] = "founding"  # an event's id: ids are unique within a kind
    assert Dataset.model_validate(raw).claims[1].id == "founding"


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        (("claims", 0, "events", 0), "foundation", "unknown event id 'foundation'"),
        (("claims", 0, "appeared_in"), "radio", "unknown source id 'radio'"),
        (("claims", 0, "evidence", 0, "source"), "radio", "unknown source id 'radio'"),
        (("claims", 1, "reference", "sources", 0), "radio", "unknown source id 'radio'"),
        (("events", 0, "sources", 0), "radio", "unknown source id 'radio'"),
    ],
)
def test_every_reference_must_resolve(
    raw: dict[str, Any], path: tuple, value: str, says: str
) -> None:
    record = raw
    for part in path[:-1]:
        record = record[part]
    record[path[-1]] = value
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    (detail,) = caught.value.errors()
    assert detail["type"] == "integrity"
    ((where, message),) = detail["ctx"]["problems"]
    assert where == path
    assert message.startswith(says)


def test_a_claim_must_be_about_at_least_one_event(raw: dict[str, Any]) -> None:
    raw["claims"][0]["events"] = []
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    assert error_types(caught.value) == {"too_short"}


def test_only_schema_version_1_is_read(raw: dict[str, Any]) -> None:
    raw["schema_version"] = 2
    with pytest.raises(ValidationError):
        Dataset.model_validate(raw)


def test_yaml_scalars_that_are_not_text_are_not_silently_turned_into_text(
    raw: dict[str, Any],
) -> None:
    raw["events"][0]["title"] = True  # what YAML makes of `title: yes`
    raw["claims"][0]["id"] = 2025
    with pytest.raises(ValidationError) as caught:
        Dataset.model_validate(raw)
    assert error_types(caught.value) == {"string_type"}


def test_the_fingerprint_changes_with_the_statement_not_with_the_evidence(
    mini_dataset: Dataset,
) -> None:
    claim = mini_dataset.claims[0]
    data = claim.model_dump()
    more_evidence = copy.deepcopy(data)
    more_evidence["evidence"].append({"source": "paper", "note": "A second reading."})
    reworded = dict(data, text="The town was founded in 2008.")
    assert Claim.model_validate(more_evidence).fingerprint == claim.fingerprint
    assert Claim.model_validate(reworded).fingerprint != claim.fingerprint


def test_dumping_to_json_writes_dates_as_the_curator_did(mini_dataset: Dataset) -> None:
    dumped = mini_dataset.model_dump(mode="json")
    assert [event["date"] for event in dumped["events"]] == ["2009", "2025-01", "2025-02-19"]
    assert Dataset.model_validate(dumped) == mini_dataset
    assert '"date":"2025-01"' in mini_dataset.model_dump_json()


def test_dumping_to_python_validates_again(mini_dataset: Dataset) -> None:
    dumped = mini_dataset.model_dump()
    assert dumped["events"][1]["date"] == "2025-01"
    assert Dataset.model_validate(dumped) == mini_dataset


def test_the_json_schema_is_strict_and_describes_partial_dates() -> None:
    schema = dataset_json_schema()
    assert schema["title"] == "claimline dataset"
    assert schema["additionalProperties"] is False
    for name in ("Event", "Claim", "Source", "Evidence", "Reference"):
        assert schema["$defs"][name]["additionalProperties"] is False
    date = schema["$defs"]["Event"]["properties"]["date"]
    patterns = [option.get("pattern") for option in date["anyOf"]]
    assert any(pattern and "[0-9]" in pattern for pattern in patterns)


@pytest.mark.parametrize("kind", ["person", "organization"])
def test_a_claimant_may_be_a_person_or_an_organization(mini_dataset: Dataset, kind: str) -> None:
    data = mini_dataset.claims[0].model_dump()
    claim = Claim.model_validate(dict(data, claimant_kind=kind))
    assert claim.claimant_kind == kind
    # Saying what the claimant is does not change what was judged.
    assert claim.fingerprint == mini_dataset.claims[0].fingerprint
    assert mini_dataset.claims[0].claimant_kind is None  # left out: not known


def test_a_claimant_kind_needs_a_known_value_and_a_claimant(mini_dataset: Dataset) -> None:
    data = mini_dataset.claims[0].model_dump()
    with pytest.raises(ValidationError) as caught:
        Claim.model_validate(dict(data, claimant_kind="company"))
    assert error_types(caught.value) == {"literal_error"}
    with pytest.raises(ValidationError) as caught:
        Claim.model_validate(dict(data, claimant=None, claimant_kind="person"))
    assert error_types(caught.value) == {"kind_without_claimant"}
