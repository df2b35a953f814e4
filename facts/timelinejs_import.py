"""The TimelineJS importer's old address: it lives in `facts.importers.timelinejs` now.

Kept only because `tui/cli_export.py` still imports it from here; once that import names
the package, this module goes.
"""

from facts.ids import slugify
from facts.importers.timelinejs import (
    ImportResult,
    TimelineImportError,
    import_timelinejs,
    read_timelinejs,
)

__all__ = ["ImportResult", "TimelineImportError", "import_timelinejs", "read_timelinejs", "slugify"]
