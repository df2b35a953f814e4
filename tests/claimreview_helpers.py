"""Shared by the ClaimReview import tests: running the importer on data, not files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from facts import Dataset, load_bytes
from facts.importers.claimreview.inputs import read_bytes
from facts.importers.claimreview.mapping import build_dataset
from facts.importers.claimreview.report import Report
from facts.yaml_dump import dataset_yaml

DATA = Path(__file__).parent / "data"
GOOD = DATA / "claimreview" / "good"
BAD = DATA / "claimreview" / "bad"
API = DATA / "factcheck-api"


def convert(value: Any, name: str = "input.json", *, existing: Dataset | None = None):
    """Import one parsed JSON value (or HTML text, or bytes); the dataset as loaded back
    by claimline's own loader (None when nothing was imported) and the report."""
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str) and name.endswith((".html", ".htm")):
        data = value.encode("utf-8")
    else:
        data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    report = Report()
    found = read_bytes(data, name, report)
    built = build_dataset(found, report, existing=existing)
    if not built["claims"]:
        return None, report
    return load_bytes(dataset_yaml(built).encode("utf-8"), "imported.yaml"), report


def review(**fields: Any) -> dict[str, Any]:
    """A minimal valid ClaimReview, with fields replaced or added."""
    base: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/one",
        "claimReviewed": "The river is 900 km long.",
        "datePublished": "2024-05-02",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "datePublished": "2024-04-30"},
    }
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}
