"""Where each field of a parsed file stands (line and column), for error messages.

Only computed after validation has failed: loading stays on the fast path that tracks no
positions, and a failing file is parsed a second time with positions.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml
from json_source_map import calculate

from facts.yaml_loader import DatasetYamlLoader

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


class PositionMap:
    """Line and column of each value, and of each mapping key, by field path."""

    def __init__(self, values: dict[Path, Position], keys: dict[Path, Position]) -> None:
        self.values = values
        self.keys = keys

    def locate(self, path: Path, *, key: bool = False) -> Position | None:
        """The position of the field, or of the nearest enclosing field that exists."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            position = self.values.get(path[:end])
            if position is not None:
                return position
        return None


def yaml_positions(text: str) -> PositionMap:
    """Positions from a YAML (or JSON) text; empty when it does not even parse."""
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    try:
        root = yaml.compose(text, Loader=DatasetYamlLoader)
    except (yaml.YAMLError, RecursionError):
        return PositionMap(values, keys)
    seen: set[int] = set()
    stack: list[tuple[Path, yaml.Node]] = [((), root)] if root is not None else []
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    child = (*path, key_node.value)
                    keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    stack.append((child, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, index), item) for index, item in enumerate(node.value))
    return PositionMap(values, keys)


def json_positions(text: str) -> PositionMap:
    """Positions from a JSON text; empty when it does not parse."""
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    try:
        entries = calculate(text)
    except Exception:  # the library raises its own and json's errors; positions are optional
        return PositionMap(values, keys)
    # The library's pointers do not escape '/' in keys, so each entry's parent is found by
    # position instead: entries come in document order, and a parent's value encloses its
    # children's.
    open_containers: list[tuple[int, str, Path]] = []  # (end, pointer, path)
    for pointer, entry in entries.items():
        start = entry.value_start.position
        while open_containers and open_containers[-1][0] <= start:
            open_containers.pop()
        path: Path = ()
        if open_containers:
            _, parent_pointer, parent_path = open_containers[-1]
            part = pointer[len(parent_pointer) + 1 :]
            # An array element has no key: its part is an index. An object's key "0" is text.
            if entry.key_start is None and not part.isdecimal():
                continue  # two keys that read as one pointer: leave this one unlocated
            path = (*parent_path, int(part) if entry.key_start is None else part)
        open_containers.append((entry.value_end.position, pointer, path))
        values[path] = (entry.value_start.line + 1, entry.value_start.column + 1)
        if entry.key_start is not None:
            keys[path] = (entry.key_start.line + 1, entry.key_start.column + 1)
    return PositionMap(values, keys)


POSITION_FINDERS: dict[str, Callable[[str], PositionMap]] = {
    "yaml": yaml_positions,
    "json": json_positions,
}
