"""Importing TimelineJS 3 JSON: every event arrives at its precision, or is reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facts import Dataset, load
from facts.ids import slugify
from facts.importers.timelinejs import (
    TimelineImportError,
    import_timelinejs,
    read_timelinejs,
)
from facts.load import load_bytes
from tui.cli import main


def convert(document: dict[str, Any], name: str = "timeline.json"):
    result = import_timelinejs(json.dumps(document).encode("utf-8"), name)
    dataset = load_bytes(result.yaml_text().encode("utf-8"), "imported.yaml")
    return dataset, result.warnings


def slide(headline: str, **date: Any) -> dict[str, Any]:
    return {"start_date": date, "text": {"headline": headline}}


def test_date_parts_as_strings_or_numbers_keep_their_precision():
    dataset, warnings = convert(
        {
            "events": [
                slide("A year", year="2009", month="", day=""),
                slide("A month", year=2025, month=1),
                slide("A day", year="2025", month="02", day="19"),
                slide("Float parts", year=2024.0, month=4.0),
            ]
        }
    )
    dates = {event.title: event.date for event in dataset.events}
    assert dates["A year"].iso() == "2009" and dates["A year"].month is None
    assert dates["A month"].iso() == "2025-01"
    assert dates["A day"].iso() == "2025-02-19"
    assert dates["Float parts"].iso() == "2024-04"
    assert warnings == []


def test_negative_years_are_bce():
    dataset, _ = convert({"events": [slide("Ides of March", year="-44", month="3", day="15")]})
    assert dataset.events[0].date.display() == "15 March 44 BCE"


def test_year_zero_is_reported_not_guessed():
    dataset, warnings = convert({"events": [slide("Zero", year=0), slide("Kept", year=1)]})
    assert [event.title for event in dataset.events] == ["Kept"]
    assert any("year 0" in warning and "Zero" in warning for warning in warnings)


def test_events_without_a_start_date_are_reported():
    document = {
        "events": [
            slide("Dated", year=2020),
            {"text": {"headline": "No date at all"}},
            slide("Empty parts", year="", month=""),
            {"start_date": {"year": "soon"}, "text": {"headline": "Not a number"}},
        ]
    }
    dataset, warnings = convert(document)
    assert [event.title for event in dataset.events] == ["Dated"]
    for headline in ("No date at all", "Empty parts", "Not a number"):
        assert any(headline in warning and "left out" in warning for warning in warnings), headline


def test_impossible_days_and_months_lose_precision_loudly():
    dataset, warnings = convert(
        {
            "events": [
                slide("Bad day", year=2025, month=2, day=30),
                slide("Bad month", year=2025, month=13),
                slide("Day alone", year=2025, day=3),
            ]
        }
    )
    dates = {event.title: event.date.iso() for event in dataset.events}
    assert dates == {"Bad day": "2025-02", "Bad month": "2025", "Day alone": "2025"}
    assert len(warnings) == 3


def test_end_dates_display_dates_and_times():
    dataset, warnings = convert(
        {
            "events": [
                {
                    "start_date": {"year": 1999},
                    "end_date": {"year": 2009},
                    "text": {"headline": "Span"},
                },
                {
                    "start_date": {"year": 2020, "display_date": "Spring 2020"},
                    "text": {"headline": "Shown differently"},
                },
                {
                    "start_date": {
                        "year": 2021,
                        "month": 5,
                        "day": 2,
                        "hour": "10",
                        "minute": "30",
                    },
                    "text": {"headline": "With a time"},
                },
                {
                    "start_date": {"year": 2022},
                    "end_date": {"year": 2021},
                    "text": {"headline": "Backwards"},
                },
            ]
        }
    )
    events = {event.title: event for event in dataset.events}
    assert events["Span"].end is not None and events["Span"].end.iso() == "2009"
    assert "Spring 2020" in (events["Shown differently"].summary or "")
    assert events["With a time"].date.iso() == "2021-05-02"
    assert any("time of day" in warning for warning in warnings)
    assert events["Backwards"].end is None
    assert any("before the start" in warning for warning in warnings)


def test_eras_become_spanning_events():
    dataset, _ = convert(
        {
            "events": [slide("Inside", year=2000)],
            "eras": [
                {
                    "start_date": {"year": 1999},
                    "end_date": {"year": 2009},
                    "text": {"headline": "Manta years"},
                }
            ],
        }
    )
    era = next(event for event in dataset.events if event.title == "Manta years")
    assert era.tags == ["era"]
    assert (era.date.iso(), era.end.iso() if era.end else None) == ("1999", "2009")


def test_media_and_backgrounds_are_reported():
    _, warnings = convert(
        {
            "title": {
                "text": {"headline": "T"},
                "media": {"url": "https://img.example/t.png"},
                "background": {"color": "#000"},
            },
            "events": [
                {
                    "start_date": {"year": 2020},
                    "text": {"headline": "E"},
                    "media": {"url": "https://youtu.be/x", "caption": "c"},
                    "background": {"url": "https://img.example/b.jpg"},
                }
            ],
        }
    )
    text = "\n".join(warnings)
    assert "https://img.example/t.png" in text and "https://youtu.be/x" in text
    assert text.count("background") == 2


def test_html_is_reduced_to_text():
    dataset, _ = convert(
        {
            "title": {
                "text": {
                    "headline": "Rome &amp; <b>friends</b>",
                    "text": "<p>Intro with <a href='https://x.org/a'>a link</a>.</p>"
                    "<script>alert(1)</script><p>Second</p>",
                }
            },
            "events": [
                {
                    "start_date": {"year": 2020},
                    "text": {"headline": "<i>Caf&eacute;</i>", "text": "One<br>Two"},
                }
            ],
        }
    )
    assert dataset.title == "Rome & friends"
    assert dataset.description == "Intro with a link (https://x.org/a).\n\nSecond"
    assert dataset.events[0].title == "Café"
    assert dataset.events[0].summary == "One\nTwo"


def test_ids_come_from_unique_ids_or_headlines_and_stay_unique():
    dataset, _ = convert(
        {
            "events": [
                {"unique_id": "kept-id", "start_date": {"year": 2001}, "text": {"headline": "X"}},
                slide("Same headline!", year=2002),
                slide("Same headline!", year=2003),
                {"unique_id": "kept-id", "start_date": {"year": 2004}, "text": {"headline": "Dup"}},
                slide("", year=2005),
            ]
        }
    )
    assert [event.id for event in dataset.events] == [
        "kept-id",
        "same-headline",
        "same-headline-2",
        "dup",
        "event",
    ]


def test_title_from_the_title_slide_or_the_file_name():
    dataset, _ = convert({"events": [slide("E", year=2020)]}, name="my-history.json")
    assert (dataset.id, dataset.title) == ("my-history", "my-history")
    assert dataset.sources[0].title == "TimelineJS file my-history.json"
    assert all(event.sources == [dataset.sources[0].id] for event in dataset.events)


def test_control_characters_are_removed():
    dataset, _ = convert({"events": [slide("Bell\x07 and \x1b[31mred", year=2020)]})
    assert dataset.events[0].title == "Bell and [31mred"


def test_a_file_without_usable_events_is_an_error():
    with pytest.raises(TimelineImportError, match="no event with a usable start date"):
        import_timelinejs(b'{"events": [{"text": {"headline": "x"}}]}', "empty.json")


def test_invalid_json_names_the_place():
    with pytest.raises(TimelineImportError, match=r"bad.json:1:\d+: not valid JSON"):
        import_timelinejs(b'{"events": [', "bad.json")


def test_a_timeline_cut_short_inside_a_string_says_so():
    with pytest.raises(TimelineImportError) as caught:
        import_timelinejs(b'{"events": [{"text": {"headline": "Half', "cut.json")
    assert str(caught.value) == (
        "cut.json:1:35: not valid JSON: a string starts here and is never closed "
        "(is the file cut short?); add its closing quote"
    )


def test_slugify():
    assert slugify("Lasso dissolves the Assembly (2023)") == "lasso-dissolves-the-assembly-2023"
    assert slugify("Ñandú café") == "nandu-cafe"
    assert slugify("東京", fallback="event") == "event"


def test_cli_import_writes_a_dataset_that_validates(tmp_path, capsys):
    source = tmp_path / "timeline.json"
    source.write_text(
        json.dumps(
            {
                "title": {"text": {"headline": "My timeline"}},
                "events": [
                    slide("First", year=2020, month=3),
                    {"text": {"headline": "Undated"}},
                    {
                        "start_date": {"year": 2021},
                        "text": {"headline": "Pic"},
                        "media": {"url": "https://img.example/p.png"},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "my-data.yaml"
    assert main(["import", "timelinejs", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Undated" in err and "https://img.example/p.png" in err
    assert "2 events imported" in err
    assert main(["validate", str(out)]) == 0
    dataset = load(out)
    assert dataset.id == "my-data" and dataset.title == "My timeline"
    assert main(["import", "timelinejs", str(source), "-o", str(out)]) == 1  # exists
    assert main(["import", "timelinejs", str(source), "-o", str(out), "--force"]) == 0


def test_cli_import_refuses_a_non_yaml_output_and_bad_input(tmp_path, capsys):
    source = tmp_path / "t.json"
    source.write_text("not json", encoding="utf-8")
    assert main(["import", "timelinejs", str(source), "-o", str(tmp_path / "x.json")]) == 2
    assert main(["import", "timelinejs", str(source), "-o", str(tmp_path / "x.yaml")]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_read_timelinejs_reports_a_missing_file(tmp_path):
    with pytest.raises(TimelineImportError, match="no such file"):
        read_timelinejs(tmp_path / "missing.json")


_part = st.one_of(
    st.none(),
    st.integers(-12000, 12000),
    st.text(max_size=6),
    st.sampled_from(["", "2020", "-44", "02", "13", "0", "x"]),
    st.floats(allow_nan=True),
    st.booleans(),
)
_year = st.one_of(st.integers(-9999, 9999), st.sampled_from(["2020", "-44", " 1999 "]))
_date_parts = {"month": _part, "day": _part, "hour": _part, "display_date": _part}
_date = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.fixed_dictionaries({}, optional={"year": _part, **_date_parts}),
    st.fixed_dictionaries({"year": _year}, optional=_date_parts),
    st.fixed_dictionaries(
        {"year": _year, "month": st.integers(1, 12)}, optional={"day": st.integers(1, 31)}
    ),
)
_text = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.fixed_dictionaries(
        {}, optional={"headline": st.text(max_size=30), "text": st.text(max_size=30)}
    ),
)
_slide = st.fixed_dictionaries(
    {"start_date": _date},
    optional={
        "end_date": _date,
        "text": _text,
        "group": st.one_of(st.text(max_size=10), st.integers()),
        "unique_id": st.one_of(st.text(max_size=10), st.integers()),
        "media": st.one_of(st.none(), st.fixed_dictionaries({"url": st.text(max_size=10)})),
    },
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    events=st.lists(_slide | st.integers(), max_size=6),
    eras=st.one_of(st.none(), st.lists(_slide, max_size=2)),
    title=st.one_of(st.none(), _slide),
)
def test_any_timeline_gives_a_valid_dataset_or_a_clean_error(events, eras, title):
    document = {"events": events, "eras": eras, "title": title}
    try:
        result = import_timelinejs(json.dumps(document).encode("utf-8"), "fuzz.json")
    except TimelineImportError:
        return
    dataset = load_bytes(result.yaml_text().encode("utf-8"), "fuzz.yaml")
    assert isinstance(dataset, Dataset)
    # Nothing vanishes silently: every slide is an event or has a warning.
    dropped = len(events) + len(eras or []) - len(dataset.events)
    assert len(result.warnings) >= dropped


def test_bundled_style_round_trip_file(tmp_path):
    # A file as TimelineJS's own examples write it: strings everywhere.
    source = Path(tmp_path / "example.json")
    source.write_text(
        json.dumps(
            {
                "title": {"text": {"headline": "Example", "text": "<p>From the docs</p>"}},
                "events": [
                    {
                        "start_date": {
                            "year": "1900",
                            "month": "",
                            "day": "",
                            "hour": "",
                            "minute": "",
                            "second": "",
                            "millisecond": "",
                            "display_date": "",
                        },
                        "text": {"headline": "Turn of the century", "text": ""},
                        "group": "",
                        "display_date": "",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = read_timelinejs(source)
    assert result.warnings == []
    assert result.data["events"][0]["date"] == 1900
