"""Turn a TimelineJS 3 JSON file into a claimline dataset of events (no claims yet).

TimelineJS dates come as parts (`year`, `month`, `day`, as numbers or strings, an empty
string meaning "not given"), with an optional `display_date` text, and negative years for
BCE (TimelineJS shows -44 as "44 BCE", as claimline does, so the year passes through).
Slides become events, eras become events that span time (tagged `era`), the title slide
gives the dataset its title and description, and HTML is reduced to plain text.

Nothing is dropped silently: what cannot be carried over (media, backgrounds, times of
day, events without a usable start date) is listed in the warnings.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from facts.dates import PartialDate
from facts.html_text import first_words, plain, quoted, single_line
from facts.ids import IdAllocator, slugify
from facts.model import ID_PATTERN, SCHEMA_VERSION, Dataset
from facts.yaml_dump import dataset_yaml

__all__ = ["ImportResult", "TimelineImportError", "import_timelinejs", "read_timelinejs", "slugify"]

MAX_BYTES = 200 * 1024 * 1024
SOURCE_ID = "timelinejs-file"
ERA_TAG = "era"

_ID = re.compile(ID_PATTERN)
_INTEGER = re.compile(r"^[+-]?\d+$")
_TIME_PARTS = ("hour", "minute", "second", "millisecond")
_SLIDE_KEYS_CARRIED = {"start_date", "end_date", "text", "group", "unique_id", "display_date"}
_SLIDE_KEYS_IGNORED = {"autolink", "type"}  # presentation settings with no meaning here
_DOCUMENT_KEYS = {"title", "events", "eras", "scale"}


class TimelineImportError(Exception):
    """A file that cannot become a dataset; the message names the file and the reason."""


@dataclass
class ImportResult:
    """The dataset (as plain data, ready to save) and what could not be carried over."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""

    @property
    def event_count(self) -> int:
        return len(self.data["events"])

    def yaml_text(self) -> str:
        """The dataset as YAML, with a comment saying where it came from."""
        header = (
            f"# Imported from the TimelineJS file {single_line(self.source_name)} "
            "by `claimline import timelinejs`.\n"
            "# Add sources and claims, then check it with `claimline validate`.\n"
        )
        return header + dataset_yaml(self.data)


