"""Import a TimelineJS 3 JSON file as a claimline dataset of events (no claims yet).

TimelineJS dates come as parts (`year`, `month`, `day`, as numbers or strings, an empty
string meaning "not given"), with an optional `display_date` text, and negative years for
BCE (TimelineJS shows -44 as "44 BCE", as claimline does, so the year passes through).
Slides become events, eras become events that span time (tagged `era`), the title slide
gives the dataset its title and description, and HTML is reduced to plain text.

Nothing is dropped silently: what cannot be carried over (media, backgrounds, times of
day, events without a usable start date) is listed in the warnings.

The pieces, in the order the data flows: `reading` reads and parses the file and checks
the result, `slides` turns the document's slides and eras into events, and `dates` reads
TimelineJS's date parts.
"""

from facts.importers.timelinejs.reading import (
    ImportResult,
    TimelineImportError,
    import_timelinejs,
    read_timelinejs,
)

__all__ = ["ImportResult", "TimelineImportError", "import_timelinejs", "read_timelinejs"]
