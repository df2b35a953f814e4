"""A YAML loader that keeps what the curator wrote and refuses what could hurt.

PyYAML's safe loader would turn `2025-02-19` into a `datetime.date`, silently keep the last
of two equal keys, and expand an alias bomb (a few lines of anchors and aliases that grow
into billions of nodes). This loader keeps dates as text, rejects duplicate keys and
rejects anchors and aliases altogether: a hand-curated dataset never needs them. It uses
libyaml's C parser when installed, which is 5-10x faster than the pure-Python one.

Turning the parsed nodes into Python data takes PyYAML's constructor longer than libyaml
takes to parse. The common case (plain mappings with text keys, lists and the standard
scalars, no anchors) is built by a direct walk over the nodes instead; anything else goes
to the constructor, which decides exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

if TYPE_CHECKING:  # the C loader offers the same methods as the Python one
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DatasetYamlLoader(_Base):
    """Safe loading with dates kept as text, no duplicate keys and no aliases."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise ConstructorError(
                None,
                None,
                "anchors and aliases (&name and *name) are not supported; "
                "write the value out in full where it is used",
                node.start_mark,
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise ConstructorError(
                        None,
                        None,
                        f"the key {key_node.value!r} appears twice; keep one",
                        key_node.start_mark,
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


def _keep_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


def _refuse_binary(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """`!!binary` builds bytes, an object like any other tag: text is written as text."""
    raise ConstructorError(
        None,
        None,
        "the tag '!!binary' is not allowed in a dataset (it builds bytes); "
        "write the text itself and remove the tag",
        node.start_mark,
    )


DatasetYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _keep_text)
DatasetYamlLoader.add_constructor("tag:yaml.org,2002:binary", _refuse_binary)


def load_yaml(text: str) -> Any:
    """Parse YAML text into plain Python data (raises yaml.YAMLError)."""
    loader = DatasetYamlLoader(text)  # a SafeLoader subclass: safe
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _may_have_anchors(text):
            try:
                return _build(node, loader)
            except Exception:  # anything unusual: the constructor decides, as it always did
                pass
        return loader.construct_document(node)
    finally:
        loader.dispose()


_TAG = "tag:yaml.org,2002:"
_STR, _TIMESTAMP = _TAG + "str", _TAG + "timestamp"
_SEQ, _MAP = _TAG + "seq", _TAG + "map"
_SCALARS = {
    _TAG + "int": DatasetYamlLoader.construct_yaml_int,
    _TAG + "null": DatasetYamlLoader.construct_yaml_null,
    _TAG + "bool": DatasetYamlLoader.construct_yaml_bool,
    _TAG + "float": DatasetYamlLoader.construct_yaml_float,
}


class _Unusual(Exception):
    """A node the direct walk leaves to PyYAML's constructor."""


def _build(node: yaml.Node, loader: DatasetYamlLoader) -> Any:
    """The data the constructor would build from `node`, for the common node kinds only.

    Text and timestamps (kept as text) are the scalar's value; ints, nulls, booleans and
    floats are built by the constructor's own methods. A mapping must have text keys and
    no key twice (a repeated key, a merge key `<<`, any other key or tag raise _Unusual).
    """
    tag = node.tag
    # `type(node) is`, not isinstance: a subclass of a node kind goes to the constructor.
    if type(node) is ScalarNode:
        if tag in (_STR, _TIMESTAMP):
            return node.value
        construct = _SCALARS.get(tag)
        if construct is None:
            raise _Unusual
        return construct(loader, node)
    if type(node) is SequenceNode and tag == _SEQ:
        return [_build(item, loader) for item in node.value]
    if type(node) is MappingNode and tag == _MAP:
        pairs = node.value
        mapping = {}
        for key_node, value_node in pairs:
            if type(key_node) is not ScalarNode or key_node.tag != _STR:
                raise _Unusual
            mapping[key_node.value] = _build(value_node, loader)
        if len(mapping) != len(pairs):
            raise _Unusual  # a key given twice: the constructor says where
        return mapping
    raise _Unusual


# What may come just before an anchor (&name) or alias (*name): the start of the text,
# a space or line break, or a flow or block indicator. An & or * after anything else
# ("R&D", "5*3") is part of a scalar.
_BEFORE_NODE = frozenset(" \t\r\n\x85\u2028\u2029\ufeff[]{},:?-")


def _may_have_anchors(text: str) -> bool:
    """Whether the text may hold an anchor or alias (rarely true of a dataset)."""
    for mark in "&*":
        index = text.find(mark)
        while index != -1:
            if index == 0 or text[index - 1] in _BEFORE_NODE:
                return True
            index = text.find(mark, index + 1)
    return False