def read_timelinejs(path: str | os.PathLike[str], dataset_id: str | None = None) -> ImportResult:
    """Read a TimelineJS JSON file; raise TimelineImportError when it cannot be read."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise TimelineImportError(
                f"{name}: the file is {size / 1e6:.0f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit"
            )
        with open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise TimelineImportError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise TimelineImportError(f"{name}: this is a folder; give a .json file") from None
    except OSError as error:
        raise TimelineImportError(f"{name}: cannot read it: {error.strerror}") from None
    return import_timelinejs(data, Path(name).name, dataset_id=dataset_id)


def import_timelinejs(
    data: bytes | str | dict[str, Any],
    name: str = "timeline.json",
    *,
    dataset_id: str | None = None,
) -> ImportResult:
    """Convert TimelineJS 3 JSON (bytes, text or parsed) into a dataset of events."""
    document = data if isinstance(data, dict) else _parse(data, name)
    if not isinstance(document, dict):
        raise TimelineImportError(
            f"{name}: not a TimelineJS file: the top level must be an object with `events`"
        )
    converter = _Converter(name)
    dataset = converter.convert(document, dataset_id)
    try:
        Dataset.model_validate(dataset)
    except ValidationError as error:  # a bug here, not in the file: say so plainly
        raise TimelineImportError(
            f"{name}: the converted dataset is not valid ({error.error_count()} problems; "
            f"first: {error.errors()[0]['msg']}); please report this with the file"
        ) from None
    return ImportResult(dataset, converter.warnings, name)


def _parse(data: bytes | str, name: str) -> Any:
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise TimelineImportError(f"{name}: not UTF-8 text; save it as UTF-8") from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise TimelineImportError(
            f"{name}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise TimelineImportError(f"{name}: the JSON is nested too deeply") from None


class _Converter:
    def __init__(self, name: str) -> None:
        self.name = name
        self.warnings: list[str] = []
        self.ids = IdAllocator()

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def convert(self, document: dict[str, Any], dataset_id: str | None) -> dict[str, Any]:
        for key in document:
            if key not in _DOCUMENT_KEYS:
                self.warn(
                    f"`{key}` at the top level is not TimelineJS data claimline uses; "
                    "not carried over"
                )
        title, description = self.title_slide(document.get("title"))
        raw_events = document.get("events")
        if raw_events is None:
            raw_events = []
        if not isinstance(raw_events, list):
            raise TimelineImportError(f"{self.name}: `events` must be a list of slides")
        events = [
            event
            for index, slide in enumerate(raw_events)
            if (event := self.slide(slide, f"events[{index}]")) is not None
        ]
        raw_eras = document.get("eras") or []
        if not isinstance(raw_eras, list):
            self.warn("`eras` is not a list; not carried over")
            raw_eras = []
        events += [
            event
            for index, era in enumerate(raw_eras)
            if (event := self.era(era, f"eras[{index}]")) is not None
        ]
        if not events:
            raise TimelineImportError(
                f"{self.name}: no event with a usable start date, and a dataset needs at "
                "least one" + ("; " + "; ".join(self.warnings) if self.warnings else "")
            )
        stem = Path(self.name).stem
        identifier = (
            dataset_id
            if dataset_id and _ID.match(dataset_id)
            else slugify(stem, fallback=slugify(title or "", fallback="timeline"))
        )
        dataset: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": identifier,
            "title": title or stem or "Imported timeline",
        }
        if description:
            dataset["description"] = description
        dataset["sources"] = [
            {
                "id": SOURCE_ID,
                "title": f"TimelineJS file {single_line(self.name)}",
                "kind": "other",
            }
        ]
        dataset["events"] = events
        dataset["claims"] = []
        return dataset

    def title_slide(self, slide: Any) -> tuple[str | None, str | None]:
        if slide is None:
            return None, None
        if not isinstance(slide, dict):
            self.warn("the title slide is not an object; not carried over")
            return None, None
        self.report_media(slide, "the title slide")
        headline, text = self.slide_text(slide)
        for key in slide:
            if key not in {"text", "media", "background", "type", "unique_id", "autolink"}:
                self.warn(f"the title slide's `{key}` is not carried over")
        return headline, text

    def slide(self, slide: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(slide, dict):
            self.warn(f"{where}: not an object; left out")
            return None
        headline, text = self.slide_text(slide)
        label = f"{where} ({quoted(headline)})" if headline else where
        start = self.date(slide.get("start_date"), f"{label} start_date")
        if start is None:
            if not _given(slide.get("start_date")):
                self.warn(f"{label}: no start date; left out (an event needs a date)")
            else:
                self.warn(f"{label}: the start date is not usable (see above); left out")
            return None
        event: dict[str, Any] = {"id": self.event_id(slide.get("unique_id"), headline, where)}
        event["date"] = _date_value(start)
        end = self.end_date(slide.get("end_date"), start, label)
        if end is not None:
            event["end"] = _date_value(end)
        if not headline:
            headline = first_words(text) if text else f"Untitled event ({where})"
            self.warn(f"{where}: no headline; titled it {quoted(headline)}")
        event["title"] = headline
        summary = self.summary(text, slide, start)
        if summary:
            event["summary"] = summary
        tag = self.tag(slide.get("group"), label)
        if tag:
            event["tags"] = [tag]
        event["sources"] = [SOURCE_ID]
        self.report_media(slide, label)
        for key in slide:
            if key not in _SLIDE_KEYS_CARRIED | _SLIDE_KEYS_IGNORED | {"media", "background"}:
                self.warn(f"{label}: `{key}` is not carried over")
        return event

    def era(self, era: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(era, dict):
            self.warn(f"{where}: not an object; left out")
            return None
        event = self.slide({key: value for key, value in era.items() if key != "group"}, where)
        if event is None:
            return None
        if _given(era.get("group")):
            self.warn(f"{where}: an era's group is not carried over")
        event["tags"] = [ERA_TAG]
        event["sources"] = event.pop("sources")  # keep the usual key order
        if "end" not in event:
            self.warn(f"{where}: an era without a usable end date became a one-date event")
        return event

    def slide_text(self, slide: dict[str, Any]) -> tuple[str | None, str | None]:
        text = slide.get("text")
        if text is None:
            return None, None
        if not isinstance(text, dict):
            return None, plain(str(text)) or None
        headline = plain(str(text.get("headline") or ""), one_line=True) or None
        body = plain(str(text.get("text") or "")) or None
        return headline, body

    def summary(self, text: str | None, slide: dict[str, Any], start: PartialDate) -> str | None:
        display = _displays(slide)
        parts = [text] if text else []
        if display:
            shown = " – ".join(display)
            if shown != start.display():
                parts.append(f"Date shown in the timeline as “{shown}”.")
        return "\n\n".join(parts) or None

    def date(self, value: Any, where: str) -> PartialDate | None:
        if not _given(value):
            return None
        if not isinstance(value, dict):
            self.warn(
                f"{where}: expected an object with year, month and day; got {_describe(value)}"
            )
            return None
        parts: dict[str, int | None] = {}
        for key in ("year", "month", "day"):
            number = _number(value.get(key))
            if number is False:
                self.warn(f"{where}: {key} {_describe(value.get(key))} is not a whole number")
                if key == "year":
                    return None
                number = None
            parts[key] = number
        times = [key for key in _TIME_PARTS if _given(value.get(key))]
        if times:
            self.warn(
                f"{where}: the time of day ({', '.join(times)}) is not carried over; "
                "claimline dates stop at the day"
            )
        year, month, day = parts["year"], parts["month"], parts["day"]
        if year is None:
            self.warn(f"{where}: no year")
            return None
        if year == 0:
            self.warn(f"{where}: there is no year 0 (claimline counts 1 BCE as -1)")
            return None
        if day is not None and month is None:
            self.warn(f"{where}: a day without a month; kept the year only")
            day = None
        try:
            return PartialDate(year, month, day)
        except ValueError as error:
            problem = str(error)
        if day is not None:
            try:
                date = PartialDate(year, month, None)
            except ValueError:
                pass
            else:
                self.warn(f"{where}: {problem}; kept the month only")
                return date
        if month is not None:
            try:
                date = PartialDate(year, None, None)
            except ValueError:
                pass
            else:
                self.warn(f"{where}: {problem}; kept the year only")
                return date
        self.warn(f"{where}: {problem}")
        return None

    def end_date(self, value: Any, start: PartialDate, label: str) -> PartialDate | None:
        end = self.date(value, f"{label} end_date")
        if end is None:
            if _given(value):
                self.warn(f"{label}: the end date is not usable; the event keeps its start only")
            return None
        if end < start:
            self.warn(
                f"{label}: the end date {end.iso()} is before the start date "
                f"{start.iso()}; the event keeps its start only"
            )
            return None
        return None if end == start else end

    def event_id(self, unique_id: Any, headline: str | None, where: str) -> str:
        if isinstance(unique_id, str) and _ID.match(unique_id) and unique_id not in self.ids.taken:
            return self.ids.claim(unique_id)
        candidate = self.ids.claim(slugify(headline or "", fallback="event"))
        if isinstance(unique_id, str) and unique_id:
            self.warn(
                f"{where}: unique_id {quoted(unique_id)} is not usable as an id "
                f"(taken or with characters ids cannot have); the event is {candidate!r}"
            )
        return candidate

    def tag(self, group: Any, label: str) -> str | None:
        if not _given(group):
            return None
        # TimelineJS reduces a group to its text, then writes that text as HTML: what a
        # reader sees is the group decoded twice.
        text = plain(plain(str(group), one_line=True), one_line=True)
        tag = re.sub(r"\s*,\s*", " ", text).strip()[:64].strip()
        if not tag:
            return None
        if tag != html.unescape(html.unescape(str(group))).strip():
            self.warn(f"{label}: group {quoted(str(group))} became the tag {quoted(tag)}")
        return tag

    def report_media(self, slide: dict[str, Any], label: str) -> None:
        media = slide.get("media")
        if _given(media):
            url = media.get("url") if isinstance(media, dict) else None
            what = f" ({single_line(str(url))})" if url else ""
            self.warn(f"{label}: media{what} is not carried over; add it as a source if it matters")
        background = slide.get("background")
        if _given(background):
            self.warn(f"{label}: the background is not carried over")


def _given(value: Any) -> bool:
    """TimelineJS writes missing values as absent keys, nulls or empty strings."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(_given(item) for item in value.values())
    return True


def _number(value: Any) -> int | bool | None:
    """A date part as an int, None when not given, False when it is not a whole number."""
    if not _given(value):
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else False
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())
    return False


def _displays(slide: dict[str, Any]) -> list[str]:
    shown = []
    for value in (
        slide.get("display_date"),
        (slide.get("start_date") or {}).get("display_date")
        if isinstance(slide.get("start_date"), dict)
        else None,
        (slide.get("end_date") or {}).get("display_date")
        if isinstance(slide.get("end_date"), dict)
        else None,
    ):
        if isinstance(value, (str, int)) and str(value).strip():
            text = plain(str(value), one_line=True)
            if text and text not in shown:
                shown.append(text)
    return shown


def _date_value(date: PartialDate) -> int | str:
    """A year alone as a number (`2009`), other dates as text (`2025-02`)."""
    return date.year if date.month is None else date.iso()


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
