"""Whatever a file holds, loading gives a Dataset or a clean DatasetError, never a traceback."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facts import Dataset, DatasetError, load_bytes
from facts.yaml_loader import load_yaml

MINI_BYTES = (Path(__file__).parent / "data" / "mini.yaml").read_bytes()
MINI: dict[str, Any] = load_yaml(MINI_BYTES.decode("utf-8"))
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
NAMES = ["data.yaml", "data.json", "data"]
# Each example takes about a millisecond: these counts keep the file under ten seconds.
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(FUZZ, max_examples=2000)
FEW = settings(FUZZ, max_examples=300)


def load_or_error(data: bytes, name: str) -> Dataset | DatasetError:
    """The only two outcomes allowed; anything else propagates and fails the test."""
    try:
        return load_bytes(data, name)
    except DatasetError as error:
        assert error.problems, "an error must say what is wrong"
        report = error.report()
        assert not RAW_CONTROL.search(report), f"raw control character in {report!r}"
        return error


# -- arbitrary bytes --------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(NAMES))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    load_or_error(data, name)


@FUZZ
@given(st.text(max_size=500), st.sampled_from(NAMES))
def test_arbitrary_text(text: str, name: str) -> None:
    load_or_error(text.encode("utf-8", errors="surrogatepass"), name)


@st.composite
def edited_bytes(draw: st.DrawFn) -> bytes:
    """mini.yaml with a few bytes inserted, deleted or replaced."""
    data = bytearray(MINI_BYTES)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(
            st.binary(min_size=1, max_size=4)
            | st.sampled_from(
                [b"\x1b", b"\t", b":", b"-", b"[", b"{", b"'", b'"', b"&a", b"*a", b"!!", b"\xff"]
            )
        )
        if edit == "insert":
            data[at:at] = chunk
        elif edit == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


@FUZZ
@given(edited_bytes(), st.sampled_from(["mini.yaml", "mini"]))
def test_byte_edits_of_a_valid_file(data: bytes, name: str) -> None:
    load_or_error(data, name)


# -- mutations of the parsed dataset ------------------------------------------------------

Path_ = tuple[str | int, ...]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "",
            " ",
            "2025",
            "2025-02-30",
            "2025-13",
            "x y",
            "\x1b[2J",
            "https://x.org",
            "paper",
            "founding",
            "c1",
            "verified",
            "yes",
            "0",
            "-1",
        ]
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
keys = st.text(max_size=10) | st.sampled_from(
    [
        "id",
        "title",
        "date",
        "end",
        "events",
        "sources",
        "claims",
        "text",
        "source",
        "tags",
        "evidence",
        "reference",
        "verdict",
        "schema_version",
        "summary",
        "sumary",
    ]
)


def node_paths(node: Any, path: Path_ = ()) -> list[Path_]:
    """Every path below the root, containers and leaves alike."""
    found: list[Path_] = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += node_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += node_paths(value, (*path, index))
    return found


def parent_of(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A deep copy of mini.yaml's data with one to four things changed."""
    data = copy.deepcopy(MINI)
    for _ in range(draw(st.integers(1, 4))):
        paths = node_paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = parent_of(data, path), path[-1]
        operation = draw(
            st.sampled_from(["drop", "rename", "replace", "control", "duplicate", "swap", "wrap"])
        )
        if operation == "drop":
            del parent[last]
        elif operation == "rename" and isinstance(parent, dict):
            parent[draw(keys)] = parent.pop(last)
        elif operation == "replace":
            parent[last] = draw(values)
        elif operation == "control" and isinstance(parent[last], str):
            text, at = parent[last], draw(st.integers(0, len(parent[last])))
            char = draw(st.sampled_from(["\x1b", "\x00", "\x07", "\x7f", "\x9b", "\r", "\u2028"]))
            parent[last] = text[:at] + char + text[at:]
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif operation == "swap":
            other = draw(st.sampled_from(paths))
            other_parent = parent_of(data, other)
            if path[: len(other)] != other and other[: len(path)] != path:
                parent[last], other_parent[other[-1]] = other_parent[other[-1]], parent[last]
        elif operation == "wrap":
            parent[last] = draw(st.sampled_from([[parent[last]], {"value": parent[last]}]))
    return data


def as_json(data: Any) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def as_yaml(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@MANY
@given(mutated(), st.sampled_from([(as_json, "mutated.json"), (as_yaml, "mutated.yaml")]))
def test_mutations_give_a_dataset_or_located_problems(data: dict[str, Any], form: tuple) -> None:
    serialise, name = form
    outcome = load_or_error(serialise(data), name)
    if isinstance(outcome, DatasetError):
        # The file parses (it was written by a serialiser), so every problem has a place.
        for problem in outcome.problems:
            assert problem.line is not None and problem.column is not None, str(problem)


@FEW
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x85"),
        min_size=1,
        max_size=40,
    ).filter(str.strip),
    st.sampled_from([(as_json, "text.json"), (as_yaml, "text.yaml")]),
)
def test_any_printable_text_survives_the_round_trip_unchanged(text: str, form: tuple) -> None:
    serialise, name = form
    data = copy.deepcopy(MINI)
    data["claims"][0]["text"] = text
    data["events"][0]["title"] = text
    dataset = load_bytes(serialise(data), name)
    assert dataset.claims[0].text == text
    assert dataset.events[0].title == text
