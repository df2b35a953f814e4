"""The rows of a TimelineJS export: which tags become groups and which group each event joins.

TimelineJS draws one row of its navigation strip per group, plus rows for markers that
overlap. One row per distinct first tag made seven rows for the bundled dataset, which
squeezed every marker into a sliver; a handful of groups that together cover the events
keeps the strip readable. A group's label is the tag as it is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from facts.export.selection import ExportOptionError
from facts.model import Event

MAX_GROUPS = 4
# The row of events that carry none of the chosen tags; TimelineJS would leave it unlabelled.
OTHER = "Other"


def main_tags(events: Sequence[Event], limit: int = MAX_GROUPS) -> list[str]:
    """Up to `limit` tags that between them cover as many events as possible.

    Each pick is the tag carried by the most events not yet covered (a tie goes to the tag
    met first in timeline order), so a tag on nearly every event does not crowd out the
    ones that tell the rest apart.
    """
    uncovered = [event for event in events if event.tags]
    chosen: list[str] = []
    while uncovered and len(chosen) < limit:
        counts = Counter(tag for event in uncovered for tag in dict.fromkeys(event.tags))
        best = max(counts, key=counts.__getitem__)
        chosen.append(best)
        uncovered = [event for event in uncovered if best not in event.tags]
    return chosen


def parse_group_by(value: str) -> tuple[str, ...]:
    """What a user typed for the groups: `a, b` → ("a", "b"); `none` → () (no groups).
    Tags never hold commas. Raise ExportOptionError when it names no tag."""
    if value.strip() == "none":
        return ()
    tags = tuple(dict.fromkeys(tag.strip() for tag in value.split(",") if tag.strip()))
    if not tags:
        raise ExportOptionError("give one or more tags separated by commas, or none")
    return tags


def check_group_tags(events: Sequence[Event], tags: Sequence[str]) -> None:
    """Raise ExportOptionError naming the given tags that no event carries."""
    known = dict.fromkeys(tag for event in events for tag in event.tags)
    unknown = [tag for tag in tags if tag not in known]
    if unknown:
        have = ", ".join(known) if known else "none"
        raise ExportOptionError(
            f"no event is tagged {', '.join(unknown)}; the dataset's tags are: {have}"
        )


def event_groups(events: Sequence[Event], group_by: Sequence[str] | None) -> dict[str, str]:
    """Event id to group label; empty when there are no groups.

    `group_by` None chooses the main tags; an empty sequence means no groups. An event
    joins the group of the first of its own tags that is a group (its author put the tags
    in order of importance), or `Other`.
    """
    if group_by is None:
        groups = main_tags(events)
    else:
        check_group_tags(events, group_by)
        groups = list(group_by)
    if not groups:
        return {}
    wanted = set(groups)
    return {event.id: next((tag for tag in event.tags if tag in wanted), OTHER) for event in events}
