"""A TimelineJS document's slides and eras as claimline events, and its title slide as the
dataset's title and description. Whatever has no place in a dataset is reported."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from facts.dates import PartialDate
from facts.html_text import first_words, plain, quoted, single_line
from facts.ids import IdAllocator, slugify
from facts.importers.timelinejs.dates import date_value, displays, given, read_date, read_end
from facts.model import ID_PATTERN, SCHEMA_VERSION

SOURCE_ID = "timelinejs-file"
ERA_TAG = "era"

_ID = re.compile(ID_PATTERN)
_SLIDE_KEYS_CARRIED = {"start_date", "end_date", "text", "group", "unique_id", "display_date"}
_SLIDE_KEYS_IGNORED = {"autolink", "type"}  # presentation settings with no meaning here
_DOCUMENT_KEYS = {"title", "events", "eras", "scale"}


class TimelineImportError(Exception):
    """A file that cannot become a dataset; the message names the file and the reason."""


def convert(
    document: dict[str, Any], name: str, dataset_id: str | None
) -> tuple[dict[str, Any], list[str]]:
    """The dataset (as plain data) made from a parsed TimelineJS document named `name`,
    and the warnings about what was not carried over as it was."""
    converter = _Converter(name)
    return converter.convert(document, dataset_id), converter.warnings


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
        headline, text = _slide_text(slide)
        for key in slide:
            if key not in {"text", "media", "background", "type", "unique_id", "autolink"}:
                self.warn(f"the title slide's `{key}` is not carried over")
        return headline, text

    def slide(self, slide: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(slide, dict):
            self.warn(f"{where}: not an object; left out")
            return None
        headline, text = _slide_text(slide)
        label = f"{where} ({quoted(headline)})" if headline else where
        start = read_date(slide.get("start_date"), f"{label} start_date", self.warn)
        if start is None:
            if not given(slide.get("start_date")):
                self.warn(f"{label}: no start date; left out (an event needs a date)")
            else:
                self.warn(f"{label}: the start date is not usable (see above); left out")
            return None
        event: dict[str, Any] = {"id": self.event_id(slide.get("unique_id"), headline, where)}
        event["date"] = date_value(start)
        end = read_end(slide.get("end_date"), start, label, self.warn)
        if end is not None:
            event["end"] = date_value(end)
        if not headline:
            headline = first_words(text) if text else f"Untitled event ({where})"
            self.warn(f"{where}: no headline; titled it {quoted(headline)}")
        event["title"] = headline
        summary = _summary(text, slide, start)
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
        if given(era.get("group")):
            self.warn(f"{where}: an era's group is not carried over")
        event["tags"] = [ERA_TAG]
        event["sources"] = event.pop("sources")  # keep the usual key order
        if "end" not in event:
            self.warn(f"{where}: an era without a usable end date became a one-date event")
        return event

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
        if not given(group):
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
        if given(media):
            url = media.get("url") if isinstance(media, dict) else None
            what = f" ({single_line(str(url))})" if url else ""
            self.warn(f"{label}: media{what} is not carried over; add it as a source if it matters")
        if given(slide.get("background")):
            self.warn(f"{label}: the background is not carried over")


def _slide_text(slide: dict[str, Any]) -> tuple[str | None, str | None]:
    """A slide's headline (one line) and text, as plain text."""
    text = slide.get("text")
    if text is None:
        return None, None
    if not isinstance(text, dict):
        return None, plain(str(text)) or None
    headline = plain(str(text.get("headline") or ""), one_line=True) or None
    body = plain(str(text.get("text") or "")) or None
    return headline, body


def _summary(text: str | None, slide: dict[str, Any], start: PartialDate) -> str | None:
    """The slide's text, plus the date it showed when that says more than the date kept."""
    shown = " – ".join(displays(slide))
    parts = [text] if text else []
    if shown and shown != start.display():
        parts.append(f"Date shown in the timeline as “{shown}”.")
    return "\n\n".join(parts) or None
