"""tests/data/schemaorg-trimmed.jsonld is what scripts/trim_vocab.py makes from schema.org."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "trim_vocab.py"


def trim_vocab() -> ModuleType:
    spec = importlib.util.spec_from_file_location("trim_vocab", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_trimmed_copy_is_what_the_script_makes_from_the_full_vocabulary() -> None:
    script = trim_vocab()
    if not script.FULL.exists():
        # Only this check needs ../shared; the vocabulary test itself reads the copy.
        pytest.skip(f"the full schema.org vocabulary is not at {script.FULL}")
    assert script.TRIMMED.read_text(encoding="utf-8") == script.trimmed_text(), (
        "tests/data/schemaorg-trimmed.jsonld is out of date: run scripts/trim_vocab.py"
    )


def test_the_trimmed_copy_names_its_source_and_keeps_every_exported_type() -> None:
    script = trim_vocab()
    document = json.loads(script.TRIMMED.read_text(encoding="utf-8"))
    assert "schema.org vocabulary, release 30.0" in document["rdfs:comment"]
    assert "Apache License 2.0" in document["rdfs:comment"]
    ids = {node["@id"] for node in document["@graph"]}
    assert {f"schema:{name}" for name in script.TYPES} | {"schema:Thing"} <= ids
