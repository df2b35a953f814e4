"""Load a dataset file (YAML or JSON) into a validated `Dataset`, or explain every problem.

Loading is fast first and precise second: the file is parsed and validated without
tracking positions, and only when that fails is it parsed again with positions, so each
problem can name its line and column. Every problem of the file is reported at once.

The parser, Pydantic and the models are imported by the functions that use them, not
with this module: `facts` binds `facts.load` (the function) when it is imported, and the
command line imports `facts` before the app's first frame, which must not wait for them.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facts.errors import DatasetError, Problem, describe, format_field
from facts.file_read import MAX_BYTES, ReadProgress, read_file
from facts.gc_pause import paused_gc

if TYPE_CHECKING:
    import json

    import yaml
    from pydantic import ValidationError

    from facts.model import Dataset
    from facts.positions import PositionMap

FORMATS = ("yaml", "json")


def detect_format(name: str, text: str) -> str:
    """`json` or `yaml`, from the file's suffix or, without one, from its first character."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def load(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    progress: ReadProgress | None = None,
) -> Dataset:
    """Read and validate a dataset file; raise DatasetError listing every problem."""
    name = os.fspath(path)
    return load_bytes(read_file(name, max_bytes, progress)[0], name)


def load_bytes(data: bytes, name: str = "<data>", format: str | None = None) -> Dataset:
    """Validate a dataset given as bytes; `name` is used in messages and to guess the format."""
    from pydantic import ValidationError

    from facts.model import Dataset

    if (format or _json_by_name_or_bytes(name, data)) == "json":
        # A good JSON file is validated from its bytes in Rust (facts/json_bytes.py);
        # anything else is read again below, which finds and locates its problems.
        from facts import json_bytes

        with paused_gc():
            dataset = json_bytes.validated(data)
        if dataset is not None:
            return dataset
    text = _decode(data, name)
    fmt = format or detect_format(name, text)
    with paused_gc():
        raw = _parse(text, name, fmt)
        # Validation needs only the parsed data: the text (up to 4 bytes a character) is
        # let go and decoded again only to locate problems.
        del text
        # A JSON file whose bytes hold no control character is validated without a text
        # check per field (facts/checked_text.py): a valid one that json_bytes could not
        # vouch for (a BOM, nesting jiter will not follow) is accepted here.
        if fmt == "json":
            from facts import checked_text

            if checked_text.json_text_is_clean(data):
                dataset = checked_text.validated(raw)
                if dataset is not None:
                    return dataset
                # otherwise the full validator says what is wrong, as for any file
        try:
            return Dataset.model_validate(raw)
        except ValidationError as error:
            problems = _problems(error, raw, _decode(data, name), name, fmt)
    raise DatasetError(name, problems)


