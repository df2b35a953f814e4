"""Import published fact-checks: schema.org ClaimReview (files, pages, feeds, dumps) and
the Fact Check Tools API, into a claimline dataset.

The pieces, in the order the data flows: `inputs` and `pages` read files and HTML pages,
`shapes` finds the reviews in whatever shape they come (`jsonld` reads the values),
`mapping` turns them into claims, sources and events (`ratings` and `references` settle
each claim's reference), `report` says what happened to each, `api` fetches from the
Fact Check Tools API, and `command` runs it all for the command line.
"""

from facts.importers.claimreview.api import Search
from facts.importers.claimreview.command import Outcome, import_files, import_from_api
from facts.importers.claimreview.report import ImportFailure, Report

__all__ = ["ImportFailure", "Outcome", "Report", "Search", "import_files", "import_from_api"]
