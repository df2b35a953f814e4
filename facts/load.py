"""Load a dataset file (YAML or JSON) into a validated `Dataset`, or explain every problem.

Loading is fast first and precise second: the file is parsed and validated without
tracking positions, and only when that fails is it parsed again with positions, so each
problem can name its line and column. Every problem of the file is reported at once.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from facts.errors import DatasetError, Problem, format_field
from facts.integrity import integrity_problems
from facts.messages import describe, explain
from facts.model import Dataset
from facts.positions import POSITION_FINDERS, PositionMap
from facts.yaml_loader import load_yaml

MAX_BYTES = 200 * 1024 * 1024
FORMATS = ("yaml", "json")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: it makes a 100k-record load about 4x slower.

    Loading creates many objects and no reference cycles, so the collector would only scan
    live objects again and again; it is switched back on at once afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def detect_format(name: str, text: str) -> str:
    """`json` or `yaml`, from the file's suffix or, without one, from its first character."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Dataset:
    """Read and validate a dataset file; raise DatasetError listing every problem."""
    name = os.fspath(path)
    return load_bytes(_read(name, max_bytes), name)


def _read(name: str, max_bytes: int) -> bytes:
    def fail(message: str) -> DatasetError:
        return DatasetError(name, [Problem(name, message)])

    try:
        stat = os.stat(name)
    except FileNotFoundError:
        raise fail("no such file; check the path (`claimline datasets` lists the bundled ones)")
    except OSError as error:
        raise fail(f"cannot read it: {error.strerror}") from None
    if os.path.isdir(name):
        raise fail("this is a folder; give the path of a .yaml or .json dataset file in it")
    if stat.st_size > max_bytes:
        raise fail(
            f"the file is {stat.st_size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
            "split it into several datasets"
        )
    try:
        with open(name, "rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as error:
        raise fail(f"cannot read it: {error.strerror}; check its permissions") from None


def load_bytes(data: bytes, name: str = "<data>", format: str | None = None) -> Dataset:
    """Validate a dataset given as bytes; `name` is used in messages and to guess the format."""
    text = _decode(data, name)
    fmt = format or detect_format(name, text)
    with paused_gc():
        raw = _parse(text, name, fmt)
        try:
            return Dataset.model_validate(raw)
        except ValidationError as error:
            problems = _problems(error, raw, text, name, fmt)
    raise DatasetError(name, problems)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DatasetError(name, [Problem(
            name,
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save it with UTF-8 encoding",
            line, column,
        )]) from None
    if not text.strip():
        raise DatasetError(name, [Problem(
            name, "the file is empty; a dataset starts with `schema_version: 1`"
        )])
    return text


def _parse(text: str, name: str, fmt: str) -> dict[str, Any]:
    try:
        raw = json.loads(text) if fmt == "json" else load_yaml(text)
    except json.JSONDecodeError as error:
        raise DatasetError(name, [Problem(
            name, f"not valid JSON: {error.msg}", error.lineno, error.colno
        )]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if "could not determine a constructor" in problem:
            problem = (f"{problem}: custom YAML tags are not allowed in a dataset; "
                       "remove the '!' tag")
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise DatasetError(name, [Problem(name, f"not valid YAML: {problem}", line, column)]
                           ) from None
    except yaml.YAMLError as error:
        raise DatasetError(name, [Problem(name, f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise DatasetError(name, [Problem(
            name, "the data is nested too deeply to be a dataset"
        )]) from None
    if not isinstance(raw, dict):
        raise DatasetError(name, [Problem(
            name,
            "the top level must be a mapping with schema_version, id, title, sources, "
            f"events and claims; got {type(raw).__name__} {describe(raw)}",
            1, 1,
        )])
    return raw


def _problems(
    error: ValidationError, raw: dict[str, Any], text: str, name: str, fmt: str
) -> list[Problem]:
    positions = POSITION_FINDERS[fmt](text)
    found: list[tuple[tuple[str | int, ...], str, bool]] = []
    integrity_reported = False
    for detail in error.errors(include_url=False):
        if detail["type"] == "integrity":
            integrity_reported = True
            found += [(path, message, False) for path, message in detail["ctx"]["problems"]]
        else:
            found.append(explain(detail))
    if not integrity_reported:
        found += [
            (path, message, False)
            for path, message in integrity_problems(
                raw.get("sources"), raw.get("events"), raw.get("claims")
            )
        ]
    problems = [_locate(name, positions, path, message, key) for path, message, key in found]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _locate(
    name: str, positions: PositionMap, path: tuple[str | int, ...], message: str, key: bool
) -> Problem:
    located = positions.locate(path, key=key)
    if key and located is None:
        located = positions.locate(path[:-1])
    line, column = located if located else (None, None)
    field = format_field(tuple(part if isinstance(part, int) else _safe(part) for part in path))
    return Problem(name, message, line, column, field)


def _safe(part: str) -> str:
    """A key from the file as shown in a message: escaped when it holds odd characters."""
    return part if part.isprintable() and part.isascii() else describe(part)