def _json_by_name_or_bytes(name: str, data: bytes) -> str | None:
    """ "json" when `detect_format` would say so of the decoded text; None when only the
    text can tell. An ASCII space or bracket is the same character in bytes and text."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json" or (suffix not in (".yaml", ".yml") and _STARTS_LIKE_JSON.match(data)):
        return "json"
    return None


# What `text.lstrip()[:1] in ("{", "[")` finds, without copying the bytes to strip them.
_STARTS_LIKE_JSON = re.compile(rb"[ \t\n\r\x0b\x0c]*[{\[]")


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        # Columns count characters, as editors do, not bytes.
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise DatasetError(
            name,
            [
                Problem(
                    name,
                    f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); "
                    "save it with UTF-8 encoding",
                    line,
                    column,
                )
            ],
        ) from None
    if not text or text.isspace():  # blank: `not text.strip()` without copying the text
        raise DatasetError(
            name, [Problem(name, "the file is empty; a dataset starts with `schema_version: 1`")]
        )
    return text


def _parse(text: str, name: str, fmt: str) -> dict[str, Any]:
    import json  # not with the module, which `claimline` imports before its first frame

    import yaml

    from facts.yaml_loader import load_yaml

    try:
        raw = _parse_json(text) if fmt == "json" else load_yaml(text)
    except json.JSONDecodeError as error:
        raise DatasetError(name, _json_problems(error, text, name, fmt)) from None
    except _DuplicateJsonKey as error:
        raise DatasetError(name, [_duplicate_json_key(error.key, text, name)]) from None
    except yaml.reader.ReaderError as error:
        raise DatasetError(
            name,
            _control_problems(text, name, fmt)
            or [
                Problem(
                    name,
                    f"not valid YAML: character U+{error.character:04X} is not allowed; remove it",
                )
            ],
        ) from None
    except yaml.MarkedYAMLError as error:
        raise DatasetError(name, [_yaml_problem(error, text, name)]) from None
    except yaml.YAMLError as error:
        raise DatasetError(name, [Problem(name, f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise DatasetError(
            name, [Problem(name, "the data is nested too deeply to be a dataset")]
        ) from None
    except ValueError as error:  # Python will not read an integer of over 4300 digits
        raise DatasetError(name, [_long_number(text, name, error)]) from None
    if not isinstance(raw, dict):
        raise DatasetError(
            name,
            [
                Problem(
                    name,
                    "the top level must be a mapping with schema_version, id, title, sources, "
                    f"events and claims; got {type(raw).__name__} {describe(raw)}",
                    1,
                    1,
                )
            ],
        )
    return raw


class _DuplicateJsonKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateJsonKey(key)
            seen.add(key)
    return mapping


def _parse_json(text: str) -> Any:
    """JSON as `json.loads` reads it, except that a key given twice is an error, as in YAML."""
    import json

    return json.loads(text, object_pairs_hook=_unique_keys)


def _duplicate_json_key(key: str, text: str, name: str) -> Problem:
    # JSON as written by people and tools is YAML too, and the YAML loader locates the
    # repeated key; fall back to naming the key alone.
    import yaml

    from facts.yaml_loader import load_yaml

    try:
        load_yaml(text)
    except yaml.MarkedYAMLError as error:
        if error.problem and "appears twice" in error.problem and error.problem_mark:
            mark = error.problem_mark
            return Problem(name, error.problem, mark.line + 1, mark.column + 1)
    except (yaml.YAMLError, RecursionError):
        pass
    return Problem(name, f"the key {key!r} appears twice in one object; keep one")


def _json_problems(error: json.JSONDecodeError, text: str, name: str, fmt: str) -> list[Problem]:
    if error.msg.startswith("Invalid control character"):
        if text[error.pos] not in "\t\n\r":
            return _control_problems(text, name, fmt)
        message = "a tab or line break inside a string; write it as \\t or \\n"
    else:
        from facts.json_messages import json_message

        message = json_message(error.msg)
    return [Problem(name, f"not valid JSON: {message}", error.lineno, error.colno)]


# Control characters a dataset must not hold (tab, line feed and carriage return are
# layout). YAML refuses to read them and JSON refuses them inside strings.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_MAX_LISTED = 20


def _control_characters(text: str, name: str) -> list[Problem]:
    """Each control character of the text with its line and column, shown escaped."""
    matches = list(_CONTROL.finditer(text))
    problems = []
    for match in matches[:_MAX_LISTED]:
        line, column = _line_column(text, match.start())
        problems.append(
            Problem(
                name,
                f"control character U+{ord(match.group()):04X} is not allowed in a dataset "
                "(it could drive the terminal); remove it",
                line,
                column,
            )
        )
    if len(matches) > _MAX_LISTED:
        problems.append(Problem(name, f"and {len(matches) - _MAX_LISTED} more control characters"))
    return problems


def _control_problems(text: str, name: str, fmt: str) -> list[Problem]:
    """The control characters that stop the file from being read, then the file's other
    problems: found by reading it again with each control character replaced by U+FFFD
    (one character for one, so lines and columns stay true). What is wrong on a line
    that holds a control character is left to be seen once that character is gone."""
    controls = _control_characters(text, name)
    if not controls:
        return []
    try:
        load_bytes(_CONTROL.sub("\ufffd", text).encode("utf-8"), name, fmt)
    except DatasetError as error:
        lines = {problem.line for problem in controls}
        return controls + [problem for problem in error.problems if problem.line not in lines]
    return controls


def _long_number(text: str, name: str, error: ValueError) -> Problem:
    limit = sys.get_int_max_str_digits()
    match = re.search(f"[0-9]{{{limit + 1},}}", text) if limit else None
    if match is None:
        return Problem(name, f"cannot read the file: {error}")
    return Problem(
        name,
        f"a number with more than {limit} digits; put it in quotes if it is text",
        *_line_column(text, match.start()),
    )


def _line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character of the text."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _yaml_problem(error: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "not valid YAML"
    context = error.context_mark
    if "could not determine a constructor" in problem:
        problem = f"{problem}: custom YAML tags are not allowed in a dataset; remove the '!' tag"
    elif mark and _character_at(text, mark.line, mark.column) == "\t":
        problem = "a tab where YAML expects spaces; indent with spaces only"
    elif "found another document" in problem:
        problem = "a dataset is one YAML document, but a second one starts here; remove it"
    elif (
        error.context
        and context
        and mark
        and (context.line, context.column) != (mark.line, mark.column)
    ):
        # The problem is often found far from its cause: an unclosed quote or bracket is
        # noticed at the end of the file. Say where the unfinished part began.
        start = f"line {context.line + 1}, column {context.column + 1}"
        problem += f" ({error.context} that starts at {start})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(name, f"not valid YAML: {problem}", line, column)


def _character_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or "" past the end."""
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _problems(
    error: ValidationError, raw: dict[str, Any], text: str, name: str, fmt: str
) -> list[Problem]:
    from facts.integrity import integrity_problems
    from facts.messages import explain
    from facts.positions import POSITION_FINDERS

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
