"""The floor a dataset load is measured against: the least work that reads the same data.

`json.loads` of the file's bytes, then Pydantic's `TypeAdapter(...).validate_python` with
plain models — the same fields and nesting as claimline's format, plain types (dates as
`int | str`), no patterns, no custom validators, no cross-record checks — with the
garbage collector paused, as claimline pauses it. What claimline adds over this is the
price of its checks (ids, text without control characters, real dates, references that
resolve, duplicate keys) and of its richer objects (partial dates).

For YAML the floor is libyaml's own parse, `yaml.load(text, Loader=yaml.CSafeLoader)`.
"""

from __future__ import annotations

import gc
import json
import time
from typing import Any

from pydantic import BaseModel, TypeAdapter


class PlainSource(BaseModel):
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    published: int | str | None = None
    kind: str = "article"


class PlainEvent(BaseModel):
    id: str
    date: int | str
    end: int | str | None = None
    title: str
    summary: str | None = None
    tags: list[str] = []
    sources: list[str] = []


class PlainEvidence(BaseModel):
    source: str
    note: str | None = None
    url: str | None = None


class PlainReference(BaseModel):
    verdict: str
    explanation: str
    sources: list[str] = []


class PlainClaim(BaseModel):
    id: str
    text: str
    claimant: str | None = None
    appeared_in: str | None = None
    appeared_on: int | str | None = None
    events: list[str]
    tags: list[str] = []
    evidence: list[PlainEvidence] = []
    what_to_check: list[str] = []
    reference: PlainReference | None = None


class PlainDataset(BaseModel):
    schema_version: int
    id: str
    title: str
    description: str | None = None
    language: str = "en"
    sources: list[PlainSource] = []
    events: list[PlainEvent]
    claims: list[PlainClaim] = []


ADAPTER: TypeAdapter[PlainDataset] = TypeAdapter(PlainDataset)


def json_floor(data: bytes) -> PlainDataset:
    """Parse and validate JSON bytes the plainest way, with the collector paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return ADAPTER.validate_python(json.loads(data))
    finally:
        if was_enabled:
            gc.enable()


def yaml_floor(text: str) -> Any:
    """libyaml's own parse of YAML text (no validation), with the collector paused."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        raise RuntimeError("PyYAML was built without libyaml; the YAML floor needs CSafeLoader")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=loader)  # CSafeLoader: safe
    finally:
        if was_enabled:
            gc.enable()


def timed(function: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result
