"""The loader: good files load, and every bad file gets located, readable problems."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

import facts
from facts import Dataset, DatasetError, load, load_bytes

LOADER = sys.modules["facts.load"]  # `facts.load` is also the name of the function
BAD = Path(__file__).parent / "bad"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
BAD_FILES = sorted(path.name for path in BAD.iterdir() if path.name != "expected.yaml")
# What a terminal would act on: C0 (except line feed), DEL and C1.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def problem_lines(name: str, **kwargs) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load(name, **kwargs)
    return [str(problem) for problem in caught.value.problems]


# -- good files ------------------------------------------------------------------------


def test_a_yaml_file_loads_with_dates_as_written(mini_path: Path) -> None:
    dataset = load(mini_path)
    assert isinstance(dataset, Dataset)
    assert (len(dataset.events), len(dataset.claims)) == (3, 2)
    # YAML would make `2025-02-19` a datetime.date and `2025-01` text: neither changes.
    assert [event.date.iso() for event in dataset.events] == ["2009", "2025-01", "2025-02-19"]
    assert dataset.sources[0].published is not None
    assert dataset.sources[0].published.iso() == "2025-02-20"


def test_the_same_dataset_in_json_loads_the_same(mini_dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "mini.json"
    path.write_text(mini_dataset.model_dump_json(indent=2), encoding="utf-8")
    assert load(path) == mini_dataset
    assert load(str(path)) == mini_dataset


def test_a_file_without_a_known_suffix_is_read_by_its_first_character(
    mini_dataset: Dataset, tmp_path: Path
) -> None:
    (tmp_path / "as-json").write_text(mini_dataset.model_dump_json(), encoding="utf-8")
    (tmp_path / "as-yaml.txt").write_bytes((Path(__file__).parent / "data/mini.yaml").read_bytes())
    assert load(tmp_path / "as-json") == mini_dataset
    assert load(tmp_path / "as-yaml.txt") == mini_dataset


def test_a_yml_suffix_is_yaml(mini_path: Path, mini_dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "mini.yml"
    path.write_bytes(mini_path.read_bytes())
    assert load(path) == mini_dataset


def test_a_byte_order_mark_and_windows_line_ends_are_fine(
    mini_path: Path, mini_dataset: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + mini_path.read_bytes().replace(b"\n", b"\r\n"))
    assert load(path) == mini_dataset


def test_load_bytes_takes_the_format_from_the_caller(mini_dataset: Dataset) -> None:
    data = mini_dataset.model_dump_json().encode()
    assert load_bytes(data, "pasted", format="json") == mini_dataset


def test_a_valid_file_is_not_parsed_a_second_time_for_positions(
    mini_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(text: str):
        raise AssertionError("positions are only for files with problems")

    from facts.positions import POSITION_FINDERS

    monkeypatch.setitem(POSITION_FINDERS, "yaml", refuse)
    monkeypatch.setitem(POSITION_FINDERS, "json", refuse)
    assert load(mini_path).id == "mini"


# -- the folder of bad files -----------------------------------------------------------


def test_every_bad_file_has_its_expected_problems_listed() -> None:
    assert sorted(EXPECTED) == BAD_FILES


@pytest.mark.parametrize("name", BAD_FILES)
def test_each_bad_file_reports_exactly_its_expected_problems(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)
    with pytest.raises(DatasetError) as caught:
        load(name)
    error = caught.value
    assert [str(problem) for problem in error.problems] == EXPECTED[name]
    count = len(EXPECTED[name])
    assert error.report().splitlines()[0] == f"{name}: {count} problem{'s' * (count != 1)}"
    assert not RAW_CONTROL.search(error.report()), "a raw control character reached the report"


def test_the_issue_example_reads_as_promised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert problem_lines("date-words.yaml") == [
        "date-words.yaml:10:11: events[0].date: "
        "expected a date like 2025, 2025-02 or 2025-02-19, got 'Febuary 2025'"
    ]


def test_problems_are_in_file_order_and_each_has_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    for name in ("several-problems.yaml", "several-problems.json"):
        with pytest.raises(DatasetError) as caught:
            load(name)
        problems = caught.value.problems
        assert len(problems) >= 7
        assert all(problem.line is not None and problem.column is not None for problem in problems)
        positions = [(problem.line, problem.column) for problem in problems]
        assert positions == sorted(positions)


def test_json_problems_point_at_the_line_of_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    lines = (BAD / "several-problems.json").read_text().splitlines()
    with pytest.raises(DatasetError) as caught:
        load("several-problems.json")
    for problem in caught.value.problems:
        assert problem.line is not None and problem.column is not None
        at = lines[problem.line - 1][problem.column - 1 :]
        # Each position starts the offending key or value, never whitespace or punctuation.
        assert at[0] in '"[{', (problem.field, at)


def test_the_unknown_key_message_suggests_the_allowed_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    (line,) = problem_lines("unknown-key.yaml")
    assert "did you mean 'summary'?" in line
    assert "allowed here: id, date, end, title, summary, tags, sources" in line


# -- files that cannot be read at all ---------------------------------------------------


def test_a_folder_is_not_a_dataset() -> None:
    assert problem_lines(str(BAD)) == [
        f"{BAD}: this is a folder; give the path of a .yaml or .json dataset file in it"
    ]


def test_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert problem_lines(str(missing)) == [
        f"{missing}: no such file; check the path (`claimline datasets` lists the bundled ones)"
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(mini_path: Path) -> None:
    assert problem_lines(str(mini_path), max_bytes=100) == [
        f"{mini_path}: the file is larger than 100 bytes, the limit for a dataset; "
        "split it into several datasets"
    ]


def test_the_default_limit_is_200_mb() -> None:
    from facts import file_read

    assert LOADER.MAX_BYTES == file_read.MAX_BYTES == 200 * 2**20
    assert "200 MB" in file_read._size(file_read.MAX_BYTES)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_cut_off_at_the_limit() -> None:
    (line,) = problem_lines("/dev/zero", max_bytes=100)
    assert "larger than 100 bytes" in line


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(mini_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_bytes(mini_path.read_bytes())
    path.chmod(0)
    (line,) = problem_lines(str(path))
    assert line == f"{path}: cannot read it: Permission denied; check its permissions"


# -- the edges of the formats -----------------------------------------------------------


def test_each_raw_control_character_is_located() -> None:
    text = (
        "schema_version: 1\nid: x\ntitle: t\nevents: [{id: e, date: 2025, title: t}]\n"
        "description: \x1b[31mred\x1b[0m and \x07\n"
    )
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "x.yaml")
    assert [(p.line, p.column, p.message.split(" is ")[0]) for p in caught.value.problems] == [
        (5, 14, "control character U+001B"),
        (5, 22, "control character U+001B"),
        (5, 31, "control character U+0007"),
    ]


def test_a_raw_tab_in_a_json_string_says_how_to_write_it() -> None:
    with pytest.raises(DatasetError) as caught:
        load_bytes(b'{"a": "tab\there"}', "x.json")
    assert [str(p) for p in caught.value.problems] == [
        "x.json:1:11: not valid JSON: a tab or line break inside a string; write it as \\t or \\n"
    ]


def test_a_json_file_cut_short_says_where_its_last_string_began() -> None:
    with pytest.raises(DatasetError) as caught:
        load_bytes(b'{"schema_version": 1,\n "title": "Half a fi', "x.json")
    assert [str(p) for p in caught.value.problems] == [
        "x.json:2:11: not valid JSON: a string starts here and is never closed (is the file "
        "cut short?); add its closing quote"
    ]


def test_text_after_the_dataset_is_reported_where_it_starts() -> None:
    with pytest.raises(DatasetError) as caught:
        load_bytes(b'{"schema_version": 1}\n{"id": "again"}', "x.json")
    assert [str(p) for p in caught.value.problems] == [
        "x.json:2:1: not valid JSON: more text after the end of the JSON; remove it"
    ]


def test_a_binary_file_lists_a_few_control_characters_not_thousands() -> None:
    with pytest.raises(DatasetError) as caught:
        load_bytes(bytes(range(1, 9)) * 1000, "blob.yaml")
    problems = caught.value.problems
    assert len(problems) == 21
    assert str(problems[-1]) == "blob.yaml: and 7980 more control characters"


def test_json_duplicate_keys_are_refused_like_yaml_ones(mini_dataset: Dataset) -> None:
    text = '{"schema_version": 1, "schema_version": 1}'
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "twice.json")
    assert [str(p) for p in caught.value.problems] == [
        "twice.json:1:23: the key 'schema_version' appears twice; keep one"
    ]


def test_json_duplicate_keys_are_named_even_where_yaml_cannot_locate_them() -> None:
    text = '{"schema_version":\t1, "schema_version": 1}'  # a tab: JSON, but not YAML
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "twice.json")
    (problem,) = caught.value.problems
    assert "'schema_version' appears twice" in problem.message


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deep_nesting_inside_a_field_is_a_clean_error(suffix: str) -> None:
    nested = "[" * 50_000 + "]" * 50_000
    if suffix == ".json":
        text = '{"schema_version": 1, "id": "x", "title": ' + nested + "}"
    else:
        text = "schema_version: 1\nid: x\ntitle: " + nested + "\n"
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "deep" + suffix)
    assert "nest" in caught.value.problems[0].message


def test_a_long_value_is_shortened_in_messages() -> None:
    text = "schema_version: 1\nid: x\ntitle: t\nevents: [{id: e, title: t, date: " + "x" * 5000
    with pytest.raises(DatasetError) as caught:
        load_bytes((text + "}]\n").encode(), "long.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "events[0].date"
    assert len(problem.message) < 200


@pytest.mark.parametrize("name", ["long.yaml", "long.json"])
def test_a_number_too_long_for_python_is_a_located_problem(name: str) -> None:
    text = '{"schema_version": 1, "id": ' + "9" * 5000 + "}"
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), name)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{name}:1:29: a number with more than 4300 digits; put it in quotes if it is text"
    ]


def test_yaml_timestamps_and_numbers_stay_what_was_written() -> None:
    text = (
        "schema_version: 1\nid: x\ntitle: t\n"
        "events:\n"
        "  - {id: a, date: 2025-02-19, title: t}\n"
        "  - {id: b, date: 2025-02, title: t}\n"
        "  - {id: c, date: 1999, title: t}\n"
        "  - {id: d, date: '0044', title: t}\n"
    )
    dataset = load_bytes(text.encode(), "dates.yaml")
    assert [event.date.iso() for event in dataset.events] == [
        "2025-02-19",
        "2025-02",
        "1999",
        "0044",
    ]


def test_a_dataset_error_is_an_exception_with_the_whole_report() -> None:
    with pytest.raises(facts.DatasetError) as caught:
        load_bytes(b"", "empty.yaml")
    assert (
        str(caught.value)
        == caught.value.report()
        == (
            "empty.yaml: 1 problem\n"
            "  empty.yaml: the file is empty; a dataset starts with `schema_version: 1`"
        )
    )
    assert caught.value.problems[0].as_dict() == {
        "file": "empty.yaml",
        "line": None,
        "column": None,
        "field": "",
        "message": "the file is empty; a dataset starts with `schema_version: 1`",
    }
    json.dumps(caught.value.problems[0].as_dict())


def test_odd_json_keys_are_still_located() -> None:
    text = (
        '{"schema_version": 1, "id": "x", "title": "t",\n'
        ' "a/b": 1,\n'
        ' "events": [{"id": "e", "date": 2025, "title": "t", "0": 2, "²": 3}]}'
    )
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "odd.json")
    third_line = text.splitlines()[2]
    assert [(p.line, p.column, p.field) for p in caught.value.problems] == [
        (2, 2, "a/b"),
        (3, third_line.index('"0"') + 1, "events[0].0"),
        (3, third_line.index('"²"') + 1, "events[0].'²'"),
    ]


def test_yaml_keys_that_are_not_text_are_unknown_fields() -> None:
    text = (
        "schema_version: 1\nid: x\ntitle: t\nevents:\n  - {id: e, date: 2025, title: t,\n"
        "     5: a, null: b, true: c}\n"
    )
    with pytest.raises(DatasetError) as caught:
        load_bytes(text.encode(), "keys.yaml")
    assert [str(p).split("; allowed")[0] for p in caught.value.problems] == [
        "keys.yaml:6:6: events[0].5: unknown field 5",
        "keys.yaml:6:12: events[0].null: unknown field 'null'",
        "keys.yaml:6:21: events[0].true: unknown field 'true'",
    ]
