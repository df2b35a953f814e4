"""A validated dataset as flat columns of numbers and one table of strings, and back.

The cache exists to skip validation, and Pydantic validation is most of a load's cost, so
models are rebuilt the way `model_construct` does it (their `__dict__` set from data) but
without its Python loop per field: every field is a column, every record of a class is
made by a few `map` calls that run in C. Text is one table of distinct strings (ids,
tags and references repeat), joined by NUL, which no dataset text may hold (the model
rejects control characters), so one `split` makes every string at once. Dates are a
table of distinct (year, month, day) triples.

The layout follows the models' fields (`model_fields`), so a change of the format changes
`layout_digest()` and every cache made before it is ignored. A field of a kind the codec
does not know makes `encodable()` false: such a dataset is simply not cached.

Nothing here can run code from the data: decoding reads numbers and UTF-8 text, looks
them up in tables and builds the models' own classes. The checks that make the data
trustworthy (a keyed checksum, the source file's hash) are the store's (`store.py`).
"""

from __future__ import annotations

import hashlib
import keyword
import sys
import types
import typing
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, compress, islice, repeat
from operator import attrgetter
from typing import Any, Literal

from pydantic import BaseModel

from facts.dates import PartialDate
from facts.model import Dataset

Kind = Literal["str", "opt_str", "int", "date", "opt_date", "strs", "models", "opt_model"]


class Undecodable(ValueError):
    """The columns do not fit the layout: a damaged or foreign cache, never to be used."""


@dataclass(frozen=True)
class _Field:
    name: str
    kind: Kind
    model: type[BaseModel] | None = None  # for "models" and "opt_model"


def _kind(annotation: Any) -> tuple[Kind, type[BaseModel] | None] | None:
    """The codec's kind for a field's type, or None when the codec cannot store it."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) != 1 or len(typing.get_args(annotation)) != 2:
            return None
        optional, annotation = True, members[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    if origin is Literal:
        values = typing.get_args(annotation)
        if all(type(value) is str for value in values):
            return ("opt_str" if optional else "str"), None
        if all(type(value) is int for value in values) and not optional:
            return "int", None
        return None
    if annotation is str:
        return ("opt_str" if optional else "str"), None
    if annotation is PartialDate:
        return ("opt_date" if optional else "date"), None
    if origin is list and not optional:
        (item,) = typing.get_args(annotation)
        if typing.get_origin(item) is typing.Annotated:
            item = typing.get_args(item)[0]
        if item is str:
            return "strs", None
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "models", item
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("opt_model", annotation) if optional else None
    return None


_LAYOUTS: dict[type[BaseModel], tuple[_Field, ...] | None] = {}


def _layout(model: type[BaseModel]) -> tuple[_Field, ...] | None:
    """The fields of a model in the codec's terms (None: a field it cannot store)."""
    if model not in _LAYOUTS:
        fields: list[_Field] | None = []
        for name, info in model.model_fields.items():
            kind = _kind(info.rebuild_annotation())
            if kind is None or (kind[1] is not None and _layout(kind[1]) is None):
                fields = None
                break
            fields.append(_Field(name, kind[0], kind[1]))  # type: ignore[union-attr]
        _LAYOUTS[model] = None if fields is None else tuple(fields)
    return _LAYOUTS[model]


def encodable() -> bool:
    """Whether the dataset format has only fields the codec can store."""
    return _layout(Dataset) is not None


def layout_digest() -> str:
    """A digest of every model's fields and their kinds: it changes with the format."""
    parts: list[str] = []

    def walk(model: type[BaseModel]) -> None:
        layout = _layout(model)
        parts.append(f"{model.__module__}.{model.__qualname__}")
        for spec in layout or ():
            parts.append(f"{spec.name}:{spec.kind}")
            if spec.model is not None:
                walk(spec.model)

    walk(Dataset)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


# -- encoding --------------------------------------------------------------------------------


class _Numbering(dict[Any, int]):
    """Numbers values in the order they are first seen, from 1; None is 0.

    Looked up through `map(numbering.__getitem__, values)`, so a value already seen costs
    a dictionary lookup in C and only a new one runs `__missing__`.
    """

    def __init__(self) -> None:
        super().__init__({None: 0})

    def __missing__(self, value: Any) -> int:
        number = self[value] = len(self)
        return number

    def in_order(self) -> list[Any]:
        """The values numbered 1, 2, 3 … (dictionaries keep insertion order)."""
        return list(self)[1:]


