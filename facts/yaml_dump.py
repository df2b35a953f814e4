"""Datasets written as YAML (or JSON) people can read and edit: key order kept, text unescaped."""

from __future__ import annotations

import json
from typing import Any

import yaml

# libyaml's emitter writes the same text about four times faster than PyYAML's own.
_SafeDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _BlockDumper(_SafeDumper):  # type: ignore[valid-type,misc]
    """PyYAML's safe dumper, writing text of several lines as a readable `|` block."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BlockDumper.add_representer(str, _represent_text)


def dataset_yaml(data: dict[str, Any]) -> str:
    """The dataset as YAML, in the key order given, any script written as itself."""
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


def dataset_json(data: dict[str, Any]) -> str:
    """The dataset as JSON, indented, any script written as itself."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
