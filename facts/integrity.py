"""Cross-record rules: ids are unique and every reference points at something real.

These rules span lists, so no single field validator can state them. The function works on
validated models and on raw parsed data alike: the loader runs it on raw data too, so a file
with both a typo in a field and a dangling reference reports both at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

Path = tuple[str | int, ...]
Problem = tuple[Path, str]


def _get(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def _ids(records: Iterable[Any]) -> list[Any]:
    return [_get(record, "id") for record in records]


def _unique_ids(kind: str, records: Sequence[Any]) -> tuple[set[Any], list[Problem]]:
    seen: dict[Any, int] = {}
    problems: list[Problem] = []
    for index, record_id in enumerate(_ids(records)):
        if not isinstance(record_id, str):
            continue
        if record_id in seen:
            problems.append(
                (
                    (kind, index, "id"),
                    f"duplicate id {record_id!r}: {kind}[{seen[record_id]}] already uses it; "
                    "give each record its own id",
                )
            )
        else:
            seen[record_id] = index
    return set(seen), problems


def _check_refs(refs: Any, known: set[Any], path: Path, what: str, problems: list[Problem]) -> None:
    if not isinstance(refs, list):
        return
    for index, ref in enumerate(refs):
        if isinstance(ref, str) and ref not in known:
            problems.append(
                ((*path, index), f"unknown {what} id {ref!r}; {_hint(ref, known, what)}")
            )


def _check_ref(ref: Any, known: set[Any], path: Path, what: str, problems: list[Problem]) -> None:
    if isinstance(ref, str) and ref not in known:
        problems.append((path, f"unknown {what} id {ref!r}; {_hint(ref, known, what)}"))


def _hint(ref: str, known: set[Any], what: str) -> str:
    """What to do about an unknown id: the close existing one, as for a mistyped key."""
    if not known:
        return f"the dataset has no {what}s: add one to `{what}s`"
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    if close:
        return f"did you mean {close[0]!r}? (or add {ref!r} to `{what}s`)"
    return f"add it to `{what}s` or use an existing id"


def _records(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def integrity_problems(sources: Any, events: Any, claims: Any) -> list[Problem]:
    """Every duplicate id and dangling reference, each with its field path."""
    sources, events, claims = _records(sources), _records(events), _records(claims)
    source_ids, problems = _unique_ids("sources", sources)
    event_ids, event_problems = _unique_ids("events", events)
    _, claim_problems = _unique_ids("claims", claims)
    problems += event_problems + claim_problems

    for index, event in enumerate(events):
        _check_refs(
            _get(event, "sources"), source_ids, ("events", index, "sources"), "source", problems
        )
    for index, claim in enumerate(claims):
        base: Path = ("claims", index)
        _check_ref(
            _get(claim, "appeared_in"), source_ids, (*base, "appeared_in"), "source", problems
        )
        _check_refs(_get(claim, "events"), event_ids, (*base, "events"), "event", problems)
        for number, evidence in enumerate(_records(_get(claim, "evidence"))):
            _check_ref(
                _get(evidence, "source"),
                source_ids,
                (*base, "evidence", number, "source"),
                "source",
                problems,
            )
        reference = _get(claim, "reference")
        if reference is not None:
            _check_refs(
                _get(reference, "sources"),
                source_ids,
                (*base, "reference", "sources"),
                "source",
                problems,
            )
    return problems
