"""Reading the inputs: files and folders of JSON, JSON Lines, JSON-LD and HTML pages.

Each file is read whole and on its own: one that can't be read (not UTF-8, cut short,
not JSON) is a line in the report and the others are still imported. A folder stands for
the .json, .jsonld, .jsonl, .html and .htm files in it and below it, in name order.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from facts.importers.claimreview.pages import read_page
from facts.importers.claimreview.records import FoundReview
from facts.importers.claimreview.report import Report
from facts.importers.claimreview.shapes import find_reviews

MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = (".json", ".jsonld", ".jsonl", ".html", ".htm")


def expand(paths: list[str], report: Report) -> list[Path]:
    """The files to read: the files given, and the readable files inside folders given."""
    files: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found = sorted(
                item
                for item in path.rglob("*")
                if item.is_file() and item.suffix.lower() in SUFFIXES
            )
            if not found:
                report.unreadable(given, f"a folder with no {', '.join(SUFFIXES)} files in it")
            files += found
        elif path.exists():
            files.append(path)
        else:
            report.unreadable(given, "no such file or folder; check the path")
    return files


def read_file(path: Path, report: Report) -> list[FoundReview]:
    """The reviews in one file; a file that can't be read is reported."""
    name = str(path)
    report.files += 1
    try:
        if path.stat().st_size > MAX_BYTES:
            report.unreadable(name, f"larger than {MAX_BYTES // 2**20} MB; split it")
            return []
        data = path.read_bytes()
    except OSError as error:
        report.unreadable(name, f"cannot read it: {error.strerror or error}")
        return []
    return read_bytes(data, name, report)


def read_bytes(data: bytes, name: str, report: Report) -> list[FoundReview]:
    """The reviews in a file's bytes: an HTML page, JSON, or JSON Lines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.unreadable(name, f"not UTF-8 text (byte {error.start}); save it as UTF-8")
        return []
    if _is_html(name, text):
        return _read_html(text, name, report)
    value, problem = parse_json(text)
    if problem is None:
        return find_reviews(value, name, report)
    lines = _json_lines(text)
    if lines is not None:
        return [
            review
            for number, line in lines
            for review in find_reviews(line, f"{name} line {number}", report)
        ]
    report.unreadable(name, f"{problem}; nothing read from it")
    return []


def parse_json(text: str) -> tuple[Any, str | None]:
    """The parsed JSON, or the reason it can't be parsed (with line and column)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        ends = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        cut = "; it seems cut short" if ends else ""
        at = "" if error.msg.endswith(" at") else " at"
        place = f"line {error.lineno}, column {error.colno}"
        return None, f"not valid JSON: {error.msg}{at} {place}{cut}"
    except RecursionError:
        return None, "not readable: the JSON is nested too deeply"
    except ValueError as error:  # a number of over 4300 digits
        return None, f"not readable: {error}"


def _json_lines(text: str) -> list[tuple[int, Any]] | None:
    """JSON Lines (one review a line), or None when the text is not that either."""
    rows = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(rows) < 2:
        return None
    parsed = []
    for number, line in rows:
        value, problem = parse_json(line)
        if problem is not None:
            return None
        parsed.append((number, value))
    return parsed


def _is_html(name: str, text: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in (".html", ".htm"):
        return True
    return suffix not in (".json", ".jsonld", ".jsonl") and text.lstrip()[:1] == "<"


def _read_html(text: str, name: str, report: Report) -> list[FoundReview]:
    page = read_page(text)
    if not page.blocks:
        why = (
            "its ClaimReview is microdata, which claimline does not read (only JSON-LD)"
            if page.microdata
            else 'no <script type="application/ld+json"> block in it'
        )
        report.ignore(name, f"an HTML page with {why}")
        return []
    reviews = []
    for block in page.blocks:
        where = f"{name} ld+json block {block.number} (line {block.line})"
        value, problem = parse_json(block.text)
        if problem is not None:
            others = "; the page's other blocks are still read" if len(page.blocks) > 1 else ""
            report.unreadable(where, f"{problem}{others}")
            continue
        reviews += find_reviews(value, where, report, language=page.language)
    return reviews