class _Writer:
    def __init__(self) -> None:
        self.numbers = array("I")
        self.strings = _Numbering()
        self.dates = _Numbering()

    def records(self, model: type[BaseModel], records: list[Any]) -> None:
        layout = _layout(model)
        assert layout is not None
        numbers = self.numbers
        names = list(model.model_fields)
        bit = {name: 1 << index for index, name in enumerate(names)}
        masks: dict[frozenset[str], int] = {}
        for fields_set in map(frozenset, map(attrgetter("model_fields_set"), records)):
            mask = masks.get(fields_set)
            if mask is None:
                mask = masks[fields_set] = sum(bit[name] for name in fields_set)
            numbers.append(mask)
        strings, dates = self.strings.__getitem__, self.dates.__getitem__
        for spec in layout:
            values = list(map(attrgetter(spec.name), records))
            kind = spec.kind
            if kind in ("str", "opt_str"):
                numbers.extend(map(strings, values))
            elif kind == "int":
                numbers.extend(values)
            elif kind in ("date", "opt_date"):
                numbers.extend(map(dates, values))
            elif kind == "strs":
                numbers.extend(map(len, values))
                numbers.extend(map(strings, chain.from_iterable(values)))
            elif kind == "models":
                numbers.extend(map(len, values))
                assert spec.model is not None
                self.records(spec.model, list(chain.from_iterable(values)))
            else:  # opt_model
                present = [value is not None for value in values]
                numbers.extend(present)
                assert spec.model is not None
                self.records(spec.model, list(compress(values, present)))


def encode(dataset: Dataset) -> tuple[bytes, bytes]:
    """The dataset as (numbers, strings): little-endian unsigned 32-bit integers and UTF-8 text.

    Raise ValueError for text holding NUL, the separator (the model forbids it; a Dataset
    made with `model_construct` might not).
    """
    writer = _Writer()
    writer.records(Dataset, [dataset])
    dates = writer.dates.in_order()
    head = array("I", [len(writer.strings) - 1, len(dates)])
    for date in dates:
        head.extend((date.year + YEAR_OFFSET, date.month or 0, date.day or 0))
    numbers = head + writer.numbers
    if sys.byteorder != "little":
        numbers.byteswap()
    strings = writer.strings.in_order()
    joined = "\0".join(strings)
    if joined.count("\0") != max(len(strings) - 1, 0):
        raise ValueError("text holds NUL, which the cache uses as a separator")
    return numbers.tobytes(), joined.encode("utf-8")


# -- decoding --------------------------------------------------------------------------------


class _Reader:
    """Reads the columns in the order `_Writer` wrote them."""

    def __init__(self, numbers: array[int], strings: list[str | None]) -> None:
        self.numbers = numbers
        self.at = 0
        self.strings = strings
        self.dates: list[PartialDate | None] = [None]

    def take(self, count: int) -> array[int]:
        start = self.at
        self.at = end = start + count
        if end > len(self.numbers):
            raise Undecodable("the columns end early")
        return self.numbers[start:end]

    def lookup(self, table: list[Any], numbers: array[int], required: bool) -> list[Any]:
        # The numbers are unsigned: one past the table raises, none wraps around.
        if required and 0 in numbers:
            raise Undecodable("a required value is missing")
        try:
            return list(map(table.__getitem__, numbers))
        except IndexError:
            raise Undecodable("a number points outside its table") from None

    def records(self, model: type[BaseModel], count: int) -> list[Any]:
        layout = _layout(model)
        assert layout is not None
        names = list(model.model_fields)
        fields_sets = _fields_sets(names, self.take(count))
        columns = [self.column(spec, count) for spec in layout]
        if any(len(column) != count for column in columns):
            raise Undecodable("a column has the wrong length")
        values = list(map(_dict_maker(model), *columns))
        return _construct(model, values, fields_sets)

    def column(self, spec: _Field, count: int) -> list[Any]:
        kind = spec.kind
        if kind in ("str", "opt_str"):
            return self.lookup(self.strings, self.take(count), kind == "str")
        if kind == "int":
            return self.take(count).tolist()
        if kind in ("date", "opt_date"):
            return self.lookup(self.dates, self.take(count), kind == "date")
        lengths = self.take(count)
        if kind == "strs":
            items = self.lookup(self.strings, self.take(sum(lengths)), True)
            return _groups(lengths, items)
        assert spec.model is not None
        if kind == "models":
            return _groups(lengths, self.records(spec.model, sum(lengths)))
        if lengths.count(0) + lengths.count(1) != count:  # opt_model: presence flags
            raise Undecodable("a presence flag is neither 0 nor 1")
        made = iter(self.records(spec.model, sum(lengths)))
        return [next(made) if flag else None for flag in lengths]

    def read_dates(self, count: int) -> None:
        """The date table: (year + YEAR_OFFSET, month or 0, day or 0) per distinct date."""
        triples = self.take(3 * count).tolist()
        self.dates += map(_date, triples[0::3], triples[1::3], triples[2::3])


YEAR_OFFSET = 10_000  # years are stored unsigned


