"""A YAML loader that keeps what the curator wrote and refuses what could hurt.

PyYAML's safe loader would turn `2025-02-19` into a `datetime.date`, silently keep the last
of two equal keys, and expand an alias bomb (a few lines of anchors and aliases that grow
into billions of nodes). This loader keeps dates as text, rejects duplicate keys and
rejects anchors and aliases altogether: a hand-curated dataset never needs them. It uses
libyaml's C parser when installed, which is 5-10x faster than the pure-Python one.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DatasetYamlLoader(_Base):  # type: ignore[misc, valid-type]
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


DatasetYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _keep_text)


def load_yaml(text: str) -> Any:
    """Parse YAML text into plain Python data (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=DatasetYamlLoader)  # a SafeLoader subclass: safe
