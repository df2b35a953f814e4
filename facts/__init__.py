"""claimline's domain: the dataset format, loading, the review store and exports.

This package never imports Textual, so scripts, tests and other tools can use it alone.
"""

from facts.dates import PartialDate, Precision
from facts.errors import DatasetError, Problem
from facts.load import load, load_bytes
from facts.model import Claim, Dataset, Event, Evidence, Reference, Source

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
