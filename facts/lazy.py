"""Names a package exports but imports only when first used (PEP 562's `__getattr__`).

`facts` and `facts.store` export the models and the store's classes; importing them with
the package would make every `facts.*` import (the command line's too, before the app's
first frame) wait for Pydantic and the store's backends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: dict[str, Any], homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` (its globals) finding each name of `homes`
    (name → module) in its module on first use, then keeping it as a plain attribute."""

    def find(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package['__name__']!r} has no attribute {name!r}")
        value = getattr(import_module(home), name)
        package[name] = value
        return value

    return find
