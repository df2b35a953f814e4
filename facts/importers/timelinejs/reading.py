"""Reading a TimelineJS file: size limit, encoding and JSON, then the converted dataset
checked against claimline's model before anyone can save it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from facts.html_text import single_line
from facts.importers.timelinejs.slides import TimelineImportError, convert
from facts.json_messages import json_message
from facts.model import Dataset
from facts.yaml_dump import dataset_yaml

__all__ = ["ImportResult", "TimelineImportError", "import_timelinejs", "read_timelinejs"]

MAX_BYTES = 200 * 1024 * 1024


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
    dataset, warnings = convert(document, name, dataset_id)
    try:
        Dataset.model_validate(dataset)
    except ValidationError as error:  # a bug here, not in the file: say so plainly
        raise TimelineImportError(
            f"{name}: the converted dataset is not valid ({error.error_count()} problems; "
            f"first: {error.errors()[0]['msg']}); please report this with the file"
        ) from None
    return ImportResult(dataset, warnings, name)


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
            f"{name}:{error.lineno}:{error.colno}: not valid JSON: {json_message(error.msg)}"
        ) from None
    except RecursionError:
        raise TimelineImportError(f"{name}: the JSON is nested too deeply") from None