def _date(year: int, month: int, day: int) -> PartialDate:
    """A date as the cache holds it, without PartialDate's checks (the cache is trusted
    only when its checksum shows claimline wrote it from a dataset that validated)."""
    date = _new(PartialDate)
    _set(date, "year", year - YEAR_OFFSET)
    _set(date, "month", month or None)
    _set(date, "day", day or None)
    return date  # type: ignore[no-any-return]


def _groups(lengths: array[int], flat: list[Any]) -> list[list[Any]]:
    """`flat` cut into consecutive lists of these lengths (in C: islice over one iterator)."""
    items = iter(flat)
    return list(map(list, map(islice, repeat(items), lengths)))


def _fields_sets(names: list[str], masks: array[int]) -> list[set[str]]:
    """Per record, the fields the file gave (Pydantic's `model_fields_set`), from bitmasks.

    Records with the same fields share one set: the models are frozen, so nothing adds
    to it, and a copy (`model_copy`) copies it first.
    """
    known: dict[int, set[str]] = {}
    for mask in set(masks):
        if mask >= 1 << len(names):
            raise Undecodable("a field mask names fields the model does not have")
        known[mask] = set(compress(names, ((mask >> i) & 1 for i in range(len(names)))))
    return list(map(known.__getitem__, masks))


_MAKERS: dict[type[BaseModel], Callable[..., dict[str, Any]]] = {}


def _dict_maker(model: type[BaseModel]) -> Callable[..., dict[str, Any]]:
    """A function of one value per field, in field order, that returns the record's
    `__dict__`: `map(maker, *columns)` makes 100,000 of them a third faster than
    `dict(zip(names, row))` does (no row tuple, no zip, keys set by one instruction).

    Its source is made from the model's own field names (checked to be identifiers, as
    `collections.namedtuple` makes its `__new__`), never from a cache file.
    """
    maker = _MAKERS.get(model)
    if maker is None:
        names = list(model.model_fields)
        if not all(name.isidentifier() and not keyword.iskeyword(name) for name in names):
            raise TypeError(f"{model.__qualname__} has a field that is not an identifier")
        arguments = ", ".join(f"_{name}" for name in names)
        items = ", ".join(f"{name!r}: _{name}" for name in names)
        maker = _MAKERS[model] = eval(f"lambda {arguments}: {{{items}}}", {"__builtins__": {}})
    return maker


_new: Callable[[type[Any]], Any] = object.__new__
_set: Callable[[Any, str, Any], None] = object.__setattr__


def _construct(
    model: type[BaseModel], values: list[dict[str, Any]], fields_sets: list[set[str]]
) -> list[Any]:
    """Models made from checked data as `model_construct` makes them, in C loops."""
    count = len(values)
    made = list(map(_new, repeat(model, count)))
    _drain(map(_setter(model, "__dict__"), made, values))
    _drain(map(_setter(model, "__pydantic_fields_set__"), made, fields_sets))
    _drain(map(_setter(model, "__pydantic_extra__"), made, repeat(None, count)))
    _drain(map(_setter(model, "__pydantic_private__"), made, repeat(None, count)))
    return made


def _setter(model: type[BaseModel], name: str) -> Callable[[Any, Any], None]:
    """What `object.__setattr__(record, name, value)` calls for this slot: its descriptor's
    `__set__`, called directly (a third quicker for 100,000 records: no lookup by name)."""
    for klass in model.__mro__:
        found = vars(klass).get(name)
        if found is not None:
            return found.__set__  # type: ignore[no-any-return]
    raise TypeError(f"{model.__qualname__} has no slot {name}")


def _drain(iterator: Iterator[Any]) -> None:
    deque(iterator, maxlen=0)


def decode(numbers_data: bytes | memoryview, strings_data: bytes | memoryview) -> Dataset:
    """The dataset `encode` gave these bytes for; raise Undecodable if they do not fit."""
    if len(numbers_data) % 4:
        raise Undecodable("the number column is cut short")
    numbers = array("I")
    numbers.frombytes(numbers_data)
    if sys.byteorder != "little":
        numbers.byteswap()
    if len(numbers) < 2:
        raise Undecodable("no table sizes")
    string_count, date_count = numbers[0], numbers[1]
    try:
        text = str(strings_data, "utf-8")
    except UnicodeDecodeError:
        raise Undecodable("the strings are not UTF-8") from None
    strings: list[str | None] = [None]
    if string_count:
        strings += text.split("\0")
    del text
    if len(strings) != string_count + 1:
        raise Undecodable("the string table has the wrong length")
    reader = _Reader(numbers, strings)
    reader.at = 2
    reader.read_dates(date_count)
    (dataset,) = reader.records(Dataset, 1)
    if reader.at != len(numbers):
        raise Undecodable("numbers left over after the last column")
    return dataset  # type: ignore[no-any-return]
