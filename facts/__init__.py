"""claimline's domain: the dataset format, loading, the review store and exports.

This package never imports Textual, so scripts, tests and other tools can use it alone.

The models and dates are imported on first use (PEP 562), not with the package:
importing any `facts.*` module runs this file first, and the command line imports a few
light ones (`facts.bundled`, `facts.file_read`) before the app's first frame, which must
not wait for Pydantic and the models. `load` is bound here (`facts.load` is the function,
not the module of the same name); its module imports what it needs when it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facts.errors import DatasetError, Problem
from facts.lazy import lazy_names
from facts.load import load, load_bytes

if TYPE_CHECKING:
    from facts.dates import PartialDate, Precision
    from facts.model import Claim, Dataset, Event, Evidence, Reference, Source

_HOMES = {
    "Claim": "facts.model",
    "Dataset": "facts.model",
    "Event": "facts.model",
    "Evidence": "facts.model",
    "PartialDate": "facts.dates",
    "Precision": "facts.dates",
    "Reference": "facts.model",
    "Source": "facts.model",
}

__all__ = [
    "Claim",
    "Dataset",
    "DatasetError",
    "Event",
    "Evidence",
    "PartialDate",
    "Precision",
    "Problem",
    "Reference",
    "Source",
    "load",
    "load_bytes",
]


__getattr__ = lazy_names(globals(), _HOMES)
